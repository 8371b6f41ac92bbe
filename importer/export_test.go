package importer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestExportReimport checks that export → import round-trips: every exported customer, imported
// again in upsert mode, is unchanged, in both formats. The customers include what a spreadsheet
// tends to mangle: leading zeros, phone numbers with +, dates, Polish and Norwegian letters,
// cells that look like formulas, line breaks, quotes and semicolons.
//
// Exports are written in each language (headers, the CSV separator its spreadsheets expect, or
// one given), with phone numbers as people write them; each imports back unchanged.
func TestExportReimport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		sh.load("kunder-i-butikken.csv", "klienci-pl.csv", "vanskelige-tegn.csv")
		sh.confirm(sh.stage("oppdatering.csv", customer.ModeUpsert).ID)
		stored := sh.customers()
		if len(stored) != 15 {
			t.Fatalf("%d customers, want 15", len(stored))
		}
		// What the tricky cells were stored as: what the export must bring back.
		checkValues(t, sh.customer(customer.FLastName, "O'Neil"), map[int]string{customer.FNote: "=SUM(A1:A3) er ikke en formel"})
		checkValues(t, sh.customer(customer.FLastName, "Hovland"), map[int]string{customer.FCompany: "@Home AS", customer.FNote: "-10 % på sykler"})
		checkValues(t, sh.customer(customer.FLastName, "Hansen"), map[int]string{customer.FNote: "Linje 1\nLinje 2; med semikolon og \"anførselstegn\""})
		checkValues(t, sh.customer(customer.FLastName, "Nilsen"), map[int]string{customer.FMobile: "+46701234567", customer.FPostcode: "753 20", customer.FCountry: "SE"})
		// A Shopify-style apostrophe before a number is a text marker, not part of the value.
		checkValues(t, sh.customer(customer.FLastName, "Aas"), map[int]string{customer.FMobile: "+4795512345", customer.FPostcode: "0150"})

		for name, opt := range map[string]importer.ExportOptions{
			"csv":         {Format: importer.FormatCSV}, // the tenant's language: nb, separated by ;
			"xlsx":        {Format: importer.FormatXLSX},
			"csv-en":      {Format: importer.FormatCSV, Language: "en"},
			"csv-pl-tabs": {Format: importer.FormatCSV, Language: "pl", Comma: '\t'},
			"xlsx-pl":     {Format: importer.FormatXLSX, Language: "pl"},
		} {
			t.Run(name, func(t *testing.T) {
				buf := sh.reimport(opt, stored)
				if opt.Format != importer.FormatCSV {
					return
				}
				header := map[string]string{"csv": "\ufeffKundenummer;Tittel;Fornavn;", "csv-en": "\ufeffAccount Number,Title,First Name,",
					"csv-pl-tabs": "\ufeffNumer klienta\tTytuł\tImię\t"}[name]
				if !strings.HasPrefix(buf, header) {
					t.Errorf("the export begins %q, want %q", buf[:min(len(buf), 40)], header)
				}
				if !strings.Contains(buf, "'=SUM(A1:A3)") {
					t.Errorf("the CSV export does not neutralise a formula-like cell")
				}
				// Phone numbers as people write them: Norwegian ones nationally, others with
				// their country code, none behind a quote.
				for _, want := range []string{"912 34 567", "22 12 34 56", "+46 70 123 45 67", "+48 512 345 678"} {
					if !strings.Contains(buf, want) {
						t.Errorf("the export has no %q", want)
					}
				}
				for _, line := range strings.Split(buf, "\n") {
					if strings.Contains(line, "'+4") || strings.Contains(line, "+47955") {
						t.Errorf("a phone number in E.164 or behind a quote: %q", line)
					}
				}
			})
		}
		if after := sh.customers(); len(after) != len(stored) {
			t.Errorf("the round trip changed the customers: %d, then %d", len(stored), len(after))
		}
	})
}

// reimport exports the shop's customers with opt, imports the file in upsert mode, checks that
// every row is unchanged and matched to the customer it was exported from (stored, in account
// order), discards the import, and returns the file's text.
func (sh *shop) reimport(opt importer.ExportOptions, stored []customer.Customer) string {
	t := sh.t
	t.Helper()
	ctx := context.Background()
	var buf bytes.Buffer
	if err := importer.Export(ctx, sh.s, sh.tn, &buf, opt); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kunder."+string(opt.Format))
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	imp := sh.stage(path, customer.ModeUpsert)
	if want := (customer.Summary{Rows: len(stored), Unchanged: len(stored)}); imp.Summary != want {
		t.Errorf("re-imported: %+v, want %+v", imp.Summary, want)
		for _, r := range sh.rows(imp.ID) {
			if r.Status != customer.StatusUnchanged {
				t.Logf("row %d: %s %v %+v %q", r.Row, r.Status, problems(r.Errors), r.Changes, r.Raw)
			}
		}
	}
	if len(imp.Warnings) != 0 {
		t.Errorf("re-import warnings: %q", imp.Warnings)
	}
	// Each row is matched to the customer it was exported from, in account order.
	for i, r := range sh.rows(imp.ID) {
		if r.Row != i+2 || r.CustomerID != stored[i].ID {
			t.Errorf("row %d matched customer %d, want %d (%s)", r.Row, r.CustomerID, stored[i].ID, stored[i].Values[customer.FAccount])
		}
		if len(r.Warnings) != 0 {
			t.Errorf("row %d: warnings %v", r.Row, problems(r.Warnings))
		}
	}
	if _, err := sh.im.Discard(ctx, sh.tn, imp.ID, "test"); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestExportReimportPoland round-trips a Polish shop's export: Polish numbers written nationally
// (601 234 567), headers in Polish, separated by semicolons.
func TestExportReimportPoland(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "PL")
		sh.tn.Language = "pl"
		sh.load("klienci-pl.csv", "kunder-i-butikken.csv")
		stored := sh.customers()
		for _, format := range []importer.Format{importer.FormatCSV, importer.FormatXLSX} {
			t.Run(string(format), func(t *testing.T) {
				out := sh.reimport(importer.ExportOptions{Format: format}, stored)
				if format != importer.FormatCSV {
					return
				}
				if !strings.HasPrefix(out, "\ufeffNumer klienta;Tytuł;Imię;Nazwisko;") {
					t.Errorf("the export begins %q", out[:min(len(out), 60)])
				}
				for _, want := range []string{";601 234 567;", ";512 345 678;", ";+47 912 34 567;"} {
					if !strings.Contains(out, want) {
						t.Errorf("the export has no %q", want)
					}
				}
			})
		}
	})
}
