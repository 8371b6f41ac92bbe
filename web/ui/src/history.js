// Import history: every import of the shop, newest first, 50 at a time.

import * as api from './api.js';
import { S, formatDate, formatNumber } from './strings.js';
import { h } from './dom.js';
import { pagedList, listTable } from './pagedlist.js';

export function historyScreen(main, ctx) {
  const H = S.history;
  return pagedList(main, ctx, {
    id: 'history',
    title: H.title,
    empty: H.empty,
    fetch: (offset, limit) => api.imports(offset, limit).then((p) => ({ items: p.imports || [], total: p.total || 0 })),
    table: (imports) =>
      listTable('history-table', [H.when, H.who, H.file, H.mode, H.state, H.new, H.update, H.unchanged, H.error], imports, (imp) => {
        const s = imp.summary || {};
        return h(
          'tr',
          {},
          h('td', { text: formatDate(imp.created_at) }),
          h('td', { text: imp.created_by }),
          h('th', { scope: 'row' }, h('a', { href: '#/imports/' + imp.id, text: imp.file_name || '#' + imp.id })),
          h('td', { text: S.modes[imp.mode] || imp.mode }),
          h('td', {}, h('span', { class: 'badge state-' + imp.state, text: S.states[imp.state] || imp.state })),
          h('td', { class: 'num', text: formatNumber(s.new) }),
          h('td', { class: 'num', text: formatNumber(s.update) }),
          h('td', { class: 'num', text: formatNumber(s.unchanged) }),
          h('td', { class: 'num', text: formatNumber(s.error) }),
        );
      }),
  });
}
