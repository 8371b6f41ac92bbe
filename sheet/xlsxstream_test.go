package sheet

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/poll"
	"github.com/xuri/excelize/v2"
)

// sourceRows reads a source to its end: its rows as "num: cells", then the error if any.
func sourceRows(src source, err error) (rows []string, warnings []string, last error) {
	if err != nil {
		return nil, nil, err
	}
	defer src.close()
	switch s := src.(type) {
	case *xlsxSource:
		warnings = s.warnings
	case *streamSource:
		warnings = s.warnings
	}
	for {
		num, cells, err := src.next()
		if err == io.EOF {
			return rows, warnings, nil
		}
		if err != nil {
			return rows, warnings, err
		}
		rows = append(rows, fmt.Sprintf("%d: %q", num, cells))
	}
}

// checkSameAsExcelize reads the workbook at path with excelize (xlsxSource) and with
// streamSource and requires the same rows and warnings; when excelize refuses the file, the
// stream reader must refuse it too (perhaps after some rows: it checks while reading).
func checkSameAsExcelize(t *testing.T, path string, limits Limits) {
	t.Helper()
	limits = limits.withDefaults()
	oldRows, oldWarn, oldErr := sourceRows(openXLSX(path, limits))
	newRows, newWarn, newErr := sourceRows(openXLSXStream(path, limits))
	if oldErr != nil {
		var ce *customer.Error
		if newErr == nil || !errors.As(newErr, &ce) || ce.Code != customer.EFile {
			t.Errorf("excelize: %v; stream reader: %v", oldErr, newErr)
		}
		return
	}
	if newErr != nil {
		t.Errorf("stream reader: %v (excelize read %d rows)", newErr, len(oldRows))
		return
	}
	if !slices.Equal(oldWarn, newWarn) {
		t.Errorf("warnings: excelize %q, stream %q", oldWarn, newWarn)
	}
	for i := range max(len(oldRows), len(newRows)) {
		var o, n string
		if i < len(oldRows) {
			o = oldRows[i]
		}
		if i < len(newRows) {
			n = newRows[i]
		}
		if o != n {
			t.Errorf("row %d:\n excelize %s\n stream   %s", i, o, n)
			return
		}
	}
}

// TestStreamMatchesExcelize checks the stream reader against excelize on the fixtures and on
// generated workbooks.
func TestStreamMatchesExcelize(t *testing.T) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	if _, err := os.Stat("/tmp/perf/customers-100k.xlsx"); err == nil && !testing.Short() {
		fixtures = append(fixtures, "/tmp/perf/customers-100k.xlsx")
	}
	for _, f := range fixtures {
		t.Run(filepath.Base(f), func(t *testing.T) { checkSameAsExcelize(t, f, Limits{}) })
	}
	for _, date1904 := range []bool{false, true} {
		t.Run(fmt.Sprintf("formats date1904=%v", date1904), func(t *testing.T) {
			checkSameAsExcelize(t, formatsBook(t, date1904), Limits{})
		})
	}
	t.Run("template with records", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "export.xlsx")
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteXLSX(out, WriteOptions{}, manyRecords(3000)); err != nil {
			t.Fatal(err)
		}
		out.Close()
		checkSameAsExcelize(t, path, Limits{})
	})
	base := filepath.Join("testdata", "libreoffice.xlsx")
	hdr := `<row r="1"><c r="A1" t="inlineStr"><is><t>First Name</t></is></c><c r="B1" t="inlineStr"><is><t>Last Name</t></is></c></row>`
	sheets := map[string]string{
		"gaps and rows without r":      hdr + `<row><c t="inlineStr"><is><t>a</t></is></c><c r="D3"><v>5</v></c></row><row r="7"><c r="B7" t="str"><v>x</v></c></row><row/><row><c><v>1</v></c></row>`,
		"rich inline text":             hdr + `<row r="2"><c r="A2" t="inlineStr"><is><r><t>Ol</t></r><r><rPr><b/></rPr><t xml:space="preserve">a </t></r></is></c><c r="B2" t="inlineStr"><is><t>N&amp;rd&#248;&#xE5;&lt;&gt;&quot;&apos;</t></is></c></row>`,
		"entities, CR LF and escapes":  hdr + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a\r\nb\rc _x0041_ _x005F_x0041_</t></is></c><c r=\"B2\" t=\"str\"><v>x&#10;y</v></c></row>",
		"formulas and errors":          hdr + `<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2"><f>B2</f></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="b"><v>0</v></c><c r="G2" t="b"><v>x</v></c></row>`,
		"numbers":                      hdr + `<row r="2"><c r="A2"><v>4.7912345E+09</v></c><c r="B2"><v>93456789</v></c><c r="C2"><v>0.30000000000000004</v></c><c r="D2"><v>1234567890123456789</v></c><c r="E2"><v>-0</v></c><c r="F2"><v>007</v></c><c r="G2"><v>1e308</v></c><c r="H2"><v>abc</v></c></row>`,
		"styles out of range":          hdr + `<row r="2"><c r="A2" s="-5"><v>1</v></c><c r="B2" s="999999"><v>2</v></c></row>`,
		"empty and space cells":        hdr + `<row r="2"><c r="A2" t="inlineStr"><is><t></t></is></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">  </t></is></c><c r="C2"/></row>`,
		"row numbers going back":       hdr + `<row r="5"><c r="A5"><v>5</v></c></row><row r="3"><c r="A3"><v>3</v></c></row><row r="4"><c r="A4"><v>4</v></c></row>`,
		"cell reference dollars":       hdr + `<row r="2"><c r="$C$2"><v>1</v></c><c r="b2"><v>2</v></c></row>`,
		"> in an attribute, long text": hdr + `<row r="2" x="a>b" y='"'><c r="A2" t="inlineStr"><is><t>` + strings.Repeat("lang tekst ", 10000) + `</t></is></c></row>`,
		"comment and CDATA":            hdr + `<!-- note --><row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>`,
	}
	for name, rows := range sheets {
		t.Run(name, func(t *testing.T) {
			const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
			checkSameAsExcelize(t, rezip(t, base, map[string]string{"xl/worksheets/sheet1.xml": head + rows + `</sheetData></worksheet>`}), Limits{})
		})
	}
}

