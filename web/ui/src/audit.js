// The audit log (owners): every import, confirm, discard and export of the shop, newest first.

import * as api from './api.js';
import { S, formatDate, formatNumber } from './strings.js';
import { h } from './dom.js';
import { pagedList, listTable } from './pagedlist.js';

export function auditScreen(main, ctx) {
  const A = S.audit;
  return pagedList(main, ctx, {
    id: 'audit',
    title: A.title,
    intro: A.intro,
    empty: A.empty,
    fetch: (offset, limit) => api.audit(offset, limit).then((p) => ({ items: p.entries || [], total: p.total || 0 })),
    table: (entries) =>
      listTable('audit-table', [A.when, A.who, A.action, A.file, A.rows, A.sha], entries, (e) =>
        h(
          'tr',
          {},
          h('td', { text: formatDate(e.at) }),
          h('td', { text: e.actor }),
          h('td', { text: A.actions[e.action] || e.action }),
          h('th', { scope: 'row' }, e.import_id ? h('a', { href: '#/imports/' + e.import_id, text: e.file_name || '#' + e.import_id }) : e.file_name || e.detail),
          h('td', { class: 'num', text: e.import_id ? formatNumber((e.summary || {}).rows) : '' }),
          h('td', { class: 'hash', title: e.file_sha256, text: (e.file_sha256 || '').slice(0, 12) }),
        ),
      ),
  });
}
