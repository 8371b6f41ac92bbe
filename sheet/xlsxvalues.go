package sheet

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// sharedStrings holds a workbook's shared strings compactly: one byte arena and the offsets of
// the strings in it, so that 100,000 short strings cost about their bytes plus 8 bytes each.
type sharedStrings struct {
	arena []byte
	offs  []int // string i is arena[offs[i]:offs[i+1]]
}

func (s *sharedStrings) len() int {
	if s == nil || len(s.offs) == 0 {
		return 0
	}
	return len(s.offs) - 1
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= s.len() {
		return "", false
	}
	return string(s.arena[s.offs[i]:s.offs[i+1]]), true
}

// readSharedStrings reads xl/sharedStrings.xml: each <si>'s text is its <t>, then its rich text
// runs' <r><t>, with _xHHHH_ escapes decoded (as excelize's xlsxSI.String); phonetic runs
// (<rPh>) are left out.
func readSharedStrings(zf *zip.File, budget *inflateBudget) (*sharedStrings, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, partError(zf.Name, err)
	}
	defer rc.Close()
	sc, err := newXMLScanner(budget.reader(rc))
	if err != nil {
		return nil, partError(zf.Name, err)
	}
	sst := &sharedStrings{offs: []int{0}}
	var t, runs []byte
	depth, siDepth := 0, -1
	var path [4]int // below <si>: 1 <t>, 2 <r>, 3 <t> in <r>, 0 other
	in := 0         // 1: si/t, 2: si/r/t
	for {
		err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, partError(zf.Name, err)
		}
		switch sc.kind {
		case tokStart:
			depth++
			rel := depth - siDepth // 1 for a child of <si>
			switch {
			case siDepth < 0 && string(sc.name) == "si":
				siDepth, t, runs = depth, t[:0], runs[:0]
			case siDepth >= 0 && rel == 1 && rel < len(path):
				path[1] = elementCode(sc.name)
				if path[1] == elT {
					in, t = 1, t[:0]
				}
			case siDepth >= 0 && rel == 2 && path[1] == elR:
				path[2] = elementCode(sc.name)
				if path[2] == elT {
					in = 2
				}
			default:
				in = 0
			}
		case tokEnd:
			if depth == siDepth {
				s := t
				if len(runs) > 0 {
					s = append(t, runs...)
				}
				if bytes.Contains(s, []byte("_x")) {
					sst.arena = append(sst.arena, bstrUnmarshal(string(s))...)
				} else {
					sst.arena = append(sst.arena, s...)
				}
				sst.offs = append(sst.offs, len(sst.arena))
				siDepth = -1
			}
			depth--
			in = 0
		case tokText:
			switch in {
			case 1:
				t = append(t, sc.text...)
			case 2:
				runs = append(runs, sc.text...)
			}
		}
	}
	return sst, nil
}

// bstrExp matches an _xHHHH_ escape of a character XML cannot hold.
var bstrExp = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrUnmarshal decodes _xHHHH_ escapes as excelize does (its bstrUnmarshal).
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var result strings.Builder
	cursor := 0
	for _, m := range bstrExp.FindAllStringIndex(s, -1) {
		result.WriteString(s[cursor:m[0]])
		cursor = m[1]
		if s[m[0]:m[1]] == "_x005F_" {
			result.WriteString("_")
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		result.WriteString(v)
	}
	result.WriteString(s[cursor:])
	return result.String()
}

