// The grid of a staged import: every row as checked, a page at a time from the server, editable
// in place. Cell edits (typed or pasted from a spreadsheet) stay in the browser (marked) until
// "Save grid changes and validate" sends one PATCH per edited row and then re-checks the import
// once. Filter chips (by status and by problem) and a search box choose the rows; a column's
// menu and the selection change many rows at once on the server (bulk edits), each counted
// before it runs. Ctrl+Z takes back the last edit or bulk edit.
//
// The grid is one stop of the Tab key: inside it the arrow keys move the active cell, Enter edits
// it, Esc leaves the editor, Alt+Down opens the column's menu, and Tab or Shift+Tab leave the grid
// for the controls after or before it (Save and Confirm are after it).

import * as api from './api.js';
import { S, formatNumber } from './strings.js';
import { h, showError, clearError } from './dom.js';
import { pagedTable, textCell, columnWidth, reload } from './table.js';
import { confirmDialog } from './confirm.js';
import { bulkDialog } from './bulk.js';
import { uploadAgainButton } from './upload.js';
import { duplicateDialog, withDuplicate } from './duplicate.js';

// The status chips; "warning" is every row with a warning, whatever its status.
const STATUSES = ['new', 'update', 'unchanged', 'error', 'skipped', 'warning'];
const SEARCH_MS = 300;

