package sheet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/xuri/excelize/v2"
)

// headersIn returns the template's headers in lang (not the extra fields exports add).
func headersIn(lang string) []string {
	h := make([]string, customer.TemplateFields)
	for i := range h {
		h[i] = customer.HeaderIn(lang, i)
	}
	return h
}

// TestTemplateLanguages checks the template in each language: sheet names, headers, input
// messages and alerts, Yes/No lists, example rows and field guide.
func TestTemplateLanguages(t *testing.T) {
	cases := []struct {
		lang       string
		sheets     []string
		lastName   [3]string // Last Name's input title, input message, error alert
		optIn      string    // the Yes/No list's formula
		exampleRow []string  // cells of the first example row: city, postcode, mobile, email opt-in
		guideRow   []string  // the guide's Last Name row
	}{
		{"en", []string{"Customers", "Example", "Field guide"},
			[3]string{"Last Name (required)", "Text, at most 50 characters. Required.", "Last Name takes text, at most 50 characters."},
			`"Yes,No"`, []string{"Oslo", "0150", "+47 912 34 567", "Yes"},
			[]string{"Last Name", "Yes", "50", "text", "—", "The customer's family name.", "Haugen"}},
		{"nb", []string{"Kunder", "Eksempel", "Feltveiledning"},
			[3]string{"Etternavn (må fylles ut)", "Tekst, høyst 50 tegn. Må fylles ut.", "Etternavn må være tekst, høyst 50 tegn."},
			`"Ja,Nei"`, []string{"Oslo", "0150", "+47 912 34 567", "Ja"},
			[]string{"Etternavn", "Ja", "50", "tekst", "—", "Kundens etternavn.", "Haugen"}},
		{"pl", []string{"Klienci", "Przykład", "Opis pól"},
			[3]string{"Nazwisko (wymagane)", "Tekst; maks. liczba znaków: 50. Pole wymagane.", "Nazwisko – oczekiwany format: tekst; maks. liczba znaków: 50."},
			`"Tak,Nie"`, []string{"Warszawa", "00-950", "+48 601 234 567", "Tak"},
			[]string{"Nazwisko", "Tak", "50", "tekst", "—", "Nazwisko klienta.", "Wiśniewska"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			path := writeTemplate(t, WriteOptions{Language: c.lang})
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !slices.Equal(got, c.sheets) {
				t.Errorf("sheets = %q, want %q", got, c.sheets)
			}
			rows, err := f.GetRows(c.sheets[0])
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || !slices.Equal(rows[0], headersIn(c.lang)) {
				t.Errorf("header = %q, want %q", rows, headersIn(c.lang))
			}

			dvs, err := f.GetDataValidations(c.sheets[0])
			if err != nil {
				t.Fatal(err)
			}
			byCol := map[string]*excelize.DataValidation{}
			for _, dv := range dvs {
				byCol[firstColumn(dv.Sqref)] = dv
			}
			if len(byCol) != customer.TemplateFields {
				t.Errorf("%d validations, want %d", len(byCol), customer.TemplateFields)
			}
			for i := range customer.Fields[:customer.TemplateFields] {
				dv := byCol[columnName(i)]
				ft := customer.FieldTextIn(c.lang, i)
				if dv == nil || dv.Prompt == nil || dv.Error == nil || dv.ErrorTitle == nil {
					t.Errorf("%s: no validation messages", ft.Header)
					continue
				}
				if !strings.Contains(strings.ToLower(*dv.Prompt), strings.ToLower(ft.Format)) && len([]rune(*dv.Prompt)) < maxValidationText {
					t.Errorf("%s: input message %q does not say the format %q", ft.Header, *dv.Prompt, ft.Format)
				}
				if *dv.ErrorTitle != cut(ft.Header, maxValidationTitle) {
					t.Errorf("%s: alert title %q", ft.Header, *dv.ErrorTitle)
				}
				if len([]rune(*dv.Prompt)) > maxValidationText || len([]rune(*dv.Error)) > maxValidationText ||
					len([]rune(*dv.PromptTitle)) > maxValidationTitle {
					t.Errorf("%s: messages too long for Excel", ft.Header)
				}
			}
			if dv := byCol[columnName(customer.FLastName)]; dv != nil {
				if got := [3]string{*dv.PromptTitle, *dv.Prompt, *dv.Error}; got != c.lastName {
					t.Errorf("Last Name messages = %q, want %q", got, c.lastName)
				}
			}
			if dv := byCol[columnName(customer.FEmailOptIn)]; dv == nil || dv.Formula1 != c.optIn {
				t.Errorf("Email Marketing list = %+v, want %s", dv, c.optIn)
			}

			ex, err := f.GetRows(c.sheets[1])
			if err != nil {
				t.Fatal(err)
			}
			if len(ex) < 5 || !slices.Equal(ex[0], headersIn(c.lang)) {
				t.Fatalf("Example sheet: %d rows, header %q", len(ex), ex[0])
			}
			first := ex[1]
			got := []string{first[customer.FCity], first[customer.FPostcode], first[customer.FMobile], first[customer.FEmailOptIn]}
			if !slices.Equal(got, c.exampleRow) {
				t.Errorf("first example = %q, want %q", got, c.exampleRow)
			}

			guide, err := f.GetRows(c.sheets[2])
			if err != nil {
				t.Fatal(err)
			}
			if want := FieldGuide(c.lang); !slices.EqualFunc(guide, want, slices.Equal) {
				t.Errorf("guide = %q, want %q", guide, want)
			}
			if got := guide[customer.FLastName+1]; !slices.Equal(got, c.guideRow) {
				t.Errorf("guide's Last Name row = %q, want %q", got, c.guideRow)
			}
		})
	}
}