// cellDefault renders the text of a number cell without a number format, as excelize's
// getCellDefault: all digits up to 15 significant ones, else 15 significant digits.
func cellDefault(v string) string {
	if plainInteger(v) {
		return v
	}
	if strings.Contains(v, "_") {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	noSci := strconv.FormatFloat(f, 'f', -1, 64)
	if prec := len(noSci) - strings.Count(noSci, "."); prec > 15 && !numWithinPrecision(v) {
		return strconv.FormatFloat(f, 'G', 15, 64)
	}
	return noSci
}

// plainInteger reports whether v is 1 to 15 digits without a leading zero (or "0"), which
// cellDefault leaves as it is.
func plainInteger(v string) bool {
	if len(v) == 0 || len(v) > 15 || (v[0] == '0' && len(v) > 1) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// numWithinPrecision is excelize's isNumWithinPrecision: an integer zero-filled after 15
// significant digits.
func numWithinPrecision(s string) bool {
	if strings.ContainsAny(s, ".Ee") {
		return false
	}
	s = strings.TrimLeft(s, "+-0")
	return len(strings.TrimRight(s, "0")) <= 15
}

// dateCellValue turns the ISO 8601 text of a t="d" cell into a date serial, as excelize's
// getCellDate does (in the 1900 date system, whatever the workbook's).
func dateCellValue(v string) string {
	layout := "20060102T150405.999"
	if strings.HasSuffix(v, "Z") {
		layout = "20060102T150405Z"
		if strings.Contains(v, "-") {
			layout = "2006-01-02T15:04:05Z"
		}
	} else if strings.Contains(v, "-") {
		layout = "2006-01-02 15:04:05Z"
	}
	t, err := time.Parse(layout, strings.ReplaceAll(v, ",", "."))
	if err != nil {
		return v
	}
	epoch := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	if t.Before(epoch) {
		return "0"
	}
	serial := float64(t.Unix()-epoch.Unix())/86400 + float64(t.Nanosecond())/86400e9
	if t.After(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)) {
		serial++
	}
	return strconv.FormatFloat(serial, 'G', 15, 64)
}

// Classes of cell styles, by what their number format does to a cell's text.
const (
	styleAsIs  = iota // General (rendered as "@") and text: the text as it is
	styleDate         // ISO yyyy-mm-dd
	styleOther        // any other format: rendered by excelize
)

// numberFormatter renders cell values through their style's number format exactly as excelize
// does (TestStreamMatchesExcelize): the workbook's styles are loaded into a one-cell excelize workbook, with
// the same rewriting (rewriteNumberFormats), and cells whose format is neither General nor
// text nor a whole-day date are rendered there. Those are few in customer lists (a "0000"
// postcode, a "#,##0" number), and their results are cached.
type numberFormatter struct {
	h        *excelize.File // nil: no styles, every value as it is
	class    []uint8        // by cell style index
	date1904 bool
	cache    map[fmtKey]string
	tmpl     map[int]string // by style: the rendering of placeholder as text
}

type fmtKey struct {
	style int
	value string
}

// placeholder stands for a text value in a style's text template: excelize's text rendering
// only puts literals around the value.
const placeholder = "\ue000clientele\ue001"

// maxFormatCache bounds the cache of rendered values.
const maxFormatCache = 1 << 16

// newNumberFormatter prepares rendering with the workbook's styles part (nil when it has none).
func newNumberFormatter(styles []byte, date1904 bool) (nf *numberFormatter, err error) {
	nf = &numberFormatter{date1904: date1904, cache: map[fmtKey]string{}, tmpl: map[int]string{}}
	if styles == nil {
		return nf, nil
	}
	defer func() {
		if p := recover(); p != nil {
			nf, err = nil, panicError(p)
		}
	}()
	book, err := styledBook(styles, date1904)
	if err != nil {
		return nil, fileError(err, damaged, nil)
	}
	h, err := excelize.OpenReader(bytes.NewReader(book), excelize.Options{ShortDatePattern: isoDate})
	if err != nil {
		return nil, fileError(err, damaged, nil)
	}
	rewriteNumberFormats(h)
	nf.h = h
	ss := h.Styles
	if ss == nil || ss.CellXfs == nil {
		return nf, nil
	}
	// customFormat returns the code of custom number format id, as excelize looks it up.
	customFormat := func(id int) (string, bool) {
		if ss.NumFmts == nil {
			return "", false
		}
		for _, f := range ss.NumFmts.NumFmt {
			if f != nil && f.NumFmtID == id {
				if f.FormatCode16 != "" {
					return f.FormatCode16, true
				}
				return f.FormatCode, true
			}
		}
		return "", false
	}
	nf.class = make([]uint8, len(ss.CellXfs.Xf))
	for i, xf := range ss.CellXfs.Xf {
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		code, custom := customFormat(id)
		switch {
		case custom && code == "@", !custom && id == 49:
			nf.class[i] = styleAsIs
		case custom && code == isoDate, !custom && id == 14:
			nf.class[i] = styleDate
		default:
			nf.class[i] = styleOther
		}
	}
	return nf, nil
}

// styledBook returns an empty workbook (date system as given) with the styles part replaced.
func styledBook(styles []byte, date1904 bool) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		if err != nil {
			return nil, err
		}
		if zf.Name == "xl/styles.xml" {
			_, err = w.Write(styles)
		} else {
			var rc io.ReadCloser
			if rc, err = zf.Open(); err == nil {
				_, err = io.Copy(w, rc)
				rc.Close()
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// number renders the text v of a number cell with style s.
func (nf *numberFormatter) number(v string, s int) string {
	if s <= 0 || s >= len(nf.class) {
		return cellDefault(v)
	}
	switch nf.class[s] {
	case styleAsIs:
		return cellDefault(v)
	case styleDate:
		if d, ok := nf.wholeDay(cellDefault(v)); ok {
			return d
		}
	}
	return nf.render(v, s)
}

// text renders the text v of a string or boolean cell with style s.
func (nf *numberFormatter) text(v string, s int) string {
	if s <= 0 || s >= len(nf.class) || nf.class[s] == styleAsIs {
		return v
	}
	t, ok := nf.tmpl[s]
	if !ok {
		t = nf.excelize(s, func(f *excelize.File) error { return f.SetCellStr("Sheet1", "A1", placeholder) })
		nf.tmpl[s] = t
	}
	if t == placeholder {
		return v
	}
	return strings.ReplaceAll(t, placeholder, v)
}

// render renders a number cell through excelize, cached.
func (nf *numberFormatter) render(v string, s int) string {
	k := fmtKey{s, v}
	if r, ok := nf.cache[k]; ok {
		return r
	}
	r := nf.excelize(s, func(f *excelize.File) error { return f.SetCellDefault("Sheet1", "A1", v) })
	if len(nf.cache) >= maxFormatCache {
		clear(nf.cache)
	}
	nf.cache[k] = r
	return r
}

// excelize sets cell A1 of the helper workbook with set, gives it style s and reads it back.
func (nf *numberFormatter) excelize(s int, set func(*excelize.File) error) (r string) {
	defer func() {
		if p := recover(); p != nil {
			r = ""
		}
	}()
	if err := set(nf.h); err != nil {
		return ""
	}
	if err := nf.h.SetCellStyle("Sheet1", "A1", "A1", s); err != nil {
		return ""
	}
	r, _ = nf.h.GetCellValue("Sheet1", "A1")
	return r
}

// wholeDay renders a whole-day date serial as yyyy-mm-dd, for the serials where that is
// simple (after Excel's phantom 29 February 1900, in the 1900 date system); ok is false for
// others.
func (nf *numberFormatter) wholeDay(v string) (string, bool) {
	if !plainInteger(v) || len(v) > 7 {
		return "", false
	}
	n, _ := strconv.Atoi(v)
	if nf.date1904 {
		return "", false // rare (old Macs); excelize renders these its own way
	}
	if n < 61 || n > 2958465 {
		return "", false
	}
	return time.Date(1899, 12, 30+n, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), true
}

func (nf *numberFormatter) close() {
	if nf.h != nil {
		_ = nf.h.Close()
	}
}
