// One import (#/imports/{id}), whatever its state: the progress of the background work —
// checking the file, committing, undoing — (polled; the id in the address lets a reloaded page
// pick it up again), the failure, the grid of a staged import, or the result of a committed or
// discarded one.

import * as api from './api.js';
import { S, formatDate } from './strings.js';
import { h, heading, showError, clearError } from './dom.js';
import { gridView } from './grid.js';
import { uploadAgainButton } from './upload.js';
import { mappingView } from './mapping.js';

const POLL_MS = 500;
const RETRY_MS = 2000;

// The states of background work, which the page follows until they end.
export const WORKING = ['checking', 'committing', 'undoing'];

export function importScreen(main, ctx) {
  const id = ctx.params[0];
  const title = heading(S.loading);
  const meta = h('p', { id: 'import-meta', class: 'meta' });
  const body = h('div', { id: 'import-body' });
  main.append(title, meta, body);
  ctx.setTitle(S.loading);

  let stopView = null;
  let stopped = false;
  let shown = false;

  // show draws the import in its state, replacing what was there.
  function show(imp) {
    if (stopped) return;
    if (stopView) stopView();
    stopView = null;
    ctx.guard(null);
    const file = imp.file_name;
    const t = {
      checking: S.imp.titleChecking(file),
      committing: S.imp.titleCommitting(file),
      undoing: S.imp.titleUndoing(file),
      failed: S.imp.titleFailed(file),
      staged: S.imp.titleStaged(file),
      mapping: S.mapping.title(file),
    }[imp.state] || S.imp.titleDone(file);
    title.textContent = t;
    ctx.setTitle(t);
    meta.replaceChildren(
      h('span', { id: 'import-state', class: 'badge state-' + imp.state, text: S.states[imp.state] || imp.state }),
      ' ',
      S.imp.meta(S.modes[imp.mode] || imp.mode, imp.created_by, formatDate(imp.created_at)),
    );
    body.replaceChildren();
    body.dataset.state = imp.state;
    switch (imp.state) {
      case 'checking':
      case 'committing':
      case 'undoing':
        stopView = workingView(body, imp, show);
        break;
      case 'failed':
        failedView(body, imp, show);
        break;
      case 'staged':
        stopView = stagedView(body, imp, ctx, show);
        break;
      case 'mapping':
        stopView = mappingView(body, imp, ctx, show);
        break;
      default:
        resultView(body, imp);
    }
    // A new state (checked, committed, discarded) is news: bring the reader to its heading.
    if (shown) title.focus({ preventScroll: true });
    shown = true;
  }

  api.getImport(id).then(show, (err) => {
    title.textContent = S.imp.titleDone('#' + id);
    showError(err);
  });

  return () => {
    stopped = true;
    if (stopView) stopView();
  };
}

// workingView shows the progress of the import's background work and polls until it ends.
function workingView(body, imp, show) {
  const progress = h('progress', { id: 'import-progress', 'aria-labelledby': 'progress-phase' });
  const phase = h('p', { id: 'progress-phase', class: 'phase', role: 'status' });
  const count = h('p', { id: 'progress-count', class: 'muted' });
  body.append(h('div', { class: 'progress-box' }, phase, progress, count));
  let timer = 0;
  let stopped = false;

  function update(p) {
    p = p || {};
    phase.textContent = S.phases[p.phase] || p.phase || S.phases[''];
    if (p.total > 0) {
      progress.max = p.total;
      progress.value = Math.min(p.done || 0, p.total);
    } else {
      progress.removeAttribute('value'); // indeterminate until the total is known
    }
    count.textContent = S.imp.progressCount(p.done || 0, p.total || 0);
  }

  async function tick() {
    let wait = POLL_MS;
    try {
      const next = await api.getImport(imp.id);
      if (stopped) return;
      if (next.state !== imp.state) {
        show(next);
        return;
      }
      clearError();
      update(next.progress);
    } catch (err) {
      if (stopped) return;
      showError(err);
      wait = RETRY_MS;
    }
    timer = setTimeout(tick, wait);
  }

  update(imp.progress);
  timer = setTimeout(tick, POLL_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function failedView(body, imp, show) {
  const again = uploadAgainButton(
    () => true,
    (file) => api.replaceFile(imp.id, file, imp.mode),
    show,
  );
  body.append(
    h('div', { class: 'notice error' }, h('p', { id: 'import-failure', text: imp.failure }), h('p', { text: S.imp.failedHelp })),
    h('p', { class: 'actions' }, again.element, ' ', h('a', { href: '#/import', class: 'button', text: S.imp.newImport })),
  );
}

function stagedView(body, imp, ctx, show) {
  let stop = null;
  let stopped = false;
  ctx
    .fields()
    .then((fields) => {
      if (!stopped) stop = gridView(body, imp, fields, ctx, show);
    })
    .catch(showError);
  return () => {
    stopped = true;
    if (stop) stop();
  };
}

function resultView(body, imp) {
  const s = imp.summary || {};
  const R = S.result;
  if (imp.state === 'committed') {
    body.append(
      h('div', { class: 'notice success' }, h('p', { id: 'import-result', class: 'result', text: R.committed(s) }), imp.confirmed_by ? h('p', { class: 'muted', text: R.confirmedBy(imp.confirmed_by, formatDate(imp.confirmed_at)) }) : null),
      s.error > 0
        ? h(
            'p',
            {},
            h('a', { id: 'download-errors', class: 'button', href: api.links.errorRows(imp.id), download: true, text: R.downloadErrors }),
            ' ',
            h('span', { class: 'muted', text: R.downloadErrorsHint }),
          )
        : null,
    );
  } else if (imp.state === 'undone') {
    body.append(h('div', { class: 'notice' }, h('p', { id: 'import-result', class: 'result', text: S.undo.result })));
  } else {
    body.append(h('div', { class: 'notice' }, h('p', { id: 'import-result', class: 'result', text: R.discarded })));
  }
  body.append(
    h(
      'p',
      { class: 'actions' },
      h('a', { href: '#/customers', class: 'button', text: S.imp.backToCustomers }),
      ' ',
      h('a', { href: '#/import', class: 'button', text: S.imp.importAnother }),
    ),
  );
  if (imp.warnings && imp.warnings.length) {
    body.append(h('h2', { text: S.imp.warnings }), h('ul', { class: 'warnings' }, imp.warnings.map((w) => h('li', { text: w }))));
  }
}