// gridView fills container for the staged import imp. onImport(next) hands a changed import
// (discarded, committed, uploaded again) back to the import screen. It returns the stop function.
export function gridView(container, imp, fields, ctx, onImport) {
  const G = S.grid;
  const X = S.gridView;
  const pending = new Map(); // row number → {field key: new text}
  // What Ctrl+Z takes back, last first: {kind: "cells", cells: [{row, key, old, orig}], saved}
  // (a typed or pasted edit; saved once sent to the server) or {kind: "bulk"}.
  const history = [];
  const filter = { status: '', code: '', field: '', q: '' };
  const selected = new Set(); // row numbers
  let allFiltered = false; // "Select all filtered": the selection is the filter itself
  let lastClicked = 0; // the row a shift-click selects from
  let total = 0; // rows the filters show
  let table = null;
  let built = false;
  let busy = false;
  let replaying = false; // an undo is setting cells back: not an edit to record
  let batch = null; // the cells of a paste, recorded as one edit
  let searchTimer = 0;
  let problemsAsked = 0; // the latest chips asked for: older answers are dropped
  let suggestAsked = 0; // likewise for the count of suggested fixes
  let warnedRows = 0; // rows with a warning, for the confirm dialog

  // Filters: status chips with the import's counts, problem chips, search.
  const countEls = {};
  const chipEls = {};
  const statusChips = h(
    'ul',
    { class: 'counts chips', 'aria-label': S.counts.label },
    STATUSES.map((st) => {
      countEls[st] = h('span', { id: 'count-' + st, class: 'count-num' });
      chipEls[st] = h(
        'button',
        { type: 'button', id: 'chip-' + st, class: 'chip count status-' + st, 'aria-pressed': 'false', onclick: () => setStatus(st) },
        countEls[st],
        ' ',
        h('span', { text: S.counts[st] }),
      );
      return h('li', {}, chipEls[st]);
    }),
  );
  const problemChips = h('ul', { id: 'problem-chips', class: 'chips problem-chips', 'aria-label': G.problems });
  const search = h('input', { type: 'search', id: 'grid-search', placeholder: G.searchHint, 'aria-label': G.search, autocomplete: 'off' });
  const clearFilters = h('button', { type: 'button', id: 'clear-filters', class: 'link', text: G.clearFilters });
  const filters = h(
    'div',
    { class: 'filters', role: 'search', 'aria-label': G.filters },
    statusChips,
    h('div', { class: 'filter-line' }, problemChips, h('span', { class: 'spacer' }), search, clearFilters),
  );
  // What the file was recognised as (information), what each column became, then warnings.
  const info = h('div', { id: 'import-info', class: 'notice info' });
  const columnList = h('ul', { class: 'columns-used' });
  const columnsBox = h('details', { id: 'import-columns', class: 'disclosure' }, h('summary', { text: X.columns }), columnList);
  const warnings = h('ul', { id: 'import-warnings', class: 'warnings', 'aria-label': S.imp.warnings });

  // Toolbar.
  const save = h('button', { type: 'button', id: 'save-validate', class: 'primary', text: G.save });
  const saveStatus = h('span', { id: 'save-status', class: 'status', role: 'status' });
  const discardBtn = h('button', { type: 'button', id: 'discard', class: 'danger', text: G.discard });
  const confirmBtn = h('button', { type: 'button', id: 'confirm-open', class: 'primary', text: G.confirm });
  const again = uploadAgainButton(
    () => !pending.size || window.confirm(G.loseEdits),
    (file) => api.replaceFile(imp.id, file, imp.mode),
    onImport,
  );
  const toolbar = h('div', { class: 'toolbar' }, save, saveStatus, h('span', { class: 'spacer' }), again.element, discardBtn, confirmBtn);

  // Selection bar.
  const selectAll = h('button', { type: 'button', id: 'select-all', text: G.selectAll });
  const selectionStatus = h('span', { id: 'selection-status', class: 'status', role: 'status' });
  const skipBtn = h('button', { type: 'button', id: 'skip-rows', text: G.skip });
  const includeBtn = h('button', { type: 'button', id: 'include-rows', text: G.include });
  const clearSel = h('button', { type: 'button', id: 'clear-selection', class: 'link', text: G.clearSelection });
  const suggestBtn = h('button', { type: 'button', id: 'apply-suggestions', hidden: true });
  const selectionBar = h('div', { class: 'toolbar selection-bar' }, selectAll, skipBtn, includeBtn, clearSel, selectionStatus, h('span', { class: 'spacer' }), suggestBtn);

  const grid = h('div', { id: 'import-grid', class: 'grid import-grid', role: 'region', 'aria-label': G.label, 'aria-describedby': 'grid-help' });
  // The keys, folded away (the grid's description reads them to a screen reader anyway).
  const help = h('details', { class: 'disclosure hint' }, h('summary', { text: X.helpTitle }), h('p', { id: 'grid-help', text: X.help }));
  // The controls above the grid are many: a keyboard user may go straight to the rows.
  const skip = h('a', { id: 'skip-to-grid', class: 'skip-link', href: '#import-grid', text: X.skipToGrid });
  skip.addEventListener('click', (e) => {
    e.preventDefault(); // the hash is the router's
    focusGrid();
  });
  const dialog = confirmDialog(onImport);
  const bulk = bulkDialog(imp.id, afterBulk);
  // A row that may be a stored customer: merged into it, or kept as new (duplicate.js).
  const dupDialog = duplicateDialog(fields, async (row, choice) => {
    await api.chooseDuplicate(imp.id, row, choice);
    await refresh(await api.getImport(imp.id), true);
  });
  // Save and Confirm come after the rows, in the order they are used.
  container.append(skip, info, columnsBox, filters, warnings, selectionBar, help, grid, toolbar, dialog.element, bulk.element, dupDialog.element);
  showImport(imp);
  updatePending();
  updateSelection();
  refreshProblems();

  function showImport(next) {
    imp = next;
    const s = imp.summary || {};
    for (const st of STATUSES) if (st !== 'warning') countEls[st].textContent = formatNumber(s[st]);
    const notes = imp.notes || (imp.warnings || []).map((text) => ({ kind: 'warning', text }));
    const infos = notes.filter((n) => n.kind === 'info');
    const warns = notes.filter((n) => n.kind !== 'info');
    info.replaceChildren(...infos.map((n) => h('p', { text: n.text })));
    info.hidden = !infos.length;
    warnings.replaceChildren(...warns.map((n) => h('li', { text: n.text })));
    warnings.hidden = !warns.length;
    showColumns(imp.columns || []);
  }

  // showColumns lists what each column of the file became ("Zip → Postcode"), the ignored
  // ones together.
  function showColumns(cols) {
    const header = (key) => (key === 'full_name' ? S.mapping.fullName : (fields.find((f) => f.key === key) || {}).header || key);
    const used = cols.filter((c) => c.field);
    const ignored = cols.filter((c) => !c.field && c.header).map((c) => c.header);
    columnList.replaceChildren(
      ...used.map((c) => h('li', { text: X.columnTo(c.header || c.letter, header(c.field)) })),
      ignored.length ? h('li', { class: 'ignored', text: X.ignored(ignored.join(', ')) }) : null,
    );
    columnsBox.hidden = !cols.length;
  }

  function updatePending() {
    saveStatus.textContent = pending.size ? G.pending(pending.size) : '';
  }

  function setBusy(on) {
    busy = on;
    for (const b of [save, discardBtn, confirmBtn, selectAll, skipBtn, includeBtn, suggestBtn]) b.disabled = on;
    again.setDisabled(on);
    if (!on) updateSelection();
  }

  // Leaving with unsaved edits asks first (silent: only report, for beforeunload).
  ctx.guard((silent) => !pending.size || (!silent && window.confirm(G.loseEdits)));

  // ---- Filters

  function setStatus(st) {
    filter.status = filter.status === st ? '' : st;
    filtersChanged();
  }

  function setProblem(code, field) {
    const same = filter.code === code && filter.field === field;
    filter.code = same ? '' : code;
    filter.field = same ? '' : field;
    filtersChanged();
  }

  function filtersChanged() {
    allFiltered = false;
    for (const st of STATUSES) chipEls[st].setAttribute('aria-pressed', String(filter.status === st));
    clearFilters.hidden = !(filter.status || filter.code || filter.q);
    refreshProblems();
    if (built) reload(table, 1);
    updateSelection();
  }

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      if (filter.q === search.value.trim()) return;
      filter.q = search.value.trim();
      filtersChanged();
    }, SEARCH_MS);
  });
  clearFilters.addEventListener('click', () => {
    Object.assign(filter, { status: '', code: '', field: '', q: '' });
    search.value = '';
    filtersChanged();
  });
  clearFilters.hidden = true;

  // refreshProblems draws the problem chips of the rows the status and search show, and the
  // count of rows with warnings.
  async function refreshProblems() {
    const mine = ++problemsAsked;
    try {
      const [list, warned] = await Promise.all([
        api.problems(imp.id, filter),
        api.rows(imp.id, { status: 'warning' }, 0, 1),
      ]);
      if (mine !== problemsAsked) return;
      warnedRows = warned.total;
      countEls.warning.textContent = formatNumber(warned.total);
      // Suggested fixes come with warnings: without any, there is nothing to count.
      refreshSuggestions(list.some((p) => p.kind === 'warning'));
      // A chosen problem stays as a chip after its rows were fixed, so that it can be let go.
      if (filter.code && !list.some((p) => p.code === filter.code && p.field === filter.field)) {
        list.push({ code: filter.code, field: filter.field, label: filter.code, column: '', count: 0, kind: 'error' });
      }
      problemChips.replaceChildren(
        ...list.map((p) => {
          const on = p.code === filter.code && p.field === filter.field;
          return h(
            'li',
            {},
            h('button', {
              type: 'button',
              class: 'chip problem-' + (p.kind === 'warning' ? 'warning' : 'error'),
              'data-code': p.code,
              'data-field': p.field,
              'aria-pressed': String(on),
              text: G.problemChip(p.label || p.code, p.column || '', p.count),
              onclick: () => setProblem(p.code, p.field),
            }),
          );
        }),
      );
    } catch (err) {
      if (mine === problemsAsked) showError(err);
    }
  }

  // ---- The grid

  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
  const columns = [
    {
      title: G.row,
      field: 'row',
      frozen: true,
      width: 80,
      hozAlign: 'right',
      formatter: (cell) => rowCell(cell, isSelected(cell.getValue())),
      cssClass: 'col-row',
      cellClick: (e, cell) => clickRow(cell.getRow().getData().row, e.shiftKey),
    },
    // Row, Status and Errors stay in view while the fields scroll sideways; a message wraps
    // onto as many lines as it needs.
    { title: G.status, field: 'status', frozen: true, width: 120, formatter: statusCell },
    {
      title: G.errors, field: 'errors', frozen: true, width: 340, variableHeight: true, cssClass: 'col-errors',
      formatter: (cell) => withDuplicate(errorsCell(cell), cell.getRow().getData(), dupDialog.open),
    },
    { title: G.changes, field: 'changes', width: 260, formatter: (cell) => changesCell(cell, byKey) },
    ...fields.map((f) => ({
      title: f.header + (f.required ? ' *' : ''),
      field: 'cells.' + f.key,
      width: columnWidth(f),
      editable: () => !busy,
      ...editorFor(f),
      formatter: (cell) => fieldCell(cell, f, pending),
      headerMenu: columnMenu(f),
      // Out of the Tab order (the grid is one stop): Alt+Down on a cell opens its column's menu.
      headerMenuIcon: h('button', { type: 'button', tabindex: '-1', class: 'col-menu', 'data-field': f.key, 'aria-label': G.columnMenu(f.header), 'aria-haspopup': 'menu', text: '⋮' }),
    })),
  ];

  table = pagedTable(grid, {
    url: `/api/imports/${imp.id}/rows`,
    pageSize: 100,
    height: 'max(320px, calc(100vh - 400px))',
    placeholder: G.empty,
    index: 'row',
    columns,
    // Spreadsheet keys: arrows move the active cell, Enter or a double click edits it.
    selectableRange: 1,
    selectableRangeColumns: false,
    // A click on a row number selects the row for Skip and Include (clickRow), not as a range:
    // one meaning of a selected row.
    selectableRangeRows: false,
    editTriggerEvent: 'dblclick',
    // The page's heading keeps the focus when the rows arrive (and after every reload).
    selectableRangeAutoFocus: false,
    // Tab leaves the grid (the Tab listener under "Keys") instead of moving from cell to cell.
    keybindings: { navPrev: false, navNext: false },
    rowFormatter: (row) => {
      const d = row.getData();
      const el = row.getElement();
      el.classList.toggle('row-error', d.status === 'error');
      el.classList.toggle('row-update', d.status === 'update');
      el.classList.toggle('row-warning', (d.warnings || []).length > 0);
      el.classList.toggle('row-skipped', isSkipped(d));
      el.classList.toggle('row-selected', isSelected(d.row));
    },
    load: async (offset, limit) => {
      const asked = JSON.stringify(filter);
      const page = await api.rows(imp.id, filter, offset, limit);
      // The filter changed while this page was on its way (a click before the first page
      // arrived, or two clicks in a row): show the page the filter now asks for instead.
      if (asked !== JSON.stringify(filter)) setTimeout(() => reload(table, 1));
      for (const r of page.rows) {
        // Keep the cells as the server has them, and lay unsaved edits over them again.
        r.orig = { ...r.cells };
        const edits = pending.get(r.row);
        if (edits) Object.assign(r.cells, edits);
      }
      total = page.total;
      updateSelection();
      return { rows: page.rows, total: page.total };
    },
  });
  table.on('tableBuilt', () => {
    built = true;
    // Tabulator makes the header a Tab stop too; the rows are the grid's one stop.
    const header = grid.querySelector('.tabulator-header');
    if (header) header.setAttribute('tabindex', '-1');
  });
  // A header menu opened from the keyboard is used with it too: focus on its first item, and when
  // Esc closes it back in the rows (opened with Alt+Down) or on the column's button (Tabulator's
  // own Esc check never matches).
  table.on('menuOpened', (column) => {
    const openedAt = performance.now();
    const items = [...document.querySelectorAll('.tabulator-menu [role="menuitem"]')];
    const button = column.getElement().querySelector('.col-menu');
    items.forEach((el, i) =>
      el.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length].focus();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          // The menu closes on a mousedown outside it, which Tabulator listens for only from
          // 100 ms after it opened.
          const close = () => document.body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
          setTimeout(close, Math.max(0, openedAt + 110 - performance.now()));
          if (menuFromKeys) focusGrid();
          else if (button) button.focus();
          menuFromKeys = false;
        }
      }),
    );
    if (items.length) items[0].focus();
  });
  table.on('cellEdited', (cell) => {
    const fieldName = cell.getField();
    if (!fieldName.startsWith('cells.')) return;
    const key = fieldName.slice('cells.'.length);
    const d = cell.getRow().getData();
    const value = text(cell.getValue());
    const orig = d.orig ? text(d.orig[key]) : '';
    if (!replaying) {
      const change = { row: d.row, key, old: text(cell.getOldValue()), orig };
      if (batch) batch.push(change);
      else history.push({ kind: 'cells', cells: [change], saved: false });
    }
    const edits = pending.get(d.row) || {};
    if (value === orig) delete edits[key];
    else edits[key] = value;
    if (Object.keys(edits).length) pending.set(d.row, edits);
    else pending.delete(d.row);
    // Only mark the cell: reformatting the row here would replace the cell objects under the
    // editor, which is still moving on (Tab) from this one.
    decorate(cell.getElement(), d, byKey[key], pending);
    updatePending();
  });

  // ---- Saving and checking

  // sendPending saves the unsaved cell edits, one row at a time: the first refusal stops, and
  // what was saved leaves the list.
  async function sendPending() {
    if (!pending.size) return;
    saveStatus.textContent = G.saving;
    for (const [row, cells] of [...pending]) {
      try {
        await api.editRow(imp.id, row, cells);
      } catch (err) {
        err.message = G.rowFailed(row, err.message);
        throw err;
      }
      pending.delete(row);
    }
    for (const e of history) if (e.kind === 'cells') e.saved = true;
  }

  // refresh shows the import next (or hands it on when it is no longer staged), then the
  // chips and the page the grid is on; with stay, the grid keeps its scroll position and
  // active cell. It reports whether the import is still staged.
  async function refresh(next, stay) {
    if (next.state !== 'staged') {
      onImport(next);
      return false;
    }
    showImport(next);
    refreshProblems();
    if (built) {
      const place = stay ? placeOf() : null;
      await reload(table);
      if (place) restorePlace(place);
    }
    return true;
  }

  // placeOf is where the reader is in the grid: its scroll position and active cell.
  function placeOf() {
    const holder = rowsElement();
    const range = table.getRanges()[0];
    const cell = range && (range.getCells()[0] || [])[0];
    return {
      top: holder ? holder.scrollTop : 0,
      left: holder ? holder.scrollLeft : 0,
      row: cell ? cell.getRow().getIndex() : 0,
      field: cell ? cell.getField() : '',
    };
  }

  function restorePlace(place) {
    const holder = rowsElement();
    if (holder) {
      holder.scrollTop = place.top;
      holder.scrollLeft = place.left;
    }
    const row = place.row ? table.getRow(place.row) : null;
    const cell = row && place.field ? row.getCell(place.field) : null;
    if (cell) table.addRange(cell);
  }

  // saveAndValidate sends the edits, re-checks the import and shows the fresh page. It reports
  // whether the import is still staged and every edit was saved.
  async function saveAndValidate() {
    if (busy) return false;
    setBusy(true);
    clearError();
    try {
      await sendPending();
      saveStatus.textContent = G.validating;
      if (!(await refresh(await api.validate(imp.id), true))) return false;
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
    dialog.open(imp, warnedRows);
  });

  // ---- Bulk edits

  // scope is what a bulk edit changes: the selected rows, or those the filters show.
  function scope() {
    if (selected.size && !allFiltered) return { where: { rows: [...selected].sort((a, b) => a - b) }, count: selected.size, kind: 'selected' };
    return filteredScope();
  }

  function filteredScope() {
    const where = api.filterParams(filter);
    return { where, count: total, kind: Object.keys(where).length ? 'filtered' : 'all' };
  }

  function columnMenu(f) {
    const item = (label, op) => ({
      label: menuLabel(label),
      action: (e, column) => openBulk(op, f, column),
    });
    return () => (busy ? [] : [item(G.menuReplace, 'replace'), item(G.menuFill, 'fill_blank'), item(G.menuSet, 'set')]);
  }

  async function openBulk(op, f, column) {
    const button = column.getElement().querySelector('.col-menu');
    // The server's rows must hold the edits made here before it changes many at once.
    if (pending.size) {
      setBusy(true);
      try {
        await sendPending();
        updatePending();
      } catch (err) {
        showError(err);
        return;
      } finally {
        setBusy(false);
      }
    }
    // "Set for all filtered rows" says what it changes; replace and fill take the selection.
    bulk.open(op, f, op === 'set' ? filteredScope() : scope(), button);
  }

  // runBulk sends a bulk edit of the rows where selects (those in scope unless given),
  // re-checked at once, and shows the result.
  async function runBulk(edit, done, where) {
    if (busy) return;
    setBusy(true);
    clearError();
    try {
      await sendPending();
      updatePending();
      const answer = await api.bulkEdit(imp.id, { where: where || scope().where, ...edit, validate: true });
      await afterBulkAnswer(answer, done(answer.changed || 0));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  }

  function afterBulk(answer) {
    afterBulkAnswer(answer, G.bulkDone(answer.changed || 0)).catch(showError);
  }

  async function afterBulkAnswer(answer, message) {
    // The server records (and takes back) only an edit that changed something.
    if (answer.changed > 0) history.push({ kind: 'bulk' });
    selected.clear();
    allFiltered = false;
    if (answer.import) await refresh(answer.import);
    else await refresh(await api.validate(imp.id));
    saveStatus.textContent = message;
  }

  skipBtn.addEventListener('click', () => runBulk({ skip: true }, G.skipDone));
  includeBtn.addEventListener('click', () => runBulk({ skip: false }, G.includeDone));
  // The fixes are those of the filtered rows (the button counts them), whatever is selected.
  suggestBtn.addEventListener('click', () => runBulk({ apply_suggestions: true }, G.bulkDone, filteredScope().where));

  // refreshSuggestions asks how many of the filtered rows a suggested fix would change (when
  // any of them may have one: a dry run reads every filtered row).
  async function refreshSuggestions(mayHave) {
    const mine = ++suggestAsked;
    let n = 0;
    try {
      if (mayHave) n = (await api.bulkEdit(imp.id, { where: api.filterParams(filter), apply_suggestions: true, dry_run: true })).changed || 0;
    } catch {
      n = 0; // no row matches the filters
    }
    if (mine !== suggestAsked) return;
    suggestBtn.hidden = !n;
    suggestBtn.textContent = G.applySuggestions(n);
  }

  // ---- Selection

  function isSelected(row) {
    return allFiltered || selected.has(row);
  }

  function clickRow(row, shift) {
    if (allFiltered) {
      allFiltered = false;
      selected.clear();
    }
    const rows = table.getData().map((d) => d.row);
    const from = rows.indexOf(lastClicked);
    const to = rows.indexOf(row);
    if (shift && from >= 0 && to >= 0) {
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) selected.add(rows[i]);
    } else if (selected.has(row)) {
      selected.delete(row);
    } else {
      selected.add(row);
    }
    lastClicked = row;
    redrawSelection();
  }

  function redrawSelection() {
    for (const r of table.getRows()) r.reformat();
    updateSelection();
  }

  function updateSelection() {
    const any = allFiltered || selected.size > 0;
    selectionStatus.textContent = allFiltered ? G.allSelected(total) : selected.size ? G.selected(selected.size) : '';
    skipBtn.disabled = includeBtn.disabled = busy || !any;
    clearSel.hidden = !any;
    selectAll.disabled = busy || allFiltered || total === 0;
  }

  selectAll.addEventListener('click', () => {
    allFiltered = true;
    selected.clear();
    redrawSelection();
  });
  clearSel.addEventListener('click', () => {
    allFiltered = false;
    selected.clear();
    redrawSelection();
  });

  // ---- Keys: Tab leaves the grid, Space selects the active row, Alt+Down opens the column's
  // menu, Ctrl+Z takes back.

  let menuFromKeys = false; // the open header menu was opened with Alt+Down: Esc returns to the cell

  function rowsElement() {
    return grid.querySelector('.tabulator-tableholder');
  }

  function focusGrid() {
    const holder = rowsElement();
    if (holder) holder.focus();
  }

  function activeCell() {
    const range = built ? table.getRanges()[0] : null;
    return range ? (range.getCells()[0] || [])[0] : null;
  }

  // Tab in the rows (or in a cell's editor, which keeps its text) goes on to the first control
  // after them, Shift+Tab to the last one before the grid.
  grid.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey) return;
      const holder = rowsElement();
      if (!holder || !holder.contains(e.target)) return;
      const next = e.shiftKey ? tabbableBefore(grid) : tabbableAfter(holder);
      if (!next) return;
      e.preventDefault();
      e.stopPropagation();
      if (e.target !== holder && isTyping(e.target)) e.target.blur(); // keeps the edit
      next.focus();
    },
    true,
  );

  grid.addEventListener('keydown', (e) => {
    if (isTyping(e.target) || !built) return;
    if (e.key === 'ArrowDown' && e.altKey) {
      const cell = activeCell();
      const button = cell && cell.getColumn().getElement().querySelector('.col-menu');
      if (!button) return;
      e.preventDefault();
      menuFromKeys = true;
      button.click();
      return;
    }
    if (e.key !== ' ') return;
    const range = table.getRanges()[0];
    const rows = range ? range.getRows() : [];
    if (!rows.length) return;
    e.preventDefault();
    for (const r of rows) clickRow(r.getData().row, false);
  });
  // A Space that comes as a key press of its own (some input methods, automation) must not
  // scroll the page either.
  grid.addEventListener('keypress', (e) => {
    if (e.key === ' ' && built && !isTyping(e.target)) e.preventDefault();
  });

  function onKey(e) {
    if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z') return;
    if (isTyping(e.target) || document.querySelector('dialog[open]')) return;
    e.preventDefault();
    undo();
  }
  document.addEventListener('keydown', onKey);

  // undo takes back the last edit: unsaved cells in the browser, saved ones with a PATCH of the
  // old values (then a check), a bulk edit on the server (then a check).
  async function undo() {
    if (busy) return;
    const last = history.pop();
    if (!last) {
      saveStatus.textContent = G.nothingToUndo;
      return;
    }
    if (last.kind === 'cells' && !last.saved) {
      putBack(last.cells);
      saveStatus.textContent = G.undone;
      return;
    }
    setBusy(true);
    clearError();
    saveStatus.textContent = G.undoing;
    try {
      let next = null;
      if (last.kind === 'bulk') {
        next = (await api.undoBulkEdit(imp.id)).import;
      } else {
        const byRow = new Map();
        for (const c of [...last.cells].reverse()) byRow.set(c.row, { ...byRow.get(c.row), [c.key]: c.old });
        for (const [row, cells] of byRow) await api.editRow(imp.id, row, cells);
      }
      if (await refresh(next || (await api.validate(imp.id)))) saveStatus.textContent = G.undone;
    } catch (err) {
      showError(err);
      updatePending();
    } finally {
      setBusy(false);
    }
  }

  // putBack sets unsaved cells back to what they were before the edit, last first.
  function putBack(cells) {
    replaying = true;
    try {
      for (const c of [...cells].reverse()) {
        const row = built ? table.getRow(c.row) : null;
        if (row) {
          row.getCell('cells.' + c.key).setValue(c.old);
          continue;
        }
        // The row is on another page: its edit lives only in the list of unsaved edits.
        const edits = pending.get(c.row) || {};
        if (c.old === c.orig) delete edits[c.key];
        else edits[c.key] = c.old;
        if (Object.keys(edits).length) pending.set(c.row, edits);
        else pending.delete(c.row);
      }
    } finally {
      replaying = false;
    }
    updatePending();
  }

  // ---- Paste: a block of cells copied from Excel or LibreOffice (tab-separated lines) lands
  // at the active cell, as unsaved edits, and Ctrl+Z takes it back at once.

  grid.addEventListener('paste', (e) => {
    if (isTyping(e.target) || busy || !built) return;
    const data = e.clipboardData && e.clipboardData.getData('text/plain');
    const range = table.getRanges()[0];
    const start = range && (range.getCells()[0] || [])[0]; // the range's top left cell
    if (!data || !start) return;
    e.preventDefault();
    const rows = table.getRows('active');
    const cols = table.getColumns().filter((c) => c.isVisible());
    const r0 = rows.indexOf(start.getRow());
    const c0 = cols.indexOf(start.getColumn());
    if (r0 < 0 || c0 < 0) return;
    batch = [];
    try {
      parseTSV(data).forEach((line, i) => {
        const row = rows[r0 + i];
        if (!row) return;
        line.forEach((value, j) => {
          const col = cols[c0 + j];
          if (col && col.getField().startsWith('cells.')) row.getCell(col).setValue(value);
        });
      });
    } finally {
      if (batch.length) history.push({ kind: 'cells', cells: batch, saved: false });
      saveStatus.textContent = G.pasted(batch.length);
      batch = null;
    }
  });

  return () => {
    clearTimeout(searchTimer);
    document.removeEventListener('keydown', onKey);
    dialog.close();
    bulk.close();
    if (table) table.destroy();
  };
}

