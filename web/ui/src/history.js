// Import history: every import of the shop, newest first, 50 at a time. A committed import can
// be undone from its entry (undo.js).

import * as api from './api.js';
import { S, formatDate, formatNumber } from './strings.js';
import { h } from './dom.js';
import { pagedList, listTable } from './pagedlist.js';
import { undoDialog, undoneText } from './undo.js';
import { mergesSection } from './duplicates.js';

export function historyScreen(main, ctx) {
  const H = S.history;
  const U = S.undo;
  // What an undo did, said plainly in a box of its own (empty and unboxed until then).
  const status = h('p', { id: 'history-status', role: 'status' });
  const say = (text, ok = true) => {
    status.textContent = text;
    status.className = text ? 'notice ' + (ok ? 'success' : 'error') : '';
  };
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
    say(U.running);
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
      if (next.state === 'undone') say(undoneText(rep));
      else say(next.failure || '', false);
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
            say('');
            dialog.open(imp);
          });
          action = button;
        }
        return h(
          'tr',
          { 'data-import': imp.id },
          h('td', { class: 'nowrap', text: formatDate(imp.created_at) }),
          h('td', { text: imp.created_by }),
          h('th', { scope: 'row' }, h('a', { href: '#/imports/' + imp.id, text: imp.file_name || '#' + imp.id })),
          h('td', { text: S.modes[imp.mode] || imp.mode }),
          h('td', {}, badge),
          ...[s.new, s.update, s.unchanged, s.error].map((count) => countCell(imp, count)),
          h('td', {}, action),
        );
      }),
  });
  // An import that wrote nothing shows its counts greyed and in brackets, named as not
  // imported, so that a discarded file's 300 new rows do not read as 300 created customers.
  function countCell(imp, count) {
    if (imp.state !== 'discarded' && imp.state !== 'failed') return h('td', { class: 'num', text: formatNumber(count) });
    return h('td', { class: 'num muted', title: H.notImported }, h('span', { 'aria-hidden': 'true', text: '(' + formatNumber(count) + ')' }), h('span', { class: 'visually-hidden', text: H.notImported + ': ' + formatNumber(count) }));
  }
  const list = main.querySelector('#history');
  if (list) list.before(status);
  // Merges of customers are undone here too (and on the Duplicates page).
  const merges = mergesSection();
  main.append(merges.element, dialog.element);
  merges.load();
  return () => {
    stopped = true;
    clearTimeout(timer);
    stop();
  };
}
