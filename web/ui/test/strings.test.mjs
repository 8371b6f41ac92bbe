// Checks the page's dictionaries against the English one (src/strings.js): every key there must
// be in strings.nb.js and strings.pl.js with the same kind of value, and every function must take
// the same arguments and return a whole sentence. Then the words a translation gets wrong most
// easily: Polish and Norwegian plural forms, numbers and dates in the reader's locale, and the
// in-place switch of i18n.js. Run by web/i18n_test.go (go test ./web), or alone:
//   node web/ui/test/strings.test.mjs
// It prints one line per problem and exits 1 when there is any.

import { S as en, formatDate, formatNumber } from '../src/strings.js';
import { S as nb } from '../src/strings.nb.js';
import { S as pl } from '../src/strings.pl.js';
import { useLanguage, language, guessLanguage } from '../src/i18n.js';

const problems = [];
const fail = (msg) => problems.push(msg);
const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

// sample is an argument that serves every parameter the dictionaries have: a number (3), a
// string ("3"), and a summary object ({new, update, unchanged, error}).
const sample = Object.assign(new Number(3), { rows: 11, new: 3, update: 1, unchanged: 2, error: 5 });

function compare(lang, base, dict, path) {
  for (const [key, want] of Object.entries(base)) {
    const at = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(dict, key)) {
      fail(`${lang}: ${at} is missing (English: ${JSON.stringify(typeof want === 'function' ? String(want) : want)})`);
      continue;
    }
    const got = dict[key];
    if (kind(got) !== kind(want)) {
      fail(`${lang}: ${at} is a ${kind(got)}, English has a ${kind(want)}`);
      continue;
    }
    if (kind(want) === 'object') {
      compare(lang, want, got, at);
    } else if (kind(want) === 'function') {
      if (got.length !== want.length) fail(`${lang}: ${at} takes ${got.length} arguments, English takes ${want.length}`);
      let text;
      try {
        text = got(...Array(want.length).fill(sample));
      } catch (err) {
        fail(`${lang}: ${at}(…) throws ${err}`);
        continue;
      }
      if (typeof text !== 'string' || !text.trim() || /undefined|NaN|\[object/.test(text)) {
        fail(`${lang}: ${at}(…) gives ${JSON.stringify(text)}`);
      }
    } else if (kind(want) === 'string' && key !== 'locale' && want.trim() && !String(got).trim()) {
      fail(`${lang}: ${at} is empty`);
    }
  }
  for (const key of Object.keys(dict)) {
    if (!Object.hasOwn(base, key)) fail(`${lang}: ${path ? path + '.' : ''}${key} is not in strings.js (a misspelt key?)`);
  }
}

compare('nb', en, nb, '');
compare('pl', en, pl, '');

// A translation that is still the English text is a key someone forgot to translate. Words that
// are the same in the language are listed.
const same = new Set(['appName', 'templates.format', 'grid.status', 'nav.import']);
function untranslated(lang, base, dict, path) {
  for (const [key, want] of Object.entries(base)) {
    const at = path ? `${path}.${key}` : key;
    if (kind(want) === 'object' && kind(dict[key]) === 'object') untranslated(lang, want, dict[key], at);
    else if (typeof want === 'string' && want.length > 3 && dict[key] === want && !same.has(at)) {
      fail(`${lang}: ${at} is still English: ${JSON.stringify(want)}`);
    }
  }
}
untranslated('nb', en, nb, '');
untranslated('pl', en, pl, '');

