// The page: who is logged in, the header, and a hash router (#/customers, #/customers/{id},
// #/import, #/imports/{id}, #/templates, #/history, #/audit, #/staff, #/tokens, #/settings,
// #/password) that shows one screen at a time.
// A screen is a function (main, ctx) that fills main and may return a function that stops it
// (timers, grids).

import 'tabulator-tables/dist/css/tabulator_simple.min.css';
import './app.css';

import * as api from './api.js';
import { S } from './strings.js';
import { LANGUAGES, guessLanguage, language, useLanguage } from './i18n.js';
import { h, clearError, showError } from './dom.js';
import { showLogin, hideLogin } from './login.js';
import { customersScreen } from './customers.js';
import { customerScreen } from './customer.js';
import { templatesScreen } from './templates.js';
import { uploadScreen } from './upload.js';
import { importScreen } from './import.js';
import { historyScreen } from './history.js';
import { auditScreen } from './audit.js';
import { settingsScreen } from './settings.js';
import { staffScreen } from './staff.js';
import { tokensScreen } from './tokens.js';
import { passwordScreen } from './password.js';

const VIEW = 'customers.view';
const MANAGE = 'customers.manage';
const STAFF = 'staff.manage';
const SHOP = 'shop.manage';

const routes = [
  { path: /^\/(customers)?$/, nav: 'customers', perm: VIEW, screen: customersScreen },
  { path: /^\/customers\/(\d+|new)$/, nav: 'customers', perm: VIEW, screen: customerScreen },
  { path: /^\/import$/, nav: 'import', perm: MANAGE, screen: uploadScreen },
  { path: /^\/imports\/(\d+)$/, nav: 'import', perm: MANAGE, screen: importScreen },
  { path: /^\/templates$/, nav: 'templates', perm: MANAGE, screen: templatesScreen },
  { path: /^\/history$/, nav: 'history', perm: MANAGE, screen: historyScreen },
  { path: /^\/audit$/, nav: 'audit', perm: STAFF, screen: auditScreen },
  { path: /^\/staff$/, nav: 'staff', perm: STAFF, screen: staffScreen },
  { path: /^\/tokens$/, nav: 'tokens', perm: STAFF, screen: tokensScreen },
  { path: /^\/settings$/, nav: 'settings', perm: SHOP, screen: settingsScreen },
  { path: /^\/password$/, nav: 'password', perm: '', screen: passwordScreen }, // everyone
];

// How often an idle page asks whether its session still holds, so that a member of staff who
// was deactivated (or whose password was changed elsewhere) sees the login form.
const SESSION_CHECK_MS = 60 * 1000;

const state = {
  me: null,
  fields: null, // a promise of the field catalogue, fetched once per login
  stop: null, // stops the current screen
  leaveGuard: null, // returns false when the current screen has unsaved work the user keeps
  hash: '',
  nav: '', // the header link of the current screen
};

const can = (perm) => !!state.me && (state.me.permissions || []).includes(perm);

function fields() {
  if (!state.fields) {
    state.fields = api.fields().catch((err) => {
      state.fields = null;
      throw err;
    });
  }
  return state.fields;
}

function stopScreen() {
  const stop = state.stop;
  state.stop = null;
  state.leaveGuard = null;
  if (stop) stop();
}

