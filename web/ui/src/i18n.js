// The page's language. Every screen imports S from strings.js; useLanguage fills that same
// object in place with the chosen dictionary, so no screen needs to know which language it
// speaks and a screen drawn after the switch speaks the new one. A key a translation lacks stays
// English (web/i18n_test.go makes such a gap fail the tests, so it does not last).

import { S } from './strings.js';
import { S as nb } from './strings.nb.js';
import { S as pl } from './strings.pl.js';

// LANGUAGES are the languages the page speaks, each named in itself (a Polish reader looks for
// "Polski", not for "Polish"), in the order the server lists them (customer.Languages).
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'nb', name: 'Norsk' },
  { code: 'pl', name: 'Polski' },
];

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// copy is a deep copy of a dictionary's objects; strings and functions are shared.
function copy(o) {
  const out = {};
  for (const [k, v] of Object.entries(o)) out[k] = isObject(v) ? copy(v) : v;
  return out;
}

// The English texts, kept before any switch overwrites S.
const en = copy(S);
const dictionaries = { en, nb, pl };

// fill writes into target every key of base, taking the translation's text where it has one.
// Objects are filled in place, so that a screen holding S.grid sees the new texts too.
function fill(target, base, translation) {
  for (const [k, v] of Object.entries(base)) {
    const t = isObject(translation) && Object.hasOwn(translation, k) ? translation[k] : undefined;
    if (isObject(v)) {
      if (!isObject(target[k])) target[k] = {};
      fill(target[k], v, t);
    } else {
      target[k] = t !== undefined && typeof t === typeof v ? t : v;
    }
  }
}

let current = 'en';

// STORAGE keeps the last language on this browser, for the login form: before anyone logs in the
// page cannot know their choice.
const STORAGE = 'clientele.language';

// useLanguage makes code (en, nb or pl; anything else is English) the page's language and
// returns it: the texts, numbers and dates, and <html lang> for screen readers and hyphenation.
export function useLanguage(code) {
  const lang = Object.hasOwn(dictionaries, code) ? code : 'en';
  fill(S, en, dictionaries[lang]);
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE, lang);
  } catch {
    // Storage may be off (private windows); the login form then follows the browser.
  }
  return lang;
}

// language is the page's current language code.
export function language() {
  return current;
}

// guessLanguage is the language for the login form: the one last used on this browser, else the
// first of the browser's languages the page speaks (Norwegian in any form, nn and no too, is
// bokmål here), else English.
export function guessLanguage() {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE);
    if (saved && Object.hasOwn(dictionaries, saved)) return saved;
  } catch {
    // As above.
  }
  const wanted = (globalThis.navigator && (navigator.languages || [navigator.language])) || [];
  for (const tag of wanted) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (base === 'nb' || base === 'nn' || base === 'no') return 'nb';
    if (Object.hasOwn(dictionaries, base)) return base;
  }
  return 'en';
}
