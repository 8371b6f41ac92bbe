package sheet

import (
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/xuri/excelize/v2"
)

// errorRecords are two rows of an error report: the first with two bad cells (one of them blank),
// the second with one.
func errorRecords(t *testing.T) []Record {
	var notes1, notes2 customer.Values
	notes1[customer.FLastName] = "Last Name is required."
	notes1[customer.FEmail] = "Email “per@example” is not a valid email address."
	notes2[customer.FBirthDate] = "Date of Birth “31.02.1990” is not a real date."
	return []Record{
		{Values: values(t, map[string]string{"first_name": "Per", "email": "per@example", "mobile": "+47 912 34 567"}),
			Extra: notes1[customer.FLastName] + " " + notes1[customer.FEmail], Notes: notes1},
		{Values: values(t, map[string]string{"first_name": "Kari", "last_name": "Hansen", "birth_date": "31.02.1990", "postcode": "0150"}),
			Extra: notes2[customer.FBirthDate], Notes: notes2},
	}
}

// TestErrorReport writes an error report: the message column first, each bad cell filled and
// commented with its message, good cells left alone; read again, the message column is ignored
// without a warning and the rows come back as written.
func TestErrorReport(t *testing.T) {
	recs := errorRecords(t)
	path := writeTemplate(t, WriteOptions{ExtraColumn: ErrorColumn("en")}, recs...)
	f := openBook(t, path)
	rows, err := f.GetRows("Customers")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Error message" || rows[0][1] != "Account Number" || rows[1][0] != recs[0].Extra {
		t.Fatalf("rows = %q", rows[:2])
	}
	comments, err := f.GetComments("Customers")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range comments {
		got[c.Cell] = commentText(c)
		if c.Author != commentAuthor {
			t.Errorf("%s: author %q", c.Cell, c.Author)
		}
	}
	wantComments := map[string]string{
		"E2": "Last Name is required.", // blank, and still marked
		"G2": "Email “per@example” is not a valid email address.",
		"P3": "Date of Birth “31.02.1990” is not a real date.",
	}
	if len(got) != len(wantComments) {
		t.Errorf("comments = %q, want %q", got, wantComments)
	}
	for cell, w := range wantComments {
		if got[cell] != w {
			t.Errorf("comment on %s = %q, want %q", cell, got[cell], w)
		}
	}
	for _, cell := range []string{"E2", "G2", "P3", "D2", "H2", "O3", "A2"} {
		_, bad := wantComments[cell]
		if filled := cellFill(t, f, cell); filled != bad {
			t.Errorf("%s filled = %v, want %v", cell, filled, bad)
		}
	}
	// A filled cell keeps its column's number format: text stays text.
	style, _ := f.GetCellStyle("Customers", "G2")
	if s, err := f.GetStyle(style); err != nil || s.NumFmt != 49 {
		t.Errorf("G2's number format = %v, %v; want text (49)", s, err)
	}

	r, read := readAll(t, path, Limits{})
	checkRows(t, read, []want{
		{2, map[string]string{"first_name": "Per", "email": "per@example", "mobile": "+47 912 34 567"}},
		{3, map[string]string{"first_name": "Kari", "last_name": "Hansen", "birth_date": "31.02.1990", "postcode": "0150"}},
	})
	if w := r.Warnings(); len(w) != 0 {
		t.Errorf("warnings = %q, want none", w)
	}
	if got := r.Columns()[0]; got.Field != -1 {
		t.Errorf("the message column maps to field %d", got.Field)
	}
}

