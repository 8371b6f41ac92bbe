// The audit log (owners): every import, confirm, discard and export of the shop, newest first.

import * as api from './api.js';
import { S, formatDate, formatNumber } from './strings.js';
import { h, heading, showError } from './dom.js';

const PAGE = 50;

export function auditScreen(main, ctx) {
  const A = S.audit;
  ctx.setTitle(A.title);
  const table = h('div', { id: 'audit' }, h('p', { class: 'muted', text: S.loading }));
  const range = h('span', { class: 'muted', id: 'audit-range' });
  const prev = h('button', { type: 'button', id: 'audit-prev', text: S.history.prev });
  const next = h('button', { type: 'button', id: 'audit-next', text: S.history.next });
  const pager = h('div', { class: 'pager' }, prev, range, next);
  main.append(heading(A.title), h('p', { class: 'muted', text: A.intro }), table, pager);
  let offset = 0;
  let stopped = false;

  async function load() {
    prev.disabled = next.disabled = true;
    try {
      const page = await api.audit(offset, PAGE);
      if (stopped) return;
      render(page.entries || [], page.total || 0);
    } catch (err) {
      showError(err);
    }
  }

  function render(entries, total) {
    if (!entries.length) {
      table.replaceChildren(h('p', { text: A.empty }));
      pager.hidden = true;
      return;
    }
    const cols = [A.when, A.who, A.action, A.file, A.rows, A.sha];
    table.replaceChildren(
      h(
        'table',
        { class: 'plain', id: 'audit-table' },
        h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', text: c })))),
        h(
          'tbody',
          {},
          entries.map((e) =>
            h(
              'tr',
              {},
              h('td', { text: formatDate(e.at) }),
              h('td', { text: e.actor }),
              h('td', { text: A.actions[e.action] || e.action }),
              h('th', { scope: 'row' }, e.import_id ? h('a', { href: '#/imports/' + e.import_id, text: e.file_name || '#' + e.import_id }) : e.file_name),
              h('td', { class: 'num', text: e.import_id ? formatNumber((e.summary || {}).rows) : '' }),
              h('td', { class: 'hash', title: e.file_sha256, text: (e.file_sha256 || '').slice(0, 12) }),
            ),
          ),
        ),
      ),
    );
    pager.hidden = total <= PAGE;
    range.textContent = S.history.range(offset + 1, offset + entries.length, total);
    prev.disabled = offset === 0;
    next.disabled = offset + entries.length >= total;
  }

  prev.addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE);
    load();
  });
  next.addEventListener('click', () => {
    offset += PAGE;
    load();
  });
  load();
  return () => {
    stopped = true;
  };
}
