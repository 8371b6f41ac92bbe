// A screen that pages through a server list 50 entries at a time, newest first, with Newer and
// Older buttons: the import history and the audit log.

import { S } from './strings.js';
import { h, heading, showError } from './dom.js';

const PAGE = 50;

// pagedList fills main with a titled list. fetch(offset, limit) answers {items, total};
// table(items) builds the table element. id names the elements (id, id-range, id-prev, id-next).
// It returns the stop function of the screen.
export function pagedList(main, ctx, { id, title, intro, empty, fetch, table }) {
  ctx.setTitle(title);
  const box = h('div', { id }, h('p', { class: 'muted', text: S.loading }));
  const range = h('span', { class: 'muted', id: id + '-range' });
  const prev = h('button', { type: 'button', id: id + '-prev', text: S.history.prev });
  const next = h('button', { type: 'button', id: id + '-next', text: S.history.next });
  const pager = h('div', { class: 'pager' }, prev, range, next);
  main.append(...[heading(title), intro ? h('p', { class: 'muted', text: intro }) : null, box, pager].filter(Boolean));
  let offset = 0;
  let stopped = false;

  async function load() {
    prev.disabled = next.disabled = true;
    try {
      const { items, total } = await fetch(offset, PAGE);
      if (stopped) return;
      render(items, total);
    } catch (err) {
      showError(err);
    }
  }

  function render(items, total) {
    if (!items.length) {
      box.replaceChildren(h('p', { text: empty }));
      pager.hidden = true;
      return;
    }
    box.replaceChildren(table(items));
    pager.hidden = total <= PAGE;
    range.textContent = S.history.range(offset + 1, offset + items.length, total);
    prev.disabled = offset === 0;
    next.disabled = offset + items.length >= total;
  }

  prev.addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE);
    load();
  });
  next.addEventListener('click', () => {
    offset += PAGE;
    load();
  });
  load();
  return () => {
    stopped = true;
  };
}

// listTable builds a plain table with the column headers and a row per item.
export function listTable(id, cols, items, row) {
  return h(
    'table',
    { class: 'plain', id },
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, items.map(row)),
  );
}
