package sheet

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
)

// want is the expected content of one row: its number and some of its fields by key.
type want struct {
	num    int
	fields map[string]string
}

// readAll opens path and reads every row, failing the test on any error.
func readAll(t *testing.T, path string, limits Limits) (*Reader, []Row) {
	t.Helper()
	r, err := Open(path, limits)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { r.Close() })
	var rows []Row
	for {
		row, err := r.Next()
		if err == io.EOF {
			return r, rows
		}
		if err != nil {
			t.Fatalf("Next after %d rows: %v", len(rows), err)
		}
		rows = append(rows, row)
	}
}

// checkRows compares rows with wants, field by field.
func checkRows(t *testing.T, rows []Row, wants []want) {
	t.Helper()
	if len(rows) != len(wants) {
		t.Fatalf("got %d rows, want %d: %+v", len(rows), len(wants), rows)
	}
	for i, w := range wants {
		if rows[i].Num != w.num {
			t.Errorf("row %d: Num = %d, want %d", i, rows[i].Num, w.num)
		}
		for key, v := range w.fields {
			f := customer.FieldByKey(key)
			if f < 0 {
				t.Fatalf("no field %q", key)
			}
			if got := rows[i].Values[f]; got != v {
				t.Errorf("row %d (%d): %s = %q, want %q", i, rows[i].Num, key, got, v)
			}
		}
	}
}

