// Package importer is the import workflow — stage a file, check its rows, edit and re-check them,
// confirm (commit) or discard — written once against the Store interface so that the CLI, the web
// page and the API all import the same way.
//
// The checks themselves are pure functions in package customer; this package feeds them: it reads
// the file (package sheet), looks up the stored customers that any row could match (set-based, in
// batches), and persists the outcome as staged rows.
package importer