function expect(what, got, want) {
  if (got !== want) fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
const nbsp = '\u00a0';
const summary = (o) => ({ rows: 0, new: 0, update: 0, unchanged: 0, error: 0, ...o });

// Polish counts in three forms: 1 klient, 2–4 klienci (and 22–24, not 12–14), 5+ klientów.
for (const [count, want] of [
  [1, '1 nowy klient'],
  [2, '2 nowi klienci'],
  [4, '4 nowi klienci'],
  [5, '5 nowych klientów'],
  [12, '12 nowych klientów'],
  [22, '22 nowi klienci'],
  [25, '25 nowych klientów'],
  [0, '0 nowych klientów'],
]) {
  expect(`pl confirm.summary new=${count}`, pl.confirm.summary(summary({ new: count })).split(', ')[0], want);
}
expect('pl skipped 1', pl.confirm.summary(summary({ error: 1 })).split('; ')[1], '1 wiersz z błędem zostanie pominięty');
expect('pl skipped 3', pl.confirm.summary(summary({ error: 3 })).split('; ')[1], '3 wiersze z błędami zostaną pominięte');
expect('pl skipped 7', pl.confirm.summary(summary({ error: 7 })).split('; ')[1], '7 wierszy z błędami zostanie pominiętych');
expect('pl result 1', pl.result.committed(summary({ new: 1, update: 2 })), 'Dodano 1 klienta, zaktualizowano 2.');
expect('pl result 3', pl.result.committed(summary({ new: 3, error: 2 })), 'Dodano 3 klientów, zaktualizowano 0; pominięto 2 wiersze z błędami.');
expect('pl result 5', pl.result.committed(summary({ new: 5, unchanged: 1, error: 5 })), 'Dodano 5 klientów, zaktualizowano 0, bez zmian: 1; pominięto 5 wierszy z błędami.');
expect('pl pending 1', pl.grid.pending(1), 'Niezapisane zmiany: 1 wiersz.');
expect('pl pending 3', pl.grid.pending(3), 'Niezapisane zmiany: 3 wiersze.');
expect('pl pending 15', pl.grid.pending(15), 'Niezapisane zmiany: 15 wierszy.');
expect('pl progress of 1', pl.imp.progressCount(0, 1), '0 z 1 wiersza');
expect('pl progress', pl.imp.progressCount(12345, 100000), `12${nbsp}345 z 100${nbsp}000 wierszy`);

// Norwegian: one and the rest; numbers grouped with a (no-break) space.
expect('nb result 1', nb.result.committed(summary({ new: 1 })), '1 kunde opprettet, 0 oppdatert.');
expect('nb result many', nb.result.committed(summary({ new: 1234, update: 1, error: 1 })), `1${nbsp}234 kunder opprettet, 1 oppdatert; 1 rad med feil ble hoppet over.`);
expect('nb pending', nb.grid.pending(2), '2 rader endret, men ikke lagret ennå.');
expect('nb list range', nb.list.range(1, 50, 62716), `1–50 av 62${nbsp}716`);
expect('pl list range', pl.list.range(62701, 62716, 62716), `62${nbsp}701–62${nbsp}716 z 62${nbsp}716`);
expect('pl pages', pl.list.pageOf(1255), 'z 1255'); // Polish groups from five digits
expect('nb pages', nb.list.pageOf(1255), `av 1${nbsp}255`);
expect('nb progress', nb.imp.progressCount(1500, 100000), `1${nbsp}500 av 100${nbsp}000 rader`);
expect('nb summary', nb.confirm.summary(summary({ new: 4, error: 1 })), '4 nye, 0 oppdateres, 0 uendret – 1 rad med feil hoppes over');

// i18n.js fills the one S every screen imports, in place, and back.
const grid = en.grid; // a screen holding a part of S sees the switch too
const when = '2026-03-05T14:07:00Z';
expect('starts in English', language(), 'en');
expect('guess without a browser', guessLanguage(), 'en');
useLanguage('nb');
expect('nb nav', en.nav.customers, 'Kunder');
expect('nb held part', grid.save, nb.grid.save);
expect('nb number', formatNumber(1234567.5), `1${nbsp}234${nbsp}567,5`);
if (!/^[456]\. mar(s|\.)? 2026,? (kl\. )?\d\d[:.]\d\d$/.test(formatDate(when))) fail(`nb date: ${JSON.stringify(formatDate(when))}`);
useLanguage('pl');
expect('pl nav', en.nav.customers, 'Klienci');
expect('pl tabulator', en.tabulator.pagination.page_size, 'Wierszy na stronie');
expect('pl number', formatNumber(12345.25), `12${nbsp}345,25`);
if (!/^[456] mar 2026, \d\d:\d\d$/.test(formatDate(when))) fail(`pl date: ${JSON.stringify(formatDate(when))}`);
// A text a translation lacks (say, one added in English a moment ago) shows in English rather
// than as "undefined".
const logOut = nb.nav.logOut;
delete nb.nav.logOut;
useLanguage('nb');
expect('missing Norwegian text', en.nav.logOut, 'Log out');
expect('the rest stays Norwegian', en.nav.customers, 'Kunder');
nb.nav.logOut = logOut;
useLanguage('sv');
expect('unknown is English', language(), 'en');
expect('back to English', en.nav.customers, 'Customers');
expect('English held part', grid.save, 'Save grid changes and validate');
expect('English locale', en.locale, '');

if (problems.length) {
  for (const p of problems) console.log(p);
  process.exit(1);
}
console.log('dictionaries en, nb, pl agree');
