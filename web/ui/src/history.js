// Import history: every import of the shop, newest first, 50 at a time.

import * as api from './api.js';
import { S, formatDate, formatNumber } from './strings.js';
import { h, heading, showError } from './dom.js';

const PAGE = 50;

export function historyScreen(main, ctx) {
  const H = S.history;
  ctx.setTitle(H.title);
  const table = h('div', { id: 'history' }, h('p', { class: 'muted', text: S.loading }));
  const range = h('span', { class: 'muted', id: 'history-range' });
  const prev = h('button', { type: 'button', id: 'history-prev', text: H.prev });
  const next = h('button', { type: 'button', id: 'history-next', text: H.next });
  const pager = h('div', { class: 'pager' }, prev, range, next);
  main.append(heading(H.title), table, pager);
  let offset = 0;
  let stopped = false;

  async function load() {
    prev.disabled = next.disabled = true;
    try {
      const page = await api.imports(offset, PAGE);
      if (stopped) return;
      render(page.imports || [], page.total || 0);
    } catch (err) {
      showError(err);
    }
  }

  function render(imports, total) {
    if (!imports.length) {
      table.replaceChildren(h('p', { text: H.empty }));
      pager.hidden = true;
      return;
    }
    const cols = [H.when, H.who, H.file, H.mode, H.state, H.new, H.update, H.unchanged, H.error];
    table.replaceChildren(
      h(
        'table',
        { class: 'plain', id: 'history-table' },
        h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', text: c })))),
        h(
          'tbody',
          {},
          imports.map((imp) => {
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
        ),
      ),
    );
    pager.hidden = total <= PAGE;
    range.textContent = H.range(offset + 1, offset + imports.length, total);
    prev.disabled = offset === 0;
    next.disabled = offset + imports.length >= total;
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
