// The customer list: search and page through the customers, a page at a time from the server.

import * as api from './api.js';
import { S } from './strings.js';
import { h, heading, showError } from './dom.js';
import { pagedTable, textCell, columnWidth, reload } from './table.js';

// customerLink shows the account number as a link to the customer's page.
function customerLink(cell) {
  const c = cell.getRow().getData();
  return h('a', { href: '#/customers/' + c.id, class: 'customer-link', text: cell.getValue() || String(c.id) });
}

export function customersScreen(main, ctx) {
  ctx.setTitle(S.customers.title);
  let query = '';
  let table = null;
  let built = false;
  let timer = 0;
  let stopped = false;

  const search = h('input', {
    id: 'customer-search',
    type: 'search',
    placeholder: S.customers.searchHint,
    autocomplete: 'off',
    maxlength: '200',
  });
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      query = search.value.trim();
      if (built) reload(table, 1);
    }, 300);
  });

  const manage = ctx.can('customers.manage');
  const tools = h(
    'div',
    { class: 'toolbar' },
    h('div', { class: 'field inline' }, h('label', { for: 'customer-search', text: S.customers.search }), search),
    h('span', { class: 'spacer' }),
    manage ? h('a', { href: '#/customers/new', id: 'new-customer', class: 'button', text: S.customers.newCustomer }) : null,
    manage ? h('a', { href: '#/import', id: 'import-customers', class: 'button primary', text: S.customers.import }) : null,
    manage
      ? h(
          'details',
          { class: 'menu', id: 'export-menu' },
          h('summary', { class: 'button', text: S.customers.export }),
          h(
            'ul',
            {},
            h('li', {}, h('a', { id: 'export-xlsx', href: api.links.export('xlsx'), download: true, text: S.customers.exportXLSX })),
            h('li', {}, h('a', { id: 'export-csv', href: api.links.export('csv'), download: true, text: S.customers.exportCSV })),
          ),
        )
      : null,
  );
  // The export menu closes like a menu: Esc, a click elsewhere, or a choice.
  const menu = tools.querySelector('#export-menu');
  const closeMenu = (e) => {
    if (!menu || !menu.open) return;
    if (e.type === 'keydown' && e.key === 'Escape') {
      menu.open = false;
      menu.querySelector('summary').focus();
    } else if (e.type === 'click' && (!menu.contains(e.target) || e.target.closest('a'))) {
      menu.open = false;
    }
  };
  document.addEventListener('click', closeMenu);
  document.addEventListener('keydown', closeMenu);
  const grid = h('div', { id: 'customers-table', class: 'grid customers-grid' });
  main.append(heading(S.customers.title), tools, grid);

  ctx
    .fields()
    .then((fields) => {
      if (stopped) return;
      table = pagedTable(grid, {
        url: '/api/customers',
        pageSize: 50,
        height: 'max(300px, calc(100vh - 230px))',
        placeholder: S.customers.empty,
        load: async (offset, limit) => {
          const page = await api.customers(query, offset, limit);
          return { rows: page.customers, total: page.total };
        },
        index: 'id',
        // The account number opens the customer's page.
        columns: fields.map((f) => ({
          title: f.header,
          field: 'cells.' + f.key,
          width: columnWidth(f),
          formatter: f.key === 'account_number' ? customerLink : textCell,
        })),
      });
      table.on('tableBuilt', () => {
        built = true;
      });
    })
    .catch(showError);

  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('click', closeMenu);
    document.removeEventListener('keydown', closeMenu);
    if (table) table.destroy();
  };
}
