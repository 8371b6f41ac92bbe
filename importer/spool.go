package importer

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// rowSource is what the checks read rows from: the file itself (a *sheet.Reader) or the rows
// Stage's first reading spooled (spoolReader).
type rowSource interface {
	Next() (sheet.Row, error)
}

// A rowSpool keeps the rows Stage's first reading of a file read, in a temporary file, for the
// second pass to check and stage. The first reading must see the whole file before anything is
// staged (an unreadable file stages nothing, and the checks and the progress know the total);
// reading the file a second time cost as much again: a 100,000-row xlsx takes 1.1 s to parse
// (the XML of its sheet and shared strings), and with the spool the bench's import of it took
// 0.9-1.3 s less on PostgreSQL (interleaved runs). A row is its
// number, its 19 cells (length-prefixed) and its reading warnings (JSON, almost always none).
type rowSpool struct {
	f   *os.File
	w   *bufio.Writer
	buf []byte
}

// newRowSpool creates the spool's file in dir ("" for the system's temporary folder).
func newRowSpool(dir string) (*rowSpool, error) {
	f, err := os.CreateTemp(dir, "clientele-rows-*")
	if err != nil {
		return nil, errKeep(err)
	}
	return &rowSpool{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// errKeep is a failure to write the spool (a full disk, most likely).
func errKeep(err error) error { return fmt.Errorf("keep the file's rows while checking: %w", err) }

// add appends a row to the spool.
func (s *rowSpool) add(row *sheet.Row) error {
	b := binary.AppendUvarint(s.buf[:0], uint64(row.Num))
	for _, v := range row.Values {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	if len(row.Warnings) == 0 {
		b = binary.AppendUvarint(b, 0)
	} else {
		js, err := json.Marshal(row.Warnings)
		if err != nil {
			return errKeep(err)
		}
		b = binary.AppendUvarint(b, uint64(len(js)))
		b = append(b, js...)
	}
	s.buf = b
	// Each record is prefixed by its length, so that reading it back takes one read and one
	// string for all its cells.
	var n [binary.MaxVarintLen64]byte
	if _, err := s.w.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))]); err != nil {
		return errKeep(err)
	}
	if _, err := s.w.Write(b); err != nil {
		return errKeep(err)
	}
	return nil
}

// reader flushes the spool and returns a reader of its rows from the first, in the order added.
func (s *rowSpool) reader() (*spoolReader, error) {
	if err := s.w.Flush(); err != nil {
		return nil, errKeep(err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read the file's rows back: %w", err)
	}
	return &spoolReader{r: bufio.NewReaderSize(s.f, 256<<10)}, nil
}

// close removes the spool's file.
func (s *rowSpool) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}

// spoolReader reads a rowSpool's rows back.
type spoolReader struct {
	r   *bufio.Reader
	buf []byte
}

var errSpoolCorrupt = errors.New("read the file's rows back: the temporary file is damaged")

// Next returns the next spooled row; io.EOF after the last.
func (s *spoolReader) Next() (sheet.Row, error) {
	n, err := binary.ReadUvarint(s.r)
	if errors.Is(err, io.EOF) {
		return sheet.Row{}, io.EOF
	}
	if err != nil {
		return sheet.Row{}, fmt.Errorf("read the file's rows back: %w", err)
	}
	if n > 1<<30 {
		return sheet.Row{}, errSpoolCorrupt
	}
	if uint64(cap(s.buf)) < n {
		s.buf = make([]byte, n)
	}
	s.buf = s.buf[:n]
	if _, err := io.ReadFull(s.r, s.buf); err != nil {
		// A record cut short is damage, not the end (io.ReadFull's io.EOF when none of it is there).
		return sheet.Row{}, errSpoolCorrupt
	}
	// One string holds the record; the cells are slices of it, at the offsets read from buf.
	rec, b, off := string(s.buf), s.buf, 0
	next := func() (uint64, bool) {
		v, k := binary.Uvarint(b[off:])
		if k <= 0 {
			return 0, false
		}
		off += k
		return v, true
	}
	var row sheet.Row
	num, ok := next()
	if !ok {
		return sheet.Row{}, errSpoolCorrupt
	}
	row.Num = int(num)
	for i := range row.Values {
		l, ok := next()
		if !ok || l > uint64(len(b)-off) {
			return sheet.Row{}, errSpoolCorrupt
		}
		row.Values[i] = rec[off : off+int(l)]
		off += int(l)
	}
	l, ok := next()
	if !ok || l != uint64(len(b)-off) {
		return sheet.Row{}, errSpoolCorrupt
	}
	if l > 0 {
		var warns []customer.Problem
		if err := json.Unmarshal(b[off:], &warns); err != nil {
			return sheet.Row{}, errSpoolCorrupt
		}
		row.Warnings = warns
	}
	return row, nil
}
