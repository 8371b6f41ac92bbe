// The customer's page (#/customers/{id}, #/customers/new): every field, to read or (managers
// and owners) edit and save with the import's checks, the marketing consent with where it came
// from, the customer's history, the right-of-access export and, for owners, erasure.

import * as api from './api.js';
import { S, formatDate } from './strings.js';
import { h, heading, showError, clearError } from './dom.js';

export function customerScreen(main, ctx) {
  const isNew = ctx.params[0] === 'new';
  const id = isNew ? 0 : Number(ctx.params[0]);
  const manage = ctx.can('customers.manage');
  const erase = ctx.can('customers.erase');
  ctx.setTitle(isNew ? S.customer.newTitle : S.customer.title);
  let stopped = false;
  let stored = null; // the customer as last loaded or saved
  const inputs = {}; // field key → input or select

  const status = h('p', { id: 'customer-status', role: 'status', class: 'muted' });
  const form = h('form', { id: 'customer-form', class: 'customer-form', novalidate: true });
  const consentBox = h('section', { id: 'customer-consent' });
  const historyBox = h('section', { id: 'customer-history' });
  const actions = h('div', { class: 'toolbar' });
  main.append(
    h('p', {}, h('a', { href: '#/customers', id: 'back-to-customers', text: S.customer.back })),
    heading(isNew ? S.customer.newTitle : S.customer.title),
    status,
    form,
    actions,
    consentBox,
    historyBox,
  );
  if (isNew && !manage) {
    form.replaceWith(h('p', { text: S.errors.noAccessDetail }));
    return () => {};
  }

  function fieldInput(f) {
    const attrs = { id: 'field-' + f.key, name: f.key, 'aria-describedby': 'error-' + f.key, disabled: !manage };
    if (f.allowed && f.allowed.length && f.allowed.length < 10) {
      return h('select', attrs, h('option', { value: '', text: '' }), f.allowed.map((v) => h('option', { value: v, text: v })));
    }
    return h('input', { ...attrs, type: f.key === 'email' ? 'email' : 'text', maxlength: f.max_length || null, autocomplete: 'off' });
  }

  function buildForm(fields) {
    form.replaceChildren(
      h(
        'div',
        { class: 'fields' },
        fields.map((f) => {
          const input = fieldInput(f);
          inputs[f.key] = input;
          return h(
            'div',
            { class: 'field', id: 'wrap-' + f.key },
            h('label', { for: input.id, text: f.header + (f.required ? ' *' : ''), title: f.meaning }),
            input,
            h('span', { class: 'field-error', id: 'error-' + f.key }),
          );
        }),
      ),
    );
    if (manage) {
      form.append(h('button', { type: 'submit', id: 'customer-save', class: 'button primary', text: isNew ? S.customer.create : S.customer.save }));
    }
  }

  function fill(c) {
    stored = c;
    for (const [key, input] of Object.entries(inputs)) input.value = (c && c.cells[key]) || '';
    clearFieldErrors();
  }

  function clearFieldErrors() {
    for (const key of Object.keys(inputs)) {
      inputs[key].removeAttribute('aria-invalid');
      document.getElementById('error-' + key).textContent = '';
    }
  }

  function showFieldErrors(errors) {
    clearFieldErrors();
    for (const e of errors) {
      const input = inputs[e.field];
      if (!input) continue;
      input.setAttribute('aria-invalid', 'true');
      const box = document.getElementById('error-' + e.field);
      box.textContent = box.textContent ? box.textContent + ' ' + e.message : e.message;
    }
    const first = errors.find((e) => inputs[e.field]);
    if (first) inputs[first.field].focus();
  }

  function renderConsent(c) {
    const row = (name, st) =>
      h(
        'tr',
        { id: 'consent-' + name },
        h('th', { scope: 'row', text: S.customer.channel[name] }),
        h('td', { class: 'consent-state', text: S.customer.state[st.state] || st.state }),
        h('td', { text: st.changed_at ? formatDate(st.changed_at) : '—' }),
        h('td', { class: 'consent-source', text: st.origin ? S.customer.sourceOf(st.origin.action, st.origin.import_id, st.origin.file_name, st.origin.platform, st.origin.actor) : '—' }),
      );
    consentBox.replaceChildren(
      h('h2', { text: S.customer.consent }),
      h(
        'table',
        { class: 'plain' },
        h('thead', {}, h('tr', {}, [S.customer.channelTitle, S.customer.stateTitle, S.customer.changedAt, S.customer.source].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, row('email', c.consent.email), row('sms', c.consent.sms)),
      ),
    );
  }

  function renderHistory(entries, headers) {
    const what = (e) => {
      if (e.merge_id) return e.action === 'undo' ? S.customer.mergeUndone(e.merge_id) : S.customer.action.merge + ' ' + S.customer.mergeRef(e.merge_id);
      return S.customer.action[e.action] + (e.import_id ? ' ' + S.customer.importRef(e.import_id, e.file_name) : '');
    };
    // A merge can be undone from the history of either customer: its last merge entry.
    const lastMerge = entries.findLast((e) => e.merge_id);
    const undoButton = (e) => {
      if (!manage || e !== lastMerge || e.action !== 'merge') return null;
      const b = h('button', { type: 'button', class: 'undo-merge', 'data-merge': e.merge_id, text: S.customer.undoMerge });
      b.addEventListener('click', async () => {
        b.disabled = true;
        clearError();
        try {
          await api.undoMerge(e.merge_id);
          if (stopped) return;
          load().catch(showError);
        } catch (err) {
          b.disabled = false;
          showError(err);
        }
      });
      return b;
    };
    historyBox.replaceChildren(
      h('h2', { text: S.customer.history }),
      entries.length
        ? h(
            'table',
            { class: 'plain', id: 'customer-history-table' },
            h('thead', {}, h('tr', {}, [S.customer.when, S.customer.who, S.customer.what, S.customer.changes].map((t) => h('th', { scope: 'col', text: t })))),
            h(
              'tbody',
              {},
              entries.map((e) =>
                h(
                  'tr',
                  { 'data-action': e.action },
                  h('td', { text: formatDate(e.at) }),
                  h('td', { text: e.actor }),
                  h('td', {}, what(e), ' ', undoButton(e)),
                  h(
                    'td',
                    {},
                    e.changes.map((ch) => h('div', { class: 'change', text: `${headers[ch.field] || ch.field}: ${ch.old || '—'} → ${ch.new || '—'}` })),
                  ),
                ),
              ),
            ),
          )
        : h('p', { text: S.customer.noHistory }),
    );
  }

  function renderActions() {
    actions.replaceChildren(
      manage
        ? [
            h('a', { id: 'customer-export-html', class: 'button', href: api.links.customerExport(id, 'html'), target: '_blank', rel: 'noopener', text: S.customer.exportHTML }),
            h('a', { id: 'customer-export-json', class: 'button', href: api.links.customerExport(id, 'json'), download: true, text: S.customer.exportJSON }),
          ]
        : null,
      h('span', { class: 'spacer' }),
      erase ? h('button', { type: 'button', id: 'customer-erase', class: 'button danger', onclick: askErase, text: S.customer.erase }) : null,
    );
  }

  function askErase() {
    const yes = h('button', { type: 'button', id: 'customer-erase-confirm', class: 'button danger', text: S.customer.eraseConfirm });
    const no = h('button', { type: 'button', id: 'customer-erase-cancel', class: 'button', text: S.customer.eraseCancel });
    const box = h('div', { class: 'confirm-box', id: 'customer-erase-box', role: 'alertdialog', 'aria-labelledby': 'erase-question' }, h('p', { id: 'erase-question', text: S.customer.eraseQuestion(stored.cells.account_number) }), yes, no);
    actions.after(box);
    no.addEventListener('click', () => box.remove());
    yes.addEventListener('click', async () => {
      yes.disabled = no.disabled = true;
      try {
        await api.eraseCustomer(id);
        ctx.navigate('#/customers');
      } catch (err) {
        yes.disabled = no.disabled = false;
        showError(err);
      }
    });
    yes.focus();
  }

  async function load() {
    const fields = await ctx.fields();
    if (stopped) return;
    const headers = Object.fromEntries(fields.map((f) => [f.key, f.header]));
    buildForm(fields);
    if (isNew) {
      fill(null);
      return;
    }
    const [c, hist] = await Promise.all([api.customer(id), api.customerHistory(id)]);
    if (stopped) return;
    fill(c);
    renderConsent(c);
    renderHistory(hist.entries, headers);
    renderActions();
    main.querySelector('h1').textContent = S.customer.titleOf(c.cells.first_name, c.cells.last_name, c.cells.account_number);
    ctx.setTitle(main.querySelector('h1').textContent);
    load.headers = headers;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError();
    const cells = {};
    for (const [key, input] of Object.entries(inputs)) {
      const before = (stored && stored.cells[key]) || '';
      if (input.value !== before) cells[key] = input.value;
    }
    if (!isNew && !Object.keys(cells).length) {
      status.textContent = S.customer.nothingChanged;
      return;
    }
    const save = document.getElementById('customer-save');
    save.disabled = true;
    status.textContent = S.customer.saving;
    try {
      if (isNew) {
        const c = await api.createCustomer(cells);
        ctx.navigate('#/customers/' + c.id);
        return;
      }
      const c = await api.editCustomer(id, cells);
      fill(c);
      renderConsent(c);
      const hist = await api.customerHistory(id);
      if (stopped) return;
      renderHistory(hist.entries, load.headers || {});
      status.textContent = S.customer.saved;
    } catch (err) {
      status.textContent = '';
      if (err.status === 422 && err.body && err.body.errors) {
        showFieldErrors(err.body.errors);
        showError(S.customer.notSaved);
      } else {
        showError(err);
      }
    } finally {
      save.disabled = false;
    }
  });

  load().catch(showError);
  return () => {
    stopped = true;
  };
}
