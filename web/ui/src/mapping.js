// The mapping step of an import whose columns were not all recognised (state "mapping"): each
// column of the file with its first values and a drop-down of the fields, the server's suggestion
// chosen, and its reason beside it, and a value for the rows whose cell is blank; below, the same
// for the required and common fields no column fills. Continue sends the mapping and those values
// (defaults); the server then reads and checks the file as after any upload, and the import
// screen follows its state (progress, then grid).

import * as api from './api.js';
import { S } from './strings.js';
import { h, showError, clearError } from './dom.js';

// FULL_NAME is the target that splits one column into First Name and Last Name.
const FULL_NAME = 'full_name';

// COMMON are the fields offered a value for every row when no column fills them, besides the
// required ones: a file from another system often lacks them, and one value suits most shops.
const COMMON = ['country', 'email_opt_in', 'sms_opt_in'];

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
  // values holds the value for blank cells typed for each field key, kept while columns change.
  const values = new Map(Object.entries(m.defaults || {}));

  const selects = [];
  const defaultInputs = [];
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
    const input = h('input', { type: 'text', id: 'default-' + i, class: 'mapping-default', autocomplete: 'off', 'data-column': col.letter });
    const inputLabel = h('label', { for: 'default-' + i, class: 'visually-hidden' });
    // A column's value for its blank cells belongs to the field it is mapped to.
    const sync = () => {
      const key = select.value;
      const usable = !blank && key !== '' && key !== FULL_NAME;
      input.disabled = !usable;
      input.dataset.field = usable ? key : '';
      input.value = usable ? values.get(key) || '' : '';
      inputLabel.textContent = M.defaultLabel(usable ? labelOf(key) : col.header || M.blankHeader);
    };
    input.addEventListener('input', () => {
      if (input.dataset.field) values.set(input.dataset.field, input.value);
      for (const other of defaultInputs) if (other !== input && other.dataset.field === input.dataset.field) other.value = input.value;
      update();
    });
    select.addEventListener('change', sync);
    sync();
    defaultInputs.push(input);
    const why = h('p', { id: id + '-why', class: 'hint', text: blank ? M.noHeader : reasonText(col, labelOf) });
    return h(
      'tr',
      { 'data-column': col.letter },
      h('th', { scope: 'row', class: 'num', text: col.letter }),
      h('td', { class: 'mapping-header', text: col.header || M.blankHeader }),
      h('td', { class: 'mapping-samples' }, (col.samples || []).length ? h('ul', { class: 'samples', style: 'margin:0;padding-left:1.1em' }, col.samples.map((v) => h('li', { text: v }))) : h('span', { class: 'muted', text: M.noValues })),
      h('td', {}, h('label', { for: id, class: 'visually-hidden', text: M.selectLabel(col.letter, col.header || M.blankHeader) }), select, why),
      h('td', {}, inputLabel, input),
    );
  });

  const table = h(
    'table',
    { id: 'mapping-table', class: 'plain' },
    h('caption', { class: 'visually-hidden', text: M.caption }),
    h('thead', {}, h('tr', {}, [M.column, M.header, M.samples, M.field, M.defaultColumn].map((c, i) => h('th', { scope: 'col', style: i === 0 ? 'width:5em' : null, text: c })))),
    h('tbody', {}, rows),
  );
  // The required and common fields no column fills, each with a value for every row.
  const extra = h('div', { id: 'mapping-extra' });
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
      extra,
      missing,
      h('div', { class: 'check' }, remember, ' ', h('label', { for: 'mapping-remember', text: M.remember })),
      h('p', { class: 'hint', text: M.rememberHint }),
      h('p', { class: 'actions' }, cont, ' ', discard),
    ),
  );

  // chosenFields is the set of fields the columns are mapped to (a full name fills two).
  function chosenFields() {
    const has = new Set(selects.map((s) => s.value).filter(Boolean));
    if (has.has(FULL_NAME)) {
      has.add('first_name');
      has.add('last_name');
    }
    return has;
  }

  // drawExtra lists the required and common fields no column fills, with their values.
  function drawExtra() {
    const has = chosenFields();
    const keys = [...required.map((t) => t.key), ...COMMON].filter((k, i, all) => all.indexOf(k) === i && !has.has(k) && targets.some((t) => t.key === k));
    if (!keys.length) {
      extra.replaceChildren();
      return;
    }
    const items = keys.map((key) => {
      const id = 'default-field-' + key;
      const input = h('input', { type: 'text', id, class: 'mapping-default', autocomplete: 'off', 'data-field': key, value: values.get(key) || '' });
      input.addEventListener('input', () => {
        values.set(key, input.value);
        update();
      });
      return h('p', { class: 'field inline' }, h('label', { for: id, text: M.defaultLabel(labelOf(key)) }), input);
    });
    extra.replaceChildren(h('h2', { text: M.extraTitle }), h('p', { class: 'hint', text: M.extraHint }), ...items);
  }

  // defaults are the values for blank cells of the fields shown, by field key.
  function defaults() {
    const out = {};
    for (const input of [...defaultInputs, ...extra.querySelectorAll('input')]) {
      const key = input.dataset.field;
      if (key && !input.disabled && input.value.trim() !== '') out[key] = input.value.trim();
    }
    return out;
  }

  let busy = false;
  // update lists the required fields no column is mapped to yet, and says when one field is
  // chosen for two columns; Continue waits until every required field has a column.
  function update() {
    const chosen = selects.map((s) => s.value).filter(Boolean);
    const has = chosenFields();
    // A field given a value for every row is filled, as by a column.
    for (const key of Object.keys(defaults())) has.add(key);
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
  for (const s of selects)
    s.addEventListener('change', () => {
      drawExtra();
      update();
    });
  drawExtra();
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
      onImport(await api.setMapping(imp.id, map, remember.checked, defaults()));
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
