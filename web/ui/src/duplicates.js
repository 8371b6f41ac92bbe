// Duplicates (managers and owners): clusters of stored customers that are likely one person,
// best first. A pair is shown side by side, the fields that differ highlighted, each with a
// choice of the value that survives; "Merge" keeps the first customer with the chosen values
// and deletes the other, "Not duplicates" hides the pair for good. Recent merges can be undone
// here, from History and from the customer's page.

import * as api from './api.js';
import { S, formatDate } from './strings.js';
import { h, heading, showError, clearError } from './dom.js';

// CONSENT_OF names, for each consent's date, its consent: the date goes with the consent merged.
const CONSENT_OF = { email_consent_at: 'email_opt_in', sms_consent_at: 'sms_opt_in' };

export function duplicatesScreen(main, ctx) {
  const D = S.duplicates;
  ctx.setTitle(D.title);
  const status = h('p', { id: 'duplicates-status', role: 'status' });
  const say = (text, ok = true, extra = null) => {
    status.replaceChildren(text || '', extra ? ' ' : '', extra || '');
    status.className = text ? 'notice ' + (ok ? 'success' : 'error') : '';
  };
  const list = h('div', { id: 'duplicates' }, h('p', { class: 'muted', text: S.loading }));
  // An undo there brings the pair back here; the section shows its own list again.
  const merges = mergesSection({ onUndone: () => loadClusters() });
  main.append(heading(D.title), h('p', { class: 'muted', text: D.intro }), status, list, merges.element);
  let stopped = false;
  let fields = [];

  function load() {
    merges.load();
    return loadClusters();
  }

  async function loadClusters() {
    try {
      const [fs, page] = await Promise.all([ctx.fields(), api.duplicates()]);
      if (stopped) return;
      fields = fs;
      const clusters = page.clusters || [];
      list.replaceChildren(...(clusters.length ? clusters.map(clusterView) : [h('p', { id: 'duplicates-empty', text: D.empty })]));
    } catch (err) {
      showError(err);
    }
  }

  // clusterView shows a cluster's best pair, and lets the user pick another pair of it.
  function clusterView(cluster, n) {
    const byID = Object.fromEntries(cluster.customers.map((c) => [c.id, c]));
    const box = h('section', { class: 'dup-cluster', 'data-ids': cluster.customers.map((c) => c.id).join(' ') });
    const title = h('h2', { text: D.clusterTitle(n + 1, cluster.customers.length) });
    const body = h('div');
    let pick = null;
    if (cluster.pairs.length > 1) {
      pick = h(
        'select',
        { 'aria-label': D.pair },
        cluster.pairs.map((p, i) => h('option', { value: i, text: `${label(byID[p.a])} ~ ${label(byID[p.b])} (${D.score(p.score)})` })),
      );
      pick.addEventListener('change', () => body.replaceChildren(pairView(cluster.pairs[Number(pick.value)], byID, box)));
    }
    body.append(pairView(cluster.pairs[0], byID, box));
    box.append(...[title, pick ? h('label', {}, D.pair + ' ', pick) : null, body].filter(Boolean));
    return box;
  }

  // pairView is two customers side by side with a choice per differing field.
  function pairView(pair, byID, box) {
    const into = byID[pair.a];
    const from = byID[pair.b];
    const newer = new Date(from.updated_at) > new Date(into.updated_at) ? 'from' : 'into';
    const choices = {};
    const rows = [];
    for (const f of fields) {
      const a = into.cells[f.key] || '';
      const b = from.cells[f.key] || '';
      if (!a && !b) continue;
      if (a === b) {
        rows.push(h('tr', { 'data-field': f.key }, h('th', { scope: 'row', text: f.header }), h('td', { text: a }), h('td', { text: b })));
        continue;
      }
      // A consent's date is not chosen: it goes with the consent chosen (customer.MergeValues).
      const consent = fields.find((c) => c.key === CONSENT_OF[f.key]);
      if (consent) {
        rows.push(
          h(
            'tr',
            { 'data-field': f.key, class: 'differs' },
            h('th', { scope: 'row' }, f.header, h('br'), h('small', { class: 'muted', text: D.followsConsent(consent.header) })),
            h('td', { text: a || '—' }),
            h('td', { text: b || '—' }),
          ),
        );
        continue;
      }
      // The default is the server's: the non-blank value, else the newer customer's; the
      // account number is the kept customer's.
      const side = f.key === 'account_number' ? 'into' : !a ? 'from' : !b ? 'into' : newer;
      choices[f.key] = side;
      const name = `dup-${pair.a}-${pair.b}-${f.key}`;
      const cell = (which, value, who) => {
        const radio = h('input', { type: 'radio', name, value: which, 'aria-label': D.keep(f.header, who), checked: side === which });
        radio.addEventListener('change', () => {
          choices[f.key] = which;
        });
        return h('td', { class: 'differs' }, h('label', {}, radio, ' ', value ? value : h('span', { class: 'muted', text: '—' })));
      };
      rows.push(
        h(
          'tr',
          { 'data-field': f.key, class: 'differs' },
          h('th', { scope: 'row', text: f.header }),
          cell('into', a, label(into)),
          cell('from', b, label(from)),
        ),
      );
    }
    const mergeBtn = h('button', { type: 'button', class: 'button primary dup-merge', text: D.merge(label(from), label(into)) });
    const dismissBtn = h('button', { type: 'button', class: 'button dup-dismiss', text: D.notDuplicates });
    mergeBtn.addEventListener('click', async () => {
      clearError();
      mergeBtn.disabled = dismissBtn.disabled = true;
      say(D.merging);
      try {
        const res = await api.mergeCustomers(into.id, from.id, choices);
        if (stopped) return;
        box.remove();
        const undo = h('button', { type: 'button', id: 'duplicates-undo', class: 'link', text: D.undo });
        undo.addEventListener('click', () => undoMerge(res.merge.id, undo));
        say(D.merged(res.merge.from_account, res.merge.into_account), true, undo);
        merges.load();
        if (!list.querySelector('.dup-cluster')) list.replaceChildren(h('p', { id: 'duplicates-empty', text: D.empty }));
      } catch (err) {
        mergeBtn.disabled = dismissBtn.disabled = false;
        say('');
        showError(err);
      }
    });
    dismissBtn.addEventListener('click', async () => {
      clearError();
      mergeBtn.disabled = dismissBtn.disabled = true;
      try {
        await api.dismissDuplicates(into.id, from.id);
        if (stopped) return;
        say(D.dismissed);
        await loadClusters(); // the merges are as they were
      } catch (err) {
        mergeBtn.disabled = dismissBtn.disabled = false;
        showError(err);
      }
    });
    const reasons = (pair.reasons || []).map((r) => D.reasons[r] || r).join(', ');
    return h(
      'div',
      { class: 'dup-pair', 'data-pair': `${pair.a} ${pair.b}` },
      h('p', { class: 'muted', text: `${D.score(pair.score)}: ${reasons}` }),
      h(
        'table',
        { class: 'plain dup-compare' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', text: D.field }),
            h('th', { scope: 'col' }, h('a', { href: '#/customers/' + into.id, text: label(into) })),
            h('th', { scope: 'col' }, h('a', { href: '#/customers/' + from.id, text: label(from) })),
          ),
        ),
        h('tbody', {}, rows),
      ),
      h('div', { class: 'toolbar' }, mergeBtn, dismissBtn),
    );
  }

  async function undoMerge(id, button) {
    clearError();
    button.disabled = true;
    try {
      const m = await api.undoMerge(id);
      if (stopped) return;
      say(D.undone(m.from_account, m.into_account));
      await load();
    } catch (err) {
      button.disabled = false;
      showError(err);
    }
  }

  load();
  return () => {
    stopped = true;
  };
}

