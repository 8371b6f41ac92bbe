package sheet

import (
	"archive/zip"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clientele/clientele/customer"
	"github.com/xuri/excelize/v2"
)

// Excel's limits on data validation texts, in characters; longer texts make Excel call the file
// damaged.
const (
	maxValidationTitle = 32
	maxValidationText  = 255
)

// WriteXLSX writes the template workbook with the given records (none for the empty template):
// sheet "Customers" with the catalogue's header row (frozen; required headers bold on an amber
// fill), column formats and data validation with input messages for every field, then the
// records; sheet "Example" with the same header and a few realistic rows; and sheet "Field
// guide" (see FieldGuide). Headers, sheet names, messages, examples and guide are in
// opt.Language ("Kunder", "Eksempel", "Feltveiledning" in Norwegian). Streams: never holds all records in memory (excelize spools the rows
// to a temporary file).
//
// With opt.ExtraColumn (an error report), that column comes first, and each cell with a note
// (Record.Notes) is filled light red and gets the note as a comment (the first maxComments of
// them; every one is filled).
//
// Values are written as text, never as formulas, so a value beginning with = stays text. Codes
// and other text columns are formatted as text ("@"), so that Excel keeps a typed 0150 or a long
// card number as typed; Date of Birth is a real date cell (yyyy-mm-dd) when the value is an ISO
// date, Loyalty Points a number when it is a whole number; anything else is written as the text
// it is, so error reports show what the person gave.
//
// A value longer than an xlsx cell holds (32,767 characters, Excel's limit) is cut to fit, and
// with opt.ExtraColumn the row's extra cell says so, in opt.Language: an error report keeps the
// row, whose too_long error the person must fix anyway. Exports never have such a value, since
// no field stores more than 500 characters.
//
// An error from records stops the writing and is returned wrapped, as is a write error; nothing
// useful has been written to w then.
func WriteXLSX(w io.Writer, opt WriteOptions, records iter.Seq2[Record, error]) (err error) {
	lang := opt.language()
	words := wordsIn(lang)
	sheetCustomers, sheetExample, sheetGuide := words.customers, words.example, words.guide
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("sheet: write xlsx: %w", cerr)
		}
	}()
	if err := f.SetSheetName("Sheet1", sheetCustomers); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	// Validations first: excelize drops those added after a sheet's StreamWriter has flushed.
	if err := addValidations(f, sheetCustomers, lang, opt.offset()); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	if err := writeTable(f, sheetCustomers, st, opt, records); err != nil {
		return err
	}
	if _, err := f.NewSheet(sheetExample); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	if err := writeTable(f, sheetExample, st, WriteOptions{Language: lang}, exampleRecords(lang)); err != nil {
		return err
	}
	if _, err := f.NewSheet(sheetGuide); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	if err := writeGuide(f, sheetGuide, st, lang); err != nil {
		return err
	}
	// excelize's Write builds the whole file in a bytes.Buffer before it copies it to w, so that a
	// large export would hold the file, and twice that while it grows, in memory. Its zip writer,
	// pointed at w instead, streams the parts straight out.
	zw := zip.NewWriter(w)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if _, err := f.WriteToBuffer(); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	return nil
}

// styles are the cell style ids the template uses.
type styles struct {
	header, required, extraHeader int // header cells
	text, date, number, extra     int // data columns
	badText, badDate, badNumber   int // data cells with a note (Record.Notes): filled light red
	wrap, wrapHeader, topText     int // the field guide's long texts, its header row and its examples
}

// badFill is the fill of a cell with a note: Excel's "Light Red Fill" of its conditional formats,
// which the extra column's header and messages already use.
const badFill = "FFC7CE"

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	isoFmt := "yyyy-mm-dd"
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&st.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("DDEBF7"), Border: border}},
		{&st.required, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("FFD966"), Border: border}},
		{&st.extraHeader, excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"}, Fill: fill("FFC7CE"), Border: border}},
		{&st.text, excelize.Style{NumFmt: 49}}, // "@": text, so Excel keeps leading zeros and long numbers
		{&st.date, excelize.Style{CustomNumFmt: &isoFmt}},
		{&st.number, excelize.Style{NumFmt: 1}}, // "0"
		{&st.extra, excelize.Style{NumFmt: 49, Font: &excelize.Font{Color: "9C0006"}}},
		{&st.badText, excelize.Style{NumFmt: 49, Fill: fill(badFill)}},
		{&st.badDate, excelize.Style{CustomNumFmt: &isoFmt, Fill: fill(badFill)}},
		{&st.badNumber, excelize.Style{NumFmt: 1, Fill: fill(badFill)}},
		{&st.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&st.topText, excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.wrapHeader, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("DDEBF7"), Border: border,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return st, err
		}
		*s.id = id
	}
	return st, nil
}

