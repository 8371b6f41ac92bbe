// Upload: choose the mode, then drop a spreadsheet on the drop zone or choose it with the file
// input. The upload starts at once; the import's own page (#/imports/{id}) then shows the check.

import * as api from './api.js';
import { S } from './strings.js';
import { h, heading, showError, clearError } from './dom.js';

export const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

export function uploadScreen(main, ctx) {
  const U = S.upload;
  ctx.setTitle(U.title);
  let busy = false;

  const radio = (value, label, hint, checked) =>
    h(
      'div',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'mode', id: 'mode-' + value, value, checked, 'aria-describedby': 'mode-' + value + '-hint' }),
      h('label', { for: 'mode-' + value, text: label }),
      h('p', { id: 'mode-' + value + '-hint', class: 'hint', text: hint }),
    );
  const modes = h('fieldset', { class: 'modes' }, h('legend', { text: U.modeLegend }), radio('create', U.create, U.createHint, true), radio('upsert', U.upsert, U.upsertHint, false));

  const input = h('input', { type: 'file', id: 'file-input', name: 'file', accept: ACCEPT, class: 'visually-hidden' });
  const status = h('p', { id: 'upload-status', class: 'status', role: 'status' });
  const zone = h(
    'div',
    { id: 'drop-zone', class: 'drop-zone' },
    h('p', {}, U.drop, ' ', h('label', { for: 'file-input', class: 'button', text: U.browse }), input),
    h('p', { class: 'hint', text: U.dropHint }),
  );
  const fileSet = h('fieldset', { class: 'file' }, h('legend', { text: U.fileLegend }), zone, status);

  main.append(
    heading(U.title),
    h('form', { class: 'upload', onsubmit: (e) => e.preventDefault() }, modes, fileSet),
    h('p', { class: 'muted' }, U.needTemplate, ' ', h('a', { href: '#/templates', text: U.templatesLink })),
  );

  async function upload(file) {
    if (busy || !file) return;
    busy = true;
    clearError();
    const mode = main.querySelector('input[name="mode"]:checked')?.value || 'create';
    input.disabled = true;
    zone.classList.add('busy');
    status.textContent = U.uploading(file.name);
    try {
      const imp = await api.createImport(file, mode);
      ctx.navigate('#/imports/' + imp.id);
    } catch (err) {
      showError(err);
      status.textContent = '';
    } finally {
      busy = false;
      input.disabled = false;
      input.value = '';
      zone.classList.remove('busy');
    }
  }

  input.addEventListener('change', () => upload(input.files[0]));
  return dropTarget(zone, (files) => {
    if (files.length > 1) {
      showError(new Error(U.oneFile));
      return;
    }
    upload(files[0]);
  });
}

// dropTarget makes zone take dropped files (calling take(files)) and stops the browser from
// opening a file dropped next to it. It returns the function that undoes this.
export function dropTarget(zone, take) {
  let depth = 0; // dragenter/dragleave fire for every child element
  const isFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  const onEnter = (e) => {
    if (!isFiles(e)) return;
    e.preventDefault();
    depth++;
    zone.classList.add('drag-over');
  };
  const onOver = (e) => {
    if (!isFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onLeave = () => {
    depth = Math.max(0, depth - 1);
    if (!depth) zone.classList.remove('drag-over');
  };
  const onDrop = (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('drag-over');
    const files = e.dataTransfer ? Array.from(e.dataTransfer.files || []) : [];
    if (files.length) take(files);
  };
  // Outside the zone a dropped file would replace the page: refuse the drop there.
  const refuse = (e) => {
    if (isFiles(e) && !zone.contains(e.target)) {
      e.preventDefault();
      if (e.type === 'dragover') e.dataTransfer.dropEffect = 'none';
    }
  };
  zone.addEventListener('dragenter', onEnter);
  zone.addEventListener('dragover', onOver);
  zone.addEventListener('dragleave', onLeave);
  zone.addEventListener('drop', onDrop);
  window.addEventListener('dragover', refuse);
  window.addEventListener('drop', refuse);
  return () => {
    window.removeEventListener('dragover', refuse);
    window.removeEventListener('drop', refuse);
  };
}

// uploadAgainButton is the "Upload again…" control of an import: a button-styled label for a
// file input. When a file is chosen and mayStart() agrees, send(file) uploads it and
// onImport(import) receives the answer.
export function uploadAgainButton(mayStart, send, onImport) {
  const input = h('input', { type: 'file', id: 'upload-again-input', accept: ACCEPT, class: 'visually-hidden' });
  const label = h('label', { for: 'upload-again-input', class: 'button', title: S.grid.uploadAgainLabel, text: S.grid.uploadAgain });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    if (!mayStart()) {
      input.value = '';
      return;
    }
    clearError();
    input.disabled = true;
    label.classList.add('disabled');
    try {
      onImport(await send(file));
    } catch (err) {
      showError(err);
    } finally {
      input.value = '';
      input.disabled = false;
      label.classList.remove('disabled');
    }
  });
  return {
    element: h('span', { class: 'upload-again' }, label, input),
    setDisabled(on) {
      input.disabled = on;
      label.classList.toggle('disabled', on);
    },
  };
}
