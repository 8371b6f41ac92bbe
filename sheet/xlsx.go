package sheet

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/xuri/excelize/v2"

	"github.com/clientele/clientele/customer"
)

// isoDate is the number format every date cell is read with. The locale prefix [$-409] (en-US)
// is there for speed: without one, excelize looks for the locale of each date it formats by
// scanning its table of languages, which would dominate reading a date column.
const isoDate = "[$-409]yyyy-mm-dd"

// maxZipParts bounds the entries of an xlsx archive: excelize keeps a map entry per part, and
// real workbooks have tens of parts, a few hundred with many images.
const maxZipParts = 10000

// xmlInMemory is the size above which excelize keeps a worksheet's XML in a temporary file
// rather than in memory (excelize's own default).
const xmlInMemory = 16 << 20

// maxInMemory bounds the unpacked size of the parts excelize holds in memory while a workbook
// is open: every part but the worksheets and shared strings larger than xmlInMemory, which it
// unpacks to temporary files. Real workbooks need a few MiB; a zip bomb of pictures would
// otherwise cost up to MaxUnzipped of memory per upload.
const maxInMemory = 128 << 20

// firstSheetWarning says that the first of n visible sheets, named first, was read by a guess.
func firstSheetWarning(n int, first string) customer.Notice {
	return customer.NewNotice("warn_first_sheet", args("sheets", itoa(n), "sheet", first))
}

// damaged is the message id for a workbook excelize cannot read.
const damaged = "xlsx_damaged"

// panicError turns a panic inside an xlsx reader into an EFile error, so that one malformed upload
// cannot bring a server down. It is a backstop: the inputs excelize is known to choke on are
// refused before it sees them.
func panicError(p any) error {
	return fileError(fmt.Errorf("sheet: panic in xlsx reader: %v", p), damaged, nil)
}

// checkArchive refuses archives that would inflate beyond limits.MaxUnzipped or maxInMemory
// (by their declared sizes), that have two parts of one name, or that are zip files but not
// workbooks.
func checkArchive(zr *zip.ReadCloser, limits Limits) error {
	if len(zr.File) > maxZipParts {
		return fileError(nil, "xlsx_too_many_parts", args("parts", itoa(len(zr.File))))
	}
	var (
		total, inMemory            uint64
		types, workbook, word, ppt bool
		mimetype                   string
		seen                       = map[string]bool{}
	)
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > uint64(limits.MaxUnzipped) || total > uint64(limits.MaxUnzipped) {
			return fileError(nil, "xlsx_too_large", args("limit", i64(limits.MaxUnzipped)))
		}
		// excelize keys its parts by this name: two entries with it are read as one, and
		// which one wins differs between zip readers.
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		if seen[name] {
			return fileError(nil, "xlsx_duplicate_part", args("part", zf.Name))
		}
		seen[name] = true
		if !(strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml") || zf.UncompressedSize64 <= xmlInMemory {
			inMemory += zf.UncompressedSize64
		}
		switch {
		case name == "mimetype":
			mimetype = readSmall(zf)
		case name == "[content_types].xml":
			types = true
		case strings.HasPrefix(name, "xl/"):
			workbook = true
		case strings.HasPrefix(name, "word/"):
			word = true
		case strings.HasPrefix(name, "ppt/"):
			ppt = true
		}
	}
	switch {
	case strings.Contains(mimetype, "opendocument.spreadsheet"):
		return fileError(nil, "xlsx_ods", nil)
	case mimetype != "":
		return fileError(nil, "xlsx_odf_other", nil)
	case word:
		return fileError(nil, "xlsx_docx", nil)
	case ppt:
		return fileError(nil, "xlsx_pptx", nil)
	case !types || !workbook:
		return fileError(nil, "xlsx_zip", nil)
	case inMemory > maxInMemory:
		return fileError(nil, "xlsx_too_large_other", args("limit", i64(maxInMemory)))
	}
	return nil
}

// errDTD is what verifyPart finds in a part with a document type declaration.
var errDTD = errors.New("sheet: DTD in an xlsx part")

