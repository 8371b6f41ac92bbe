// The mapping step of an import whose columns were not all recognised (state "mapping"): each
// column of the file with its first values and a drop-down of the fields, the server's suggestion
// chosen, and its reason beside it. Continue sends the mapping; the server then reads and checks
// the file as after any upload, and the import screen follows its state (progress, then grid).

import * as api from './api.js';
import { S } from './strings.js';
import { h, showError, clearError } from './dom.js';

// FULL_NAME is the target that splits one column into First Name and Last Name.
const FULL_NAME = 'full_name';

// mappingView fills body for the import imp in state mapping. onImport(next) hands the import
// back to the import screen once it changes (mapped, discarded). It returns the stop function.
export function mappingView(body, imp, ctx, onImport) {
  let stopped = false;
  const loading = h('p', { class: 'muted', role: 'status', text: S.loading });
  body.append(loading);
  Promise.all([api.getMapping(imp.id), ctx.fields().catch(() => [])]).then(
    ([m, fields]) => {
      if (stopped) return;
      loading.remove();
      draw(body, m, fields, onImport);
    },
    (err) => {
      if (stopped) return;
      loading.remove();
      showError(err);
      // The import may have moved on (expired, mapped in another tab): show it as it is now.
      api.getImport(imp.id).then((next) => !stopped && next.state !== 'mapping' && onImport(next), () => {});
    },
  );
  return () => {
    stopped = true;
  };
}

function draw(body, m, fields, onImport) {
  const M = S.mapping;
  const imp = m.import;
  const headerOf = new Map((fields || []).map((f) => [f.key, f.header]));
  const targets = (m.targets || []).map((t) => ({
    ...t,
    label: t.key === FULL_NAME ? M.fullName : headerOf.get(t.key) || t.header,
  }));
  const labelOf = (key) => targets.find((t) => t.key === key)?.label || key;
  const required = targets.filter((t) => t.required);
  // In "create and update", a column of one of these says whom each row updates, and the
  // required fields are then required of new customers only (the server checks each row).
  const identity = m.identity || [];

  const selects = [];
  const rows = (m.columns || []).map((col, i) => {
    const id = 'map-' + i;
    const blank = !col.header;
    const select = h(
      'select',
      { id, 'data-header': col.header, 'aria-describedby': id + '-why', disabled: blank },
      h('option', { value: '', text: M.ignore }),
      targets.map((t) => h('option', { value: t.key, text: t.required ? M.requiredOption(t.label) : t.label })),
    );
    select.value = blank ? '' : col.field || '';
    if (!blank) selects.push(select);
    const why = h('p', { id: id + '-why', class: 'hint', text: blank ? M.noHeader : reasonText(col, labelOf) });
    return h(
      'tr',
      { 'data-column': col.letter },
      h('th', { scope: 'row', class: 'num', text: col.letter }),
      h('td', { class: 'mapping-header', text: col.header || M.blankHeader }),
      h('td', { class: 'mapping-samples' }, (col.samples || []).length ? h('ul', { class: 'samples', style: 'margin:0;padding-left:1.1em' }, col.samples.map((v) => h('li', { text: v }))) : h('span', { class: 'muted', text: M.noValues })),
      h('td', {}, h('label', { for: id, class: 'visually-hidden', text: M.selectLabel(col.letter, col.header || M.blankHeader) }), select, why),
    );
  });

  const table = h(
    'table',
    { id: 'mapping-table', class: 'plain' },
    h('caption', { class: 'visually-hidden', text: M.caption }),
    h('thead', {}, h('tr', {}, [M.column, M.header, M.samples, M.field].map((c, i) => h('th', { scope: 'col', style: i === 0 ? 'width:5em' : null, text: c })))),
    h('tbody', {}, rows),
  );
  const missing = h('div', { id: 'mapping-missing', role: 'status', 'aria-live': 'polite' });
  const remember = h('input', { type: 'checkbox', id: 'mapping-remember', checked: true });
  const cont = h('button', { type: 'button', id: 'mapping-continue', class: 'primary', text: M.continue, 'aria-describedby': 'mapping-missing' });
  const discard = h('button', { type: 'button', id: 'mapping-discard', class: 'danger', text: S.grid.discard });

  body.append(
    h(
      'div',
      { id: 'mapping' },
      h('p', { id: 'mapping-intro', text: M.intro }),
      m.source ? h('p', { class: 'muted', text: M.source(m.source) }) : null,
      h('div', { class: 'mapping-scroll', style: 'overflow-x:auto' }, table),
      missing,
      h('div', { class: 'check' }, remember, ' ', h('label', { for: 'mapping-remember', text: M.remember })),
      h('p', { class: 'hint', text: M.rememberHint }),
      h('p', { class: 'actions' }, cont, ' ', discard),
    ),
  );

  let busy = false;
  // update lists the required fields no column is mapped to yet, and says when one field is
  // chosen for two columns; Continue waits until every required field has a column.
  function update() {
    const chosen = selects.map((s) => s.value).filter(Boolean);
    const has = new Set(chosen);
    if (has.has(FULL_NAME)) {
      has.add('first_name');
      has.add('last_name');
    }
    const identified = identity.some((k) => has.has(k));
    const lacking = identified ? [] : required.filter((t) => !has.has(t.key)).map((t) => t.label);
    const twice = [...new Set(chosen.filter((v, i) => chosen.indexOf(v) !== i))].map(labelOf);
    const notes = [];
    if (lacking.length) notes.push(h('p', { id: 'mapping-missing-text', text: identity.length ? M.missingUpdate(lacking.join(', '), identity.map(labelOf).join(', ')) : M.missing(lacking.join(', ')) }));
    else if (identified && required.some((t) => !has.has(t.key))) notes.push(h('p', { id: 'mapping-update-only', text: M.updateOnly(required.filter((t) => !has.has(t.key)).map((t) => t.label).join(', ')) }));
    if (twice.length) notes.push(h('p', { text: M.twice(twice.join(', ')) }));
    missing.replaceChildren(...notes);
    missing.className = lacking.length ? 'notice error' : notes.length ? 'notice' : '';
    cont.disabled = busy || lacking.length > 0;
  }
  for (const s of selects) s.addEventListener('change', update);
  update();

  cont.addEventListener('click', async () => {
    if (cont.disabled) return;
    const map = {};
    for (const s of selects) map[s.dataset.header] = s.value;
    busy = true;
    update();
    cont.textContent = M.continuing;
    clearError();
    try {
      onImport(await api.setMapping(imp.id, map, remember.checked));
    } catch (err) {
      showError(err);
      busy = false;
      cont.textContent = M.continue;
      update();
    }
  });
  discard.addEventListener('click', async () => {
    if (!window.confirm(S.grid.discardConfirm)) return;
    clearError();
    discard.disabled = true;
    try {
      onImport(await api.discard(imp.id));
    } catch (err) {
      showError(err);
      discard.disabled = false;
    }
  });
}

// reasonText says why the server suggested a column's field, for people.
function reasonText(col, labelOf) {
  const M = S.mapping;
  if (!col.field || !col.reason) return M.noSuggestion;
  const field = labelOf(col.field);
  let why;
  if (col.reason === 'similar header') why = M.reasons.similar(field);
  else if (col.reason.startsWith('values look like ')) {
    const what = col.reason.slice('values look like '.length);
    why = M.looksLike[what] || col.reason;
  } else why = M.reasons[col.reason] || col.reason;
  return M.suggested(why);
}