func TestOpenFixtures(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		encoding string
		columns  []string // the headers, when checked
		warnings []string
		rows     []want
	}{
		{
			name: "Norwegian Excel, Windows-1252, semicolons", file: "no-excel-1252.csv", encoding: "Windows-1252",
			rows: []want{
				{2, map[string]string{"first_name": "Ingrid", "postcode": "0150", "birth_date": "14.06.1985", "email_opt_in": "Ja", "note": "Foretrekker SMS-kvittering"}},
				{3, map[string]string{"first_name": "Øyvind", "last_name": "Sæther", "region": "Trøndelag", "company": "", "loyalty_points": "1 200", "note": "Ring før levering; bruk bakdøren"}},
				// Row 4 is a row of empty cells: skipped, but counted.
				{5, map[string]string{"account_number": "", "first_name": "Åse", "last_name": "Berg-Ødegård", "mobile": "48123456", "note": "Kundeklubb: «Gull»"}},
			},
		},
		{
			name: "Polish Excel, Windows-1250, semicolons", file: "pl-excel-1250.csv", encoding: "Windows-1250",
			rows: []want{
				{2, map[string]string{"first_name": "Małgorzata", "last_name": "Wiśniewska", "company": "Kwiaciarnia Róża sp. z o.o.", "address_line1": "ul. Marszałkowska 84/92", "postcode": "00-950", "note": "Faktura na firmę"}},
				{3, map[string]string{"first_name": "Łukasz", "last_name": "Żółć", "city": "Łódź", "region": "łódzkie", "country": "Polska", "note": "Źdźbło — ąęłńśźż ĄĘŁŃŚŹŻ"}},
				{4, map[string]string{"last_name": "Brzęczyszczykiewicz", "city": "Gdańsk", "mobile": "+48 600 700 800", "loyalty_points": ""}},
			},
		},
		{
			name: "Excel CSV UTF-8 with BOM, commas, a cell over two lines", file: "utf8-bom-comma.csv", encoding: "UTF-8",
			rows: []want{
				{2, map[string]string{"account_number": "GB-7", "last_name": "O'Connor", "company": "Baker & Sons, Ltd", "note": "Likes \"tweed\"\nCall after 5pm"}},
				{3, map[string]string{"first_name": "Zoë", "last_name": "Brontë-Smith", "address_line1": "Flat 3, 10 Downing St", "birth_date": "21/03/1968"}},
			},
		},
		{
			name: "Excel Unicode text, UTF-16LE, tabs", file: "excel-unicode-text.txt", encoding: "UTF-16LE",
			rows: []want{
				{2, map[string]string{"title": "Mx", "first_name": "Kari", "address_line1": "Øvre Slottsgate 3", "postcode": "0151", "note": "Tab\there"}},
				{3, map[string]string{"last_name": "Kowalska-Żak", "company": "Sklep „Łąka”", "address_line1": "ul. Świętojańska 5"}},
			},
		},
		{
			name: "reordered columns, keys as headers, an unknown column", file: "reordered-unknown.csv", encoding: "UTF-8",
			columns: []string{"Email", "  LAST   name ", "first_name", "Favourite colour", "Phone", "postcode", "Tags"},
			warnings: []string{
				"Columns “Favourite colour”, “Tags” are not customer fields and were ignored.",
			},
			rows: []want{
				// The apostrophe Shopify-like exports put before numbers stays: the rules strip it.
				{2, map[string]string{"email": "ola@example.no", "first_name": "Ola", "last_name": "Nordmann", "phone": "'+4791234567", "postcode": "'0150"}},
				{3, map[string]string{"email": "kari@example.no", "first_name": "Kari", "phone": "", "postcode": "'5003"}},
			},
		},
		{
			name: "header only", file: "header-only.csv", encoding: "UTF-8",
			columns: []string{"Account Number", "First Name", "Last Name", "Email"},
		},
		{
			name: "LibreOffice xlsx: numbers, dates, lost zeros", file: "libreoffice.xlsx",
			rows: []want{
				{2, map[string]string{"first_name": "Ingrid", "mobile": "91234567", "phone": "4791234567", "postcode": "150", "birth_date": "1990-02-28", "email_opt_in": "1", "loyalty_points": "1250"}},
				{3, map[string]string{"first_name": "Øyvind", "mobile": "93456789", "postcode": "0150", "birth_date": "1979-11-03", "email_opt_in": "0", "loyalty_points": "0", "note": ""}},
				// Row 4 is empty.
				{5, map[string]string{"last_name": "Wiśniewska", "mobile": "48601234567", "phone": "+48 22 123 45 67", "postcode": "00-950", "birth_date": "1990-02-28", "loyalty_points": "12.5", "note": "=not a formula"}},
				{6, map[string]string{"mobile": "5901234123457", "postcode": "5003", "birth_date": "28.02.1990"}},
			},
		},
		{
			name: "LibreOffice xlsx in the 1904 date system", file: "libreoffice-1904.xlsx",
			rows: []want{{2, map[string]string{"first_name": "Kari", "birth_date": "1990-02-28"}}},
		},
		{
			name: "xlsx with a title row above the header", file: "title-row.xlsx",
			columns: []string{"First Name", "Last Name", "Email", "Mobile"},
			rows: []want{
				{4, map[string]string{"first_name": "Kari", "email": "kari@example.no", "mobile": "+47 912 34 567"}},
				{5, map[string]string{"first_name": "Per", "last_name": "Hansen"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, rows := readAll(t, filepath.Join("testdata", tt.file), Limits{})
			if r.encoding != tt.encoding {
				t.Errorf("encoding = %q, want %q", r.encoding, tt.encoding)
			}
			if tt.columns != nil {
				var got []string
				for _, c := range r.Columns() {
					got = append(got, c.Header)
				}
				if !slices.Equal(got, tt.columns) {
					t.Errorf("columns = %q, want %q", got, tt.columns)
				}
			}
			if !slices.Equal(r.Warnings(), tt.warnings) {
				t.Errorf("warnings = %q, want %q", r.Warnings(), tt.warnings)
			}
			checkRows(t, rows, tt.rows)
		})
	}
}

func TestColumnsMapping(t *testing.T) {
	path := writeTemp(t, "x.csv", "\ufeffFirst Name,LAST_NAME,Favourite colour,,e-mail\nOla,Nordmann,blue,x,\n")
	r, err := Open(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := []Column{
		{"First Name", customer.FFirstName},
		{"LAST_NAME", customer.FLastName},
		{"Favourite colour", -1},
		{"", -1},
		{"e-mail", customer.FEmail}, // punctuation does not matter: E-mail is Email
	}
	if got := r.Columns(); !slices.Equal(got, want) {
		t.Errorf("Columns() = %+v, want %+v", got, want)
	}
}

// fileErr asserts that err is an EFile *customer.Error whose message contains msg.
func fileErr(t *testing.T, err error, msg string) {
	t.Helper()
	var e *customer.Error
	if !errors.As(err, &e) || e.Code != customer.EFile {
		t.Fatalf("error = %v (%T), want an EFile *customer.Error", err, err)
	}
	if !strings.Contains(e.Message, msg) {
		t.Errorf("message = %q, want it to contain %q", e.Message, msg)
	}
	if strings.Contains(e.Message, "\n") {
		t.Errorf("message %q is not one line", e.Message)
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		path func(t *testing.T) string
		msg  string
	}{
		{"empty file", fixture("empty.csv"), "The file is empty."},
		{"only blank lines", text("\r\n\r\n;;;\r\n  \r\n"), "The file is empty."},
		{"PNG named .xlsx", fixture("png-renamed.xlsx"), "This file is a PNG image, not a spreadsheet."},
		{"PDF named .csv", text("%PDF-1.7\n1 0 obj\n"), "This file is a PDF document, not a spreadsheet."},
		{"HTML named .xls", text("<!DOCTYPE html><html><table><tr><td>First Name</td></tr></table>"), "a web page"},
		{"binary", text("abc\x00\x01\x02\x03def"), "not a spreadsheet"},
		{"old .xls", fixture("old-excel.xls"), "old Excel 97–2003 (.xls) file"},
		{"encrypted .xlsx", encryptedXLSX, "password-protected"},
		{"ODS named .xlsx", fixture("ods-renamed.xlsx"), "OpenDocument spreadsheet (.ods)"},
		{"zip that is not a workbook", zipWith("notes.txt"), "a zip archive, not an Excel workbook"},
		{"Word document", zipWith("[Content_Types].xml", "word/document.xml"), "a Word document"},
		{"damaged zip", text("PK\x03\x04garbage that is not a zip"), "damaged zip archive"},
		{"missing Last Name", fixture("missing-last-name.csv"), "The file has no “Last Name” column; it is required."},
		{"missing both names", text("Email\nola@example.no\n"), "The file has no “First Name” or “Last Name” columns; they are required."},
		{"duplicate columns", fixture("duplicate-columns.csv"), "The file has two “Email” columns (C and E); delete one of them."},
		{"no such file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope.csv") }, "The file does not exist."},
		{"a folder", func(t *testing.T) string { return t.TempDir() }, "it is a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Open(tt.path(t), Limits{})
			if err == nil {
				r.Close()
				t.Fatal("Open succeeded")
			}
			fileErr(t, err, tt.msg)
		})
	}
}

