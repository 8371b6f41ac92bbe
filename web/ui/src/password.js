// Changing one's own password: every user may, with the current one. After logging in with a
// one-time password an owner handed out, this is the only screen until they have chosen their own
// (ctx.forced). Every other session of theirs ends when it is changed.

import * as api from './api.js';
import { S } from './strings.js';
import { h, heading, showError, clearError } from './dom.js';

export function passwordScreen(main, ctx) {
  const T = S.password;
  ctx.setTitle(T.title);
  const field = (id, label, autocomplete) => {
    const input = h('input', { id, name: id, type: 'password', required: true, autocomplete });
    return [input, h('div', { class: 'field' }, h('label', { for: id, text: label }), input)];
  };
  const [current, currentField] = field('password-current', ctx.forced ? T.oneTime : T.current, 'current-password');
  const [fresh, freshField] = field('password-new', T.fresh, 'new-password');
  const [again, againField] = field('password-again', T.again, 'new-password');
  const status = h('p', { id: 'password-status', class: 'status', role: 'status' });
  const save = h('button', { type: 'submit', id: 'password-save', class: 'primary', text: T.save });
  const form = h(
    'form',
    { id: 'password-form', class: 'settings-form', novalidate: true },
    currentField,
    freshField,
    h('p', { class: 'hint', text: T.hint }),
    againField,
    h('div', { class: 'actions' }, save, status),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    clearError();
    status.textContent = '';
    if (fresh.value.length < 10) {
      status.textContent = T.tooShort;
      fresh.focus();
      return;
    }
    if (fresh.value !== again.value) {
      status.textContent = T.mismatch;
      again.focus();
      return;
    }
    save.disabled = true;
    status.textContent = T.saving;
    try {
      const me = await api.changePassword(current.value, fresh.value);
      current.value = fresh.value = again.value = '';
      status.textContent = T.saved;
      ctx.passwordChanged(me);
    } catch (err) {
      status.textContent = '';
      showError(err);
    } finally {
      save.disabled = false;
    }
  });
  main.append(heading(T.title), h('p', { text: ctx.forced ? T.forcedIntro : T.intro }), form);
  current.focus();
}