// formatsBook writes a workbook with a column per number format and a row per value.
func formatsBook(t *testing.T, date1904 bool) string {
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
	}
	type format struct {
		id     int
		custom string
		bold   bool
	}
	formats := []format{{}, {bold: true}, {id: 1}, {id: 2}, {id: 3}, {id: 4}, {id: 9}, {id: 10}, {id: 11}, {id: 14}, {id: 15},
		{id: 16}, {id: 17}, {id: 18}, {id: 20}, {id: 22}, {id: 27}, {id: 30}, {id: 36}, {id: 45}, {id: 49}, {id: 57},
		{custom: "0000"}, {custom: "General"}, {custom: "@"}, {custom: "dd/mm/yyyy"}, {custom: "[$-414]d. mmmm yyyy;@"},
		{custom: `0.00 "kr"`}, {custom: "hh:mm"}, {custom: "# ##0"}, {custom: `;;;"hidden"`}, {custom: `"x"@"y"`},
		{custom: "0;[Red]-0"}, {custom: "yyyy-mm-dd hh:mm"}, {custom: "0.00E+00"}, {custom: "[h]:mm:ss"}}
	values := []any{0, 1, 59, 60, 61, 366, 1462, 25000, 32874, 45000, 2958465, 2958466, -1, 0.5, 1.25, 32874.75,
		93456789, 4.791234567e9, 12345678901234, 1234567890123456789, 1e20, -1e-7, 0.1 + 0.2, 150,
		"0150", "text", "28.02.1990", "", " ", "1,5", true, false, time.Date(1990, 2, 28, 0, 0, 0, 0, time.UTC),
		time.Date(1985, 6, 14, 13, 45, 0, 0, time.UTC)}
	for c, fm := range formats {
		name, _ := excelize.CoordinatesToCellName(c+1, 1)
		f.SetCellValue("Sheet1", name, fmt.Sprintf("col %d %s", fm.id, fm.custom))
		style := excelize.Style{NumFmt: fm.id}
		if fm.custom != "" {
			style.CustomNumFmt = &fm.custom
		}
		if fm.bold {
			style.Font = &excelize.Font{Bold: true}
		}
		id, err := f.NewStyle(&style)
		if err != nil {
			t.Fatal(err)
		}
		for r, v := range values {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
			if fm != (format{}) {
				f.SetCellStyle("Sheet1", cell, cell, id)
			}
		}
	}
	// Shared strings with a rich text run.
	f.SetCellRichText("Sheet1", "A100", []excelize.RichTextRun{{Text: "Ol"}, {Text: "a", Font: &excelize.Font{Bold: true}}})
	return saveTemp(t, f)
}

