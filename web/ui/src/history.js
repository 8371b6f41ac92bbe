// Import history: every import of the shop, newest first, 50 at a time. A committed import can
// be undone from its entry (undo.js).

import * as api from './api.js';
import { S, formatDate, formatNumber } from './strings.js';
import { h } from './dom.js';
import { pagedList, listTable } from './pagedlist.js';
import { undoDialog, undoneText } from './undo.js';

export function historyScreen(main, ctx) {
  const H = S.history;
  const U = S.undo;
  const status = h('p', { id: 'history-status', role: 'status', class: 'hint' });
  // The entry being undone: its state badge and button change as the undo goes on and ends.
  let undoing = null;
  let timer = 0;
  let stopped = false;
  const dialog = undoDialog((rep) => {
    const entry = undoing;
    undoing = null;
    if (!entry) return;
    if (rep.state === 'undone' && !rep.done) {
      setState(entry, 'undone'); // undone already
      entry.button.remove();
      return;
    }
    setState(entry, 'undoing');
    entry.button.remove();
    status.textContent = U.running;
    // The undo runs in the background: follow the import until it has ended.
    const follow = async () => {
      if (stopped) return;
      let next = null;
      try {
        next = await api.getImport(rep.import_id);
      } catch {
        timer = setTimeout(follow, 2000);
        return;
      }
      if (stopped) return;
      if (next.state === 'undoing') {
        timer = setTimeout(follow, 500);
        return;
      }
      setState(entry, next.state);
      status.textContent = next.state === 'undone' ? undoneText(rep) : next.failure || '';
    };
    timer = setTimeout(follow, 500);
  });
  function setState(entry, state) {
    entry.badge.className = 'badge state-' + state;
    entry.badge.textContent = stateText(state);
  }
  const stateText = (state) => S.states[state] || state;

  const stop = pagedList(main, ctx, {
    id: 'history',
    title: H.title,
    empty: H.empty,
    fetch: (offset, limit) => api.imports(offset, limit).then((p) => ({ items: p.imports || [], total: p.total || 0 })),
    table: (imports) =>
      listTable('history-table', [H.when, H.who, H.file, H.mode, H.state, H.new, H.update, H.unchanged, H.error, U.actions], imports, (imp) => {
        const s = imp.summary || {};
        const badge = h('span', { class: 'badge state-' + imp.state, text: stateText(imp.state) });
        let action = null;
        if (imp.state === 'committed') {
          const button = h('button', { type: 'button', class: 'undo-import', 'data-import': imp.id, 'aria-label': U.buttonLabel(imp.file_name || '#' + imp.id), text: U.button });
          button.addEventListener('click', () => {
            undoing = { badge, button };
            status.textContent = '';
            dialog.open(imp);
          });
          action = button;
        }
        return h(
          'tr',
          { 'data-import': imp.id },
          h('td', { text: formatDate(imp.created_at) }),
          h('td', { text: imp.created_by }),
          h('th', { scope: 'row' }, h('a', { href: '#/imports/' + imp.id, text: imp.file_name || '#' + imp.id })),
          h('td', { text: S.modes[imp.mode] || imp.mode }),
          h('td', {}, badge),
          h('td', { class: 'num', text: formatNumber(s.new) }),
          h('td', { class: 'num', text: formatNumber(s.update) }),
          h('td', { class: 'num', text: formatNumber(s.unchanged) }),
          h('td', { class: 'num', text: formatNumber(s.error) }),
          h('td', {}, action),
        );
      }),
  });
  const list = main.querySelector('#history');
  if (list) list.before(status);
  main.append(dialog.element);
  return () => {
    stopped = true;
    clearTimeout(timer);
    stop();
  };
}
