// Shop settings (owners): the shop group's name, its country (how phone numbers without a
// country code are read) and its language (the default of staff who have not chosen their own).
// Saving takes effect at once: the header shows the new name, and a user who follows the shop's
// language sees the page in the new one without a reload.

import * as api from './api.js';
import { S } from './strings.js';
import { LANGUAGES, language } from './i18n.js';
import { h, heading, showError, clearError } from './dom.js';

// countryName names an ISO code in the page's language ("Polen", "Polska"); the code itself
// where the browser has no name for it.
function countryName(code) {
  try {
    const names = new Intl.DisplayNames([S.locale || language()], { type: 'region' });
    return names.of(code) || code;
  } catch {
    return code;
  }
}

// saved says that the screen is drawn again right after a save (in the shop's new language), so
// that it says so.
let saved = false;

export function settingsScreen(main, ctx) {
  const T = S.settings;
  ctx.setTitle(T.title);
  let stopped = false;
  const body = h('div', {}, h('p', { class: 'muted', text: S.loading }));
  main.append(heading(T.title), h('p', { text: T.intro }), body);

  api
    .tenant()
    .then((shop) => {
      if (!stopped) body.replaceChildren(form(shop, ctx));
    })
    .catch(showError);
  return () => {
    stopped = true;
  };
}

function form(shop, ctx) {
  const T = S.settings;
  const name = h('input', { id: 'shop-name', name: 'name', type: 'text', required: true, maxlength: '100', autocomplete: 'organization' });
  name.value = shop.name;
  const collator = new Intl.Collator(S.locale || language());
  const countries = (shop.countries || [shop.country]).map((code) => ({ code, name: countryName(code) }));
  countries.sort((a, b) => collator.compare(a.name, b.name));
  const country = h(
    'select',
    { id: 'shop-country', name: 'country', 'aria-describedby': 'shop-country-hint' },
    countries.map((c) => h('option', { value: c.code, text: `${c.name} (${c.code})` })),
  );
  country.value = shop.country;
  const lang = h(
    'select',
    { id: 'shop-language', name: 'language', 'aria-describedby': 'shop-language-hint' },
    LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, text: l.name })),
  );
  lang.value = shop.language;
  const status = h('p', { id: 'shop-status', class: 'status', role: 'status', text: saved ? T.saved : '' });
  saved = false;
  const save = h('button', { type: 'submit', id: 'shop-save', class: 'primary', text: T.save });

  const f = h(
    'form',
    { id: 'shop-settings', class: 'settings-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'shop-name', text: T.name }), name),
    h('div', { class: 'field' }, h('label', { for: 'shop-country', text: T.country }), country, h('p', { id: 'shop-country-hint', class: 'hint', text: T.countryHint })),
    h('div', { class: 'field' }, h('label', { for: 'shop-language', text: T.language }), lang, h('p', { id: 'shop-language-hint', class: 'hint', text: T.languageHint })),
    h('p', { class: 'hint', text: T.recheck }),
    h('div', { class: 'actions' }, save, status),
  );
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    clearError();
    status.textContent = '';
    if (!name.value.trim()) {
      status.textContent = T.nameRequired;
      name.focus();
      return;
    }
    save.disabled = true;
    status.textContent = T.saving;
    let shopNow;
    try {
      shopNow = await api.updateTenant({ name: name.value, country: country.value, language: lang.value });
    } catch (err) {
      save.disabled = false;
      status.textContent = '';
      showError(err);
      return;
    }
    // The app redraws the header, and the screen when the page's language changed with the shop's.
    saved = true;
    if (ctx.shopChanged(shopNow)) return;
    saved = false;
    save.disabled = false;
    name.value = shopNow.name;
    status.textContent = T.saved;
  });
  return f;
}
