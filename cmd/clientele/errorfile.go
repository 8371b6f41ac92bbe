package main

import (
	"errors"
	"io"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// errorFile writes a dry run's error file (importer.WriteErrors) while the rows are checked: a
// dry run stores no rows to read back, and its error rows, up to a million, are too many to hold.
// The checked rows go to the writer, in its own goroutine, through a channel.
type errorFile struct {
	path   string
	format importer.Format
	lang   string
	rows   chan customer.StagedRow
	done   chan error
	closed bool
	// abandoned, set before rows is closed, tells the writer to fail rather than put the file in
	// place.
	abandoned bool
}

var errAbandoned = errors.New("error file: the check did not finish")

// errorFileOf returns the error file --errors names, nil for none.
func errorFileOf(path string, format importer.Format, lang string) *errorFile {
	if path == "" {
		return nil
	}
	return &errorFile{path: path, format: format, lang: lang}
}

// start starts writing the file; its rows come from add.
func (f *errorFile) start() {
	f.rows, f.done = make(chan customer.StagedRow, 64), make(chan error, 1)
	go func() {
		f.done <- writeFile(f.path, func(w io.Writer) error {
			return importer.WriteErrors(w, f.format, f.lang, func(yield func(*customer.StagedRow, error) bool) {
				stopped := false
				for r := range f.rows {
					if !yield(&r, nil) {
						stopped = true
						break
					}
				}
				for range f.rows { // a writer that stopped early lets the checking go on
				}
				if f.abandoned && !stopped {
					yield(nil, errAbandoned)
				}
			})
		})
	}()
}

// add hands an error row to the writer; other rows are not in the file. A writer that failed
// takes the rest without writing them, and finish returns its error.
func (f *errorFile) add(r *customer.StagedRow) {
	if r.Status == customer.StatusError {
		f.rows <- *r // a copy: Check lends the row to its fn only for the call
	}
}

// finish ends the rows and waits for the file to be written; only then is it in place.
func (f *errorFile) finish() error {
	f.closed = true
	close(f.rows)
	return <-f.done
}

// abandon ends a writer that finish did not: the file is not put in place when the check failed.
func (f *errorFile) abandon() {
	if f.rows == nil || f.closed {
		return
	}
	f.closed, f.abandoned = true, true
	close(f.rows)
	<-f.done
}
