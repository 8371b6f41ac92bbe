// The grid of a staged import: every row as checked, a page at a time from the server, editable
// in place. Edits stay in the browser (marked) until "Save grid changes and validate" sends one
// PATCH per edited row and then re-checks the whole import once.

import * as api from './api.js';
import { S, formatNumber } from './strings.js';
import { h, showError, clearError } from './dom.js';
import { pagedTable, textCell, columnWidth, reload } from './table.js';
import { confirmDialog } from './confirm.js';
import { uploadAgainButton } from './upload.js';

const STATUSES = ['new', 'update', 'unchanged', 'error'];

// gridView fills container for the staged import imp. onImport(next) hands a changed import
// (discarded, committed, uploaded again) back to the import screen. It returns the stop function.
export function gridView(container, imp, fields, ctx, onImport) {
  const G = S.grid;
  const pending = new Map(); // row number → {field key: new text}
  let table = null;
  let built = false;
  let busy = false;
  let errorsOnly = false;

  // Counts per status.
  const countEls = {};
  const counts = h(
    'ul',
    { class: 'counts', 'aria-label': S.counts.label },
    STATUSES.map((st) => {
      countEls[st] = h('span', { id: 'count-' + st, class: 'count-num' });
      return h('li', { class: 'count status-' + st }, countEls[st], ' ', h('span', { text: S.counts[st] }));
    }),
  );
  const warnings = h('ul', { id: 'import-warnings', class: 'warnings', 'aria-label': S.imp.warnings });

  // Toolbar.
  const errorsBox = h('input', { type: 'checkbox', id: 'errors-only' });
  const save = h('button', { type: 'button', id: 'save-validate', class: 'primary', text: G.save });
  const saveStatus = h('span', { id: 'save-status', class: 'status', role: 'status' });
  const discardBtn = h('button', { type: 'button', id: 'discard', class: 'danger', text: G.discard });
  const confirmBtn = h('button', { type: 'button', id: 'confirm-open', class: 'primary', text: G.confirm });
  const again = uploadAgainButton(
    () => !pending.size || window.confirm(G.loseEdits),
    (file) => api.replaceFile(imp.id, file, imp.mode),
    onImport,
  );
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    h('div', { class: 'check' }, errorsBox, h('label', { for: 'errors-only', text: G.errorsOnly })),
    save,
    saveStatus,
    h('span', { class: 'spacer' }),
    again.element,
    discardBtn,
    confirmBtn,
  );
  const grid = h('div', { id: 'import-grid', class: 'grid import-grid', role: 'region', 'aria-label': G.label });
  const help = h('p', { id: 'grid-help', class: 'hint', text: G.help });
  const dialog = confirmDialog(onImport);
  container.append(counts, warnings, toolbar, help, grid, dialog.element);
  showImport(imp);
  updatePending();

  function showImport(next) {
    imp = next;
    const s = imp.summary || {};
    for (const st of STATUSES) countEls[st].textContent = formatNumber(s[st]);
    warnings.replaceChildren(...(imp.warnings || []).map((w) => h('li', { text: w })));
    warnings.hidden = !(imp.warnings || []).length;
  }

  function updatePending() {
    saveStatus.textContent = pending.size ? G.pending(pending.size) : '';
  }

  function setBusy(on) {
    busy = on;
    for (const b of [save, discardBtn, confirmBtn, errorsBox]) b.disabled = on;
    again.setDisabled(on);
  }

  // Leaving with unsaved edits asks first (silent: only report, for beforeunload).
  ctx.guard((silent) => !pending.size || (!silent && window.confirm(G.loseEdits)));

  // The columns: row number, status, errors, changes, then one editable column per field.
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
  const columns = [
    { title: G.row, field: 'row', frozen: true, width: 72, hozAlign: 'right', formatter: textCell, cssClass: 'col-row' },
    { title: G.status, field: 'status', width: 112, formatter: statusCell },
    { title: G.errors, field: 'errors', width: 320, formatter: errorsCell, cssClass: 'col-errors' },
    { title: G.changes, field: 'changes', width: 260, formatter: (cell) => changesCell(cell, byKey) },
    ...fields.map((f) => ({
      title: f.header + (f.required ? ' *' : ''),
      field: 'cells.' + f.key,
      width: columnWidth(f),
      editable: () => !busy,
      ...editorFor(f),
      formatter: (cell) => fieldCell(cell, f, pending),
    })),
  ];

  table = pagedTable(grid, {
    url: `/api/imports/${imp.id}/rows`,
    pageSize: 100,
    height: 'max(320px, calc(100vh - 330px))',
    placeholder: G.empty,
    index: 'row',
    columns,
    // Spreadsheet keys: arrows move the active cell, Enter or a double click edits it.
    selectableRange: 1,
    selectableRangeColumns: false,
    selectableRangeRows: true, // the frozen Row column selects a whole row
    editTriggerEvent: 'dblclick',
    rowFormatter: (row) => {
      const d = row.getData();
      const el = row.getElement();
      el.classList.toggle('row-error', d.status === 'error');
      el.classList.toggle('row-update', d.status === 'update');
    },
    load: async (offset, limit) => {
      const filtered = errorsOnly;
      const page = await api.rows(imp.id, filtered ? 'error' : '', offset, limit);
      // The filter changed while this page was on its way (a click before the first page
      // arrived, or two clicks in a row): show the page the filter now asks for instead.
      if (filtered !== errorsOnly) setTimeout(() => reload(table, 1));
      for (const r of page.rows) {
        // Keep the cells as the server has them, and lay unsaved edits over them again.
        r.orig = { ...r.cells };
        const edits = pending.get(r.row);
        if (edits) Object.assign(r.cells, edits);
      }
      return { rows: page.rows, total: page.total };
    },
  });
  table.on('tableBuilt', () => {
    built = true;
  });
  table.on('cellEdited', (cell) => {
    const fieldName = cell.getField();
    if (!fieldName.startsWith('cells.')) return;
    const key = fieldName.slice('cells.'.length);
    const d = cell.getRow().getData();
    let value = cell.getValue();
    if (value === null || value === undefined) value = '';
    value = String(value);
    const edits = pending.get(d.row) || {};
    if (value === (d.orig ? d.orig[key] : undefined)) delete edits[key];
    else edits[key] = value;
    if (Object.keys(edits).length) pending.set(d.row, edits);
    else pending.delete(d.row);
    // Only mark the cell: reformatting the row here would replace the cell objects under the
    // editor, which is still moving on (Tab) from this one.
    decorate(cell.getElement(), d, byKey[key], pending);
    updatePending();
  });

  errorsBox.addEventListener('change', () => {
    errorsOnly = errorsBox.checked;
    if (built) reload(table, 1);
  });

  // saveAndValidate sends the edits, re-checks the import and shows the fresh page. It reports
  // whether the import is still staged and every edit was saved.
  async function saveAndValidate() {
    if (busy) return false;
    setBusy(true);
    clearError();
    try {
      saveStatus.textContent = G.saving;
      // One row at a time: the first refusal stops, and what was saved leaves the list.
      for (const [row, cells] of [...pending]) {
        try {
          await api.editRow(imp.id, row, cells);
        } catch (err) {
          err.message = G.rowFailed(row, err.message);
          throw err;
        }
        pending.delete(row);
      }
      saveStatus.textContent = G.validating;
      const next = await api.validate(imp.id);
      if (next.state !== 'staged') {
        onImport(next);
        return false;
      }
      showImport(next);
      if (built) await reload(table);
      saveStatus.textContent = G.saved;
      return true;
    } catch (err) {
      showError(err);
      updatePending();
      return false;
    } finally {
      setBusy(false);
    }
  }

  save.addEventListener('click', saveAndValidate);

  discardBtn.addEventListener('click', async () => {
    if (busy || !window.confirm(G.discardConfirm)) return;
    setBusy(true);
    clearError();
    try {
      const next = await api.discard(imp.id);
      pending.clear();
      onImport(next);
    } catch (err) {
      showError(err);
      setBusy(false);
    }
  });

  confirmBtn.addEventListener('click', async () => {
    // The dialog's counts must be those of the rows as edited.
    if (pending.size && !(await saveAndValidate())) return;
    dialog.open(imp);
  });

  return () => {
    dialog.close();
    if (table) table.destroy();
  };
}

