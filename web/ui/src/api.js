// The JSON API of docs/API.md. Every request sends the session cookie; every state-changing
// request also sends the CSRF token that /api/me handed out.

import { S } from './strings.js';

let csrfToken = '';
let unauthorizedHandler = () => {};

// APIError is an error answer: {"error": {"code", "message"}}, message being for a person.
export class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// onUnauthorized sets what happens when the server answers 401 (the session ended).
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

export function setCSRFToken(token) {
  csrfToken = token || '';
}

async function request(method, path, { json, form, headers = {}, expect401 = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (method !== 'GET' && csrfToken) init.headers['X-CSRF-Token'] = csrfToken;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (form) {
    init.body = form; // the browser sets the multipart boundary
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new APIError(0, 'network', S.errors.network);
  }
  const text = await res.text().catch(() => '');
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const e = body && body.error;
    const err = new APIError(res.status, (e && e.code) || 'http_' + res.status, (e && e.message) || S.errors.status(res.status));
    err.body = body; // a refused edit's errors, field by field
    if (res.status === 401 && !expect401) unauthorizedHandler(err);
    throw err;
  }
  return body;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== '' && v !== undefined && v !== null) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

// filterParams keeps the parts of a row filter the API knows, dropping the blank ones.
export function filterParams(filter) {
  const out = {};
  for (const k of ['status', 'code', 'field', 'q']) {
    const v = filter && filter[k];
    if (v !== undefined && v !== null && String(v).trim() !== '') out[k] = k === 'q' ? String(v).trim() : v;
  }
  return out;
}

function multipart(file, mode) {
  const form = new FormData();
  if (mode) form.append('mode', mode);
  form.append('file', file, file.name);
  return form;
}

// Session.
export const me = () => request('GET', '/api/me');
// A wrong password is a 401 that the login form shows, not an ended session.
export const logIn = (email, password) => request('POST', '/api/session', { json: { email, password }, expect401: true });
export const logOut = () => request('DELETE', '/api/session');
// language is en, nb or pl, or '' for the shop's; the answer is /api/me as it now is.
export const setLanguage = (language) => request('PUT', '/api/me/language', { json: { language } });
// The shop's settings (everyone reads them; owners change them): {slug, name, country, language,
// countries}; the change is any of {name, country, language}.
export const tenant = () => request('GET', '/api/tenant');
export const updateTenant = (change) => request('PATCH', '/api/tenant', { json: change });
// The catalogue is a JSON array of fields; an object {"fields": [...]} is taken too.
export const fields = () => request('GET', '/api/fields').then((b) => (Array.isArray(b) ? b : (b && b.fields) || []));

// Customers.
// sort is account, name, email or updated, with - before it for descending.
export const customers = (q, offset, limit, sort) => request('GET', '/api/customers' + query({ q, sort, offset, limit }));
export const customer = (id) => request('GET', `/api/customers/${id}`);
export const customerHistory = (id) => request('GET', `/api/customers/${id}/history`);
// cells maps field keys to text: only the changed ones. A refusal is a 422 whose body has errors.
export const editCustomer = (id, cells) => request('PATCH', `/api/customers/${id}`, { json: cells });
export const createCustomer = (cells) => request('POST', '/api/customers', { json: cells });
export const eraseCustomer = (id) => request('DELETE', `/api/customers/${id}`);

// Imports.
export const imports = (offset, limit) => request('GET', '/api/imports' + query({ offset, limit }));
export const createImport = (file, mode) => request('POST', '/api/imports', { form: multipart(file, mode) });
export const getImport = (id) => request('GET', `/api/imports/${id}`);
export const replaceFile = (id, file, mode) => request('POST', `/api/imports/${id}/file`, { form: multipart(file, mode) });
// filter is {status, code, field, q}, each optional: status new, update, unchanged, error,
// skipped or warning; code and field a problem (its code, on that field); q words in the row.
export const rows = (id, filter, offset, limit) => request('GET', `/api/imports/${id}/rows` + query({ ...filterParams(filter), offset, limit }));
// The problems of the rows with status and q (of filter): [{code, field, column, kind, count, label}].
export const problems = (id, filter) => {
  const { status, q } = filterParams(filter);
  return request('GET', `/api/imports/${id}/problems` + query({ status, q })).then((b) => (Array.isArray(b) ? b : []));
};
// bulkEdit sends one bulk edit: {where, set | fill_blank | replace | apply_suggestions | skip,
// validate, dry_run}; the answer is {changed, import}.
export const bulkEdit = (id, edit) => request('POST', `/api/imports/${id}/rows/bulk`, { json: edit });
// undoBulkEdit takes back the last bulk edit and re-checks the rows: {changed, import}.
export const undoBulkEdit = (id) => request('POST', `/api/imports/${id}/rows/bulk/undo`, { json: { validate: true } });
// cells maps field keys to the new cell text; only the changed ones.
export const editRow = (id, row, cells) => request('PATCH', `/api/imports/${id}/rows/${row}`, { json: cells });
export const validate = (id) => request('POST', `/api/imports/${id}/validate`);
export const confirmImport = (id, idempotencyKey) =>
  request('POST', `/api/imports/${id}/confirm`, { headers: { 'Idempotency-Key': idempotencyKey } });
export const discard = (id) => request('DELETE', `/api/imports/${id}`);
// The mapping step of an import in state mapping: its columns and suggestions; then the chosen
// mapping (header → field key, '' to ignore), remembered for the shop when remember is true.
export const getMapping = (id) => request('GET', `/api/imports/${id}/mapping`);
export const setMapping = (id, map, remember, defaults) => request('POST', `/api/imports/${id}/mapping`, { json: { map, remember, defaults: defaults || {} } });
export const undoPreview = (id) => request('GET', `/api/imports/${id}/undo`);
export const undoImport = (id, force) => request('POST', `/api/imports/${id}/undo`, { json: { force: !!force } });

// Your own password: the answer is /api/me as it now is; your other sessions end.
export const changePassword = (current, fresh) =>
  request('PUT', '/api/me/password', { json: { current_password: current, new_password: fresh } });

// Staff (owners). Adding and resetting answer the member with one_time_password, shown once.
export const staff = () => request('GET', '/api/staff');
export const addStaff = (member) => request('POST', '/api/staff', { json: member });
// change is {role} or {active}.
export const updateStaff = (id, change) => request('PATCH', `/api/staff/${id}`, { json: change });
export const resetPassword = (id) => request('POST', `/api/staff/${id}/password-reset`);

// API tokens (owners). Creating answers the token itself, once.
export const tokens = () => request('GET', '/api/tokens');
export const createToken = (t) => request('POST', '/api/tokens', { json: t });
export const revokeToken = (name) => request('DELETE', `/api/tokens/${encodeURIComponent(name)}`);

// The audit log (owners).
export const audit = (offset, limit) => request('GET', '/api/audit' + query({ offset, limit }));

// Download links (plain navigation: the server answers with an attachment).
export const links = {
  export: (format) => '/api/customers/export' + query({ format }),
  customerExport: (id, format) => `/api/customers/${id}/export` + query({ format }),
  template: (withCustomers) => '/api/template' + (withCustomers ? '?with_customers=true' : ''),
  errorRows: (id) => `/api/imports/${id}/errors.xlsx`,
};

// uuid returns a random version 4 UUID. crypto.randomUUID exists only in secure contexts, and a
// shop's back office may well be plain HTTP on the local network; getRandomValues works in both.
export function uuid() {
  if (globalThis.crypto && typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