// cellStyle returns the style of a field's data cells, filled for a cell with a note (bad).
// Every field but dates and numbers is text: Excel would turn 0150 into 150, a card number into
// 1.23457E+15 and "1-2" into a date.
func (st styles) cellStyle(fd customer.Field, bad bool) int {
	plain, filled := st.text, st.badText
	switch fd.Kind {
	case customer.KindDate:
		plain, filled = st.date, st.badDate
	case customer.KindWholeNumber:
		plain, filled = st.number, st.badNumber
	}
	if bad {
		return filled
	}
	return plain
}

// maxComments bounds the cell comments of one sheet. excelize adds a comment in time that grows
// with the comments before it (it searches them for the cell, and the drawing's shapes for the
// next id): 4,000 comments take 0.26 s, 10,000 about 1.6 s, 100,000 would take minutes. Cells
// beyond the bound are still filled, and every message is in the extra column.
const maxComments = 5000

// commentAuthor is the author of the cell comments, which Excel shows above their text.
const commentAuthor = "Clientele"

// columnWidth returns a field's column width, in Excel's character units, for its header.
func columnWidth(fd customer.Field, header string) float64 {
	w := max(10, float64(utf8.RuneCountInString(header))+4) // room for the drop-down arrow
	switch {
	case fd.Kind == customer.KindEmail:
		w = max(w, 32)
	case fd.Kind == customer.KindPhone:
		w = max(w, 18)
	case fd.MaxLen >= 500:
		w = max(w, 48)
	case fd.MaxLen >= 100:
		w = max(w, 30)
	case fd.MaxLen >= 50:
		w = max(w, 20)
	case fd.Kind == customer.KindDate:
		w = max(w, 14)
	}
	return w
}

