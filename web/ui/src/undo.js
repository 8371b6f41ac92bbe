// The undo dialog of a committed import: it asks the server what undoing would do (customers to
// delete and to put back, and conflicts: customers changed since), lets the user choose whether
// the conflicting customers are undone too, then undoes in one POST. The server does it in one
// transaction and answers a second undo with "nothing done", so a double click is harmless.

import * as api from './api.js';
import { S } from './strings.js';
import { h } from './dom.js';

// undoDialog creates the <dialog>; onDone(report) receives the server's undo report.
export function undoDialog(onDone) {
  const U = S.undo;
  const summary = h('p', { id: 'undo-summary' });
  const explanation = h('p', { id: 'undo-explanation', class: 'hint', text: U.explanation });
  const conflictList = h('ul', { id: 'undo-conflicts', class: 'warnings' });
  const conflictTitle = h('h3', { id: 'undo-conflicts-title' });
  const force = h('input', { type: 'checkbox', id: 'undo-force' });
  const forceLabel = h('label', { for: 'undo-force', id: 'undo-force-label' });
  const forceBlock = h('p', { class: 'choice' }, force, ' ', forceLabel);
  const conflictBlock = h('div', {}, conflictTitle, conflictList, forceBlock);
  const error = h('div', { id: 'undo-error', class: 'alert', role: 'alert' });
  const cancel = h('button', { type: 'button', id: 'undo-cancel', text: U.cancel });
  const run = h('button', { type: 'button', id: 'undo-run', class: 'destructive', text: U.run });
  const dialog = h(
    'dialog',
    { id: 'undo-dialog', 'aria-labelledby': 'undo-title', 'aria-describedby': 'undo-summary' },
    h('h2', { id: 'undo-title', text: U.title }),
    summary,
    conflictBlock,
    explanation,
    error,
    h('div', { class: 'actions' }, cancel, run),
  );

  let imp = null;
  let inFlight = false;

  // While undoing, the dialog stays: Esc and Cancel would hide an answer still coming.
  dialog.addEventListener('cancel', (e) => {
    if (inFlight) e.preventDefault();
  });
  cancel.addEventListener('click', () => {
    if (!inFlight) dialog.close();
  });
  run.addEventListener('click', async () => {
    if (inFlight || !imp) return;
    inFlight = true;
    run.disabled = cancel.disabled = true;
    run.textContent = U.running;
    error.textContent = '';
    try {
      const rep = await api.undoImport(imp.id, force.checked);
      inFlight = false;
      dialog.close();
      onDone(rep);
    } catch (err) {
      // The login form cannot be used under a modal dialog.
      if (err.status === 401) dialog.close();
      else error.textContent = err.message;
    } finally {
      inFlight = false;
      run.disabled = cancel.disabled = false;
      run.textContent = U.run;
    }
  });

  function show(p) {
    summary.textContent = U.summary(p.delete, p.restore);
    const conflicts = p.conflicts || [];
    conflictBlock.hidden = !conflicts.length;
    conflictTitle.textContent = U.conflictsTitle(conflicts.length);
    conflictList.replaceChildren(
      ...conflicts.map((c) =>
        h('li', { text: `${c.account_number} ${c.name}: ${U.reasons[c.reason] || c.reason}${(c.fields || []).length ? ' (' + c.fields.join(', ') + ')' : ''}` }),
      ),
    );
    force.checked = false;
    forceBlock.hidden = !p.forceable;
    forceLabel.textContent = U.force(p.forceable);
    run.disabled = p.state !== 'committed';
  }

  return {
    element: dialog,
    async open(next) {
      imp = next;
      error.textContent = '';
      summary.textContent = S.loading;
      conflictBlock.hidden = true;
      run.disabled = true;
      if (!dialog.open) dialog.showModal();
      try {
        show(await api.undoPreview(imp.id));
      } catch (err) {
        if (err.status === 401) dialog.close();
        else error.textContent = err.message;
      }
    },
  };
}

// undoneText says in a sentence what an undo did, for the page's status line.
export function undoneText(rep) {
  return S.undo.done(rep.delete, rep.restore, rep.conflicts_kept);
}
