// The customer list: search, sort and page through the customers, a page at a time from the
// server. A plain table rather than a Tabulator grid: the list is read, not edited, and a table
// with real header buttons sorts from the keyboard and reads well in a screen reader.

import * as api from './api.js';
import { S, formatDate, formatNumber } from './strings.js';
import { h, heading, showError } from './dom.js';
import { columnWidth } from './table.js';

// SORTS are the columns the list sorts by (GET /api/customers?sort=), with the direction of a
// first click: the latest change is wanted first, everything else from A.
const SORTS = {
  account_number: { sort: 'account', desc: false },
  last_name: { sort: 'name', desc: false },
  email: { sort: 'email', desc: false },
  updated_at: { sort: 'updated', desc: true },
};

const PAGE_SIZES = [50, 100, 250, 500];

// parseOrder reads ?sort= of the address ("-name"); the account number for anything else.
function parseOrder(text) {
  const desc = !!text && text.startsWith('-');
  const sort = desc ? text.slice(1) : text;
  return Object.values(SORTS).some((s) => s.sort === sort) ? { sort, desc } : { sort: 'account', desc: false };
}

export function customersScreen(main, ctx) {
  ctx.setTitle(S.customers.title);
  const L = S.list;
  // The search, order and page live in the address (#/customers?q=…&sort=-name&page=3&size=100),
  // so that a reload, a language switch or Back from a customer finds the list as it was.
  const from = ctx.query;
  let query = (from.get('q') || '').trim();
  let order = parseOrder(from.get('sort'));
  let page = Math.max(1, Math.trunc(Number(from.get('page'))) || 1);
  let size = PAGE_SIZES.includes(Number(from.get('size'))) ? Number(from.get('size')) : PAGE_SIZES[0];
  let total = 0;
  let columns = null; // [{key, header, width}] once the catalogue is in
  let timer = 0;
  let stopped = false;
  let asked = 0; // the latest request: an answer to an earlier one is dropped

  const search = h('input', {
    id: 'customer-search',
    type: 'search',
    placeholder: S.customers.searchHint,
    autocomplete: 'off',
    maxlength: '200',
  });
  search.value = query;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      query = search.value.trim();
      page = 1;
      load();
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

  const box = h('div', { id: 'customers-table', class: 'list-scroll' }, h('p', { class: 'muted', text: S.loading }));
  const range = h('span', { id: 'customers-range', class: 'muted', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', id: 'customers-prev', text: L.prev });
  const next = h('button', { type: 'button', id: 'customers-next', text: L.next });
  const pageInput = h('input', { id: 'customers-page', type: 'number', min: '1', step: '1', inputmode: 'numeric', class: 'page-number' });
  const pages = h('span', { id: 'customers-pages' });
  const sizeSelect = h(
    'select',
    { id: 'customers-size' },
    PAGE_SIZES.map((n) => h('option', { value: n, text: formatNumber(n) })),
  );
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': L.pager, hidden: true },
    prev,
    h('label', { for: 'customers-page', text: L.page }),
    pageInput,
    pages,
    next,
    range,
    h('span', { class: 'spacer' }),
    h('label', { for: 'customers-size', text: L.pageSize }),
    sizeSelect,
  );
  main.append(heading(S.customers.title), tools, box, pager);

  const lastPage = () => Math.max(1, Math.ceil(total / size));
  const goTo = (n) => {
    const p = Math.min(Math.max(1, Math.trunc(Number(n)) || 1), lastPage());
    if (p === page) {
      pageInput.value = page;
      return;
    }
    page = p;
    load();
  };
  prev.addEventListener('click', () => goTo(page - 1));
  next.addEventListener('click', () => goTo(page + 1));
  pageInput.addEventListener('change', () => goTo(pageInput.value));
  sizeSelect.addEventListener('change', () => {
    // Keep the first customer of the page in view.
    const first = (page - 1) * size;
    size = Number(sizeSelect.value);
    page = Math.floor(first / size) + 1;
    load();
  });

  async function load() {
    if (!columns) return;
    const mine = ++asked;
    const sort = (order.desc ? '-' : '') + order.sort;
    const kept = {};
    if (query) kept.q = query;
    if (sort !== 'account') kept.sort = sort;
    if (page > 1) kept.page = page;
    if (size !== PAGE_SIZES[0]) kept.size = size;
    ctx.setQuery(kept);
    box.setAttribute('aria-busy', 'true');
    try {
      const res = await api.customers(query, (page - 1) * size, size, sort);
      if (stopped || mine !== asked) return;
      total = res.total || 0;
      if (page > lastPage()) {
        // The list shrank under us (a search, another user's delete): show its last page.
        page = lastPage();
        load();
        return;
      }
      render(res.customers || []);
    } catch (err) {
      if (!stopped && mine === asked) showError(err);
    } finally {
      if (mine === asked) box.removeAttribute('aria-busy');
    }
  }

  function render(customers) {
    const focused = document.activeElement && box.contains(document.activeElement) ? document.activeElement.dataset.sort : '';
    if (!customers.length) {
      box.replaceChildren(h('p', { id: 'customers-empty', class: 'empty', text: S.customers.empty }));
      pager.hidden = true;
      return;
    }
    box.replaceChildren(
      h(
        'table',
        { class: 'plain customer-list', id: 'customers-list' },
        h('thead', {}, h('tr', {}, columns.map(headerCell))),
        h('tbody', {}, customers.map(row)),
      ),
    );
    // A sort chosen from the keyboard keeps the focus on its button.
    if (focused) box.querySelector(`button[data-sort="${focused}"]`)?.focus();
    const first = (page - 1) * size + 1;
    range.textContent = L.range(first, first + customers.length - 1, total);
    pageInput.value = page;
    pageInput.max = lastPage();
    pages.textContent = L.pageOf(lastPage());
    prev.disabled = page <= 1;
    next.disabled = page >= lastPage();
    sizeSelect.value = String(size);
    pager.hidden = false;
  }

  function headerCell(col) {
    const th = h('th', { scope: 'col' });
    th.style.minWidth = col.width + 'px';
    const s = SORTS[col.key];
    if (!s) {
      th.textContent = col.header;
      return th;
    }
    const active = order.sort === s.sort;
    if (active) th.setAttribute('aria-sort', order.desc ? 'descending' : 'ascending');
    const button = h(
      'button',
      { type: 'button', class: 'sort' + (active ? ' sorted' : ''), 'data-sort': s.sort, title: L.sortBy(col.header) },
      col.header,
      h('span', { class: 'sort-arrow', 'aria-hidden': 'true', text: active ? (order.desc ? '▼' : '▲') : '↕' }),
    );
    button.addEventListener('click', () => {
      order = active ? { sort: s.sort, desc: !order.desc } : { ...s };
      page = 1;
      load();
    });
    th.append(button);
    return th;
  }

  function row(c) {
    return h(
      'tr',
      { 'data-id': c.id },
      columns.map((col) => {
        if (col.key === 'account_number') {
          return h('th', { scope: 'row' }, h('a', { href: '#/customers/' + c.id, class: 'customer-link', text: c.cells.account_number || String(c.id) }));
        }
        if (col.key === 'updated_at') return h('td', { class: 'nowrap', text: formatDate(c.updated_at) });
        const text = (c.cells && c.cells[col.key]) || '';
        // Points read in the language's digits: 62 716, not 62716.
        if (col.key === 'loyalty_points' && /^-?\d+$/.test(text)) return h('td', { class: 'num', text: formatNumber(text) });
        // A long value (a note) is cut to the column, whole in its tooltip.
        return h('td', { title: text.length > 40 ? text : null, text });
      }),
    );
  }

  ctx
    .fields()
    .then((fields) => {
      if (stopped) return;
      columns = [
        ...fields.map((f) => ({ key: f.key, header: f.header, width: columnWidth(f) })),
        { key: 'updated_at', header: L.lastChanged, width: 150 },
      ];
      load();
    })
    .catch(showError);

  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('click', closeMenu);
    document.removeEventListener('keydown', closeMenu);
  };
}
