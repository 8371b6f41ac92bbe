package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/xuri/excelize/v2"
)

// TestTemplateAndFieldsLanguage: `template` and `fields` write in --lang, else in the shop
// group's language; the Norwegian template imports like the English one.
func TestTemplateAndFieldsLanguage(t *testing.T) {
	c := cli{t, dbtest.SQLite(t)}
	if r := c.run("", "tenant", "add", "sklep", "--country", "PL", "--language", "pl"); r.code != exitOK {
		t.Fatalf("tenant add: %d %s", r.code, r.stderr)
	}
	sheetOf := func(path string) (string, []string) {
		t.Helper()
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		first := f.GetSheetList()[0]
		rows, err := f.GetRows(first)
		if err != nil || len(rows) == 0 {
			t.Fatalf("rows of %s: %v", first, err)
		}
		return first, rows[0]
	}
	// The template's columns: FIELDS.md's, not the extra fields exports add.
	headers := func(lang string) []string {
		var h []string
		for i := range customer.Fields[:customer.TemplateFields] {
			h = append(h, customer.HeaderIn(lang, i))
		}
		return h
	}
	for _, tc := range []struct {
		name  string
		args  []string
		sheet string
		lang  string
	}{
		{"--lang nb", []string{"template", "--lang", "nb"}, "Kunder", "nb"},
		{"the default tenant's language", []string{"template"}, "Customers", "en"},
		{"the tenant's language", []string{"--tenant", "sklep", "template"}, "Klienci", "pl"},
		{"--lang overrides the tenant's", []string{"--tenant", "sklep", "template", "--lang", "EN"}, "Customers", "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "t.xlsx")
			if r := c.run("", append(tc.args, "-o", out)...); r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			sheet, header := sheetOf(out)
			if sheet != tc.sheet || !slices.Equal(header, headers(tc.lang)) {
				t.Errorf("sheet %q header %q, want %q %q", sheet, header, tc.sheet, headers(tc.lang))
			}
			if rep := c.report("import", out, "--dry-run"); rep.Summary.Rows != 0 {
				t.Errorf("the empty template has rows: %+v", rep.Summary)
			}
		})
	}
	if r := c.run("", "template", "--lang", "de", "-o", filepath.Join(t.TempDir(), "x.xlsx")); r.code != exitUsage || !strings.Contains(r.stderr, "en, nb, pl") {
		t.Errorf("--lang de: exit %d, stderr %s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"fields", "--lang", "nb"}, []string{"Kolonne", "Etternavn", "Må fylles ut", "tekst (nuller foran beholdes"}},
		{[]string{"--tenant", "sklep", "fields"}, []string{"Kolumna", "Nazwisko", "Kod pocztowy", "Gdy puste"}},
		{[]string{"fields", "--lang", "en"}, []string{"Column", "Last Name", "When blank"}},
	} {
		r := c.run("", tc.args...)
		if r.code != exitOK {
			t.Errorf("%q: exit %d %s", tc.args, r.code, r.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%q: output lacks %q:\n%s", tc.args, w, r.stdout)
			}
		}
	}
}
