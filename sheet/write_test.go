package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/xuri/excelize/v2"
)

// records yields recs.
func records(recs ...Record) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// values returns Values with the given fields set by key.
func values(t *testing.T, fields map[string]string) customer.Values {
	t.Helper()
	var v customer.Values
	for k, s := range fields {
		i := customer.FieldByKey(k)
		if i < 0 {
			t.Fatalf("no field %q", k)
		}
		v[i] = s
	}
	return v
}

// tricky is a record whose values test the writers: leading zeros, formula-like text, a date,
// letters from both code pages, a multi-line note.
var tricky = map[string]string{
	"account_number": "=HYPERLINK(\"http://evil.example\",\"x\")",
	"first_name":     "Øyvind",
	"last_name":      "Łukaszewski",
	"company":        "+47 AS",
	"email":          "@home",
	"mobile":         "+47 912 34 567",
	"phone":          "-22 12 34 56",
	"address_line1":  "\tStorgata 1",
	"postcode":       "0150",
	"country":        "NO",
	"birth_date":     "1990-02-28",
	"email_opt_in":   "Yes",
	"loyalty_points": "250",
	"note":           "line one\nline two",
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	rec := Record{Values: values(t, tricky), Extra: "=bad"}
	if err := WriteCSV(&buf, WriteOptions{ExtraColumn: "Error message"}, records(rec)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbfError message,Account Number,Title,First Name,")) {
		t.Fatalf("output starts %q", buf.Bytes()[:40])
	}
	cr := csv.NewReader(bytes.NewReader(buf.Bytes()[3:]))
	all, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := append([]string{"Error message"}, WriteOptions{}.headers()...); !slices.Equal(all[0], want) {
		t.Errorf("header = %q, want %q", all[0], want)
	}
	got := all[1][1:]
	wants := map[int]string{
		customer.FAccount:   `'=HYPERLINK("http://evil.example","x")`,
		customer.FFirstName: "Øyvind",
		customer.FCompany:   "'+47 AS",
		customer.FEmail:     "'@home",
		customer.FMobile:    "+47 912 34 567", // a number in groups: no formula, no quote
		customer.FPhone:     "-22 12 34 56",
		customer.FAddress1:  "'\tStorgata 1",
		customer.FPostcode:  "0150",
		customer.FNote:      "line one\nline two",
	}
	for i, w := range wants {
		if got[i] != w {
			t.Errorf("%s = %q, want %q", customer.Fields[i].Header, got[i], w)
		}
	}
	if all[1][0] != "'=bad" {
		t.Errorf("message = %q, want it neutralised", all[1][0])
	}
	if !bytes.Contains(buf.Bytes(), []byte("Loyalty Points,Note\r\n")) {
		t.Error("lines do not end in CR LF")
	}
}

// TestNeutralise holds the CSV writer to its rule: what a spreadsheet would run as a formula gets
// a quote, and nothing else does.
func TestNeutralise(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("http://evil.example")`, `'=HYPERLINK("http://evil.example")`},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"+47 AS", "'+47 AS"},
		{"-10 % på sykler", "'-10 % på sykler"},
		{"+4791234567", "'+4791234567"}, // one group: a spreadsheet would make it a number without +
		{"-5", "'-5"},
		{"+1 202-555-0123", "'+1 202-555-0123"}, // a formula that subtracts
		{"+48  601", "'+48  601"},
		{"+ 48", "'+ 48"},
		{"+", "'+"},
		{"+48 601 234 567", "+48 601 234 567"},
		{"+47 912 34 567", "+47 912 34 567"},
		{"-22 12 34 56", "-22 12 34 56"},
		{"912 34 567", "912 34 567"},
		{"0150", "0150"},
		{"Øyvind", "Øyvind"},
		{"a=b", "a=b"},
		{"", ""},
	} {
		if got := neutralise(tt.in); got != tt.want {
			t.Errorf("neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	plain := map[string]string{"first_name": "Åse", "last_name": "Wiśniewska", "postcode": "00-950", "note": "a, \"b\"; c\nd"}
	if err := WriteCSV(&buf, WriteOptions{}, records(Record{Values: values(t, plain)})); err != nil {
		t.Fatal(err)
	}
	r, rows := readAll(t, writeTemp(t, "export.csv", buf.String()), Limits{})
	checkRows(t, rows, []want{{2, plain}})
	if len(r.Warnings()) != 0 {
		t.Errorf("warnings: %q", r.Warnings())
	}
}

func TestWritersReturnRecordErrors(t *testing.T) {
	boom := customer.Errorf(customer.EInternal, "database gone")
	failing := func(yield func(Record, error) bool) {
		if yield(Record{}, nil) {
			yield(Record{}, boom)
		}
	}
	for name, write := range map[string]func(io.Writer, WriteOptions, iter.Seq2[Record, error]) error{
		"WriteCSV": WriteCSV, "WriteXLSX": WriteXLSX,
	} {
		if err := write(io.Discard, WriteOptions{}, failing); !errors.Is(err, boom) {
			t.Errorf("%s = %v, want it to wrap %v", name, err, boom)
		}
	}
}

// writeTemplate writes WriteXLSX's output with recs to a temporary file.
func writeTemplate(t *testing.T, opt WriteOptions, recs ...Record) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, opt, records(recs...)); err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, "template.xlsx", buf.String())
}

