// Package customer is Clientele's domain: the field catalogue, customers, tenants, staged imports,
// the row rules with their error codes, and the application error type.
//
// It imports nothing of storage, HTTP or file formats, so that every face of Clientele (CLI, web,
// API) and every store (SQLite, PostgreSQL) agrees on one set of rules. The catalogue in
// fields.go is the single source from which the template, field guide, validation and export are
// generated: adding a field is one line there plus one column in a migration.
//
// Phone numbers are libphonenumber's (github.com/nyaruka/phonenumbers): its metadata and formats.
// Two of its functions are ported, for the digit strings readPhone hands them: the parser
// (phoneparse.go), whose general regular expressions were a quarter of a dry run's CPU, and the
// validity check (phonevalid.go), the largest part of reading a number once the parse was ported.
// Each file gives its measured reason; the differential test and fuzz target that hold both ports
// to the library are in phoneparse_test.go (TestParseDigitsMatchesLibrary, FuzzParseDigits).
package customer