// tabbable lists the elements the Tab key stops at, in document order.
function tabbable() {
  const sel = 'a[href], button, input, select, textarea, [tabindex]';
  return [...document.querySelectorAll(sel)].filter(
    (el) => el.tabIndex >= 0 && !el.disabled && !el.closest('[hidden], dialog:not([open])') && el.getClientRects().length > 0,
  );
}

// tabbableAfter is the first Tab stop after everything in el; tabbableBefore the last before el.
function tabbableAfter(el) {
  return tabbable().find((t) => !el.contains(t) && el.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
}

function tabbableBefore(el) {
  return tabbable()
    .reverse()
    .find((t) => !el.contains(t) && el.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING);
}

function text(v) {
  return v === null || v === undefined ? '' : String(v);
}

function isSkipped(d) {
  return d.status === 'skipped' || !!d.skipped;
}

// isTyping reports whether el takes text itself (a cell's editor, the search box), so that the
// grid's own keys and paste leave it alone.
function isTyping(el) {
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

// menuLabel is a header menu item that the keyboard can reach (Tabulator's items are plain
// elements): Enter or Space clicks it.
function menuLabel(label) {
  const el = h('span', { role: 'menuitem', tabindex: '0', text: label });
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      el.click();
    }
  });
  return el;
}

