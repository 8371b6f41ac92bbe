package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"

	"golang.org/x/text/transform"
)

// sampleLen is how much decoded text is examined for the separator.
const sampleLen = 64 << 10

// csvBufLen is the size of encoding/csv's own read buffer (bufio's default); bytes it read
// ahead count against the record budget too, so the budget allows for them.
const csvBufLen = 4096

// sepCost is what a separator outside quotes costs the record budget beyond its byte: each cell
// costs encoding/csv about 40 bytes of bookkeeping (its string, index and position), so a line of
// nothing but separators would cost it forty times its length. At 16 bytes a separator, the
// budget of a few MiB that a cell of MaxCellLen characters needs still bounds such a line, and
// csvBufLen bytes of separators read ahead cost at most the 64 KiB the budget allows for them.
const sepCost = 15

// errRecordTooLong is what budgetReader returns when one record would exceed its budget.
var errRecordTooLong = errors.New("sheet: csv record too long")

// csvSource reads the rows of a CSV file.
type csvSource struct {
	file    *os.File
	enc     textEncoding
	r       *csv.Reader
	budget  *budgetReader
	maxRec  int // bytes one record may take
	prevRow int // spreadsheet row of the previous record
	prevEnd int // line (in encoding/csv's count) on which the previous record ended
}

// openCSV prepares to read f, a text file whose first bytes are head.
func openCSV(f *os.File, head []byte, limits Limits) (*csvSource, error) {
	enc, err := detectEncoding(f, head)
	if errors.Is(err, errBinary) {
		return nil, fileError(nil, "file_not_spreadsheet", nil)
	}
	if err != nil {
		return nil, fileError(err, "file_unreadable", nil)
	}
	if _, err := f.Seek(int64(enc.bom), io.SeekStart); err != nil {
		return nil, fileError(err, "file_unreadable", nil)
	}
	var text io.Reader = bufio.NewReaderSize(f, 64<<10)
	if enc.enc != nil {
		text = transform.NewReader(text, enc.enc.NewDecoder())
	}
	br := bufio.NewReaderSize(&lineEndReader{r: text}, sampleLen)
	sample, err := br.Peek(sampleLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fileError(err, "file_unreadable", nil)
	}
	sep, skip := separator(sample)
	if _, err := br.Discard(skip); err != nil {
		return nil, fileError(err, "file_unreadable", nil)
	}
	// A record holds at most a few cells of MaxCellLen characters of up to 4 bytes each; real
	// customer rows are far shorter. The bound keeps one broken quote from loading a whole
	// file into memory.
	maxRec := 4*limits.MaxCellLen + 64<<10
	s := &csvSource{file: f, enc: enc, budget: newBudgetReader(br, sep), maxRec: maxRec}
	s.r = csv.NewReader(s.budget)
	s.r.Comma = sep
	s.r.LazyQuotes = true
	s.r.FieldsPerRecord = -1
	s.r.ReuseRecord = true
	return s, nil
}

// next implements source.
func (s *csvSource) next() (int, []string, error) {
	s.budget.left = s.maxRec + csvBufLen
	rec, err := s.r.Read()
	if err == io.EOF {
		return 0, nil, io.EOF
	}
	if errors.Is(err, errRecordTooLong) {
		return 0, nil, fileError(err, "csv_row_too_long", args("row", itoa(s.prevRow+1)))
	}
	if err != nil {
		return 0, nil, fileError(err, "csv_unreadable_after", args("row", itoa(s.prevRow)))
	}
	if len(rec) == 0 { // encoding/csv never returns one; FieldPos would panic
		return s.next()
	}
	// encoding/csv skips empty lines, but a spreadsheet shows each as a row: count them so
	// that row numbers match what the person sees. A quoted cell may span lines.
	start, _ := s.r.FieldPos(0)
	last := len(rec) - 1
	end, _ := s.r.FieldPos(last)
	end += strings.Count(rec[last], "\n")
	row := s.prevRow + 1 + max(0, start-s.prevEnd-1)
	s.prevRow, s.prevEnd = row, end
	if lastStart, _ := s.r.FieldPos(last); s.budget.unclosedAt(lastStart) {
		return 0, nil, fileError(nil, "csv_open_quote", args("row", itoa(row)))
	}
	return row, rec, nil
}

// close implements source.
func (s *csvSource) close() error { return s.file.Close() }

// separator picks the CSV separator from a sample of the decoded text, and says how many bytes
// of a leading "sep=;" line (Excel's hint, not a row) to skip.
func separator(sample []byte) (sep rune, skip int) {
	if line, ok := strings.CutPrefix(string(firstLine(sample)), "sep="); ok {
		if n := strings.TrimRight(line, "\r\n"); len(n) == 1 && strings.ContainsAny(n, ",;\t|") {
			return rune(n[0]), len(firstLine(sample))
		}
	}
	best, bestCount := ',', 0
	counts := map[rune]int{}
	lines := 0
	inQuote := false
	for _, c := range string(sample) {
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\n':
			for r, n := range counts {
				if n > bestCount || n == bestCount && prefer(r, best) {
					best, bestCount = r, n
				}
			}
			clear(counts)
			if lines++; lines == headerSearchRows {
				return best, 0
			}
		case c == ',' || c == ';' || c == '\t':
			counts[c]++
		}
	}
	for r, n := range counts {
		if n > bestCount || n == bestCount && prefer(r, best) {
			best, bestCount = r, n
		}
	}
	return best, 0
}

