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
func TestExportReimport(t *testing.T) {
	ctx := context.Background()
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

		for _, format := range []importer.Format{importer.FormatCSV, importer.FormatXLSX} {
			t.Run(string(format), func(t *testing.T) {
				var buf bytes.Buffer
				if err := importer.Export(ctx, sh.s, sh.tn, format, &buf); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(t.TempDir(), "kunder."+string(format))
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				imp := sh.stage(path, customer.ModeUpsert)
				if want := (customer.Summary{Rows: 15, Unchanged: 15}); imp.Summary != want {
					t.Errorf("re-imported: %+v, want %+v", imp.Summary, want)
					for _, r := range sh.rows(imp.ID) {
						if r.Status != customer.StatusUnchanged {
							t.Logf("row %d: %s %v %+v", r.Row, r.Status, problems(r.Errors), r.Changes)
						}
					}
				}
				// Each row is matched to the customer it was exported from, in account order.
				for i, r := range sh.rows(imp.ID) {
					if r.Row != i+2 || r.CustomerID != stored[i].ID {
						t.Errorf("row %d matched customer %d, want %d (%s)", r.Row, r.CustomerID, stored[i].ID, stored[i].Values[customer.FAccount])
					}
				}
				if format == importer.FormatCSV && !strings.Contains(buf.String(), "'=SUM(A1:A3)") {
					t.Errorf("the CSV export does not neutralise a formula-like cell")
				}
				if _, err := sh.im.Discard(ctx, sh.tn, imp.ID, "test"); err != nil {
					t.Fatal(err)
				}
			})
		}
		if after := sh.customers(); len(after) != len(stored) {
			t.Errorf("the round trip changed the customers: %d, then %d", len(stored), len(after))
		}
	})
}
