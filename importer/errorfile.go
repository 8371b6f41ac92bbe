package importer

import (
	"context"
	"io"
	"iter"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// The error file: an import's error rows in the template's columns, as given, after a first
// column of their error messages, each bad cell filled with its message as a comment, to fix and
// import again as it is (the reader ignores the message column). The page's download
// (GET /api/imports/{id}/errors.xlsx) and the CLI's import --errors write the same file.

// ErrorRowPager reads a page of an import's staged rows: what ErrorRows reads.
type ErrorRowPager interface {
	RowPage(ctx context.Context, importID int64, f customer.RowFilter, offset, limit int) ([]customer.StagedRow, error)
}

// ErrorRows walks the staged import's error rows in row order, a page at a time.
func ErrorRows(ctx context.Context, s ErrorRowPager, importID int64) iter.Seq2[*customer.StagedRow, error] {
	return func(yield func(*customer.StagedRow, error) bool) {
		const batch = 1000
		for offset := 0; ; offset += batch {
			rows, err := s.RowPage(ctx, importID, customer.RowFilter{Status: customer.StatusError}, offset, batch)
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range rows {
				if !yield(&rows[i], nil) {
					return
				}
			}
			if len(rows) < batch {
				return
			}
		}
	}
}

// WriteErrors writes the error file of rows (only their error rows) in format, its headers,
// sheet names and messages in lang ("en", "nb" or "pl"; the reader reads every language's
// headers back).
func WriteErrors(w io.Writer, format Format, lang string, rows iter.Seq2[*customer.StagedRow, error]) error {
	records := func(yield func(sheet.Record, error) bool) {
		for row, err := range rows {
			if err != nil {
				yield(sheet.Record{}, err)
				return
			}
			if row.Status != customer.StatusError {
				continue
			}
			if !yield(ErrorRecord(row, lang), nil) {
				return
			}
		}
	}
	return Write(w, format, sheet.WriteOptions{ExtraColumn: sheet.ErrorColumn(lang), Language: lang}, records)
}
