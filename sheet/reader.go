package sheet

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clientele/clientele/customer"
)

// Limits bound what reading one file may cost; zero fields take the defaults. The defaults are at
// least Excel's own limits, so that any file Excel can save can be read; a server may lower them.
// MaxCellLen is a guard against hostile input, far above any field's length: a cell longer than
// its field allows is that row's too_long error (customer.Rules), and the rest of the file is
// read, while a cell over MaxCellLen refuses the file.
type Limits struct {
	MaxRows     int   // data rows; default 1,048,576
	MaxColumns  int   // default 16,384
	MaxCellLen  int   // characters in one cell; default 1,048,576 (above Excel's 32,767: other programs write longer cells)
	MaxUnzipped int64 // total inflated bytes of an xlsx's parts; default 1 GiB
}

// The default limits.
const (
	defaultMaxRows     = 1 << 20
	defaultMaxColumns  = 1 << 14
	defaultMaxCellLen  = 1 << 20
	defaultMaxUnzipped = 1 << 30
)

// withDefaults returns l with zero (or negative) fields set to the defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxRows <= 0 {
		l.MaxRows = defaultMaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = defaultMaxColumns
	}
	if l.MaxCellLen <= 0 {
		l.MaxCellLen = defaultMaxCellLen
	}
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = defaultMaxUnzipped
	}
	return l
}

// headerSearchRows is how many non-blank rows Open looks at to find the header row, so that a
// title, a date or a logo row above the header does not stop an import.
const headerSearchRows = 10

// Column is one column of the file's header row.
type Column struct {
	Header string // as in the file
	Field  int    // index into customer.Fields; -1 when the column is not ours (ignored)
}

// Row is one non-blank data row.
type Row struct {
	Num    int             // spreadsheet row number: the header is row 1 (or wherever the header was found), data follows
	Values customer.Values // the cell text as a person sees it in the spreadsheet, mapped to the catalogue's fields (untrimmed)
	// Warnings say what reading did to the row beyond copying cells: a name split by a guess, a
	// birthday without a year left blank (codes customer.WarnNameSplit, …; see IsReadWarning).
	Warnings []customer.Problem
}

// source yields the rows of one file, blank ones included, in order.
type source interface {
	// next returns the next row's spreadsheet row number and cell texts, or io.EOF. The
	// returned slice may be reused by the following call.
	next() (num int, cells []string, err error)
	close() error
}

// rawRow is a row of a source kept for later.
type rawRow struct {
	num   int
	cells []string
}

// Reader reads the customer rows of one file. It is not safe for concurrent use.
type Reader struct {
	src      source
	limits   Limits
	cols     []Column
	queued   []rawRow          // rows read while looking for the header, after it
	warnings []string          // file-level warnings in English, for Warnings
	notices  []customer.Notice // what warnings were made from, one each, for Notices
	warned   map[string]bool
	rows     int   // data rows returned so far
	err      error // sticky: io.EOF or the error that stopped reading
	encoding string
	opt      Options
	plan     *plan
}

var errClosed = errors.New("sheet: reader is closed")

// Open opens a customer file (.xlsx or .csv, decided by content sniffing, not only by the name),
// reads its header row and maps the columns to catalogue fields by header name. File-level
// problems are *customer.Error with code customer.EFile and a clear one-line message: unreadable
// or empty file, not a spreadsheet (a PNG/PDF/old .xls/encrypted .xlsx named .xlsx), a missing
// required column (naming it: "The file has no “Last Name” column; it is required."), duplicate
// header columns, limits exceeded.
//
// The header is the row, among the first ten non-blank rows, that names the most catalogue
// fields (preferring rows that name every required one); rows above it are ignored. A file whose
// header has no data rows is not an error: Next returns io.EOF at once.
//
// Columns are recognised by our template's headers in every language and their keys, by the
// everyday synonyms of synonyms.go, and, when the header row is that of a known platform's
// export (Shopify, Square, Loyverse, Lightspeed, Citrus-Lime), by that platform's columns, with
// the transforms its shapes need (see vendors.go and docs/FORMATS.md). Open is OpenWith with no
// options.
func Open(path string, limits Limits) (*Reader, error) {
	return OpenWith(path, limits, Options{})
}

// OpenWith is Open with options: opt.Map maps headers to fields by hand, over recognition. Its
// mistakes are EFile errors: a target that is no field, a header the file does not have.
func OpenWith(path string, limits Limits, opt Options) (*Reader, error) {
	limits = limits.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fileError(err, "file_missing", nil)
		}
		return nil, fileError(err, "file_unreadable", nil)
	}
	src, encName, err := openSource(f, path, limits)
	if err != nil {
		return nil, err
	}
	r := &Reader{src: src, limits: limits, warned: map[string]bool{}, encoding: encName, opt: opt}
	if xs, ok := src.(*streamSource); ok {
		r.warnings = append(r.warnings, xs.warnings...)
		r.notices = append(r.notices, xs.notices...)
	}
	if err := r.readHeader(); err != nil {
		_ = src.close()
		return nil, err
	}
	return r, nil
}

