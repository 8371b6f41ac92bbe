package sheet

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/clientele/clientele/customer"
)

// Record is one row to write: the values of a customer and, optionally, an extra column's text.
type Record struct {
	Values customer.Values
	Extra  string
}

// WriteOptions changes what the writers add.
type WriteOptions struct {
	ExtraColumn string // when not "", a last column with this header (e.g. "Error message") holding Record.Extra
	// Language is the language of the headers and, in the xlsx template, of the sheet names, the
	// input messages, the example rows and the field guide: "en", "nb" or "pl"; "" is English.
	// The reader reads the headers of every language back.
	Language string
}

// headers returns the header row the writers write: the catalogue's headers in the options'
// language, then the extra column's.
func (o WriteOptions) headers() []string {
	h := make([]string, 0, len(customer.Fields)+1)
	lang := o.language()
	for i := range customer.Fields {
		h = append(h, customer.HeaderIn(lang, i))
	}
	if o.ExtraColumn != "" {
		h = append(h, o.ExtraColumn)
	}
	return h
}

// WriteCSV writes UTF-8 CSV with a BOM (so Excel reads it as UTF-8), the catalogue headers, and
// the records; cells that begin with =, +, -, @, tab or CR are neutralised (OWASP CSV injection:
// prefix with a single quote). Streams.
//
// The separator is a comma and lines end in CR LF (RFC 4180). An error from records stops the
// writing and is returned as is (wrapped); a write error is returned wrapped.
func WriteCSV(w io.Writer, opt WriteOptions, records iter.Seq2[Record, error]) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("sheet: write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := opt.headers()
	row := make([]string, len(header))
	for i, h := range header {
		row[i] = neutralise(h)
	}
	if err := cw.Write(row); err != nil {
		return fmt.Errorf("sheet: write csv: %w", err)
	}
	for rec, err := range records {
		if err != nil {
			return fmt.Errorf("sheet: write csv: %w", err)
		}
		for i, v := range rec.Values {
			row[i] = neutralise(v)
		}
		if opt.ExtraColumn != "" {
			row[len(row)-1] = neutralise(rec.Extra)
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("sheet: write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("sheet: write csv: %w", err)
	}
	return nil
}

// neutralise prefixes a cell that a spreadsheet would read as a formula with a single quote,
// which Excel and LibreOffice show as text and the importer's rules strip again.
func neutralise(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
