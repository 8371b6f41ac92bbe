// Templates: the empty and pre-filled template downloads, and a printable field guide built from
// the catalogue (GET /api/fields), so that it always matches what the importer checks.

import * as api from './api.js';
import { S } from './strings.js';
import { h, heading, showError } from './dom.js';

export function templatesScreen(main, ctx) {
  ctx.setTitle(S.templates.title);
  const T = S.templates;
  const guide = h('div', { class: 'guide' }, h('p', { class: 'muted', text: S.loading }));
  main.append(
    heading(T.title),
    h('p', { class: 'no-print', text: T.intro }),
    h(
      'ul',
      { class: 'downloads no-print' },
      h('li', {}, h('a', { id: 'template-empty', class: 'button primary', href: api.links.template(false), download: true, text: T.empty })),
      h(
        'li',
        {},
        h('a', { id: 'template-customers', class: 'button', href: api.links.template(true), download: true, text: T.withCustomers }),
        h('span', { class: 'muted', text: ' ' + T.withCustomersHint }),
      ),
    ),
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: 'field-guide-title', text: T.guide }),
      h('button', { type: 'button', id: 'print-guide', class: 'no-print', onclick: () => window.print(), text: T.print }),
    ),
    guide,
  );

  let stopped = false;
  ctx
    .fields()
    .then((fields) => {
      if (stopped) return;
      const cols = [T.number, T.header, T.required, T.maxLength, T.format, T.default, T.allowed, T.meaning];
      guide.replaceChildren(
        h(
          'table',
          { id: 'field-guide', class: 'plain guide-table', 'aria-labelledby': 'field-guide-title' },
          h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', text: c })))),
          h(
            'tbody',
            {},
            fields.map((f, i) =>
              h(
                'tr',
                {},
                h('td', { class: 'num', text: i + 1 }),
                h('th', { scope: 'row', text: f.header }),
                h('td', { text: f.required ? T.yes : T.no }),
                h('td', { class: 'num', text: f.max_length ? f.max_length : T.none }),
                h('td', { text: f.format || T.none }),
                h('td', { text: f.default || T.none }),
                h('td', { text: f.allowed && f.allowed.length ? f.allowed.join(', ') : T.none }),
                h('td', { text: f.meaning || '' }),
              ),
            ),
          ),
        ),
      );
    })
    .catch(showError);
  return () => {
    stopped = true;
  };
}
