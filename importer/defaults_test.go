package importer_test

import (
	"context"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// column returns the cells of field i of rows, in row order, joined by spaces.
func column(rows []customer.StagedRow, i int) string {
	cells := make([]string, len(rows))
	for j, r := range rows {
		cells[j] = r.Raw[i]
	}
	return strings.Join(cells, " ")
}

// TestDefaultsKeptWithTheImport: an import's defaults fill the blank cells of its rows when it is
// staged, checked in a dry run, uploaded and checked by its job, and uploaded into again (they
// are kept with the import, in the store); a cell edited to blank takes the default; the
// committed customers have the values.
func TestDefaultsKeptWithTheImport(t *testing.T) {
	ctx := context.Background()
	defaults := customer.Defaults{"country": "NO", "sms_opt_in": "No"}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "PL")
		file := csvFile(t, "kunder.csv",
			map[string]string{"first_name": "Ola", "last_name": "Nordmann", "email": "ola@example.no"},
			map[string]string{"first_name": "Kari", "last_name": "Berg", "country": "SE", "sms_opt_in": "Yes"})

		t.Run("dry run", func(t *testing.T) {
			opt := stageOpts(customer.ModeCreate, 0)
			opt.Defaults = defaults
			var rows []customer.StagedRow
			imp, err := sh.im.Check(ctx, sh.tn, file, opt, func(r *customer.StagedRow) error {
				rows = append(rows, *r)
				return nil
			})
			if err != nil || imp.Summary.New != 2 || !maps.Equal(imp.Defaults, defaults) {
				t.Fatalf("dry run: %+v, %v", imp, err)
			}
			if got := column(rows, customer.FCountry) + " " + column(rows, customer.FSMSOptIn); got != "NO SE No Yes" {
				t.Errorf("dry run's cells %q", got)
			}
		})

		opt := stageOpts(customer.ModeCreate, 0)
		opt.Defaults = defaults
		imp, err := sh.im.Stage(ctx, sh.tn, file, opt)
		if err != nil || imp.Summary.New != 2 || !maps.Equal(imp.Defaults, defaults) {
			t.Fatalf("staged: %+v, %v", imp, err)
		}
		if got := column(sh.rows(imp.ID), customer.FCountry); got != "NO SE" {
			t.Errorf("staged countries %q", got)
		}
		// Another process reads them from the store.
		if got, err := sh.on(openStore(t, dsn)).im.Import(ctx, sh.tn, imp.ID); err != nil || !maps.Equal(got.Defaults, defaults) {
			t.Errorf("read back: %+v, %v", got.Defaults, err)
		}

		t.Run("a cell edited to blank", func(t *testing.T) {
			row, err := sh.im.EditRow(ctx, sh.tn, imp.ID, 3, map[string]string{"country": " ", "city": "Bergen"})
			if err != nil || row.Raw[customer.FCountry] != "NO" || row.Raw[customer.FCity] != "Bergen" {
				t.Fatalf("edited: %q %q, %v", row.Raw[customer.FCountry], row.Raw[customer.FCity], err)
			}
			if got, err := sh.im.Validate(ctx, sh.tn, imp.ID); err != nil || got.Summary.New != 2 {
				t.Fatalf("validated: %+v, %v", got, err)
			}
			if got := column(sh.rows(imp.ID), customer.FCountry); got != "NO NO" {
				t.Errorf("countries after the edit %q", got)
			}
		})

		t.Run("cells blanked in bulk", func(t *testing.T) {
			// Blanking the country of every row gives them the default back: nothing changes.
			res, err := sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{}, customer.BulkEdit{Set: map[string]string{"country": ""}}, "", false, false)
			if err != nil || res.Changed != 0 {
				t.Errorf("bulk blank: %+v, %v; want nothing changed", res, err)
			}
			res, err = sh.im.BulkEdit(ctx, sh.tn, imp.ID, customer.RowFilter{}, customer.BulkEdit{Set: map[string]string{"country": "", "city": "Molde"}}, "", true, false)
			if err != nil || res.Changed != 2 {
				t.Fatalf("bulk blank and city: %+v, %v", res, err)
			}
			if got := column(sh.rows(imp.ID), customer.FCountry); got != "NO NO" {
				t.Errorf("countries after blanking them in bulk %q", got)
			}
		})

		t.Run("a new file into the import", func(t *testing.T) {
			other := csvFile(t, "flere.csv",
				map[string]string{"first_name": "Per", "last_name": "Hansen"},
				map[string]string{"first_name": "Anne", "last_name": "Lie", "country": "DK"})
			again := sh.restage(other, customer.ModeCreate, imp.ID)
			if again.State != customer.StateStaged || !maps.Equal(again.Defaults, defaults) {
				t.Fatalf("re-staged: %+v", again)
			}
			rows := sh.rows(imp.ID)
			if got := column(rows, customer.FCountry) + " " + column(rows, customer.FSMSOptIn); got != "NO DK No No" {
				t.Errorf("re-staged cells %q", got)
			}
			sh.confirm(imp.ID)
			if c := sh.customer(customer.FFirstName, "Per"); c.Values[customer.FCountry] != "NO" || c.Values[customer.FSMSOptIn] != "No" {
				t.Errorf("committed customer %+v", c.Values)
			}
		})

		t.Run("an upload checked by its job", func(t *testing.T) {
			up := importer.Upload{Path: file, FileName: filepath.Base(file), Mode: customer.ModeCreate, User: "kari@sykkelbutikken.no",
				Defaults: customer.Defaults{"country": "DK"}}
			created, err := sh.im.Upload(ctx, sh.tn, up)
			if err != nil || !maps.Equal(created.Defaults, up.Defaults) {
				t.Fatalf("uploaded: %+v, %v", created, err)
			}
			sh.work()
			got, err := sh.im.Import(ctx, sh.tn, created.ID)
			if err != nil || got.State != customer.StateStaged || !maps.Equal(got.Defaults, up.Defaults) {
				t.Fatalf("after its job: %+v, %v", got, err)
			}
			if c := column(sh.rows(created.ID), customer.FCountry); c != "DK SE" {
				t.Errorf("countries %q", c)
			}
		})
	})
}
