// Tabulator, with only the modules the page uses, and the settings every table shares: server-side
// paging (the browser holds one page of rows, never a whole import), virtual rendering, and the
// texts of strings.js. The sort and filter modules are left out on purpose: rows come in the
// server's order, and sorting or filtering one page would mislead.

import {
  Tabulator,
  AjaxModule,
  ClipboardModule,
  EditModule,
  ExportModule,
  FormatModule,
  FrozenColumnsModule,
  InteractionModule,
  KeybindingsModule,
  MenuModule,
  PageModule,
  PopupModule,
  ResizeColumnsModule,
  ResizeTableModule,
  SelectRangeModule,
} from 'tabulator-tables';
import { S } from './strings.js';
import { h, showError } from './dom.js';

Tabulator.registerModule([
  AjaxModule,
  ClipboardModule,
  EditModule,
  ExportModule,
  FormatModule,
  FrozenColumnsModule,
  InteractionModule,
  KeybindingsModule,
  MenuModule, // the column header menus of the import grid
  PageModule,
  PopupModule,
  ResizeColumnsModule,
  ResizeTableModule, // redraws on window resize and when a hidden grid is shown again
  SelectRangeModule,
]);

// pagedTable creates a Tabulator on el whose rows come a page at a time from
// load(offset, limit) → {rows, total}. url is the API path shown as Tabulator's ajaxURL (load
// makes the actual request, through api.js, so that errors and the session are handled alike).
//
// The pager sits just after the table rather than in it, and the rows' scrolling box (the table's
// one Tab stop) is their row group: inside the table's role="grid" only rows may be (axe-core's
// aria-required-children). el must be in the document and have an id.
export function pagedTable(el, { url, load, pageSize = 100, ...options }) {
  const pager = h('div', { class: 'tabulator-footer-contents', id: el.id + '-pager' });
  el.after(h('div', { class: 'tabulator grid grid-pager' }, h('div', { class: 'tabulator-footer' }, pager)));
  const table = new Tabulator(el, {
    locale: 'app',
    langs: { app: S.tabulator },
    renderVertical: 'virtual',
    layout: 'fitData',
    ajaxURL: url,
    pagination: true,
    paginationMode: 'remote',
    paginationSize: pageSize,
    paginationSizeSelector: [50, 100, 250, 500],
    // "1–100 of 62 716", its numbers in the page's language.
    paginationCounter: (size, first, _page, total) => (total ? S.list.range(first, Math.min(first + size - 1, total), total) : ''),
    paginationOutOfRange: 'last',
    ajaxRequestFunc: async (_url, _config, params) => {
      const size = Number(params.size) || pageSize;
      const page = Number(params.page) || 1;
      try {
        const { rows, total } = await load((page - 1) * size, size);
        return { data: rows, last_page: Math.max(1, Math.ceil(total / size)), last_row: total };
      } catch (err) {
        showError(err);
        throw err;
      }
    },
    footerElement: '#' + pager.id,
    ...options,
  });
  table.on('tableBuilt', () => {
    const holder = el.querySelector('.tabulator-tableholder');
    const body = el.querySelector('.tabulator-table');
    if (holder && body) {
      holder.setAttribute('role', 'rowgroup');
      body.setAttribute('role', 'none');
    }
  });
  return table;
}

// textCell is a formatter that shows the value as text (values come from uploaded files and
// must never be read as HTML).
export function textCell(cell) {
  const v = cell.getValue();
  return document.createTextNode(v === undefined || v === null ? '' : String(v));
}

// columnWidth picks a width from the header and the field's maximum length, so that the columns
// do not jump from page to page.
export function columnWidth(field) {
  const chars = Math.max(field.header.length + 2, Math.min(field.max_length || 14, 26));
  return Math.min(280, Math.max(90, chars * 8 + 24));
}

// reload fetches the current page again (after edits were saved, or a filter changed).
export function reload(table, page) {
  return table.setPage(page || table.getPage() || 1);
}