// prefer breaks ties between separators, deterministically: semicolon (what Excel writes where
// the comma is the decimal mark), then comma, then tab.
func prefer(a, b rune) bool {
	rank := func(r rune) int { return strings.IndexRune("\t,;", r) }
	return rank(a) > rank(b)
}

// firstLine returns b up to and including its first LF.
func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

// budgetReader stops a single CSV record from growing without bound: it returns
// errRecordTooLong once left bytes have been read since the budget was last set. Blank lines
// between records cost nothing, since encoding/csv skips them without keeping them.
//
// It also follows encoding/csv's quoting (with LazyQuotes) over the bytes it passes on, so that
// a quoted cell still open at the end of the file is found: encoding/csv accepts it, and the
// rest of the file would silently become that one cell.
type budgetReader struct {
	r    io.Reader
	left int
	sep  byte

	inQuote    bool // inside a quoted cell
	quoteSeen  bool // inside a quoted cell, just after a quotation mark
	fieldStart bool // outside quotes, at the start of a cell
	lineStart  bool // outside quotes, at the start of a line
	line       int  // line of the next byte, counted as encoding/csv counts (from 1)
	openLine   int  // line on which the open quoted cell began
	eof        bool // the underlying reader is at its end
}

func newBudgetReader(r io.Reader, sep rune) *budgetReader {
	return &budgetReader{r: r, sep: byte(sep), fieldStart: true, lineStart: true, line: 1}
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errRecordTooLong
	}
	if len(p) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	if err == io.EOF {
		b.eof = true
	}
	blank, seps := b.scan(p[:n])
	b.left -= n - blank + seps*sepCost
	return n, err
}

// scan follows the quoting over p and returns the number of blank-line bytes in it and of the
// separators outside quotes.
//
// The state is kept in locals over the loop and stored once at the end, so that the compiler
// keeps it in registers: this loop sees every byte of the file.
func (b *budgetReader) scan(p []byte) (blank, seps int) {
	inQuote, quoteSeen, fieldStart, lineStart := b.inQuote, b.quoteSeen, b.fieldStart, b.lineStart
	line, openLine, sep := b.line, b.openLine, b.sep
	for _, c := range p {
		if inQuote {
			if quoteSeen {
				quoteSeen = false
				switch c {
				case '"': // "" is a quotation mark in the cell
					continue
				case sep:
					inQuote, fieldStart, lineStart = false, true, false
					continue
				case '\n':
					inQuote, fieldStart, lineStart = false, true, true
					line++
					continue
				}
				// A bare quotation mark inside a quoted cell is kept (LazyQuotes).
			}
			switch c {
			case '"':
				quoteSeen = true
			case '\n':
				line++
			}
			continue
		}
		switch {
		case c == '\n':
			if lineStart {
				blank++
			}
			line++
			fieldStart, lineStart = true, true
		case c == '"' && fieldStart:
			inQuote, openLine = true, line
			fieldStart, lineStart = false, false
		case c == sep:
			fieldStart, lineStart = true, false
			seps++
		default:
			fieldStart, lineStart = false, false
		}
	}
	b.inQuote, b.quoteSeen, b.fieldStart, b.lineStart = inQuote, quoteSeen, fieldStart, lineStart
	b.line, b.openLine = line, openLine
	return blank, seps
}

// unclosedAt reports whether the file ended inside a quoted cell that began on line.
func (b *budgetReader) unclosedAt(line int) bool {
	return b.eof && b.inQuote && !b.quoteSeen && b.openLine == line
}

// lineEndReader turns CR LF and bare CR (old Mac files) into LF; encoding/csv knows only LF
// and CR LF, and would read a CR-only file as one row. It drops NUL bytes.
type lineEndReader struct {
	r      io.Reader
	skipLF bool // the previous byte was a CR that became LF
}

func (l *lineEndReader) Read(p []byte) (int, error) {
	for {
		n, err := l.r.Read(p)
		w := 0
		for _, c := range p[:n] {
			switch {
			case c == '\r':
				p[w] = '\n'
				w++
				l.skipLF = true
			case c == '\n' && l.skipLF:
				l.skipLF = false
			case c == 0:
				// A NUL is never meant: it is what broken exports pad with, and databases
				// refuse it in text. It is dropped, as spreadsheet programs do.
				l.skipLF = false
			default:
				p[w] = c
				w++
				l.skipLF = false
			}
		}
		if w > 0 || err != nil || n == 0 {
			return w, err
		}
		// The chunk was a lone LF after a CR: read again rather than return 0, nil.
	}
}
