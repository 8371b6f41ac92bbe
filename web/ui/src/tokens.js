// API tokens (owners): the bearer tokens scripts and other systems use, each named, acting as a
// member of staff with their role, and ending at its expiry. A new token is shown here once.

import * as api from './api.js';
import { S, formatDate } from './strings.js';
import { h, heading, showError, clearError } from './dom.js';

const LIFETIMES = ['30d', '90d', '365d'];

export function tokensScreen(main, ctx) {
  const T = S.tokens;
  ctx.setTitle(T.title);
  let stopped = false;
  const list = h('div', { id: 'tokens' }, h('p', { class: 'muted', text: S.loading }));
  const secret = h('div', { id: 'token-secret', class: 'secret', role: 'status' });
  const status = h('p', { id: 'tokens-status', class: 'status', role: 'status' });

  const name = h('input', { id: 'token-name', name: 'name', type: 'text', maxlength: '100', autocomplete: 'off' });
  const email = h('input', { id: 'token-email', name: 'email', type: 'email', autocomplete: 'off', spellcheck: 'false' });
  email.value = ctx.me.email;
  const expires = h(
    'select',
    { id: 'token-expires', name: 'expires' },
    LIFETIMES.map((d) => h('option', { value: d, text: T.lifetimes[d] })),
  );
  expires.value = '90d';
  const create = h('button', { type: 'submit', id: 'token-create', class: 'primary', text: T.create });
  const form = h(
    'form',
    { id: 'token-form', class: 'settings-form', novalidate: true },
    h('h2', { text: T.createTitle }),
    h('div', { class: 'field' }, h('label', { for: 'token-name', text: T.name }), name, h('p', { class: 'hint', text: T.nameHint })),
    h('div', { class: 'field' }, h('label', { for: 'token-email', text: T.user }), email, h('p', { class: 'hint', text: T.userHint })),
    h('div', { class: 'field' }, h('label', { for: 'token-expires', text: T.expires }), expires),
    h('div', { class: 'actions' }, create),
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (create.disabled) return;
    clearError();
    status.textContent = '';
    create.disabled = true;
    try {
      const tok = await api.createToken({ name: name.value.trim(), email: email.value.trim(), expires: expires.value });
      if (stopped) return;
      name.value = '';
      secret.replaceChildren(
        h('p', { text: T.created(tok.name, tok.email) }),
        h('p', {}, h('code', { id: 'token-value', text: tok.token })),
        h('p', { class: 'hint', text: T.onceHint }),
      );
      await load();
    } catch (err) {
      showError(err);
    } finally {
      create.disabled = false;
    }
  });

  function row(t) {
    const revoke = h('button', {
      type: 'button',
      class: 'token-revoke',
      text: T.revoke,
      onclick: async () => {
        clearError();
        try {
          await api.revokeToken(t.name);
          if (stopped) return;
          status.textContent = T.revoked(t.name);
          await load();
        } catch (err) {
          showError(err);
        }
      },
    });
    return h(
      'tr',
      { 'data-name': t.name },
      h('th', { scope: 'row', text: t.name }),
      h('td', { text: t.email }),
      h('td', { text: formatDate(t.created_at) }),
      h('td', { text: t.last_used_at ? formatDate(t.last_used_at) : T.never }),
      h('td', { text: t.expired ? T.expired(formatDate(t.expires_at)) : formatDate(t.expires_at) }),
      h('td', { class: 'actions' }, revoke),
    );
  }

  async function load() {
    const res = await api.tokens();
    if (stopped) return;
    const items = res.tokens || [];
    list.replaceChildren(
      items.length
        ? h(
            'table',
            { class: 'plain', id: 'tokens-table' },
            h('thead', {}, h('tr', {}, [T.name, T.user, T.createdAt, T.lastUsed, T.expires, ''].map((c) => h('th', { scope: 'col', text: c })))),
            h('tbody', {}, items.map(row)),
          )
        : h('p', { text: T.empty }),
    );
  }

  main.append(heading(T.title), h('p', { text: T.intro }), list, status, secret, form);
  load().catch(showError);
  return () => {
    stopped = true;
  };
}