function route() {
  if (!state.me) return;
  const hash = location.hash || '#/';
  if (state.leaveGuard && hash !== state.hash && !state.leaveGuard()) {
    // Stay: put the address back without routing again.
    history.replaceState(null, '', state.hash);
    return;
  }
  state.hash = hash;
  stopScreen();
  clearError();
  // A screen may keep its state after a ? in the address (#/customers?sort=-name&page=3).
  const address = hash.replace(/^#/, '');
  const at = address.indexOf('?');
  const path = (at < 0 ? address : address.slice(0, at)) || '/';
  const query = new URLSearchParams(at < 0 ? '' : address.slice(at + 1));
  const main = document.getElementById('main');
  main.replaceChildren();
  let match = null;
  let rt = null;
  for (const r of routes) {
    match = r.path.exec(path);
    if (match) {
      rt = r;
      break;
    }
  }
  // After logging in with a one-time password, choosing one's own comes first.
  const forced = !!state.me.must_change_password;
  if (forced) {
    rt = routes.find((r) => r.nav === 'password');
    match = [];
  }
  state.nav = rt ? rt.nav : '';
  markNav(state.nav);
  if (!rt) {
    setTitle(S.errors.notFound);
    main.append(h('h1', { tabindex: '-1', text: S.errors.notFound }), h('p', {}, h('a', { href: '#/customers', text: S.errors.backHome })));
  } else if (rt.perm && !can(rt.perm)) {
    setTitle(S.errors.noAccess);
    main.append(h('h1', { tabindex: '-1', text: S.errors.noAccess }), h('p', { text: S.errors.noAccessDetail }));
  } else {
    const ctx = {
      me: state.me,
      params: match.slice(1),
      // query is the address's ?…; setQuery(params) puts a screen's state there, so that a
      // reload, a language switch and the Back button come back to it.
      query,
      setQuery: (params) => {
        const qs = new URLSearchParams(params).toString();
        const to = '#' + path + (qs ? '?' + qs : '');
        if (to === state.hash) return;
        history.replaceState(null, '', to);
        state.hash = to;
      },
      forced,
      // passwordChanged(me) takes /api/me after the user changed their password.
      passwordChanged,
      can,
      fields,
      setTitle,
      navigate: (to) => {
        location.hash = to;
      },
      // shopChanged(tenant) takes the shop's saved settings: the header shows them, and a user
      // who follows the shop's language gets the page in the new one. It returns true when it
      // drew the screen again (the caller's elements are gone).
      shopChanged,
      // guard(fn): fn() returns false to keep the user on this screen when they try to leave.
      guard: (fn) => {
        state.leaveGuard = fn;
      },
    };
    state.stop = rt.screen(main, ctx) || null;
  }
  const h1 = main.querySelector('h1');
  if (h1) h1.focus({ preventScroll: true });
}

function setTitle(text) {
  document.title = S.title(text);
}

function markNav(name) {
  for (const a of document.querySelectorAll('#top nav a')) {
    if (a.dataset.nav === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function renderHeader() {
  const top = document.getElementById('top');
  const me = state.me;
  const link = (name, href, text) => h('li', {}, h('a', { href, id: 'nav-' + name, 'data-nav': name, text }));
  top.replaceChildren(
    h('span', { class: 'brand' }, S.appName, me.tenant && me.tenant.name ? h('span', { class: 'tenant', text: me.tenant.name }) : null),
    h(
      'nav',
      { 'aria-label': S.nav.label },
      h(
        'ul',
        {},
        me.must_change_password ? null : link('customers', '#/customers', S.nav.customers),
        // A cashier does not see what they may not use.
        !me.must_change_password && can(MANAGE) ? [link('import', '#/import', S.nav.import), link('templates', '#/templates', S.nav.templates), link('history', '#/history', S.nav.history)] : null,
        !me.must_change_password && can(STAFF) ? [link('staff', '#/staff', S.nav.staff), link('tokens', '#/tokens', S.nav.tokens), link('audit', '#/audit', S.nav.audit)] : null,
        !me.must_change_password && can(SHOP) ? link('settings', '#/settings', S.nav.settings) : null,
      ),
    ),
    h(
      'div',
      { class: 'user' },
      languagePicker(),
      h('span', { id: 'user-email', title: S.nav.signedInAs(me.email), text: me.email }),
      h('a', { href: '#/password', id: 'nav-password', 'data-nav': 'password', text: S.nav.password }),
      h('button', { type: 'button', id: 'logout', class: 'link', onclick: logOut, text: S.nav.logOut }),
    ),
  );
}

// languagePicker is the header's language menu, each language named in itself.
function languagePicker() {
  const select = h(
    'select',
    { id: 'language', 'aria-label': S.nav.language, title: S.nav.language },
    LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, text: l.name })),
  );
  select.value = language();
  select.addEventListener('change', () => chooseLanguage(select));
  return select;
}

// chooseLanguage saves the user's choice (it follows them to every browser) and redraws the
// header and the current screen in it. Unsaved grid edits are asked about first, as when leaving.
async function chooseLanguage(select) {
  const code = select.value;
  if (state.leaveGuard && !state.leaveGuard()) {
    select.value = language();
    return;
  }
  select.disabled = true;
  let me;
  try {
    me = await api.setLanguage(code);
  } catch (err) {
    select.disabled = false;
    select.value = language();
    if (err.status !== 401) showError(err);
    return;
  }
  state.me = { ...state.me, language: me.language, user_language: me.user_language };
  showLanguage(me.language);
  state.fields = null; // the catalogue's headers and guide come in the user's language
  renderHeader();
  stopScreen(); // its leave guard was asked above; route() must not ask again
  state.hash = '';
  route();
  const picker = document.getElementById('language');
  if (picker) picker.focus();
}

// passwordChanged lets a user who chose their own password (after a one-time one) into the page.
function passwordChanged(me) {
  const wasForced = state.me.must_change_password;
  state.me = { ...state.me, must_change_password: !!me.must_change_password };
  if (!wasForced) return;
  renderHeader();
  stopScreen();
  state.hash = '';
  if (location.hash === '#/customers') route();
  else location.hash = '#/customers'; // routes on hashchange
}

// checkSession asks the server whether the session still holds; a 401 brings up the login form
// (api.onUnauthorized).
function checkSession() {
  if (!state.me || document.hidden) return;
  api.me().catch(() => {});
}

// shopChanged keeps the shop's new settings (see ctx.shopChanged in route).
function shopChanged(tenant) {
  const { slug, name, country, language: lang } = tenant;
  const me = state.me;
  state.me = { ...me, tenant: { slug, name, country, language: lang } };
  // A user without a language of their own follows the shop's (web/me.go's languageOf).
  const follows = !me.user_language;
  const redraw = follows && lang !== me.language;
  if (follows) state.me.language = lang;
  if (redraw) {
    showLanguage(lang);
    state.fields = null; // the catalogue's texts are in the user's language
  }
  renderHeader();
  markNav(state.nav);
  if (!redraw) return false;
  stopScreen();
  state.hash = '';
  route();
  return true;
}

// showLanguage switches the texts to lang and redraws what lives outside the screens.
function showLanguage(lang) {
  useLanguage(lang);
  document.getElementById('skip-link').textContent = S.skipToContent;
}

function showApp(visible) {
  document.getElementById('top').hidden = !visible;
  document.getElementById('main').hidden = !visible;
}

async function logOut() {
  if (state.leaveGuard && !state.leaveGuard()) return;
  try {
    await api.logOut();
  } catch (err) {
    if (err.status !== 401) {
      showError(err);
      return;
    }
  }
  stopScreen();
  state.me = null;
  state.fields = null;
  api.setCSRFToken('');
  document.getElementById('main').replaceChildren();
  showApp(false);
  clearError();
  showLogin('', loggedIn);
}

// loggedIn starts the page for me. After a session ended mid-work, the same user finds their
// screen as they left it (unsaved grid edits included); anyone else starts afresh.
function loggedIn(me) {
  const same = state.me && state.me.email === me.email && state.me.tenant && me.tenant && state.me.tenant.slug === me.tenant.slug;
  api.setCSRFToken(me.csrf_token);
  showLanguage(me.language);
  hideLogin();
  if (!same) {
    stopScreen();
    state.fields = null;
  }
  state.me = me;
  renderHeader();
  showApp(true);
  if (same && state.stop && state.hash === (location.hash || '#/')) {
    markNav(state.nav);
    return;
  }
  state.hash = '';
  route();
}

function sessionEnded(err) {
  clearError();
  showApp(false);
  // At start-up a 401 just means "not logged in yet": no need to say so.
  showLogin(state.me ? err.message : '', loggedIn);
}

function start() {
  // Until /api/me says whose page this is, the language last used on this browser.
  showLanguage(guessLanguage());
  document.title = S.appName;
  const skip = document.getElementById('skip-link');
  // The hash is the router's: move focus instead of following the link.
  skip.addEventListener('click', (e) => {
    e.preventDefault();
    const main = document.getElementById('main');
    (main.querySelector('h1') || main).focus();
  });
  api.onUnauthorized(sessionEnded);
  window.addEventListener('focus', checkSession);
  document.addEventListener('visibilitychange', checkSession);
  setInterval(checkSession, SESSION_CHECK_MS);
  window.addEventListener('hashchange', route);
  window.addEventListener('beforeunload', (e) => {
    if (state.leaveGuard && !state.leaveGuard(true)) e.preventDefault();
  });
  api.me().then(loggedIn, (err) => {
    if (err.status === 401) return; // the login form is up
    document.getElementById('main').replaceChildren();
    showError(err);
  });
}

start();
