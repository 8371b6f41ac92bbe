package sheet

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// encryptedXLSX writes a password-protected workbook (excelize writes ECMA-376 agile
// encryption, as Excel does) and returns its path.
func encryptedXLSX(t *testing.T) string {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"First Name", "Last Name"})
	path := filepath.Join(t.TempDir(), "secret.xlsx")
	if err := f.SaveAs(path, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	return path
}

// zipWith returns a path function for a zip archive holding empty files with the given names.
func zipWith(names ...string) func(*testing.T) string {
	return func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "upload.xlsx")
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(out)
		for _, n := range names {
			if _, err := zw.Create(n); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
}

// saveTemp saves f in a test's temporary folder and returns the path.
func saveTemp(t *testing.T, f *excelize.File) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestXLSXCellValues checks the text read for cells of each kind and number format, in a
// workbook written by excelize (Excel-like styles: built-in format ids, bold General cells).
func TestXLSXCellValues(t *testing.T) {
	type cell struct {
		value  any
		numFmt int    // built-in id
		custom string // custom format code
		bold   bool   // a style with General format but a font, so the cell's s != 0
		want   string
	}
	cells := map[string]cell{
		"Account Number": {value: 12345678901234, bold: true, want: "12345678901234"},
		"Title":          {value: true, want: "TRUE"},
		"Company":        {value: 0.1 + 0.2, bold: true, want: "0.3"},
		"Email":          {value: "=1+1", want: "=1+1"},
		"Mobile":         {value: 93456789, bold: true, want: "93456789"},
		"Phone":          {value: 4.791234567e9, want: "4791234567"},
		"Address Line 1": {value: 0.5, custom: "hh:mm", want: "12:00"},
		"Address Line 2": {value: time.Date(1990, 2, 28, 14, 30, 0, 0, time.UTC), numFmt: 22, want: "1990-02-28"},
		"Town/City":      {value: time.Date(1990, 2, 28, 0, 0, 0, 0, time.UTC), custom: "[$-414]d. mmmm yyyy;@", want: "1990-02-28"},
		"County/Region":  {value: "28.02.1990", custom: "dd/mm/yyyy", want: "28.02.1990"},
		"Postcode":       {value: 150, custom: "0000", want: "0150"},
		"Country":        {value: time.Date(1985, 6, 14, 0, 0, 0, 0, time.UTC), numFmt: 15, want: "1985-06-14"},
		"Date of Birth":  {value: time.Date(1990, 2, 28, 0, 0, 0, 0, time.UTC), numFmt: 14, want: "1990-02-28"},
		"Loyalty Points": {value: 1250, numFmt: 3, want: "1,250"},
		"Note":           {value: 1234.5, custom: `0.00 "kr"`, want: "1234.50 kr"},
	}
	f := excelize.NewFile()
	defer f.Close()
	col := 1
	for header, c := range cells {
		name, _ := excelize.CoordinatesToCellName(col, 1)
		f.SetCellValue("Sheet1", name, header)
		name, _ = excelize.CoordinatesToCellName(col, 2)
		if err := f.SetCellValue("Sheet1", name, c.value); err != nil {
			t.Fatal(err)
		}
		style := excelize.Style{NumFmt: c.numFmt}
		if c.custom != "" {
			style.CustomNumFmt = &c.custom
		}
		if c.bold {
			style.Font = &excelize.Font{Bold: true}
		}
		if c.numFmt != 0 || c.custom != "" || c.bold {
			id, err := f.NewStyle(&style)
			if err != nil {
				t.Fatal(err)
			}
			f.SetCellStyle("Sheet1", name, name, id)
		}
		col++
	}
	f.SetCellValue("Sheet1", columnName(col-1)+"1", "First Name")
	f.SetCellValue("Sheet1", columnName(col)+"1", "Last Name")
	f.SetCellValue("Sheet1", columnName(col-1)+"2", "Ola")
	_, rows := readAll(t, saveTemp(t, f), Limits{})
	fields := map[string]string{"first_name": "Ola"}
	for header, c := range cells {
		fields[keyOf(t, header)] = c.want
	}
	checkRows(t, rows, []want{{2, fields}})
}