function statusCell(cell) {
  const st = cell.getValue();
  return h('span', { class: 'badge status-' + st, text: S.statuses[st] || st });
}

function errorsCell(cell) {
  const text = (cell.getValue() || []).map((e) => e.message).join(' ');
  const el = cell.getElement();
  if (text) el.title = text;
  else el.removeAttribute('title');
  return document.createTextNode(text);
}

function changesCell(cell, byKey) {
  const text = (cell.getValue() || []).map((c) => S.grid.change(byKey[c.field] ? byKey[c.field].header : c.field, c.old, c.new)).join('; ');
  const el = cell.getElement();
  if (text) el.title = text;
  else el.removeAttribute('title');
  return document.createTextNode(text);
}

// fieldCell shows a cell with what the check said about it: an error (red, message as title),
// a change an update makes (old value as title), a warning, or an edit not saved yet.
// decorate sets those classes and the title on the cell element el of row data d.
function fieldCell(cell, f, pending) {
  decorate(cell.getElement(), cell.getRow().getData(), f, pending);
  return textCell(cell);
}

function decorate(el, d, f, pending) {
  const errors = (d.errors || []).filter((p) => p.field === f.key);
  const warns = (d.warnings || []).filter((p) => p.field === f.key);
  const change = d.status === 'update' ? (d.changes || []).find((c) => c.field === f.key) : null;
  const edits = pending.get(d.row);
  const edited = !!edits && Object.prototype.hasOwnProperty.call(edits, f.key);
  el.classList.toggle('cell-error', errors.length > 0);
  el.classList.toggle('cell-warning', warns.length > 0);
  el.classList.toggle('cell-changed', !!change);
  el.classList.toggle('cell-edited', edited);
  const notes = [...errors.map((p) => p.message), ...warns.map((p) => p.message)];
  if (change) notes.push(S.grid.was(change.old));
  if (edited) notes.push(S.grid.edited);
  if (notes.length) el.title = notes.join('\n');
  else el.removeAttribute('title');
}

// editorFor offers the allowed values of a field as a list (free text still allowed: the
// importer accepts other spellings, such as Ja/Nei) and a text input otherwise.
function editorFor(f) {
  if (f.allowed && f.allowed.length) {
    return {
      editor: 'list',
      editorParams: { values: ['', ...f.allowed], autocomplete: true, freetext: true, allowEmpty: true, listOnEmpty: true },
    };
  }
  return { editor: 'input', editorParams: { selectContents: true } };
}