// label names a customer by account number and name.
function label(c) {
  const name = [c.cells.first_name, c.cells.last_name].filter(Boolean).join(' ') || c.cells.company || '';
  return name ? `${c.cells.account_number} ${name}` : c.cells.account_number;
}

// mergesSection lists the shop's recent merges, each not undone with an Undo button; onUndone
// runs after an undo. Its load() fetches the list again.
export function mergesSection({ onUndone } = {}) {
  const D = S.duplicates;
  const body = h('div', { id: 'merges-list' });
  // Hidden until there is a merge to show: a shop that never merged sees no empty section.
  const element = h('section', { id: 'merges', hidden: true }, h('h2', { text: D.merges }), body);
  async function load() {
    try {
      const page = await api.merges(0, 20);
      const ms = page.merges || [];
      element.hidden = !ms.length;
      body.replaceChildren(
        ms.length
          ? h(
              'table',
              { class: 'plain', id: 'merges-table' },
              h('thead', {}, h('tr', {}, [D.when, D.who, D.what, ''].map((t) => h('th', { scope: 'col', text: t })))),
              h('tbody', {}, ms.map(row)),
            )
          : h('p', { text: D.noMerges }),
      );
    } catch (err) {
      showError(err);
    }
  }
  function row(m) {
    let action = h('span', { class: 'badge state-undone', text: D.undoneBadge });
    if (!m.undone_at) {
      action = h('button', { type: 'button', class: 'undo-merge', 'data-merge': m.id, text: D.undo });
      action.addEventListener('click', async () => {
        action.disabled = true;
        clearError();
        try {
          await api.undoMerge(m.id);
          await load();
          if (onUndone) onUndone();
        } catch (err) {
          action.disabled = false;
          showError(err);
        }
      });
    }
    return h(
      'tr',
      { 'data-merge': m.id },
      h('td', { class: 'nowrap', text: formatDate(m.at) }),
      h('td', { text: m.actor }),
      h('td', { text: D.mergeText(`${m.from_account} ${m.from_name}`, `${m.into_account} ${m.into_name}`) }),
      h('td', {}, action),
    );
  }
  return { element, load };
}