func TestTitleRowCSV(t *testing.T) {
	path := writeTemp(t, "x.csv", "Customer list 2024;;\r\nExported 01.02.2024;;\r\n\r\nFirst Name;Last Name;Email\r\nOla;Nordmann;ola@example.no\r\n")
	r, rows := readAll(t, path, Limits{})
	checkRows(t, rows, []want{{5, map[string]string{"first_name": "Ola", "email": "ola@example.no"}}})
	if len(r.Warnings()) != 0 {
		t.Errorf("warnings: %q", r.Warnings())
	}
}

func TestCSVRowNumbers(t *testing.T) {
	tests := []struct {
		name, text string
		nums       []int
	}{
		{"LF", "First Name,Last Name\na,b\nc,d\n", []int{2, 3}},
		{"CR LF and empty lines", "First Name,Last Name\r\n\r\na,b\r\n\r\n\r\nc,d\r\n", []int{3, 6}},
		{"bare CR (old Mac)", "First Name,Last Name\ra,b\r\rc,d\r", []int{2, 4}},
		{"cells over several lines", "First Name,Last Name\n\"a\nb\nc\",d\ne,\"f\r\ng\"\nh,i", []int{2, 3, 4}},
		{"Excel's sep= line is not a row", "sep=;\r\nFirst Name;Last Name\r\na;b\r\n", []int{2}},
		{"no final line end", "First Name,Last Name\na,b", []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rows := readAll(t, writeTemp(t, "x.csv", tt.text), Limits{})
			var nums []int
			for _, r := range rows {
				nums = append(nums, r.Num)
			}
			if !slices.Equal(nums, tt.nums) {
				t.Errorf("row numbers = %v, want %v", nums, tt.nums)
			}
		})
	}
}

func TestShortAndLongRows(t *testing.T) {
	path := writeTemp(t, "x.csv", "First Name,Last Name,Email,\nOla\nKari,Nordmann,kari@example.no,,extra\n  ,\u00a0,\t\nPer,Hansen,,x\n")
	r, rows := readAll(t, path, Limits{})
	checkRows(t, rows, []want{
		{2, map[string]string{"first_name": "Ola", "last_name": "", "email": ""}},
		{3, map[string]string{"first_name": "Kari", "email": "kari@example.no"}},
		{5, map[string]string{"first_name": "Per", "last_name": "Hansen"}},
	})
	wantWarnings := []string{
		"Some rows have cells to the right of the last column with a header; those cells were ignored.",
		"Column D has no header; its cells were ignored.",
	}
	if !slices.Equal(r.Warnings(), wantWarnings) {
		t.Errorf("warnings = %q, want %q", r.Warnings(), wantWarnings)
	}
}