// writeTable streams a header row and records to sheet.
func writeTable(f *excelize.File, sheet string, st styles, opt WriteOptions, records iter.Seq2[Record, error]) error {
	if err := setPrint(f, sheet, 0); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	header := opt.headers()
	off := opt.offset()
	if off > 0 {
		if err := sw.SetColWidth(1, 1, 60); err != nil {
			return fmt.Errorf("sheet: write xlsx: %w", err)
		}
		if err := sw.SetColStyle(1, 1, st.extra); err != nil {
			return fmt.Errorf("sheet: write xlsx: %w", err)
		}
	}
	for i, fd := range customer.Fields {
		col := off + i + 1
		if err := sw.SetColWidth(col, col, columnWidth(fd, header[off+i])); err != nil {
			return fmt.Errorf("sheet: write xlsx: %w", err)
		}
		if err := sw.SetColStyle(col, col, st.cellStyle(fd, false)); err != nil {
			return fmt.Errorf("sheet: write xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(freezeHeader()); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	cells := make([]any, len(header))
	for i, h := range header {
		style := st.extraHeader
		if i >= off {
			style = st.header
			if customer.Fields[i-off].Required {
				style = st.required
			}
		}
		cells[i] = excelize.Cell{StyleID: style, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	row, comments := 1, 0
	lang := opt.language()
	for rec, err := range records {
		if err != nil {
			return fmt.Errorf("sheet: write xlsx: %w", err)
		}
		if row++; row > excelize.TotalRows {
			return customer.Errorf(customer.ETooLarge, "There are more customers than fit in one Excel sheet (%s); export as CSV instead.",
				thousands(excelize.TotalRows-1))
		}
		extra := rec.Extra
		for i, fd := range customer.Fields {
			v, cut := fitCell(rec.Values[i])
			if cut {
				extra = strings.TrimSpace(extra + " " + cutNote(lang, header[off+i], rec.Values[i]))
			}
			cells[off+i] = cellValue(fd, v)
			if rec.Notes[i] == "" {
				continue
			}
			// A cell with a note is written even when blank (a required value is missing).
			cells[off+i] = excelize.Cell{StyleID: st.cellStyle(fd, true), Value: cells[off+i]}
			if comments < maxComments {
				comments++
				note, _ := fitCell(rec.Notes[i])
				ref := columnName(off+i) + strconv.Itoa(row)
				if err := f.AddComment(sheet, excelize.Comment{Cell: ref, Author: commentAuthor, Text: note}); err != nil {
					return fmt.Errorf("sheet: write xlsx: comment on %s: %w", ref, err)
				}
			}
		}
		if off > 0 {
			cells[0] = nil
			if extra != "" {
				extra, _ = fitCell(extra)
				cells[0] = extra
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(row), cells); err != nil {
			return fmt.Errorf("sheet: write xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	return nil
}

// maxXLSXCell is the most characters an xlsx cell holds, counted as Excel counts them: in UTF-16
// code units.
const maxXLSXCell = 32767

// fitCell returns s cut, at a character boundary, to maxXLSXCell, and whether it was cut.
// excelize would cut it too, but silently.
func fitCell(s string) (string, bool) {
	if len(s) <= maxXLSXCell { // a UTF-16 code unit takes at least one byte of UTF-8
		return s, false
	}
	n := 0
	for i, r := range s {
		n++
		if r > 0xFFFF { // a surrogate pair
			n++
		}
		if n > maxXLSXCell {
			return s[:i], true
		}
	}
	return s, false
}

// cutNote says, in lang, that the value of the column named header was cut by fitCell.
func cutNote(lang, header, value string) string {
	return fmt.Sprintf(wordsIn(lang).cut, header, customer.FormatNumber(lang, strconv.Itoa(maxXLSXCell)),
		customer.FormatNumber(lang, strconv.Itoa(utf8.RuneCountInString(value))))
}

// freezeHeader keeps the header row in view while scrolling.
func freezeHeader() *excelize.Panes {
	return &excelize.Panes{
		Freeze:      true,
		YSplit:      1,
		TopLeftCell: "A2",
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}
}

// cellValue returns what to write for one field's value: nil for an empty cell, a time.Time
// for an ISO date in a date field, an int64 for a whole number in a number field (of at most
// 15 digits, which Excel's doubles hold exactly), else the text. A string is always written as
// text by excelize's StreamWriter, never as a formula.
func cellValue(fd customer.Field, v string) any {
	if v == "" {
		return nil
	}
	switch fd.Kind {
	case customer.KindDate:
		if t, err := time.Parse(time.DateOnly, v); err == nil && t.Year() >= 1900 {
			return t
		}
	case customer.KindWholeNumber:
		if len(v) <= 15 && strings.Trim(v, "0123456789") == "" {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				return n
			}
		}
	}
	return v
}

// addValidations adds one data validation per catalogue column to sheet's data rows, generated
// from the field's kind, limits and format, with its messages in lang; the catalogue's columns
// begin after off others. Violations of limits the
// import would certainly reject (length, whole number, date) stop the entry; lists and the
// country code warn, because the import also accepts Yes/No in other languages, lower case and
// country names.
func addValidations(f *excelize.File, sheet, lang string, off int) error {
	for i, fd := range customer.Fields {
		dv, err := validation(i, lang)
		if err != nil {
			return fmt.Errorf("validation for %s: %w", fd.Key, err)
		}
		if dv == nil {
			continue
		}
		col := columnName(off + i)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, excelize.TotalRows))
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// validation returns the data validation for field i with its messages in lang, or nil when
// there is nothing to check. A Yes/No list offers the language's words (Ja/Nei, Tak/Nie), which
// the import reads as Yes and No.
func validation(i int, lang string) (*excelize.DataValidation, error) {
	fd := customer.Fields[i]
	ft := customer.FieldTextIn(lang, i)
	words := wordsIn(lang)
	dv := excelize.NewDataValidation(true)
	style := excelize.DataValidationErrorStyleStop
	var err error
	switch {
	case fd.Kind == customer.KindYesNo:
		err = dv.SetDropList(customer.YesNoIn(lang))
		style = excelize.DataValidationErrorStyleWarning
	case fd.Kind == customer.KindChoice:
		err = dv.SetDropList(fd.Allowed)
		style = excelize.DataValidationErrorStyleWarning
	case fd.Kind == customer.KindCountry:
		err = dv.SetRange(fd.MaxLen, "", excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorEqual)
		style = excelize.DataValidationErrorStyleWarning
	case fd.Kind == customer.KindDate:
		// Serial 1 is 1900-01-01, the first date a spreadsheet holds.
		err = dv.SetRange(1, "", excelize.DataValidationTypeDate, excelize.DataValidationOperatorGreaterThanOrEqual)
	case fd.Kind == customer.KindWholeNumber:
		err = dv.SetRange(0, "", excelize.DataValidationTypeWhole, excelize.DataValidationOperatorGreaterThanOrEqual)
	case fd.MaxLen > 0:
		err = dv.SetRange(fd.MaxLen, "", excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorLessThanOrEqual)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	title := ft.Header
	if fd.Required {
		title += words.required
	}
	dv.SetInput(cut(title, maxValidationTitle), cut(promptText(fd, ft, words), maxValidationText))
	dv.SetError(style, cut(ft.Header, maxValidationTitle), cut(errorText(fd, ft, words), maxValidationText))
	return dv, nil
}

// lengthNote says a field's maximum length, for the messages of fields limited only by it.
func lengthNote(fd customer.Field, words templateWords) string {
	if fd.MaxLen == 0 || fd.Kind == customer.KindCountry || fd.Kind == customer.KindChoice {
		return ""
	}
	return fmt.Sprintf(words.atMost, fd.MaxLen)
}

// promptText is the input message shown when a cell of the field is selected.
func promptText(fd customer.Field, ft customer.FieldText, words templateWords) string {
	s := upperFirst(ft.Format) + lengthNote(fd, words) + "."
	if fd.Required {
		s += words.requiredNote
	}
	return s
}

// errorText is the message shown when an entry breaks the field's validation.
func errorText(fd customer.Field, ft customer.FieldText, words templateWords) string {
	return fmt.Sprintf(words.takes, ft.Header, ft.Format+lengthNote(fd, words))
}

// upperFirst returns s with its first letter in upper case.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// FieldGuide returns the field guide in lang as a table: a header row (Header, Required, Max
// length, Format and allowed values, Default when blank, Meaning, Example), then one row per
// catalogue field in template order. It is what the template's "Field guide" sheet shows,
// generated from customer.Fields and their texts (customer.FieldTextIn), so that the guide
// cannot disagree with the rules. An unknown language gives English.
func FieldGuide(lang string) [][]string {
	words := wordsIn(lang)
	rows := [][]string{slices.Clone(words.guideHeader)}
	for i, f := range customer.Fields {
		ft := customer.FieldTextIn(lang, i)
		required, maxLen := words.no, "—"
		if f.Required {
			required = words.yes
		}
		if f.MaxLen > 0 {
			maxLen = strconv.Itoa(f.MaxLen)
		}
		rows = append(rows, []string{ft.Header, required, maxLen, ft.Format, ft.Default, ft.Meaning, ft.Example})
	}
	return rows
}

// writeGuide writes FieldGuide(lang) to the sheet.
func writeGuide(f *excelize.File, sheet string, st styles, lang string) error {
	if err := setPrint(f, sheet, guidePages); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	widths := []float64{18, 10, 11, 60, 30, 50, 26}
	for i, w := range widths {
		style := st.wrap
		if i == 6 {
			style = st.topText // the examples as typed: 0150 stays 0150
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return fmt.Errorf("sheet: write xlsx: %w", err)
		}
		if err := sw.SetColStyle(i+1, i+1, style); err != nil {
			return fmt.Errorf("sheet: write xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(freezeHeader()); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	for n, row := range FieldGuide(lang) {
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = v
			if n == 0 {
				cells[i] = excelize.Cell{StyleID: st.wrapHeader, Value: v}
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(n+1), cells, excelize.RowOpts{Height: guideRowHeight(row, widths)}); err != nil {
			return fmt.Errorf("sheet: write xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet: write xlsx: %w", err)
	}
	return nil
}

// guideRowHeight returns the height, in points, of a field guide row whose wrapped texts fill
// columns of the given widths (in characters): spreadsheet programs do not grow a row for text
// that wraps when they open a file, so without a height the lines print over the next row.
func guideRowHeight(row []string, widths []float64) float64 {
	lines := 1
	for i, v := range row {
		// A character of the default font is about 0.9 of a width unit; words wrap a little early.
		per := max(1, int(widths[i]*0.9))
		n := 0
		for _, line := range strings.Split(v, "\n") {
			n += max(1, (utf8.RuneCountInString(line)+per-1)/per)
		}
		lines = max(lines, n)
	}
	return 15 * float64(lines)
}

// guidePages is how many pages the field guide is scaled to print on, at most: one field a few
// lines, on a page or two a shop can pin up.
const guidePages = 2

// setPrint sets how sheet prints (before its stream writer takes the worksheet, which keeps
// these settings): landscape, scaled to the width of one page and to at most tall pages long (0:
// as many as it takes), the header row on every page, the sheet's name and the page number in
// the footer. Without these, Excel and LibreOffice print the 19 columns portrait across many
// pages, the header row on the first alone.
func setPrint(f *excelize.File, sheet string, tall int) error {
	landscape, one, fit := "landscape", 1, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	// &A is the sheet's name, &P and &N the page and the number of pages.
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&L&A&R&P / &N"}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + strings.ReplaceAll(sheet, "'", "''") + "'!$1:$1", Scope: sheet})
}