func TestWriteXLSXRoundTrip(t *testing.T) {
	path := writeTemplate(t, WriteOptions{ExtraColumn: "Error message"},
		Record{Values: values(t, tricky), Extra: "Row 2: the email is not valid."},
		Record{Values: values(t, map[string]string{"first_name": "Kari", "birth_date": "28.02.1990", "loyalty_points": "12.5"})},
	)
	r, rows := readAll(t, path, Limits{})
	// Everything comes back exactly as written: text stays text, the date cell reads as ISO.
	checkRows(t, rows, []want{
		{2, tricky},
		{3, map[string]string{"first_name": "Kari", "birth_date": "28.02.1990", "loyalty_points": "12.5"}},
	})
	// The message column is the report's own: ignored, without a warning.
	if w := r.Warnings(); len(w) != 0 {
		t.Errorf("warnings = %q, want none", w)
	}

	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Customers", "Example", "Field guide"}) {
		t.Errorf("sheets = %q", got)
	}
	types := map[string]excelize.CellType{
		"A2": excelize.CellTypeInlineString, // the extra column, first
		"B2": excelize.CellTypeInlineString, // the formula-like account number is text
		"H2": excelize.CellTypeInlineString, // mobile +47 912 34 567
		"N2": excelize.CellTypeInlineString, // postcode 0150
		"S2": excelize.CellTypeUnset,        // loyalty points: a number
		"P2": excelize.CellTypeUnset,        // date of birth: a date serial
		"P3": excelize.CellTypeInlineString, // not an ISO date: kept as text
	}
	for cell, want := range types {
		if got, err := f.GetCellType("Customers", cell); err != nil || got != want {
			t.Errorf("type of %s = %v, %v; want %v", cell, got, err, want)
		}
	}
	if v, _ := f.GetCellValue("Customers", "P2", excelize.Options{RawCellValue: true}); v != "32932" {
		t.Errorf("date serial = %q, want 32932", v)
	}
	if v, _ := f.GetCellFormula("Customers", "B2"); v != "" {
		t.Errorf("B2 has formula %q", v)
	}
	// Text cells are typed text: no quote before them, none needed.
	for cell, want := range map[string]string{"B2": tricky["account_number"], "F2": "+47 AS", "H2": "+47 912 34 567", "I2": "-22 12 34 56"} {
		if v, _ := f.GetCellValue("Customers", cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
	sheetXML := zipPart(t, path, "xl/worksheets/sheet1.xml")
	if strings.Contains(sheetXML, "<f>") || strings.Contains(sheetXML, "<f ") {
		t.Error("the sheet contains a formula")
	}
	for _, part := range []string{`<pane activePane="bottomLeft" state="frozen" topLeftCell="A2" ySplit="1">`} {
		if !strings.Contains(sheetXML, part) {
			t.Errorf("sheet XML lacks %s", part)
		}
	}
}

func TestWriteXLSXHeaderStyles(t *testing.T) {
	f, err := excelize.OpenFile(writeTemplate(t, WriteOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Customers")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || !slices.Equal(rows[0], WriteOptions{}.headers()) {
		t.Fatalf("rows = %q, want only the header", rows)
	}
	for i, fd := range customer.Fields[:customer.TemplateFields] {
		cell := columnName(i) + "1"
		id, _ := f.GetCellStyle("Customers", cell)
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Font.Bold {
			t.Errorf("%s header not bold", fd.Header)
		}
		required := len(st.Fill.Color) == 1 && st.Fill.Color[0] == "FFD966"
		if required != fd.Required {
			t.Errorf("%s header: required fill = %v, want %v", fd.Header, required, fd.Required)
		}
		colStyle, _ := f.GetColStyle("Customers", columnName(i))
		cs, _ := f.GetStyle(colStyle)
		wantFmt := 49
		switch fd.Kind {
		case customer.KindDate:
			wantFmt = -1 // custom
		case customer.KindWholeNumber:
			wantFmt = 1
		}
		if wantFmt == -1 {
			if cs.CustomNumFmt == nil || *cs.CustomNumFmt != "yyyy-mm-dd" {
				t.Errorf("%s column format = %v, want yyyy-mm-dd", fd.Header, cs.CustomNumFmt)
			}
		} else if cs.NumFmt != wantFmt {
			t.Errorf("%s column format = %d, want %d", fd.Header, cs.NumFmt, wantFmt)
		}
		if w, _ := f.GetColWidth("Customers", columnName(i)); w < 10 {
			t.Errorf("%s column width = %v", fd.Header, w)
		}
	}
}

func TestWriteXLSXValidations(t *testing.T) {
	path := writeTemplate(t, WriteOptions{}, Record{Values: values(t, tricky)})
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, err := f.GetDataValidations("Customers")
	if err != nil {
		t.Fatal(err)
	}
	bySqref := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		bySqref[dv.Sqref] = dv
	}
	if len(dvs) != customer.TemplateFields {
		t.Errorf("%d validations, want one per field (%d)", len(dvs), customer.TemplateFields)
	}
	for i, fd := range customer.Fields[:customer.TemplateFields] {
		col := columnName(i)
		dv := bySqref[fmt.Sprintf("%s2:%s1048576", col, col)]
		if dv == nil {
			t.Errorf("%s: no validation on %s2:%s1048576", fd.Header, col, col)
			continue
		}
		wantType, wantF1 := "textLength", fmt.Sprint(fd.MaxLen)
		switch fd.Kind {
		case customer.KindChoice, customer.KindYesNo:
			wantType, wantF1 = "list", `"`+strings.Join(fd.Allowed, ",")+`"`
		case customer.KindDate:
			wantType, wantF1 = "date", "1"
		case customer.KindWholeNumber:
			wantType, wantF1 = "whole", "0"
		case customer.KindTime:
			wantF1 = "25"
		}
		if dv.Type != wantType || dv.Formula1 != wantF1 {
			t.Errorf("%s: type %s formula %q, want %s %q", fd.Header, dv.Type, dv.Formula1, wantType, wantF1)
		}
		if !dv.ShowInputMessage || dv.Prompt == nil || !strings.Contains(strings.ToLower(*dv.Prompt), strings.ToLower(fd.Format)) {
			t.Errorf("%s: input message %v does not say the format", fd.Header, dv.Prompt)
		}
		if !dv.ShowErrorMessage || dv.ErrorStyle == nil || dv.Error == nil || dv.ErrorTitle == nil || *dv.ErrorTitle != fd.Header {
			t.Errorf("%s: no error alert", fd.Header)
		} else if n := len([]rune(*dv.Prompt)); n > 255 || len([]rune(*dv.Error)) > 255 {
			t.Errorf("%s: messages too long for Excel", fd.Header)
		}
	}
	if dv := bySqref["D2:D1048576"]; dv == nil || *dv.Prompt != "Text, at most 50 characters. Required." || *dv.ErrorStyle != "stop" {
		t.Errorf("Last Name validation = %+v", dv)
	}

	// The same, in the sheet's XML: the validations were written despite the rows being
	// streamed (excelize drops validations added after a StreamWriter flushed).
	xml := zipPart(t, path, "xl/worksheets/sheet1.xml")
	for _, want := range []string{
		fmt.Sprintf(`<dataValidations count="%d">`, customer.TemplateFields),
		`sqref="C2:C1048576" type="textLength"><formula1>50</formula1>`,
		`operator="lessThanOrEqual"`,
		`sqref="B2:B1048576" type="list"><formula1>"Mr,Mrs,Ms,Miss,Mx,Dr"</formula1>`,
		`sqref="P2:P1048576" type="list"><formula1>"Yes,No"</formula1>`,
		`sqref="R2:R1048576" type="whole"><formula1>0</formula1>`,
		`sqref="O2:O1048576" type="date"><formula1>1</formula1>`,
		`operator="greaterThanOrEqual"`,
		`promptTitle="Last Name (required)"`,
		`prompt="Text, at most 50 characters. Required."`,
		`error="Last Name takes text, at most 50 characters." errorStyle="stop" errorTitle="Last Name"`,
		`showInputMessage="true"`,
		`showErrorMessage="true"`,
	} {
		if !strings.Contains(xml, want) {
			t.Errorf("sheet XML lacks %s", want)
		}
	}
	if n := strings.Count(xml, "<dataValidation "); n != customer.TemplateFields {
		t.Errorf("%d <dataValidation> elements, want %d", n, customer.TemplateFields)
	}
}

func TestWriteXLSXExampleAndGuide(t *testing.T) {
	path := writeTemplate(t, WriteOptions{})
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := f.GetRows("Example")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) < 5 || len(ex) > 7 || !slices.Equal(ex[0], WriteOptions{}.headers()) {
		t.Errorf("Example sheet: %d rows, header %q", len(ex), ex[0])
	}
	guide, err := f.GetRows("Field guide")
	if err != nil {
		t.Fatal(err)
	}
	if want := FieldGuide("en"); !slices.EqualFunc(guide, want, slices.Equal) {
		t.Errorf("Field guide = %q, want %q", guide, want)
	}
}

