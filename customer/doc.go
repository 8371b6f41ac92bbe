// Package customer is Clientele's domain: the field catalogue, customers, tenants, staged imports,
// the row rules with their error codes, and the application error type.
//
// It imports nothing of storage, HTTP or file formats, so that every face of Clientele (CLI, web,
// API) and every store (SQLite, PostgreSQL) agrees on one set of rules. The catalogue in
// fields.go is the single source from which the template, field guide, validation and export are
// generated: adding a field is one line there plus one column in a migration.
//
// Phone numbers are libphonenumber's (github.com/nyaruka/phonenumbers): its metadata, validity
// and formats. Only its parser is ported, in phoneparse.go, for the digit strings readPhone hands
// it: the general parser's regular expressions were a quarter of a dry run's CPU (the measured
// reason, and the differential test that holds the port to the library, are in that file).
package customer
