package sheet

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/clientele/clientele/customer"
)

// Record is one row to write: the values of a customer and, optionally, an extra column's text
// and the message of each cell that has one.
type Record struct {
	Values customer.Values
	Extra  string
	// Notes holds, by field, a message on that cell ("" for none). The xlsx writer fills such a
	// cell light red and gives it the message as a comment, so that an error report shows what to
	// fix where; the CSV writer has nowhere to put them and leaves them out.
	Notes customer.Values
}

// WriteOptions changes what the writers add.
type WriteOptions struct {
	// ExtraColumn, when not "", is the header of a first column (e.g. "Error message") holding
	// Record.Extra: first, so that the message is the first thing read on each row. The reader
	// ignores that column when the file comes back (IsErrorColumn).
	ExtraColumn string
	// Language is the language of the headers and, in the xlsx template, of the sheet names, the
	// input messages, the example rows and the field guide: "en", "nb" or "pl"; "" is English.
	// The reader reads the headers of every language back.
	Language string
	// Comma is the CSV writer's separator; 0 means the one the language's spreadsheets expect
	// (Comma).
	Comma rune
	// AllFields writes the extra fields (customer.Field.Extra) after the template's columns:
	// exports and error files do, the template does not.
	AllFields bool
}

// fields returns the catalogue's fields the writers write, in order.
func (o WriteOptions) fields() []customer.Field {
	if o.AllFields {
		return customer.Fields
	}
	return customer.Fields[:customer.TemplateFields]
}

// Comma returns the separator that Excel and LibreOffice split CSV on in lang's locale: a
// semicolon where the decimal separator is a comma (Norwegian, Polish), else a comma.
func Comma(lang string) rune {
	switch lang {
	case "nb", "pl":
		return ';'
	}
	return ','
}

// ParseDelimiter reads a CSV separator as a person or a URL gives it: ",", ";", or a tab
// ("tab" or the character), also by name ("comma", "semicolon"). ok is false for anything else.
func ParseDelimiter(s string) (comma rune, ok bool) {
	switch strings.ToLower(s) {
	case ",", "comma":
		return ',', true
	case ";", "semicolon":
		return ';', true
	case "\t", "tab":
		return '\t', true
	}
	return 0, false
}

// comma returns the CSV separator of the options.
func (o WriteOptions) comma() rune {
	if o.Comma != 0 {
		return o.Comma
	}
	return Comma(o.language())
}

// offset is the number of columns before the catalogue's: 1 with an extra column, else 0.
func (o WriteOptions) offset() int {
	if o.ExtraColumn != "" {
		return 1
	}
	return 0
}

// headers returns the header row the writers write: the extra column's header, then the
// catalogue's headers in the options' language.
func (o WriteOptions) headers() []string {
	h := make([]string, 0, len(customer.Fields)+1)
	if o.ExtraColumn != "" {
		h = append(h, o.ExtraColumn)
	}
	lang := o.language()
	for i := range o.fields() {
		h = append(h, customer.HeaderIn(lang, i))
	}
	return h
}

// WriteCSV writes UTF-8 CSV with a BOM (so that Excel reads it as UTF-8), the catalogue's headers
// in opt.Language, and the records, separated by opt.Comma (by default the language's: a
// semicolon in Norwegian and Polish, where Excel splits on it, else a comma). Cells that a
// spreadsheet would run as a formula are neutralised (see neutralise). Lines end in CR LF
// (RFC 4180). Streams.
//
// An error from records stops the writing and is returned as is (wrapped); a write error is
// returned wrapped.
func WriteCSV(w io.Writer, opt WriteOptions, records iter.Seq2[Record, error]) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("sheet: write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = opt.comma()
	cw.UseCRLF = true
	header := opt.headers()
	row := make([]string, len(header))
	for i, h := range header {
		row[i] = neutralise(h)
	}
	if err := cw.Write(row); err != nil {
		return fmt.Errorf("sheet: write csv: %w", err)
	}
	off := opt.offset()
	for rec, err := range records {
		if err != nil {
			return fmt.Errorf("sheet: write csv: %w", err)
		}
		if off > 0 {
			row[0] = neutralise(rec.Extra)
		}
		for i := range opt.fields() {
			row[off+i] = neutralise(rec.Values[i])
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

// neutralise prefixes a cell that a spreadsheet would run as a formula with a single quote (OWASP
// CSV injection), which the importer's rules strip again: a cell that begins with =, +, -, @, tab
// or CR, unless it is a number written in groups (groupedNumber).
//
// A grouped number such as a phone number written "+48 601 234 567" or "-22 12 34 56" is left as
// it is, because the quote would show: Excel and LibreOffice hide a typed quote, but keep the one
// in a CSV file as part of the text. As a formula it could do nothing: it holds no function, no
// reference, no text and no DDE link (the vehicles of injection), only numbers and spaces, which
// in Excel's formula syntax is the intersection operator, and an intersection of numbers does not
// parse as a formula; so Excel keeps the text, and LibreOffice, which does not run formulas from
// CSV by default, reads it as text (TestCSVOpensInLibreOffice). A spreadsheet whose locale groups
// thousands with spaces may read it as a number and drop the +; the importer puts it back.
func neutralise(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 && !groupedNumber(s) {
		return "'" + s
	}
	return s
}

// groupedNumber reports whether s is an optional + or - and at least two groups of ASCII digits,
// separated by single spaces: "+48 601 234 567", "-22 12 34 56"; not "+4791234567" (which a
// spreadsheet would take for a number and drop the +), not "+47 AS".
func groupedNumber(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	groups := 0
	for g := range strings.SplitSeq(s, " ") {
		if !onlyDigits(g) {
			return false
		}
		groups++
	}
	return groups >= 2
}

// onlyDigits reports whether s is non-empty and holds only ASCII digits.
func onlyDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