func TestExamplesUseCatalogueKeys(t *testing.T) {
	for _, lang := range customer.Languages {
		if len(examples[lang]) < 4 {
			t.Errorf("%s: %d examples", lang, len(examples[lang]))
		}
	}
	for lang, exs := range examples {
		for i, ex := range exs {
			checkExample(t, fmt.Sprintf("%s example %d", lang, i), ex)
		}
	}
}

// checkExample checks one example row: catalogue keys, required fields, lengths, and that the
// import's rules accept it with neither error nor warning.
func checkExample(t *testing.T, name string, ex map[string]string) {
	t.Helper()
	{
		i := name
		for k := range ex {
			if customer.FieldByKey(k) < 0 {
				t.Errorf("example %s: no field %q", i, k)
			}
		}
		var raw customer.Values
		for k, v := range ex {
			if j := customer.FieldByKey(k); j >= 0 {
				raw[j] = v
			}
		}
		if _, errs, warns := (customer.Rules{Country: "NO", Language: "en"}).Normalize(&raw); len(errs)+len(warns) > 0 {
			t.Errorf("example %s does not import cleanly: %+v %+v", i, errs, warns)
		}
		var fails []string
		for _, f := range customer.Fields[:customer.TemplateFields] {
			if f.Required && ex[f.Key] == "" {
				fails = append(fails, f.Key)
			}
			if f.MaxLen > 0 && len([]rune(ex[f.Key])) > f.MaxLen {
				fails = append(fails, f.Key+" too long")
			}
		}
		if len(fails) > 0 {
			t.Errorf("example %s: %v", i, fails)
		}
	}
}