// verifyPart reads one part of a workbook to its end, so that archive/zip checks its declared
// size and checksum, and parses XML parts. excelize's row reader ignores errors (a damaged
// worksheet would silently end the rows early) and its part reader ignores a part that is
// longer than declared (it would be cut short), so both are found here, before reading. A
// document type declaration is refused: Excel never writes one, and it is the vehicle of
// entity-expansion and external-entity attacks (encoding/xml expands neither, but says only
// "invalid character entity").
func verifyPart(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return fileError(err, "xlsx_part_unpack", args("part", zf.Name))
	}
	defer rc.Close()
	name := strings.ToLower(zf.Name)
	if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
		err = checkXML(rc)
	}
	if err == nil {
		_, err = io.Copy(io.Discard, rc)
	}
	var syntax *xml.SyntaxError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errDTD):
		return fileError(err, "xlsx_dtd", args("part", zf.Name))
	case errors.As(err, &syntax):
		return fileError(err, "xlsx_bad_xml", args("part", zf.Name, "line", itoa(syntax.Line), "detail", syntax.Msg))
	default:
		return fileError(err, "xlsx_checksum", args("part", zf.Name))
	}
}

// checkXML parses an XML document to its end with encoding/xml's strict rules, as excelize
// reads it, and refuses a DTD. It uses Token, as RawToken is no faster.
func checkXML(r io.Reader) error {
	d := xml.NewDecoder(r)
	d.CharsetReader = charsetReader
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if dir, ok := tok.(xml.Directive); ok && strings.HasPrefix(strings.TrimSpace(strings.ToUpper(string(dir))), "DOCTYPE") {
			return errDTD
		}
	}
}

// charsetReader decodes an XML part that declares an encoding other than UTF-8.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, err
	}
	return enc.NewDecoder().Reader(in), nil
}

// readSmall returns the first bytes of a zip entry (an ODF mimetype is one short line).
func readSmall(zf *zip.File) string {
	rc, err := zf.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 128))
	return string(b)
}

// rewriteNumberFormats changes, in the opened workbook's in-memory styles, how excelize renders
// cell values: every date format becomes ISO yyyy-mm-dd, and General becomes "@" (excelize's
// General switches to scientific notation at 12 digits, as Excel does on screen; "@" renders a
// number with all its digits, as excelize does for unstyled cells). Other formats are left
// alone, so "0000" still shows 0150.
//
// excelize's streaming reader renders each cell through its style's number format but does not
// report the style, so the formats are changed at their source: once per number format and once
// per cell style, however many cells use them. The styles are exported fields of excelize.File;
// the workbook is never saved.
func rewriteNumberFormats(f *excelize.File) {
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil {
		return
	}
	custom := map[int]bool{}
	if ss.NumFmts != nil {
		for _, nf := range ss.NumFmts.NumFmt {
			if nf == nil {
				continue
			}
			custom[nf.NumFmtID] = true
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			switch {
			case isGeneral(code):
				nf.FormatCode, nf.FormatCode16 = "@", ""
			case isDateFormat(code):
				nf.FormatCode, nf.FormatCode16 = isoDate, ""
			}
		}
	}
	for i := range ss.CellXfs.Xf {
		xf := &ss.CellXfs.Xf[i]
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		if custom[id] {
			continue // rewritten above
		}
		switch {
		case id == 0:
			text := 49 // built-in "@"
			xf.NumFmtID = &text
		case builtinDate(id):
			date := 14 // built-in short date, rendered with Options.ShortDatePattern
			xf.NumFmtID = &date
		}
	}
}

// builtinDate reports whether a built-in number format id shows a date (with or without a
// time): 14–17 and 22, and 27–31, 36 and 50–58, the East Asian locales' dates.
func builtinDate(id int) bool {
	switch {
	case 14 <= id && id <= 17, id == 22, 27 <= id && id <= 31, id == 36, 50 <= id && id <= 58:
		return true
	}
	return false
}

// isGeneral reports whether a custom format code is General (LibreOffice writes General as a
// custom format).
func isGeneral(code string) bool {
	return strings.EqualFold(strings.TrimSpace(code), "General")
}

// isDateFormat reports whether a number format code shows a date: its first section (the one
// for positive numbers, which date serials are) has a year or day token outside quoted text,
// escapes and brackets. Time-only formats (h:mm, [h]:mm:ss) are not dates; "m" alone is
// ambiguous (month or minute) and does not count.
func isDateFormat(code string) bool {
	var inQuote, inBracket bool
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal, a space's width, or a fill
		case c == ';':
			return false
		case c == 'y' || c == 'Y' || c == 'd' || c == 'D':
			return true
		}
	}
	return false
}
