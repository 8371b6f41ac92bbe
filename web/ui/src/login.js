// The login form. It lives in its own section (#login) so that the screen behind it survives a
// session that ended mid-work. It speaks the language last used on this browser (see i18n.js),
// and has its own language menu for someone at a shared till: that choice stays on this browser,
// while the user's own choice, once logged in, comes from the server.

import * as api from './api.js';
import { S } from './strings.js';
import { LANGUAGES, language, useLanguage } from './i18n.js';
import { h } from './dom.js';

// showLogin shows the form with message (may be empty) and calls done(me) once logged in.
export function showLogin(message, done) {
  const section = document.getElementById('login');
  if (!section.hidden && section.querySelector('form')) {
    // Already up (several requests can end with 401): keep what was typed.
    if (message) section.querySelector('#login-error').textContent = message;
    return;
  }
  renderForm(section, { message, email: '', password: '' }, done);
  section.hidden = false;
  section.querySelector('#login-email').focus();
}

// renderForm draws the form in the current language with what was typed so far.
function renderForm(section, { message, email: typedEmail, password: typedPassword }, done) {
  const error = h('div', { id: 'login-error', class: 'alert', role: 'alert' });
  const email = h('input', { id: 'login-email', name: 'email', type: 'email', autocomplete: 'username', required: true, spellcheck: 'false' });
  email.value = typedEmail;
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  password.value = typedPassword;
  const submit = h('button', { type: 'submit', id: 'login-submit', class: 'primary', text: S.login.submit });
  const picker = h(
    'select',
    { id: 'login-language', 'aria-label': S.nav.language, title: S.nav.language },
    LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, text: l.name })),
  );
  picker.value = language();
  picker.addEventListener('change', () => {
    useLanguage(picker.value);
    renderForm(section, { message: error.textContent, email: email.value, password: password.value }, done);
    section.querySelector('#login-language').focus();
  });
  const form = h(
    'form',
    { id: 'login-form', class: 'login-form', novalidate: true },
    h('p', { class: 'brand', text: S.appName }),
    h('h1', { tabindex: '-1', text: S.login.title }),
    h('div', { class: 'field' }, h('label', { for: 'login-email', text: S.login.email }), email),
    h('div', { class: 'field' }, h('label', { for: 'login-password', text: S.login.password }), password),
    error,
    submit,
    h('p', { class: 'login-language' }, picker),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = S.login.busy;
    try {
      const me = await api.logIn(email.value.trim(), password.value);
      password.value = '';
      done(me);
    } catch (err) {
      error.textContent = err.message;
      submit.disabled = false;
      submit.textContent = S.login.submit;
      password.select();
      password.focus();
    }
  });
  section.replaceChildren(form);
  document.title = S.title(S.login.title);
  if (message) error.textContent = message;
}

export function hideLogin() {
  const section = document.getElementById('login');
  section.hidden = true;
  section.replaceChildren();
}