func TestFieldGuide(t *testing.T) {
	g := FieldGuide("en")
	if len(g) != customer.TemplateFields+1 {
		t.Fatalf("%d rows", len(g))
	}
	want := []string{"Last Name", "Yes", "50", "text", "—", "The customer's family name.", "Haugen"}
	if !slices.Equal(g[customer.FLastName+1], want) {
		t.Errorf("Last Name row = %q, want %q", g[customer.FLastName+1], want)
	}
	if g[customer.FBirthDate+1][2] != "—" || g[customer.FEmail+1][1] != "No" {
		t.Errorf("Date of Birth / Email rows: %q %q", g[customer.FBirthDate+1], g[customer.FEmail+1])
	}
}

// TestWriteXLSXOpensInLibreOffice converts the written workbook with LibreOffice and checks the
// result, proving the file opens in a second spreadsheet program.
func TestWriteXLSXOpensInLibreOffice(t *testing.T) {
	rec := Record{Values: values(t, map[string]string{
		"first_name": "Åse", "last_name": "Wiśniewska", "postcode": "0150", "birth_date": "1990-02-28",
		"loyalty_points": "250", "account_number": "=1+1",
	})}
	path := writeTemplate(t, WriteOptions{}, rec)
	out := soffice(t, path, "csv:Text - txt - csv (StarCalc):44,34,76,1")
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("LibreOffice's CSV has %d rows: %q", len(rows), rows)
	}
	if !slices.Equal(rows[0], WriteOptions{}.headers()) {
		t.Errorf("header = %q", rows[0])
	}
	got := rows[1]
	for i, want := range map[int]string{
		customer.FAccount: "=1+1", customer.FFirstName: "Åse", customer.FLastName: "Wiśniewska",
		customer.FPostcode: "0150", customer.FBirthDate: "1990-02-28", customer.FLoyaltyPoints: "250",
	} {
		if got[i] != want {
			t.Errorf("%s = %q, want %q", customer.Fields[i].Header, got[i], want)
		}
	}
}

