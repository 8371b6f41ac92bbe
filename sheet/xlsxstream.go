package sheet

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/klauspost/readahead"

	"github.com/clientele/clientele/customer"
)

// The sheet part's read-ahead: up to this many buffers of this size are inflated before the
// scanner asks for them (1 MB in all).
const (
	sheetReadAheadBuffers = 4
	sheetReadAheadSize    = 256 << 10
)

// streamSource reads the rows of one worksheet of an xlsx workbook straight from the zip
// archive with xmlScanner, holding one row at a time (and the shared strings, compactly). It
// yields the same rows as excelize's Rows iterator through xlsxSource (see
// TestStreamMatchesExcelize).
type streamSource struct {
	zr       *zip.ReadCloser
	rc       io.ReadCloser // the worksheet part
	part     string        // its name, for messages
	sc       *xmlScanner
	sst      *sharedStrings
	nf       *numberFormatter
	seekRow  int  // rows returned so far: as excelize, one per row number, gaps included
	curRow   int  // number of the last <row> read
	ended    bool // the sheet data has ended
	cells    []string
	cell     cellXML // the cell being read
	warnings []string
	notices  []customer.Notice // what warnings were made from
}

// openXLSXStream opens the workbook at path and prepares to read its customer sheet. It refuses
// what checkArchive refuses and verifies every part (verifyPart), the worksheet and shared
// strings while they are read.
func openXLSXStream(name string, limits Limits) (src *streamSource, err error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, fileError(err, "xlsx_bad_zip", nil)
	}
	defer func() {
		if p := recover(); p != nil {
			src, err = nil, panicError(p)
		}
		if err != nil {
			_ = zr.Close()
		}
	}()
	if err := checkArchive(zr, limits); err != nil {
		return nil, err
	}
	budget := &inflateBudget{left: limits.MaxUnzipped, limit: limits.MaxUnzipped}
	parts := map[string]*zip.File{}
	for _, zf := range zr.File {
		parts[zf.Name] = zf
	}
	wbPath := "xl/workbook.xml"
	var rels relationships
	if zf := parts["_rels/.rels"]; zf != nil {
		if err := readXMLPart(zf, &rels); err != nil {
			return nil, err
		}
		for _, r := range rels.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = strings.TrimPrefix(r.Target, "/")
				break
			}
		}
	}
	var wb workbookPart
	if zf := parts[wbPath]; zf != nil {
		if err := readXMLPart(zf, &wb); err != nil {
			return nil, err
		}
	} else {
		return nil, fileError(nil, damaged, nil)
	}
	relsPath := path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels")
	var wbRels relationships
	if zf := parts[relsPath]; zf != nil {
		if err := readXMLPart(zf, &wbRels); err != nil {
			return nil, err
		}
	}
	sheet, warning := chooseSheetOf(wb.Sheets)
	if sheet == nil {
		return nil, fileError(nil, "xlsx_no_sheets", nil)
	}
	var sheetPart *zip.File
	for _, r := range wbRels.Rels {
		if r.ID == sheet.rid() {
			target := r.Target
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join(path.Dir(wbPath), target)
			}
			sheetPart = parts[target]
		}
	}
	if sheetPart == nil {
		return nil, fileError(fmt.Errorf("sheet: no part for sheet %q", sheet.Name), damaged, nil)
	}
	sstPart := parts["xl/sharedStrings.xml"]
	for _, zf := range zr.File {
		if zf == sheetPart || zf == sstPart {
			continue
		}
		if err := verifyPart(zf); err != nil {
			return nil, err
		}
	}
	src = &streamSource{zr: zr, part: sheetPart.Name}
	if warning.Message != "" {
		src.warnings = append(src.warnings, warning.Message)
		src.notices = append(src.notices, warning)
	}
	if sstPart != nil {
		if src.sst, err = readSharedStrings(sstPart, budget); err != nil {
			return nil, err
		}
	}
	var styles []byte
	if zf := parts["xl/styles.xml"]; zf != nil {
		if styles, err = readAllPart(zf, budget); err != nil {
			return nil, err
		}
	}
	if src.nf, err = newNumberFormatter(styles, wb.Pr.Date1904); err != nil {
		return nil, err
	}
	rc, err := sheetPart.Open()
	if err != nil {
		return nil, partError(sheetPart.Name, err)
	}
	// The sheet is inflated in a goroutine of its own, a few buffers ahead of the scanner, so
	// that the two share the machine's cores (measured in the package doc).
	if src.rc, err = readahead.NewReadCloserSize(rc, sheetReadAheadBuffers, sheetReadAheadSize); err != nil {
		_ = rc.Close()
		return nil, partError(sheetPart.Name, err)
	}
	if src.sc, err = newXMLScanner(budget.reader(src.rc)); err != nil {
		_ = src.rc.Close()
		return nil, partError(sheetPart.Name, err)
	}
	return src, nil
}

