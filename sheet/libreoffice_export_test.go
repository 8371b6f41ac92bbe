package sheet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/xuri/excelize/v2"
)

// exportCase is a shop whose export LibreOffice opens: its language, country, LibreOffice's
// locale id and the customers as the export writes them (phones as people write them).
type exportCase struct {
	lang, country string
	locale        string // LibreOffice's language id for the CSV filter
	rows          []map[string]string
	text          map[string]string // field key → a value of the first row that must come back as this text
}

var exportCases = []exportCase{
	{"nb", "NO", "1044", []map[string]string{
		{"account_number": "C000001", "first_name": "Åse", "last_name": "Bjørnstad", "mobile": "912 34 567", "phone": "+48 601 234 567",
			"postcode": "0150", "country": "NO", "birth_date": "1990-02-28", "email_opt_in": "Yes", "loyalty_points": "250", "note": "=1+1 er ikke en formel"},
		{"account_number": "C000002", "first_name": "Ola", "last_name": "Øvrebø", "mobile": "+47 912 34 568", "postcode": "5003", "country": "SE"},
	}, map[string]string{"mobile": "912 34 567", "first_name": "Åse", "note": "'=1+1 er ikke en formel"}},
	{"pl", "PL", "1045", []map[string]string{
		{"account_number": "C000001", "first_name": "Łukasz", "last_name": "Wiśniewski", "mobile": "601 234 567", "phone": "+47 912 34 567",
			"postcode": "00-950", "country": "PL", "birth_date": "1985-12-01", "note": "-10% na rowery"},
	}, map[string]string{"phone": "+47 912 34 567", "postcode": "00-950", "note": "'-10% na rowery"}},
	{"en", "GB", "2057", []map[string]string{
		{"account_number": "C000001", "first_name": "Mary", "last_name": "O'Neil", "mobile": "07400 123456", "phone": "+47 912 34 567",
			"postcode": "SW1A 1AA", "country": "GB"},
	}, map[string]string{"mobile": "07400 123456", "phone": "+47 912 34 567", "last_name": "O'Neil"}},
}

// TestCSVExportInLibreOffice has LibreOffice open each language's CSV export as a user of that
// locale does (the language's separator), save it as a workbook, and reads the workbook back:
// the headers are the language's, the cells split where they should, what must be text is text
// as written, and every row checks to the values it was exported from.
//
// Spreadsheets take a few cells for numbers: a postcode 0150 becomes 150, and digits in groups of
// three (a Polish 601 234 567, +48 601 234 567) read as one number, since a space groups
// thousands. The importer restores both (a zero, a +), so the check compares what the rows
// normalise to.
func TestCSVExportInLibreOffice(t *testing.T) {
	for _, tc := range exportCases {
		t.Run(tc.lang, func(t *testing.T) {
			var recs []Record
			for _, r := range tc.rows {
				recs = append(recs, Record{Values: values(t, r)})
			}
			var buf strings.Builder
			if err := WriteCSV(&buf, WriteOptions{Language: tc.lang}, records(recs...)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "export.csv")
			if err := os.WriteFile(path, []byte(buf.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			sep := "59" // ;
			if Comma(tc.lang) == ',' {
				sep = "44"
			}
			book := filepath.Join(t.TempDir(), "book.xlsx")
			if err := os.WriteFile(book, sofficeFrom(t, path, "CSV:"+sep+",34,76,1,,"+tc.locale, "xlsx:Calc MS Excel 2007 XML"), 0o600); err != nil {
				t.Fatal(err)
			}
			checkLibreOfficeBook(t, book, tc)
		})
	}
}

// TestXLSXExportInLibreOffice has LibreOffice open each language's xlsx export and save it
// again: every text cell is still the text written, with no quote before it, and leading zeros
// and phone numbers as people write them are kept, because the cells are typed text.
func TestXLSXExportInLibreOffice(t *testing.T) {
	for _, tc := range exportCases {
		t.Run(tc.lang, func(t *testing.T) {
			var recs []Record
			for _, r := range tc.rows {
				recs = append(recs, Record{Values: values(t, r)})
			}
			path := writeTemplate(t, WriteOptions{Language: tc.lang}, recs...)
			resaved := resaveInLibreOffice(t, path)
			f := openBook(t, resaved)
			sheet := wordsIn(tc.lang).customers
			for i, fd := range customer.Fields[:customer.TemplateFields] {
				want := tc.rows[0][fd.Key]
				if want == "" || fd.Kind == customer.KindDate || fd.Kind == customer.KindWholeNumber {
					continue
				}
				cell := columnName(i) + "2"
				got, err := f.GetCellValue(sheet, cell)
				if err != nil || got != want {
					t.Errorf("%s (%s) = %q, %v; want %q", cell, fd.Key, got, err, want)
				}
				if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					t.Errorf("%s (%s) is of type %v, not text", cell, fd.Key, typ)
				}
			}
			// The cells as written: an xlsx text cell needs no quote.
			text := map[string]string{}
			for k, v := range tc.text {
				text[k] = strings.TrimPrefix(v, "'")
			}
			checkLibreOfficeBook(t, resaved, exportCase{lang: tc.lang, country: tc.country, rows: tc.rows, text: text})
		})
	}
}

// checkLibreOfficeBook reads a workbook LibreOffice saved from one of tc's exports: the header is
// the language's, the cells of tc.text are that text, and the rows check (customer.Rules) to what
// the exported rows check to.
func checkLibreOfficeBook(t *testing.T, book string, tc exportCase) {
	t.Helper()
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sheetRows, err := f.GetRows(f.GetSheetList()[0])
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(sheetRows) != len(tc.rows)+1 {
		t.Fatalf("%d rows, want %d: %q", len(sheetRows), len(tc.rows)+1, sheetRows)
	}
	header := headersIn(tc.lang)
	for i, h := range header {
		if i >= len(sheetRows[0]) || sheetRows[0][i] != h {
			t.Fatalf("header = %q, want %q", sheetRows[0], header)
		}
	}
	for key, want := range tc.text {
		if got := sheetRows[1][customer.FieldByKey(key)]; got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	r, rows := readAll(t, book, Limits{})
	if w := r.Warnings(); len(w) != 0 {
		t.Errorf("warnings: %q", w)
	}
	rules := customer.Rules{Country: tc.country, Language: tc.lang}
	for i, row := range rows {
		exported := values(t, tc.rows[i])
		want, errs, _ := rules.Normalize(&exported)
		if len(errs) != 0 {
			t.Fatalf("row %d as exported has errors: %v", i+2, errs)
		}
		got, errs, _ := rules.Normalize(&row.Values)
		if len(errs) != 0 {
			t.Errorf("row %d after LibreOffice has errors: %v", i+2, errs)
		}
		for j := range got {
			if got[j] != want[j] {
				t.Errorf("row %d, %s: LibreOffice's %q checks to %q, the export's %q to %q",
					i+2, customer.Fields[j].Key, row.Values[j], got[j], exported[j], want[j])
			}
		}
	}
}