// cellFill reports whether the cell of the Customers sheet has the light red fill.
func cellFill(t *testing.T, f *excelize.File, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle("Customers", cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(s.Fill.Color, func(c string) bool {
		return strings.EqualFold(strings.TrimPrefix(c, "FF"), badFill) || strings.EqualFold(c, badFill)
	})
}

// TestIsErrorColumn recognises the message column's header in every language, as headers are
// compared, and nothing else.
func TestIsErrorColumn(t *testing.T) {
	for _, h := range []string{"Error message", "error  message", "Feilmelding", "FEILMELDING", "Komunikat o błędzie", "Komunikat o bledzie"} {
		if !IsErrorColumn(h) {
			t.Errorf("IsErrorColumn(%q) = false", h)
		}
	}
	for _, h := range []string{"Error", "Message", "Note", "Notat", ""} {
		if IsErrorColumn(h) {
			t.Errorf("IsErrorColumn(%q) = true", h)
		}
	}
}

// TestErrorReportCommentsBounded writes more bad cells than get comments: every one is filled,
// maxComments have comments, and the workbook opens.
func TestErrorReportCommentsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes thousands of comments")
	}
	var recs []Record
	for range maxComments/2 + 5 {
		var notes customer.Values
		notes[customer.FEmail], notes[customer.FMobile] = "bad email", "bad mobile"
		recs = append(recs, Record{Values: values(t, map[string]string{"first_name": "A", "email": "x", "mobile": "y"}), Extra: "bad", Notes: notes})
	}
	path := writeTemplate(t, WriteOptions{ExtraColumn: ErrorColumn("en")}, recs...)
	f := openBook(t, path)
	comments, err := f.GetComments("Customers")
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != maxComments {
		t.Errorf("%d comments, want %d", len(comments), maxComments)
	}
	last := "H" + itoa(len(recs)+1)
	if !cellFill(t, f, last) {
		t.Errorf("%s, past the comments, is not filled", last)
	}
}

// TestErrorReportInLibreOffice has LibreOffice open an error report and save it again: the
// comments and the fills are what LibreOffice understood of them, so this shows a second
// spreadsheet program presents each bad cell with its message.
func TestErrorReportInLibreOffice(t *testing.T) {
	path := writeTemplate(t, WriteOptions{ExtraColumn: ErrorColumn("nb"), Language: "nb"}, errorRecords(t)...)
	resaved := resaveInLibreOffice(t, path)
	f := openBook(t, resaved)
	comments, err := f.GetComments("Kunder")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range comments {
		got[c.Cell] = commentText(c)
	}
	for cell, want := range map[string]string{"E2": "Last Name is required.", "P3": "Date of Birth “31.02.1990” is not a real date."} {
		if !strings.Contains(got[cell], want) {
			t.Errorf("LibreOffice's comment on %s = %q, want %q", cell, got[cell], want)
		}
	}
	if len(got) != 3 {
		t.Errorf("LibreOffice kept comments %q, want 3", got)
	}
	if first, _ := f.GetCellValue("Kunder", "A1"); first != "Feilmelding" {
		t.Errorf("A1 = %q", first)
	}
	fills := fillColors(t, resaved)
	for cell, want := range map[string]bool{"E2": true, "G2": true, "P3": true, "D2": false, "A2": false} {
		id, err := f.GetCellStyle("Kunder", cell)
		if err != nil {
			t.Fatal(err)
		}
		if filled := strings.HasSuffix(fills[id], badFill); filled != want {
			t.Errorf("%s after LibreOffice: fill %q, want filled %v", cell, fills[id], want)
		}
	}
}

// fillColors returns the fill colour (fgColor rgb) of each cell style of a workbook, by style
// index, read from its styles part (excelize's GetStyle does not report LibreOffice's fills).
func fillColors(t *testing.T, path string) []string {
	t.Helper()
	var ss struct {
		Fills []struct {
			FG struct {
				RGB string `xml:"rgb,attr"`
			} `xml:"patternFill>fgColor"`
		} `xml:"fills>fill"`
		Xfs []struct {
			FillID int `xml:"fillId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.Unmarshal([]byte(zipPart(t, path, "xl/styles.xml")), &ss); err != nil {
		t.Fatal(err)
	}
	colors := make([]string, len(ss.Xfs))
	for i, xf := range ss.Xfs {
		if xf.FillID < len(ss.Fills) {
			colors[i] = strings.ToUpper(ss.Fills[xf.FillID].FG.RGB)
		}
	}
	return colors
}

// commentText is a cell comment's text, its paragraphs joined.
func commentText(c excelize.Comment) string {
	text := c.Text
	for _, p := range c.Paragraph {
		text += p.Text
	}
	return strings.TrimSpace(text)
}