// openSource sniffs f's content and returns the source that reads it; it takes ownership of f.
// encName names the text encoding of a CSV file ("" for xlsx).
func openSource(f *os.File, path string, limits Limits) (src source, encName string, err error) {
	defer func() {
		if err != nil && f != nil {
			_ = f.Close()
		}
	}()
	info, err := f.Stat()
	if err != nil {
		return nil, "", fileError(err, "file_unreadable", nil)
	}
	if info.IsDir() {
		return nil, "", fileError(nil, "file_folder", nil)
	}
	if info.Size() == 0 {
		return nil, "", fileError(nil, "file_empty", nil)
	}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, "", fileError(err, "file_unreadable", nil)
	}
	head = head[:n]
	switch kind, what := sniff(head); kind {
	case kindZip:
		// The zip reader opens the workbook by name, for random access to its parts.
		_ = f.Close()
		f = nil
		ss, err := openXLSXStream(path, limits)
		if err != nil {
			return nil, "", err
		}
		return ss, "", nil
	case kindOLE:
		return nil, "", oleError(f)
	case kindOther:
		return nil, "", fileError(nil, "file_other_kind", args("kind", what))
	}
	cs, err := openCSV(f, head, limits)
	if err != nil {
		return nil, "", err
	}
	return cs, cs.enc.name, nil
}

// readHeader finds the header row, maps its columns and queues the data rows read meanwhile.
func (r *Reader) readHeader() error {
	var look []rawRow
	for len(look) < headerSearchRows {
		num, cells, err := r.src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := r.checkCells(num, cells); err != nil {
			return err
		}
		if blankCells(cells) {
			continue
		}
		look = append(look, rawRow{num: num, cells: slices.Clone(cells)})
	}
	if len(look) == 0 {
		return fileError(nil, "file_empty", nil)
	}
	best := chooseHeader(look, r.opt)
	r.queued = look[best+1:]
	return r.mapColumns(look[best].cells)
}