// parseTSV reads what a spreadsheet puts on the clipboard: lines of tab-separated cells, a cell
// in double quotes when it holds a tab, a line break or a quote (doubled).
export function parseTSV(data) {
  const lines = [];
  let line = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < data.length; i++) {
    const ch = data[i];
    if (quoted) {
      if (ch === '"' && data[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === '\t') {
      line.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && data[i + 1] === '\n') i++;
      line.push(cell);
      lines.push(line);
      line = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || line.length) {
    line.push(cell);
    lines.push(line);
  }
  return lines;
}

// rowCell shows the row number with a box that says whether the row is selected.
function rowCell(cell, on) {
  const row = cell.getValue();
  return h('span', { class: 'row-num' }, h('span', { class: 'row-check', role: 'checkbox', 'aria-checked': String(on), 'aria-label': S.grid.selectRow(row) }), ' ', String(row ?? ''));
}

// statusCell shows the row's status, and a mark when it has warnings.
function statusCell(cell) {
  const d = cell.getRow().getData();
  const st = isSkipped(d) ? 'skipped' : cell.getValue();
  const warns = (d.warnings || []).length;
  return h(
    'span',
    { class: 'status-cell' },
    h('span', { class: 'badge status-' + st, text: S.statuses[st] || st }),
    warns ? h('span', { class: 'warn-mark', title: S.gridView.rowWarnings(warns), 'aria-label': S.gridView.rowWarnings(warns), text: '⚠' }) : null,
  );
}

// errorsCell shows every error of the row in full, one to a line, then its warnings.
function errorsCell(cell) {
  const d = cell.getRow().getData();
  const lines = [
    ...(cell.getValue() || []).map((p) => h('div', { class: 'msg-error', text: p.message })),
    ...(d.warnings || []).map((p) => h('div', { class: 'msg-warning', text: '⚠ ' + p.message + (p.suggestion ? ' → ' + p.suggestion : '') })),
  ];
  return h('div', { class: 'messages' }, lines);
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
// The cell shows the value as it will be stored (stored, from the server) where that differs
// from the file's, with a mark; an unsaved edit shows as typed.
function fieldCell(cell, f, pending) {
  const el = cell.getElement();
  el.tabIndex = -1; // the grid is one Tab stop: the arrow keys move between cells
  const d = cell.getRow().getData();
  decorate(el, d, f, pending);
  const stored = storedValue(d, f, pending);
  return stored === null ? textCell(cell) : document.createTextNode(stored);
}

// storedValue is what the server will store of a cell the check changed (0150 for 150), or
// null when it stores the cell as it is or the cell has an unsaved edit.
function storedValue(d, f, pending) {
  const edits = pending.get(d.row);
  if (edits && Object.prototype.hasOwnProperty.call(edits, f.key)) return null;
  const stored = d.stored && d.stored[f.key];
  return stored === undefined || stored === null ? null : String(stored);
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
  const stored = storedValue(d, f, pending);
  el.classList.toggle('cell-stored', stored !== null);
  const notes = [...errors.map((p) => p.message), ...warns.map((p) => p.message + (p.suggestion ? ' → ' + p.suggestion : ''))];
  if (stored !== null) notes.unshift(S.gridView.storedAs(stored, text(d.cells && d.cells[f.key])));
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
