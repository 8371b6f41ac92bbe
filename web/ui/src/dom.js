// Small DOM helpers. Text always goes in as text nodes, never as HTML, because cell values and
// file names come from uploaded spreadsheets.

// h creates an element: h('a', {href: '#/', class: 'button'}, 'Text', child, …).
// Attributes: "class", "for", "text" (textContent), "on<event>" (listener), booleans for
// boolean attributes (true sets, false/null/undefined omits); anything else as an attribute.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'text') {
      el.textContent = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

// The page-wide alert area (role="alert" in index.html): errors from the server go here.
export function showError(err) {
  // A 401 has already brought up the login form, which says what happened.
  if (err && err.status === 401) return;
  const box = document.getElementById('alert');
  if (!box) return;
  box.textContent = err && err.message ? err.message : String(err);
}

export function clearError() {
  const box = document.getElementById('alert');
  if (box) box.textContent = '';
}

// heading creates the screen's h1, focusable so that the router can move focus to it.
export function heading(text) {
  return h('h1', { tabindex: '-1', text });
}