// TestStreamDamaged checks that damaged worksheets are refused by both readers.
func TestStreamDamaged(t *testing.T) {
	base := filepath.Join("testdata", "libreoffice.xlsx")
	for name, ws := range map[string]string{
		"truncated":        `<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>First`,
		"mismatched tags":  `<worksheet><sheetData><row r="1"></c></row></sheetData></worksheet>`,
		"unknown entity":   `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row></sheetData></worksheet>`,
		"DTD":              `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet/>`,
		"invalid UTF-8":    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xff</t></is></c></row></sheetData></worksheet>",
		"column past XFD":  `<worksheet><sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>`,
		"row past 1048576": `<worksheet><sheetData><row r="1048577"><c><v>1</v></c></row></sheetData></worksheet>`,
	} {
		t.Run(name, func(t *testing.T) {
			path := rezip(t, base, map[string]string{"xl/worksheets/sheet1.xml": ws})
			_, _, err := sourceRows(openXLSXStream(path, Limits{}.withDefaults()))
			checkFileError(t, err)
			t.Log(err)
			checkSameAsExcelize(t, path, Limits{})
		})
	}
}

func TestXMLText(t *testing.T) {
	for in, want := range map[string]string{
		"a&amp;b":              "a&b",
		"&#65;&#x42;":          "AB",
		"x\r\ny\rz":            "x\ny\nz",
		"&lt;&gt;&quot;&apos;": `<>"'`,
	} {
		got, err := decodeXMLText([]byte(in))
		if err != nil || string(got) != want {
			t.Errorf("decodeXMLText(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"&#0;", "&nbsp;", "&amp", "\x01", "&#xD800;"} {
		if _, err := decodeXMLText([]byte(bad)); err == nil {
			t.Errorf("decodeXMLText(%q) succeeded", bad)
		}
	}
}

// FuzzXLSXWorksheet feeds arbitrary worksheet XML to the stream reader: it must end in rows or
// an EFile error, never a panic or a hang.
func FuzzXLSXWorksheet(f *testing.F) {
	const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	f.Add(head + `<row r="1"><c r="A1" t="inlineStr"><is><t>First Name</t></is></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>`)
	f.Add(head + `<row><c t="inlineStr"><is><r><t>a</t></r></is></c><c r="C1" s="1"><v>1.5</v></c></row><row r="9"/></sheetData></worksheet>`)
	f.Add(`<!DOCTYPE x><worksheet/>`)
	f.Add(head + `<row r="1"><c r="A1" t="inlineStr"><is><t>&#x41;&amp;<![CDATA[<>]]></t></is></c></row>`)
	base := filepath.Join("testdata", "libreoffice.xlsx")
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, ws string) {
		n++
		path := filepath.Join(dir, fmt.Sprintf("f%d.xlsx", n))
		book := rezip(t, base, map[string]string{"xl/worksheets/sheet1.xml": ws})
		if err := os.Rename(book, path); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		done := make(chan error, 1)
		go func() {
			src, err := openXLSXStream(path, Limits{}.withDefaults())
			for i := 0; err == nil && i < 2000; i++ { // a row numbered 1,000,000 means as many rows
				_, _, err = src.next()
			}
			if src != nil {
				src.close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil && err != io.EOF {
				checkFileError(t, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer in 10 s for %q", ws)
		}
	})
}

// TestStreamCloseStopsReadAhead reads the first row of a sheet far larger than the read-ahead
// and closes the reader, as the mapping preview does: the goroutine inflating the sheet must
// end with it, not block for ever on a buffer nobody takes.
func TestStreamCloseStopsReadAhead(t *testing.T) {
	var ws strings.Builder
	ws.WriteString(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>First name</t></is></c><c r="B1" t="inlineStr"><is><t>Last name</t></is></c></row>`)
	for r := 2; ws.Len() < 8*sheetReadAheadBuffers*sheetReadAheadSize; r++ {
		fmt.Fprintf(&ws, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Ola %d</t></is></c><c r="B%d" t="inlineStr"><is><t>Nordmann</t></is></c></row>`, r, r, r, r)
	}
	ws.WriteString(`</sheetData></worksheet>`)
	path := rezip(t, filepath.Join("testdata", "libreoffice.xlsx"), map[string]string{"xl/worksheets/sheet1.xml": ws.String()})

	before := runtime.NumGoroutine()
	r, err := Open(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	row, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if got := row.Values[customer.FFirstName]; got != "Ola 2" {
		t.Errorf("first row's first name %q, want Ola 2", got)
	}
	if n := runtime.NumGoroutine(); n <= before {
		t.Fatalf("%d goroutines while reading, %d before: the sheet is not read ahead", n, before)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	// Close waits for the read-ahead to stop; the runtime counts its goroutine until it has
	// returned, a moment later, and says nothing when it has.
	if !poll.Until(10*time.Second, time.Millisecond, func() bool { return runtime.NumGoroutine() <= before }) {
		t.Fatalf("%d goroutines after Close, %d before", runtime.NumGoroutine(), before)
	}
}