// relationships is a .rels part.
type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// workbookPart is what the reader needs of xl/workbook.xml.
type workbookPart struct {
	Pr struct {
		Date1904 bool `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []workbookSheet `xml:"sheets>sheet"`
}

type workbookSheet struct {
	Name  string     `xml:"name,attr"`
	State string     `xml:"state,attr"`
	Attrs []xml.Attr `xml:",any,attr"`
}

// rid returns the sheet's relationship id (r:id).
func (s *workbookSheet) rid() string {
	for _, a := range s.Attrs {
		if a.Name.Local == "id" && strings.Contains(a.Name.Space, "relationships") {
			return a.Value
		}
	}
	return ""
}

// chooseSheetOf returns the sheet to read: the one named "Customers" (any case; or the name the
// template gives it in another language, "Kunder", "Klienci"), else the first visible one; and
// a warning when that choice was a guess among several sheets.
func chooseSheetOf(sheets []workbookSheet) (*workbookSheet, customer.Notice) {
	var visible []*workbookSheet
	for i := range sheets {
		s := &sheets[i]
		if isCustomersSheet(s.Name) {
			return s, customer.Notice{}
		}
		if s.State == "" || s.State == "visible" {
			visible = append(visible, s)
		}
	}
	if len(visible) == 0 {
		if len(sheets) > 0 {
			return &sheets[0], customer.Notice{}
		}
		return nil, customer.Notice{}
	}
	if len(visible) > 1 {
		return visible[0], firstSheetWarning(len(visible), visible[0].Name)
	}
	return visible[0], customer.Notice{}
}

// readXMLPart checks a small part (verifyPart) and decodes it.
func readXMLPart(zf *zip.File, v any) error {
	if err := verifyPart(zf); err != nil {
		return err
	}
	rc, err := zf.Open()
	if err != nil {
		return partError(zf.Name, err)
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.CharsetReader = charsetReader
	if err := d.Decode(v); err != nil {
		return fileError(err, damaged, nil)
	}
	return nil
}

// readAllPart returns a part's bytes.
func readAllPart(zf *zip.File, budget *inflateBudget) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, partError(zf.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(budget.reader(rc))
	if err != nil {
		return nil, partError(zf.Name, err)
	}
	return b, nil
}

// partError is the message for a part that cannot be read: too large, damaged XML, a DTD, or
// a size or checksum that does not match.
func partError(name string, err error) error {
	var tooBig *errTooLarge
	var syntax *xmlError
	switch {
	case errors.As(err, &tooBig):
		return fileError(err, "xlsx_too_large", args("limit", i64(tooBig.limit)))
	case errors.Is(err, errDTD):
		return fileError(err, "xlsx_dtd", args("part", name))
	case errors.As(err, &syntax):
		return fileError(err, "xlsx_bad_xml", args("part", name, "line", itoa(syntax.line), "detail", syntax.msg))
	}
	return fileError(err, "xlsx_checksum", args("part", name))
}

// inflateBudget counts the inflated bytes read from the archive against Limits.MaxUnzipped.
type inflateBudget struct{ left, limit int64 }

type errTooLarge struct{ limit int64 }

func (e *errTooLarge) Error() string { return "sheet: unzipped parts exceed the limit" }

func (b *inflateBudget) reader(r io.Reader) io.Reader { return &inflateReader{r: r, b: b} }

type inflateReader struct {
	r io.Reader
	b *inflateBudget
}

func (r *inflateReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.b.left -= int64(n)
	if r.b.left < 0 {
		return n, &errTooLarge{limit: r.b.limit}
	}
	return n, err
}

// next implements source, with excelize's Rows numbering: one row per row number up to the
// last <row>, gap rows empty; a row without r is the one after the previous; and, as excelize,
// a <row> numbered at or below the current one adds its cells to the current row.
func (s *streamSource) next() (num int, cells []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			num, cells, err = 0, nil, panicError(p)
		}
	}()
	s.seekRow++
	if s.curRow < s.seekRow {
		if s.ended {
			return 0, nil, io.EOF
		}
		found, err := s.findRow()
		if err != nil {
			return 0, nil, s.sheetError(err, s.seekRow-1, true)
		}
		if !found {
			if err := s.end(); err != nil {
				return 0, nil, s.sheetError(err, s.seekRow-1, true)
			}
			return 0, nil, io.EOF
		}
	}
	if s.curRow > s.seekRow {
		return s.seekRow, s.cells[:0], nil
	}
	if err := s.readCells(); err != nil {
		return 0, nil, s.sheetError(err, s.seekRow, false)
	}
	return s.seekRow, s.cells, nil
}

// end reads the rest of the worksheet after its rows, so that it is checked to its end and
// archive/zip verifies its checksum.
func (s *streamSource) end() error {
	s.ended = true
	for {
		if err := s.sc.next(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// errRowNumber is a row number or cell reference past Excel's limits.
var errRowNumber = errors.New("sheet: row or cell reference out of range")

// findRow reads up to the next <row> start tag and sets curRow; false at the end of the sheet
// data.
func (s *streamSource) findRow() (bool, error) {
	for {
		if err := s.sc.next(); err != nil {
			if err == io.EOF {
				return false, nil
			}
			return false, err
		}
		switch {
		case s.sc.kind == tokStart && string(s.sc.name) == "row":
			s.curRow++
			if r, ok := s.sc.attr("r"); ok {
				n, err := strconv.Atoi(string(r))
				switch {
				case err != nil || n < 0:
					return false, fmt.Errorf("sheet: row number %q: %w", r, errRowNumber)
				case n > maxSheetRows:
					return false, errRowNumber
				case n != 0:
					s.curRow = n
				}
			}
			return true, nil
		case s.sc.kind == tokEnd && string(s.sc.name) == "sheetData":
			return false, nil
		}
	}
}

// maxSheetRows and maxSheetColumns are Excel's limits (XFD1048576).
const (
	maxSheetRows    = 1048576
	maxSheetColumns = 16384
)

// readCells reads the cells of the row whose start tag was read last, as excelize's Columns
// does: a cell is kept when its text is not empty or it has a formula, and gaps before it are
// filled with empty cells; the row has no trailing empty cells.
func (s *streamSource) readCells() error {
	s.cells = s.cells[:0]
	col := 0
	for {
		if err := s.sc.next(); err != nil {
			return unexpectedEOF(err)
		}
		if s.sc.kind == tokEnd && string(s.sc.name) == "row" {
			found, err := s.findRow()
			switch {
			case err != nil:
				return err
			case !found:
				return s.end()
			case s.curRow > s.seekRow:
				return nil
			}
			continue // excelize reads a row numbered at or before this one into it
		}
		if s.sc.kind != tokStart || string(s.sc.name) != "c" {
			continue
		}
		col++
		c := &s.cell
		c.s, c.t, c.hasIS, c.formula = 0, typeNumber, false, false
		c.v, c.is, c.isT, c.isR = c.v[:0], c.is[:0], c.isT[:0], c.isR[:0]
		for _, a := range s.sc.attrs {
			v := s.sc.abuf[a.start:a.end]
			switch string(a.name) {
			case "r":
				n, err := cellColumn(v)
				if err != nil {
					return err
				}
				col = n
			case "s":
				n, err := strconv.ParseInt(string(v), 10, 64)
				if err != nil {
					return fmt.Errorf("sheet: cell style %q: %w", v, err)
				}
				c.s = int(n)
			case "t":
				c.t = cellType(v)
			}
		}
		if err := s.readCell(c); err != nil {
			return err
		}
		val, err := s.value(c)
		if err != nil {
			return err
		}
		if val != "" || c.formula {
			for len(s.cells) < col-1 {
				s.cells = append(s.cells, "")
			}
			s.cells = append(s.cells, val)
		}
	}
}

// cellXML is one <c> element.
type cellXML struct {
	s, t     int
	v        []byte // <v> text
	is       []byte // <is> text: <t>, then the <r><t> runs
	hasIS    bool
	formula  bool
	isT, isR []byte
}

// Cell types (the t attribute).
const (
	typeNumber = iota // n, e, absent, unknown
	typeBool
	typeDate
	typeShared
	typeStr
	typeInline
)

func cellType(t []byte) int {
	switch string(t) {
	case "b":
		return typeBool
	case "d":
		return typeDate
	case "s":
		return typeShared
	case "str":
		return typeStr
	case "inlineStr":
		return typeInline
	}
	return typeNumber
}

// cellColumn returns the 1-based column of a cell reference such as "B7" or "$B$7".
func cellColumn(ref []byte) (int, error) {
	i := 0
	col := 0
	for ; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c == '$':
			continue
		case 'A' <= c && c <= 'Z':
			col = col*26 + int(c-'A'+1)
		case 'a' <= c && c <= 'z':
			col = col*26 + int(c-'a'+1)
		default:
			goto digits
		}
		if col > maxSheetColumns {
			return 0, fmt.Errorf("sheet: cell reference %q: %w", ref, errRowNumber)
		}
	}
digits:
	row, err := strconv.Atoi(string(ref[i:]))
	if col == 0 || err != nil || row < 1 || strings.ContainsAny(string(ref[i:]), "+-") {
		return 0, fmt.Errorf("sheet: cell reference %q: %w", ref, errRowNumber)
	}
	if row > maxSheetRows {
		return 0, fmt.Errorf("sheet: cell reference %q: %w", ref, errRowNumber)
	}
	return col, nil
}

// readCell reads the content of the <c> whose start tag is current.
func (s *streamSource) readCell(c *cellXML) error {
	c.v = c.v[:0]
	depth := 1
	var in int      // where text goes: elV, elIST (is/t), elISRT (is/r/t), or 0
	var path [4]int // element codes of the open elements below <c>
	for depth > 0 {
		if err := s.sc.next(); err != nil {
			return unexpectedEOF(err)
		}
		switch s.sc.kind {
		case tokStart:
			if depth < len(path) {
				path[depth] = elementCode(s.sc.name)
			}
			depth++
			switch {
			case depth == 2 && path[1] == elV:
				in = elV
			case depth == 2 && path[1] == elF:
				c.formula = true
			case depth == 2 && path[1] == elIS:
				c.hasIS = true
			case depth == 3 && path[1] == elIS && path[2] == elT:
				in = elIST
				c.isT = c.isT[:0]
			case depth == 4 && path[1] == elIS && path[2] == elR && path[3] == elT:
				in = elISRT
			default:
				in = 0
			}
		case tokEnd:
			depth--
			in = 0
		case tokText:
			switch in {
			case elV:
				c.v = append(c.v, s.sc.text...)
			case elIST:
				c.isT = append(c.isT, s.sc.text...)
			case elISRT:
				c.isR = append(c.isR, s.sc.text...)
			}
		}
	}
	if c.hasIS {
		c.is = append(append(c.is[:0], c.isT...), c.isR...)
	}
	return nil
}

// Element codes for readCell.
const (
	elOther = iota
	elV
	elF
	elIS
	elT
	elR
	elIST
	elISRT
)

func elementCode(name []byte) int {
	switch string(name) {
	case "v":
		return elV
	case "f":
		return elF
	case "is":
		return elIS
	case "t":
		return elT
	case "r":
		return elR
	}
	return elOther
}

// value returns a cell's text as excelize's getValueFrom renders it.
func (s *streamSource) value(c *cellXML) (string, error) {
	switch c.t {
	case typeBool:
		switch string(c.v) {
		case "1":
			return "TRUE", nil
		case "0":
			return "FALSE", nil
		}
		return s.nf.text(string(c.v), c.s), nil
	case typeDate:
		return s.nf.number(dateCellValue(string(c.v)), c.s), nil
	case typeShared:
		if len(c.v) == 0 {
			return s.nf.text("", c.s), nil
		}
		i, _ := strconv.Atoi(strings.TrimSpace(string(c.v)))
		str, ok := s.sst.get(i)
		if !ok {
			return "", nil // as excelize: the cell is empty
		}
		return s.nf.text(str, c.s), nil
	case typeStr:
		return string(c.v), nil
	case typeInline:
		if c.hasIS {
			return s.nf.text(bstrUnmarshal(string(c.is)), c.s), nil
		}
		return s.nf.text(string(c.v), c.s), nil
	}
	return s.nf.number(string(c.v), c.s), nil
}

// sheetError turns an error met in the worksheet into an EFile error naming the row.
func (s *streamSource) sheetError(err error, row int, between bool) error {
	var syntax *xmlError
	switch {
	case errors.Is(err, errDTD), errors.As(err, &syntax):
		return partError(s.part, err)
	case errors.Is(err, errRowNumber):
		if between {
			return fileError(err, "xlsx_unreadable_after", args("row", itoa(row)))
		}
		return fileError(err, "xlsx_row_unreadable", args("row", itoa(row)))
	}
	var tooBig *errTooLarge
	if errors.As(err, &tooBig) {
		return partError(s.part, err)
	}
	if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
		return partError(s.part, err)
	}
	if between {
		return fileError(err, "xlsx_unreadable_after", args("row", itoa(row)))
	}
	return fileError(err, "xlsx_row_unreadable", args("row", itoa(row)))
}

// close implements source.
func (s *streamSource) close() error {
	var err error
	if s.rc != nil {
		err = s.rc.Close()
	}
	if s.nf != nil {
		s.nf.close()
	}
	if cerr := s.zr.Close(); err == nil {
		err = cerr
	}
	return err
}