// soffice converts path with LibreOffice to the given filter and returns the output. The test
// is skipped when LibreOffice is not installed, unless CLIENTELE_REQUIRE_LIBREOFFICE=1 (CI).
func soffice(t *testing.T, path, filter string) []byte {
	t.Helper()
	return sofficeFrom(t, path, "", filter)
}

// sofficeFrom is soffice with an input filter: "CSV:59,34,76,1,,1044" opens a CSV as a Norwegian
// user's LibreOffice does (separator ;, text in ", UTF-8, from line 1, locale nb-NO).
func sofficeFrom(t *testing.T, path, infilter, filter string) []byte {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CLIENTELE_REQUIRE_LIBREOFFICE") == "1" {
			t.Fatal("soffice not on PATH, and CLIENTELE_REQUIRE_LIBREOFFICE=1")
		}
		t.Skip("soffice not on PATH (set CLIENTELE_REQUIRE_LIBREOFFICE=1 to fail instead)")
	}
	outDir := t.TempDir()
	profile := "file://" + t.TempDir() // a profile per test, so parallel runs do not clash
	args := []string{"--headless", "-env:UserInstallation=" + profile}
	if infilter != "" {
		args = append(args, "--infilter="+infilter)
	}
	cmd := exec.Command(bin, append(args, "--convert-to", filter, "--outdir", outDir, path)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	ext := filter[:strings.IndexByte(filter+":", ':')]
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + "." + ext
	b, err := os.ReadFile(filepath.Join(outDir, name))
	if err != nil {
		t.Fatalf("soffice wrote no %s: %v", name, err)
	}
	return b
}

// openBook opens an xlsx for a test, closed when the test ends.
func openBook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// resaveInLibreOffice has LibreOffice open the xlsx at path and save it again, as a user who
// opens our file and presses Save does, and returns the saved file's path.
func resaveInLibreOffice(t *testing.T, path string) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "book.xlsx")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, b, 0o600); err != nil {
		t.Fatal(err)
	}
	resaved := filepath.Join(t.TempDir(), "resaved.xlsx")
	if err := os.WriteFile(resaved, soffice(t, src, "xlsx:Calc MS Excel 2007 XML"), 0o600); err != nil {
		t.Fatal(err)
	}
	return resaved
}

// zipPart returns one part of a zip file as text.
func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s has no part %s", path, name)
	return ""
}