func TestUntrimmed(t *testing.T) {
	_, rows := readAll(t, writeTemp(t, "x.csv", "First Name;Last Name\n  Ola ; Nordmann\u00a0\n"), Limits{})
	checkRows(t, rows, []want{{2, map[string]string{"first_name": "  Ola ", "last_name": " Nordmann\u00a0"}}})
}

func TestLimits(t *testing.T) {
	long := strings.Repeat("x", 101)
	tests := []struct {
		name   string
		text   string
		limits Limits
		msg    string
	}{
		{"rows", "First Name,Last Name\na,b\n\n,\nc,d\ne,f\n", Limits{MaxRows: 2}, "The file has more than 2 customer rows (the limit is reached at row 6)"},
		{"columns in the header", "First Name,Last Name,a,b\n", Limits{MaxColumns: 3}, "Row 1 has more than 3 columns"},
		{"columns in a row", "First Name,Last Name\na,b\nc,d,e,f\n", Limits{MaxColumns: 3}, "Row 3 has more than 3 columns"},
		{"cell length", "First Name,Last Name\na,b\nc," + long + "\n", Limits{MaxCellLen: 100}, "Row 3, column B: the cell has more than 100 characters."},
		{"line without end", "First Name,Last Name\na,b\n" + strings.Repeat("y", 200000), Limits{MaxCellLen: 100}, "Row 3 is far too long to be a customer row"},
		{"unbalanced quote", "First Name,Last Name\na,\"b\n" + strings.Repeat("c,d\n", 100000), Limits{MaxCellLen: 100}, "check that its quotation marks are balanced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Open(writeTemp(t, "x.csv", tt.text), tt.limits)
			if err == nil {
				defer r.Close()
				for err == nil {
					_, err = r.Next()
				}
				if _, again := r.Next(); again != err {
					t.Errorf("error not sticky: %v, then %v", err, again)
				}
			}
			fileErr(t, err, tt.msg)
		})
	}
}

func TestUnzipLimit(t *testing.T) {
	_, err := Open(filepath.Join("testdata", "libreoffice.xlsx"), Limits{MaxUnzipped: 4096})
	fileErr(t, err, "The workbook is too large: unpacked, it is more than 4 KiB.")
}

func TestCloseThenNext(t *testing.T) {
	r, err := Open(filepath.Join("testdata", "libreoffice.xlsx"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := r.Next(); err == nil || err == io.EOF {
		t.Errorf("Next after Close = %v, want an error", err)
	}
}

func TestNormHeader(t *testing.T) {
	for _, h := range []string{"First Name", "first name", "FIRST NAME", "  First   Name ", "\ufeffFirst Name", "first_name", "First\u00a0Name", "First\tName", "FirstName", "First-Name", "Fornavn", "Imię", "IMIE"} {
		if got := fieldOf(h); got != customer.FFirstName {
			t.Errorf("fieldOf(%q) = %d, want %d", h, got, customer.FFirstName)
		}
	}
	for _, h := range []string{"Name", "", "Favourite colour", "First Name 2"} {
		if got := fieldOf(h); got != -1 {
			t.Errorf("fieldOf(%q) = %d, want -1", h, got)
		}
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := columnName(i); got != want {
			t.Errorf("columnName(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1048576: "1,048,576", -32767: "-32,767"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// writeTemp writes text to a file named name in a test's temporary folder.
func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// fixture returns a path function for a file in testdata.
func fixture(name string) func(*testing.T) string {
	return func(*testing.T) string { return filepath.Join("testdata", name) }
}

// text returns a path function for a temporary file holding s.
func text(s string) func(*testing.T) string {
	return func(t *testing.T) string { return writeTemp(t, "upload.xlsx", s) }
}

// fieldKeys are the catalogue's keys by index.
var fieldKeys = func() []string {
	keys := make([]string, len(customer.Fields))
	for i, f := range customer.Fields {
		keys[i] = f.Key
	}
	return keys
}()