func keyOf(t *testing.T, header string) string {
	t.Helper()
	f := fieldOf(header)
	if f < 0 {
		t.Fatalf("no field %q", header)
	}
	return fieldKeys[f]
}

func TestXLSXSheetChoice(t *testing.T) {
	t.Run("Customers in any case", func(t *testing.T) {
		f := excelize.NewFile()
		defer f.Close()
		f.SetSheetRow("Sheet1", "A1", &[]any{"Notes"})
		f.NewSheet("CUSTOMERS")
		f.SetSheetRow("CUSTOMERS", "A1", &[]any{"First Name", "Last Name"})
		f.SetSheetRow("CUSTOMERS", "A2", &[]any{"Ola", "Nordmann"})
		r, rows := readAll(t, saveTemp(t, f), Limits{})
		checkRows(t, rows, []want{{2, map[string]string{"first_name": "Ola"}}})
		if len(r.Warnings()) != 0 {
			t.Errorf("warnings: %q", r.Warnings())
		}
	})
	t.Run("the customer sheet of a translated template", func(t *testing.T) {
		for _, name := range []string{"Kunder", "klienci"} {
			f := excelize.NewFile()
			defer f.Close()
			f.SetSheetRow("Sheet1", "A1", &[]any{"Notes"})
			f.NewSheet(name)
			f.SetSheetRow(name, "A1", &[]any{"First Name", "Last Name"})
			f.SetSheetRow(name, "A2", &[]any{"Ola", "Nordmann"})
			r, rows := readAll(t, saveTemp(t, f), Limits{})
			checkRows(t, rows, []want{{2, map[string]string{"first_name": "Ola"}}})
			if len(r.Warnings()) != 0 {
				t.Errorf("%s: warnings: %q", name, r.Warnings())
			}
		}
	})
	t.Run("first visible sheet, with a warning", func(t *testing.T) {
		f := excelize.NewFile()
		defer f.Close()
		f.SetSheetRow("Sheet1", "A1", &[]any{"Hidden"})
		idx, _ := f.NewSheet("Ark2")
		f.SetActiveSheet(idx)
		f.SetSheetRow("Ark2", "A1", &[]any{"First Name", "Last Name"})
		f.SetSheetRow("Ark2", "A3", &[]any{"Kari", "Nordmann"})
		f.NewSheet("Other")
		if err := f.SetSheetVisible("Sheet1", false); err != nil {
			t.Fatal(err)
		}
		r, rows := readAll(t, saveTemp(t, f), Limits{})
		checkRows(t, rows, []want{{3, map[string]string{"first_name": "Kari"}}})
		w := []string{"The workbook has 2 sheets and none is named “Customers”; only the first, “Ark2”, was read."}
		if got := r.Warnings(); len(got) != 1 || got[0] != w[0] {
			t.Errorf("warnings = %q, want %q", got, w)
		}
	})
}

