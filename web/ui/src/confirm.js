// The confirm dialog: what committing will do, then one POST with an idempotency key made once
// per opening, so that a double click or a retry after a lost answer commits once.

import * as api from './api.js';
import { S } from './strings.js';
import { h } from './dom.js';

// confirmDialog creates the <dialog>; onDone(import) receives the committed import.
export function confirmDialog(onDone) {
  const C = S.confirm;
  const summary = h('p', { id: 'confirm-summary' });
  const skipped = h('p', { id: 'confirm-skipped' });
  const warned = h('p', { id: 'confirm-warned', class: 'warned' });
  const nothing = h('p', { id: 'confirm-nothing', class: 'hint', text: C.nothing });
  const warnList = h('ul', { id: 'confirm-warnings', class: 'warnings' });
  const warnBlock = h('div', {}, h('h3', { text: C.warnings }), warnList);
  const error = h('div', { id: 'confirm-error', class: 'alert', role: 'alert' });
  const cancel = h('button', { type: 'button', id: 'confirm-cancel', text: C.cancel });
  const commit = h('button', { type: 'button', id: 'confirm-commit', class: 'primary', text: C.commit });
  const dialog = h(
    'dialog',
    { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-summary' },
    h('h2', { id: 'confirm-title', text: C.title }),
    summary,
    skipped,
    warned,
    nothing,
    warnBlock,
    error,
    h('div', { class: 'actions' }, cancel, commit),
  );

  let imp = null;
  let key = '';
  let inFlight = false;

  // While committing, the dialog stays: Esc and Cancel would hide an answer still coming.
  dialog.addEventListener('cancel', (e) => {
    if (inFlight) e.preventDefault();
  });
  cancel.addEventListener('click', () => {
    if (!inFlight) dialog.close();
  });
  commit.addEventListener('click', async () => {
    if (inFlight || !imp) return;
    inFlight = true;
    commit.disabled = true;
    cancel.disabled = true;
    commit.textContent = C.committing;
    error.textContent = '';
    try {
      const done = await api.confirmImport(imp.id, key);
      inFlight = false;
      dialog.close();
      onDone(done);
    } catch (err) {
      // The login form cannot be used under a modal dialog.
      if (err.status === 401) dialog.close();
      else error.textContent = err.message;
    } finally {
      inFlight = false;
      commit.disabled = false;
      cancel.disabled = false;
      commit.textContent = C.commit;
    }
  });

  return {
    element: dialog,
    // open shows the dialog for the import next, of which warnedRows rows have warnings.
    open(next, warnedRows = 0) {
      imp = next;
      key = api.uuid();
      const s = imp.summary || {};
      summary.textContent = C.summary(s);
      skipped.textContent = s.skipped ? C.skipped(s.skipped) : '';
      skipped.hidden = !s.skipped;
      warned.textContent = warnedRows ? S.gridView.confirmWarned(warnedRows) : '';
      warned.hidden = !warnedRows;
      nothing.hidden = (s.new || 0) + (s.update || 0) > 0;
      const warnings = imp.warnings || [];
      warnList.replaceChildren(...warnings.map((w) => h('li', { text: w })));
      warnBlock.hidden = !warnings.length;
      error.textContent = '';
      if (!dialog.open) dialog.showModal();
    },
    close() {
      if (dialog.open) dialog.close();
    },
  };
}
