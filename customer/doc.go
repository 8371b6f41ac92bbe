// Package customer is Clientele's domain: the field catalogue, customers, tenants, staged imports,
// the row rules with their error codes, and the application error type.
//
// It imports nothing of storage, HTTP or file formats, so that every face of Clientele (CLI, web,
// API) and every store (SQLite, PostgreSQL) agrees on one set of rules. The catalogue in
// fields.go is the single source from which the template, field guide, validation and export are
// generated: adding a field is one line there plus one column in a migration.
//
// Phone numbers are libphonenumber's (github.com/nyaruka/phonenumbers): its metadata and formats.
// Two of its functions are ported, for the digit strings readPhone hands them, because on such
// strings most of their work cannot change the answer. The parser (phoneparse.go) skips the
// general regular expressions that took half of phonenumbers.Parse, itself ~60% of readPhone in
// a 100,000-row import (BenchmarkReadPhone: 12–16 µs a number to 4.6–6.2); the validity check
// (phonevalid.go) compiles each pattern once, where IsValidNumber then took 0.86 s of readPhone's
// 1.41 s (6.3–6.8 µs a number to 3.4–3.6). TestParseDigitsMatchesLibrary and FuzzParseDigits
// (phoneparse_test.go) hold both ports to the library.
//
// Mistyped email domains (emailtypo.go) are measured with github.com/hbollon/go-edlib's
// Damerau-Levenshtein distance, behind a map of known domains and a bound on length and
// characters that spares it nearly every address. The library allocates at each call: with the
// length bound alone, a row with an address at a shop's own domain took 38–54 µs to normalise
// instead of 3–10 (BenchmarkNormalizeEmails/company, 100,000 rows); with the character bound the
// check adds 0.2–0.3 µs to such a row, and to one at a known domain a map lookup and no
// allocation (BenchmarkCheckEmailDomain). FuzzEditsAtLeast holds the bound below the distance.
package customer
