// The bulk-edit dialog of a grid column: replace text in it, fill its blank cells, or set it, for
// the rows the grid's filters show (or the selected rows). Before anything is stored it asks the
// server what the edit would change ("dry_run") and says how many rows; the run then re-checks
// the changed rows at once ("validate").

import * as api from './api.js';
import { S } from './strings.js';
import { h } from './dom.js';

const PREVIEW_MS = 250;

// bulkDialog creates the <dialog>. open(op, field, scope) shows it for op ("replace", "fill_blank"
// or "set") on the catalogue field, where scope is {where, count, kind: "selected" | "filtered" |
// "all"}, the rows it changes; onDone(answer) receives the server's {changed, import}.
export function bulkDialog(importID, onDone) {
  const B = S.bulk;
  const title = h('h2', { id: 'bulk-title' });
  const scopeText = h('p', { id: 'bulk-scope', class: 'hint' });
  const find = h('input', { type: 'text', id: 'bulk-find', autocomplete: 'off', spellcheck: 'false' });
  const withText = h('input', { type: 'text', id: 'bulk-with', autocomplete: 'off', spellcheck: 'false' });
  const regex = h('input', { type: 'checkbox', id: 'bulk-regex' });
  const value = h('input', { type: 'text', id: 'bulk-value', autocomplete: 'off', list: 'bulk-values' });
  const values = h('datalist', { id: 'bulk-values' });
  const replaceFields = h(
    'div',
    {},
    h('div', { class: 'field' }, h('label', { for: 'bulk-find', text: B.find }), find),
    h('div', { class: 'field' }, h('label', { for: 'bulk-with', text: B.with }), withText),
    h('div', { class: 'check' }, regex, h('label', { for: 'bulk-regex', text: B.regex })),
    h('p', { class: 'hint', text: B.caseHint }),
  );
  const valueFields = h('div', { class: 'field' }, h('label', { for: 'bulk-value', text: B.value }), value, values);
  const preview = h('p', { id: 'bulk-preview', role: 'status', 'aria-live': 'polite' });
  const error = h('div', { id: 'bulk-error', class: 'alert', role: 'alert' });
  const cancel = h('button', { type: 'button', id: 'bulk-cancel', text: B.cancel });
  const run = h('button', { type: 'submit', id: 'bulk-run', class: 'primary', text: B.run });
  const form = h('form', { method: 'dialog' }, title, scopeText, replaceFields, valueFields, preview, error, h('div', { class: 'actions' }, cancel, run));
  const dialog = h('dialog', { id: 'bulk-dialog', class: 'bulk-dialog', 'aria-labelledby': 'bulk-title', 'aria-describedby': 'bulk-scope' }, form);

  let op = '';
  let field = null;
  let scope = null;
  let opener = null;
  let inFlight = false;
  let counted = null; // the edit the preview counted, as JSON, once its count is known
  let timer = 0;
  let asked = 0; // the number of the latest preview request: older answers are dropped

  // edit is the operation the fields now describe, or null while they are incomplete.
  function edit() {
    if (op === 'replace') {
      if (!find.value) return null;
      return { replace: { field: field.key, find: find.value, with: withText.value, regex: regex.checked } };
    }
    return { [op]: { [field.key]: value.value } };
  }

  function schedule() {
    clearTimeout(timer);
    counted = null;
    run.disabled = true;
    error.textContent = '';
    if (!edit()) {
      preview.textContent = B.needInput;
      return;
    }
    preview.textContent = B.counting;
    timer = setTimeout(count, PREVIEW_MS);
  }

  async function count() {
    const e = edit();
    if (!e) return;
    const mine = ++asked;
    try {
      const answer = await api.bulkEdit(importID, { where: scope.where, ...e, dry_run: true });
      if (mine !== asked || !dialog.open) return;
      preview.textContent = B.preview(answer.changed || 0);
      counted = answer.changed > 0 ? JSON.stringify(e) : null;
      run.disabled = !counted;
    } catch (err) {
      if (mine !== asked) return;
      if (err.status === 401) dialog.close();
      preview.textContent = '';
      error.textContent = err.message;
    }
  }

  for (const el of [find, withText, value]) el.addEventListener('input', schedule);
  regex.addEventListener('change', schedule);

  // While the edit runs the dialog stays: Esc and Cancel would hide an answer still coming.
  dialog.addEventListener('cancel', (e) => {
    if (inFlight) e.preventDefault();
  });
  dialog.addEventListener('close', () => {
    clearTimeout(timer);
    asked++;
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  });
  cancel.addEventListener('click', () => {
    if (!inFlight) dialog.close();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const ed = edit();
    if (inFlight || !ed || JSON.stringify(ed) !== counted) return;
    inFlight = true;
    run.disabled = cancel.disabled = true;
    run.textContent = B.running;
    error.textContent = '';
    try {
      const answer = await api.bulkEdit(importID, { where: scope.where, ...ed, validate: true });
      inFlight = false;
      dialog.close();
      onDone(answer);
    } catch (err) {
      if (err.status === 401) dialog.close();
      else error.textContent = err.message;
    } finally {
      inFlight = false;
      cancel.disabled = false;
      run.textContent = B.run;
      run.disabled = !counted;
    }
  });

  return {
    element: dialog,
    open(nextOp, nextField, nextScope, from) {
      op = nextOp;
      field = nextField;
      scope = nextScope;
      opener = from || document.activeElement;
      title.textContent = { replace: B.titleReplace, fill_blank: B.titleFill, set: B.titleSet }[op](field.header);
      scopeText.textContent = { selected: B.scopeSelected, filtered: B.scopeFiltered, all: B.scopeAll }[scope.kind](scope.count);
      replaceFields.hidden = op !== 'replace';
      valueFields.hidden = op === 'replace';
      find.value = withText.value = value.value = '';
      regex.checked = false;
      values.replaceChildren(...(field.allowed || []).map((v) => h('option', { value: v })));
      dialog.dataset.op = op;
      dialog.dataset.field = field.key;
      error.textContent = '';
      run.textContent = B.run;
      cancel.disabled = false;
      if (!dialog.open) dialog.showModal();
      (op === 'replace' ? find : value).focus();
      schedule();
    },
    close() {
      if (dialog.open) dialog.close();
    },
  };
}