func TestIsDateFormat(t *testing.T) {
	tests := map[string]bool{
		"yyyy-mm-dd":                  true,
		`yyyy\-mm\-dd\ hh:mm`:         true,
		"DD.MM.YYYY":                  true,
		"m/d/yy":                      true,
		"[$-414]d. mmmm yyyy;@":       true,
		"[$-F800]dddd, mmmm dd, yyyy": true,
		"d-mmm":                       true,
		"General":                     false,
		"0000":                        false,
		"0.00":                        false,
		"# ##0":                       false,
		"@":                           false,
		"hh:mm":                       false,
		"[h]:mm:ss":                   false,
		"mm:ss":                       false,
		`0 "days"`:                    false,
		`0.0\d`:                       false,
		"[Red]0.00":                   false,
		"0;[Red]-0;yyyy":              false,
		"_(* #,##0_);_(* (#,##0)":     false,
		"0.00E+00":                    false,
	}
	for code, want := range tests {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

// rezip copies the zip at src to a temporary file, replacing (or adding) parts.
func rezip(t *testing.T, src string, parts map[string]string) string {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	path := filepath.Join(t.TempDir(), "hostile.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	done := map[string]bool{}
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := parts[f.Name]; ok {
			done[f.Name] = true
			w.Write([]byte(p))
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, rc)
		rc.Close()
	}
	for name, p := range parts {
		if !done[name] {
			w, _ := zw.Create(name)
			w.Write([]byte(p))
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHostileXLSX feeds damaged workbooks to the reader: each must give an EFile error (at
// Open or at Next), never a panic or a hang.
func TestHostileXLSX(t *testing.T) {
	base := filepath.Join("testdata", "libreoffice.xlsx")
	const ws = "xl/worksheets/sheet1.xml"
	const head = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	hdr := `<row r="1"><c r="A1" t="inlineStr"><is><t>First Name</t></is></c><c r="B1" t="inlineStr"><is><t>Last Name</t></is></c></row>`
	tests := map[string]map[string]string{
		"worksheet is not XML":             {ws: "this is not XML <<<"},
		"shared string index out of range": {ws: head + `<row r="1"><c r="A1" t="s"><v>999999</v></c></row></sheetData></worksheet>`},
		"cell reference out of range":      {ws: head + hdr + `<row r="2"><c r="ZZZZZ2" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`},
		"row number out of range":          {ws: head + hdr + `<row r="99999999"><c r="A99999999"><v>1</v></c></row></sheetData></worksheet>`},
		"negative style index":             {ws: head + hdr + `<row r="2"><c r="A2" s="-5"><v>1</v></c><c r="B2" s="999999"><v>2</v></c></row></sheetData></worksheet>`},
		"styles are not XML":               {"xl/styles.xml": "<styleSheet><numFmts><numFmt"},
		"workbook is not XML":              {"xl/workbook.xml": "garbage"},
		"huge date serial":                 {ws: head + hdr + `<row r="2"><c r="A2" s="2"><v>1e308</v></c><c r="B2" s="2"><v>-1e308</v></c></row></sheetData></worksheet>`},
	}
	for name, parts := range tests {
		t.Run(name, func(t *testing.T) {
			r, err := Open(rezip(t, base, parts), Limits{})
			if err == nil {
				defer r.Close()
				for n := 0; err == nil && n < 100; n++ {
					_, err = r.Next()
				}
				if err == io.EOF {
					t.Log("read to the end")
					return // read as well as it could be: fine
				}
			}
			checkFileError(t, err)
			t.Log(err)
		})
	}
	t.Run("too many parts", func(t *testing.T) {
		parts := map[string]string{}
		for i := range maxZipParts + 1 {
			parts[fmt.Sprintf("xl/media/p%d.bin", i)] = ""
		}
		_, err := Open(rezip(t, base, parts), Limits{})
		fileErr(t, err, "The workbook has too many parts")
	})
}

// TestXLSXPanicBecomesError checks the backstop: a panic inside the xlsx reader is an EFile
// error, not a crash.
func TestXLSXPanicBecomesError(t *testing.T) {
	s := &xlsxSource{} // nil rows: calling excelize panics
	_, _, err := s.next()
	fileErr(t, err, "The workbook could not be read")
	if err := s.close(); err == nil {
		t.Error("close of a broken source succeeded")
	}
}

// TestContentNotName checks that a file's content decides its format, not its name.
func TestContentNotName(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "libreoffice.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	_, rows := readAll(t, writeTemp(t, "customers.csv", string(b)), Limits{})
	if len(rows) != 4 || rows[0].Values[fieldOf("Date of Birth")] != "1990-02-28" {
		t.Errorf("xlsx named .csv: %+v", rows)
	}
	_, rows = readAll(t, writeTemp(t, "customers.xlsx", "First Name;Last Name\nOla;Nordmann\n"), Limits{})
	if len(rows) != 1 || rows[0].Values[fieldOf("Last Name")] != "Nordmann" {
		t.Errorf("CSV named .xlsx: %+v", rows)
	}
}
