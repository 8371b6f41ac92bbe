// Staff (owners): who may log in, with which role. An owner adds a member of staff, who gets a
// one-time password shown here once (they choose their own when they first log in); changes a
// role; deactivates someone who left (their sessions and API tokens end at once) or lets them
// back in; and resets a forgotten password. The server keeps the last owner from losing the role.

import * as api from './api.js';
import { S, formatDate } from './strings.js';
import { h, heading, showError, clearError } from './dom.js';
import { LANGUAGES } from './i18n.js';

const ROLES = ['owner', 'manager', 'cashier'];

export function staffScreen(main, ctx) {
  const T = S.staff;
  ctx.setTitle(T.title);
  let stopped = false;
  const list = h('div', { id: 'staff' }, h('p', { class: 'muted', text: S.loading }));
  const secret = h('div', { id: 'staff-secret', class: 'secret', role: 'status' });
  const status = h('p', { id: 'staff-status', class: 'status', role: 'status' });

  const email = h('input', { id: 'staff-email', name: 'email', type: 'email', required: true, autocomplete: 'off', spellcheck: 'false' });
  const role = h(
    'select',
    { id: 'staff-role', name: 'role' },
    ROLES.map((r) => h('option', { value: r, text: T.roles[r] })),
  );
  role.value = 'cashier';
  const add = h('button', { type: 'submit', id: 'staff-add', class: 'primary', text: T.add });
  const form = h(
    'form',
    { id: 'staff-form', class: 'settings-form', novalidate: true },
    h('h2', { text: T.addTitle }),
    h('div', { class: 'field' }, h('label', { for: 'staff-email', text: T.email }), email),
    h('div', { class: 'field' }, h('label', { for: 'staff-role', text: T.role }), role, h('p', { class: 'hint', text: T.rolesHint })),
    h('div', { class: 'actions' }, add),
  );

  // showSecret shows a one-time password once, with whom it is for.
  function showSecret(member) {
    secret.replaceChildren(
      h('p', { text: T.oneTime(member.email) }),
      h('p', {}, h('code', { id: 'staff-password', text: member.one_time_password })),
      h('p', { class: 'hint', text: T.oneTimeHint }),
    );
  }

  async function act(fn, done) {
    clearError();
    status.textContent = '';
    try {
      const member = await fn();
      if (stopped) return;
      done(member);
      await load();
    } catch (err) {
      showError(err);
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (add.disabled) return;
    if (!email.value.trim()) {
      status.textContent = T.emailRequired;
      email.focus();
      return;
    }
    add.disabled = true;
    act(
      () => api.addStaff({ email: email.value.trim(), role: role.value }),
      (member) => {
        email.value = '';
        showSecret(member);
        status.textContent = T.added(member.email);
      },
    ).finally(() => {
      add.disabled = false;
    });
  });

  function row(m) {
    const isMe = m.email === ctx.me.email;
    const select = h(
      'select',
      { class: 'staff-role', 'aria-label': T.roleOf(m.email), disabled: !m.active },
      ROLES.map((r) => h('option', { value: r, text: T.roles[r] })),
    );
    select.value = m.role;
    select.addEventListener('change', () =>
      act(
        () => api.updateStaff(m.id, { role: select.value }),
        (now) => {
          status.textContent = T.roleChanged(now.email, T.roles[now.role]);
        },
      ).then(() => {
        if (select.isConnected) select.value = m.role;
      }),
    );
    const toggle = h('button', {
      type: 'button',
      class: 'staff-toggle',
      text: m.active ? T.deactivate : T.activate,
      onclick: () =>
        act(
          () => api.updateStaff(m.id, { active: !m.active }),
          (now) => {
            status.textContent = now.active ? T.activated(now.email) : T.deactivated(now.email);
          },
        ),
    });
    const reset = m.active
      ? h('button', {
          type: 'button',
          class: 'staff-reset',
          text: T.reset,
          onclick: () =>
            act(
              () => api.resetPassword(m.id),
              (now) => {
                showSecret(now);
                status.textContent = T.resetDone(now.email);
              },
            ),
        })
      : null;
    return h(
      'tr',
      { 'data-email': m.email, class: m.active ? '' : 'inactive' },
      h('th', { scope: 'row', text: m.email + (isMe ? ' ' + T.you : '') }),
      h('td', {}, select),
      h('td', { text: m.language ? (LANGUAGES.find((l) => l.code === m.language) || { name: m.language }).name : T.shopLanguage }),
      h('td', { text: m.last_login_at ? formatDate(m.last_login_at) : T.never }),
      h('td', { class: 'staff-active', text: m.active ? (m.must_change_password ? T.invited : T.active) : T.inactive }),
      h('td', { class: 'actions' }, reset, toggle),
    );
  }

  async function load() {
    const res = await api.staff();
    if (stopped) return;
    list.replaceChildren(
      h(
        'table',
        { class: 'plain', id: 'staff-table' },
        h('thead', {}, h('tr', {}, [T.email, T.role, T.language, T.lastLogin, T.status, ''].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, (res.staff || []).map(row)),
      ),
    );
  }

  main.append(heading(T.title), h('p', { text: T.intro }), list, status, secret, form);
  load().catch(showError);
  return () => {
    stopped = true;
  };
}