// chooseHeader returns the index of the row of look that is the header: the one whose mapping
// names the most fields (see plan.score); the first such row on a tie. Options.Map's mistakes
// are reported for the chosen row only, since the map was written for the header, not for a
// title above it.
func chooseHeader(look []rawRow, opt Options) int {
	best, bestScore := 0, -1
	for i, row := range look {
		p, err := buildPlan(row.cells, Options{})
		if err != nil {
			// A row with duplicate columns may still be the header; its error shows when mapped.
			p = &plan{}
		}
		s := p.score()
		if len(opt.Map) > 0 {
			if mp, err := buildPlan(row.cells, opt); err == nil && mp.score() >= s {
				s = mp.score() + 1
			}
		}
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	return best
}

// mapColumns sets the reader's columns from the header cells.
func (r *Reader) mapColumns(header []string) error {
	p, err := buildPlan(header, r.opt)
	if err != nil {
		return err
	}
	if err := p.check(r.opt.Mode, r.opt.Defaults); err != nil {
		return err
	}
	r.plan = p
	r.cols = make([]Column, len(header))
	var ignored []string
	for i, h := range header {
		c := p.cols[i]
		f := c.target
		if f == fullName || c.appendNote || c.fallback {
			f = -1 // not one field's cell as it is
		}
		r.cols[i] = Column{Header: h, Field: f}
		if c.target < 0 && c.how == "" && !customer.BlankCell(h) && !IsErrorColumn(h) {
			ignored = append(ignored, strings.TrimSpace(h))
		}
	}
	switch len(ignored) {
	case 0:
	case 1:
		r.warnOnce("unknown", "warn_unknown_column", args("column", ignored[0]))
	default:
		r.warnOnce("unknown", "warn_unknown_columns", args("columns", strings.Join(ignored, "\n")))
	}
	for i, c := range p.cols {
		if c.target < 0 && c.how != "" {
			r.warnOnce("shadow:"+columnName(i), "warn_shadowed", args("col", columnName(i), "header", c.header,
				"col2", columnName(c.lostTo), "header2", p.cols[c.lostTo].header, "field", targetKey(c.lostAs)))
		}
	}
	return nil
}

// Source names the platform whose export the file is, as recognised by its headers ("Shopify
// customer export", "Clientele template (Norwegian)"), or "" when it is none of them.
func (r *Reader) Source() string { return r.plan.source }

// Mapping says what each column of the header row becomes, in file order.
func (r *Reader) Mapping() []ColumnMapping { return r.plan.mapping() }

// Columns returns the file's header row, one Column per header cell, in file order.
func (r *Reader) Columns() []Column { return slices.Clone(r.cols) }

// Warnings returns file-level warnings, e.g. "Column “Favourite colour” is not a customer
// field and was ignored." Some warnings come from the data rows (cells beyond the header, or
// under a column without a header), so the list is complete only once Next has returned io.EOF.
func (r *Reader) Warnings() []string { return slices.Clone(r.warnings) }

// Notices returns the same warnings as Warnings, one for one, as customer.Notices: message ids
// and arguments, so that they can be stored and said in the user's language (Notice.In).
// Warnings stays for the callers that want the English sentences.
func (r *Reader) Notices() []customer.Notice { return slices.Clone(r.notices) }

// Next returns the next non-blank row; io.EOF at the end. A row is blank when every cell of the
// catalogue's columns is empty or white space; such rows are skipped because spreadsheets leave
// formatted empty rows behind. The Options' defaults then fill the row's blank cells. A file-level problem found mid-file (a limit exceeded, a broken
// xlsx part) is a *customer.Error with code customer.EFile that names the row. Errors are
// sticky: after one, Next keeps returning it.
func (r *Reader) Next() (Row, error) {
	if r.err != nil {
		return Row{}, r.err
	}
	for {
		raw, err := r.nextRaw()
		if err != nil {
			r.err = err
			return Row{}, err
		}
		row := Row{Num: raw.num}
		for i, c := range raw.cells {
			switch {
			case i >= len(r.cols):
				if !customer.BlankCell(c) {
					r.warnOnce("extra", "warn_extra_cells", nil)
				}
			case r.cols[i].Header == "" && r.plan.cols[i].target < 0 && !customer.BlankCell(c):
				r.warnOnce("noheader:"+columnName(i), "warn_no_header", args("col", columnName(i)))
			}
		}
		row.Values, row.Warnings = r.plan.apply(raw.cells)
		if row.Values.Blank() {
			continue
		}
		r.opt.Defaults.Fill(&row.Values)
		r.rows++
		if r.rows > r.limits.MaxRows {
			r.err = fileError(nil, "file_too_many_rows", args("max", itoa(r.limits.MaxRows), "row", itoa(row.Num)))
			return Row{}, r.err
		}
		return row, nil
	}
}

// nextRaw returns the next queued or source row, checked against the cell limits.
func (r *Reader) nextRaw() (rawRow, error) {
	if len(r.queued) > 0 {
		row := r.queued[0]
		r.queued = r.queued[1:]
		return row, nil
	}
	num, cells, err := r.src.next()
	if err != nil {
		return rawRow{}, err
	}
	if err := r.checkCells(num, cells); err != nil {
		return rawRow{}, err
	}
	return rawRow{num: num, cells: cells}, nil
}

// checkCells enforces MaxColumns and MaxCellLen on one row.
func (r *Reader) checkCells(num int, cells []string) error {
	if len(cells) > r.limits.MaxColumns {
		return fileError(nil, "file_too_many_columns", args("row", itoa(num), "max", itoa(r.limits.MaxColumns)))
	}
	for i, c := range cells {
		if len(c) > r.limits.MaxCellLen && utf8.RuneCountInString(c) > r.limits.MaxCellLen {
			return fileError(nil, "file_cell_too_long", args("row", itoa(num), "col", columnName(i), "max", itoa(r.limits.MaxCellLen)))
		}
	}
	return nil
}

// Close releases the file (and an xlsx's temporary files). Next after Close returns an error.
func (r *Reader) Close() error {
	if r.err == errClosed {
		return nil
	}
	r.err = errClosed
	r.queued = nil
	src := r.src
	r.src = nil // what it holds (an xlsx's shared strings) is garbage now, though r may live on
	return src.close()
}

// warnOnce adds the warning with file message id msg (customer/i18n_file.go) and args, unless
// one with the same key was added.
func (r *Reader) warnOnce(key, msg string, args map[string]string) {
	if r.warned[key] {
		return
	}
	r.warned[key] = true
	n := customer.NewNotice(msg, args)
	r.warnings = append(r.warnings, n.Message)
	r.notices = append(r.notices, n)
}

// fieldOf returns the catalogue index a header cell names by our template's header (in any
// language), a key or a synonym, or -1.
func fieldOf(header string) int {
	if t, _ := targetOf(header); t >= 0 && t < customer.NumFields {
		return t
	}
	return -1
}

// blankCells reports whether every cell is blank.
func blankCells(cells []string) bool {
	for _, c := range cells {
		if !customer.BlankCell(c) {
			return false
		}
	}
	return true
}

// fileError returns an EFile *customer.Error saying the file message id msg (customer/i18n_file.go)
// with args, in English and (through In) in the user's language, with a cause for logs.
func fileError(cause error, msg string, args map[string]string) *customer.Error {
	return customer.FileErrorMsg(msg, args, cause)
}

// args makes a message's arguments from name, value pairs.
func args(kv ...string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// itoa writes a number as a message argument.
func itoa(n int) string { return strconv.Itoa(n) }

// i64 writes a size as a message argument.
func i64(n int64) string { return strconv.FormatInt(n, 10) }

// columnName returns the spreadsheet name (A, B, …, AA) of the 0-based column i.
func columnName(i int) string {
	var b []byte
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		b = append(b, byte('A'+(n-1)%26))
	}
	slices.Reverse(b)
	return string(b)
}

// thousands formats n with comma thousands separators, as the messages' English does.
func thousands(n int) string {
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
