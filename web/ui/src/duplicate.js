// A staged row that may be a stored customer (a possible_duplicate warning naming one): the grid
// says so in the row's problems with a Compare button, which opens the two side by side, the
// cells that would change the stored customer marked, with "Merge into A-1002" (the row becomes
// that customer's update, its non-blank cells winning) and "Keep as new" (the warning goes).

import * as api from './api.js';
import { S } from './strings.js';
import { h, showError } from './dom.js';

// storedDuplicate returns the row's possible_duplicate warning that names a stored customer, or
// null (a duplicate of another row of the file is fixed in the file).
export function storedDuplicate(d) {
  return (d.warnings || []).find((p) => p.code === 'possible_duplicate' && p.match && p.match.customer_id) || null;
}

// withDuplicate returns what a row's problems cell shows: its errors (node), and for a row that
// may be a stored customer the warning's message and a Compare button that calls open(d).
export function withDuplicate(node, d, open) {
  const w = storedDuplicate(d);
  if (!w) return node;
  const button = h('button', { type: 'button', class: 'link dup-compare-row', 'data-row': d.row, text: S.rowDuplicate.compare });
  // The grid's range selection takes the mouse down; the button's click must still be its own.
  button.addEventListener('mousedown', (e) => e.stopPropagation());
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    open(d);
  });
  return h('span', {}, node, node.textContent ? ' ' : '', h('span', { class: 'dup-warning', text: w.message + ' ' }), button);
}

// duplicateDialog creates the comparison <dialog>. fields is the catalogue; choose(row, choice)
// sends the choice ({merge_into} or {keep}) and refreshes the grid. open(d) shows row data d.
export function duplicateDialog(fields, choose) {
  const R = S.rowDuplicate;
  const title = h('h2', { id: 'dup-row-title' });
  const body = h('div', { class: 'dup-row-body' });
  const merge = h('button', { type: 'button', id: 'dup-row-merge', class: 'primary' });
  const keep = h('button', { type: 'button', id: 'dup-row-keep', text: R.keep });
  const cancel = h('button', { type: 'button', id: 'dup-row-cancel', text: R.cancel });
  const dialog = h('dialog', { id: 'dup-row-dialog', class: 'dup-row-dialog', 'aria-labelledby': 'dup-row-title' }, title, body, h('div', { class: 'actions' }, cancel, keep, merge));
  let current = null;
  let busy = false;
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('cancel', (e) => {
    if (busy) e.preventDefault();
  });

  async function send(choice) {
    if (!current) return;
    busy = true;
    merge.disabled = keep.disabled = cancel.disabled = true;
    try {
      await choose(current.row, choice);
      dialog.close();
    } catch (err) {
      showError(err);
    } finally {
      busy = false;
      merge.disabled = keep.disabled = cancel.disabled = false;
    }
  }
  merge.addEventListener('click', () => send({ merge_into: current.match.customer_id }));
  keep.addEventListener('click', () => send({ keep: true }));

  async function open(d) {
    const w = storedDuplicate(d);
    if (!w) return;
    current = { row: d.row, match: w.match };
    const account = w.match.account_number;
    title.textContent = R.title(d.row, account);
    merge.textContent = R.merge(account);
    body.replaceChildren(h('p', { class: 'muted', text: w.message }));
    if (!dialog.open) dialog.showModal();
    let stored;
    try {
      stored = await api.customer(w.match.customer_id);
    } catch (err) {
      showError(err);
      return;
    }
    if (!current || current.row !== d.row) return;
    const rows = [];
    for (const f of fields) {
      const a = stored.cells[f.key] || '';
      const b = (d.cells && d.cells[f.key]) || '';
      if (!a && !b) continue;
      // What merging changes: a non-blank cell of the row that differs (never the account number).
      const differs = !!b && b !== a && f.key !== 'account_number';
      rows.push(
        h(
          'tr',
          { 'data-field': f.key, class: differs ? 'differs' : null },
          h('th', { scope: 'row', text: f.header }),
          h('td', { text: a || '—' }),
          h('td', { class: differs ? 'differs' : null, text: b || '—' }),
        ),
      );
    }
    body.append(
      h(
        'table',
        { class: 'plain dup-compare', id: 'dup-row-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: R.field }), h('th', { scope: 'col', text: R.stored(account) }), h('th', { scope: 'col', text: R.rowN(d.row) }))),
        h('tbody', {}, rows),
      ),
      h('p', { class: 'muted', text: R.hint(account) }),
    );
    merge.focus();
  }

  return { element: dialog, open };
}