// TestTemplateLanguagesReadBack fills each language's template with the example rows and reads
// it back: the reader knows the translated headers, and the values come back as written (the
// Yes/No words as typed: the import's rules read them).
func TestTemplateLanguagesReadBack(t *testing.T) {
	for _, lang := range customer.Languages {
		t.Run(lang, func(t *testing.T) {
			var recs []Record
			var wants []want
			for i, ex := range examples[lang] {
				recs = append(recs, Record{Values: values(t, ex)})
				wants = append(wants, want{i + 2, ex})
			}
			path := writeTemplate(t, WriteOptions{Language: lang, ExtraColumn: ErrorColumn(lang)}, recs...)
			r, rows := readAll(t, path, Limits{})
			checkRows(t, rows, wants)
			// The message column is ours: ignored without a warning.
			if w := r.Warnings(); len(w) != 0 {
				t.Errorf("warnings: %q", w)
			}
		})
	}
}

// TestWriteCSVLanguage checks that the CSV writer writes the headers of its language, separated
// as that language's spreadsheets split CSV, unless told otherwise.
func TestWriteCSVLanguage(t *testing.T) {
	for _, tt := range []struct {
		name  string
		opt   WriteOptions
		comma rune
	}{
		{"en", WriteOptions{Language: "en"}, ','},
		{"default", WriteOptions{}, ','},
		{"nb", WriteOptions{Language: "nb"}, ';'},
		{"pl", WriteOptions{Language: "pl", ExtraColumn: ErrorColumn("pl")}, ';'},
		{"pl with commas", WriteOptions{Language: "pl", Comma: ','}, ','},
		{"en with tabs", WriteOptions{Language: "en", Comma: '\t'}, '\t'},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, tt.opt, records()); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte("\ufeff")) {
				t.Error("no BOM")
			}
			cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff"))))
			cr.Comma = tt.comma
			all, err := cr.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := headersIn(tt.opt.language())
			if tt.opt.ExtraColumn != "" {
				want = append([]string{tt.opt.ExtraColumn}, want...)
			}
			if len(all) != 1 || !slices.Equal(all[0], want) {
				t.Errorf("CSV = %q, want the header %q", all, want)
			}
		})
	}
}

// TestTemplateLanguagesInLibreOffice has LibreOffice open the Norwegian and Polish templates:
// as CSV, the headers and an example-filled row come out as written; saved again as .xlsx, every
// validation keeps its list or limit and its translated input message and alert.
func TestTemplateLanguagesInLibreOffice(t *testing.T) {
	for _, lang := range []string{"nb", "pl"} {
		t.Run(lang, func(t *testing.T) {
			ex := examples[lang][0]
			path := writeTemplate(t, WriteOptions{Language: lang}, Record{Values: values(t, ex)})
			src := filepath.Join(t.TempDir(), "template-"+lang+".xlsx")
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(src, b, 0o600); err != nil {
				t.Fatal(err)
			}

			out := soffice(t, src, "csv:Text - txt - csv (StarCalc):44,34,76,1")
			rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || !slices.Equal(rows[0], headersIn(lang)) {
				t.Fatalf("LibreOffice's CSV: %q", rows)
			}
			for i, f := range customer.Fields[:customer.TemplateFields] {
				if got := rows[1][i]; got != ex[f.Key] {
					t.Errorf("%s = %q, want %q", f.Header, got, ex[f.Key])
				}
			}

			resaved := filepath.Join(t.TempDir(), "resaved.xlsx")
			if err := os.WriteFile(resaved, soffice(t, src, "xlsx:Calc MS Excel 2007 XML"), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(resaved)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet := wordsIn(lang).customers
			if got := f.GetSheetList(); !slices.Equal(got, []string{sheet, wordsIn(lang).example, wordsIn(lang).guide}) {
				t.Errorf("sheets after LibreOffice = %q", got)
			}
			theirs, err := f.GetDataValidations(sheet)
			if err != nil {
				t.Fatal(err)
			}
			byCol := map[string]*excelize.DataValidation{}
			for _, dv := range theirs {
				byCol[firstColumn(dv.Sqref)] = dv
			}
			for i := range customer.Fields[:customer.TemplateFields] {
				ours, err := validation(i, lang)
				if err != nil || ours == nil {
					t.Fatalf("validation(%d): %v", i, err)
				}
				got := byCol[columnName(i)]
				if got == nil {
					t.Errorf("column %s: validation lost", columnName(i))
					continue
				}
				if got.Type != ours.Type || strings.ReplaceAll(got.Formula1, "&quot;", `"`) != ours.Formula1 {
					t.Errorf("column %s: LibreOffice has %s %q, we wrote %s %q", columnName(i), got.Type, got.Formula1, ours.Type, ours.Formula1)
				}
				for name, pair := range map[string][2]*string{
					"prompt": {got.Prompt, ours.Prompt}, "prompt title": {got.PromptTitle, ours.PromptTitle},
					"error": {got.Error, ours.Error}, "error title": {got.ErrorTitle, ours.ErrorTitle},
				} {
					if pair[0] == nil || *pair[0] != *pair[1] {
						t.Errorf("column %s: %s after LibreOffice = %v, want %q", columnName(i), name, deref(pair[0]), *pair[1])
					}
				}
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", *s)
}
