package importer_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestStagingPersists checks that staged rows live in the database, not in the process that
// staged them: another process (a fresh store) reads the same rows, and re-checking them from
// the stored cells gives the same outcome; and that uploading a file again into the import
// replaces its rows.
func TestStagingPersists(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		sh.load("kunder-i-butikken.csv", "klienci-pl.csv")
		imp := sh.stage("nye-kunder-kolliderer.csv", customer.ModeCreate)
		rows := sh.rows(imp.ID)

		t.Run("a fresh store reads the same import and rows", func(t *testing.T) {
			other := sh.on(openStore(t, dsn))
			got, err := other.im.Import(ctx, other.tn, imp.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != imp.ID || got.State != customer.StateStaged || got.Mode != customer.ModeCreate ||
				got.Summary != imp.Summary || got.FileName != "nye-kunder-kolliderer.csv" || got.FileSHA256 != imp.FileSHA256 {
				t.Errorf("import read back as %+v, staged as %+v", got, imp)
			}
			if again := other.rows(imp.ID); !reflect.DeepEqual(again, rows) {
				t.Errorf("rows read back differ:\n%+v\nwant\n%+v", again, rows)
			}
			// The cells are kept as given, untrimmed and decomposed, so a re-check from them
			// reaches the same outcome.
			if r := rowNum(t, rows, 3); r.Raw[customer.FEmail] != " KARI@Example.NO " {
				t.Errorf("row 3 email stored as %q", r.Raw[customer.FEmail])
			}
			if r := rowNum(t, rows, 6); r.Raw[customer.FFirstName] != "A\u030aSE" || r.Raw[customer.FPostcode] != "01 50" {
				t.Errorf("row 6 stored as %q %q", r.Raw[customer.FFirstName], r.Raw[customer.FPostcode])
			}
			if _, err := other.im.Validate(ctx, other.tn, imp.ID); err != nil {
				t.Fatal(err)
			}
			if again := other.rows(imp.ID); !reflect.DeepEqual(again, rows) {
				t.Errorf("rows re-checked from the stored cells differ:\n%+v\nwant\n%+v", again, rows)
			}
		})

		t.Run("uploading again replaces the rows", func(t *testing.T) {
			again := sh.restage("blanke-rader.csv", customer.ModeUpsert, imp.ID)
			// In upsert mode Ola (matched by email) is unchanged and Kari gets a note.
			wantSum := customer.Summary{Rows: 3, New: 1, Update: 1, Unchanged: 1}
			if again.ID != imp.ID || again.Mode != customer.ModeUpsert || again.FileName != "blanke-rader.csv" ||
				again.Summary != wantSum || again.FileSHA256 == imp.FileSHA256 {
				t.Errorf("re-staged import %+v", again)
			}
			got := sh.rows(imp.ID)
			checkRows(t, got, map[int]want{2: {customer.StatusUnchanged, nil}, 5: {customer.StatusUpdate, nil}, 7: {customer.StatusNew, nil}})
			if r := rowNum(t, got, 2); r.Raw[customer.FEmail] != "ola.nordmann@example.no" || r.Raw[customer.FAccount] != "" {
				t.Errorf("row 2 is not the new file's: %q", r.Raw)
			}
			stored, err := sh.im.Import(ctx, sh.tn, imp.ID)
			if err != nil || stored.Summary != wantSum {
				t.Errorf("stored import %+v, %v", stored, err)
			}
		})

		t.Run("uploading again stores the new file's name and mode", func(t *testing.T) {
			stored, err := sh.im.Import(ctx, sh.tn, imp.ID)
			if err != nil {
				t.Fatal(err)
			}
			// Confirm re-checks the rows in the stored mode: with the old one, rows checked as
			// updates would be committed as a create-mode import.
			if stored.Mode != customer.ModeUpsert || stored.FileName != "blanke-rader.csv" || stored.FileSHA256 == imp.FileSHA256 {
				t.Errorf("re-staged import reads back as mode %s, file %s, hash %.8s…; want upsert, blanke-rader.csv and the new file's hash",
					stored.Mode, stored.FileName, stored.FileSHA256)
			}
		})

		t.Run("a committed import takes no new file", func(t *testing.T) {
			// Committed in the mode of the second upload: Kari updated, not an email_exists error.
			if done := sh.confirm(imp.ID); done.Summary != (customer.Summary{Rows: 3, New: 1, Update: 1, Unchanged: 1}) {
				t.Errorf("committed %+v", done.Summary)
			}
			if c := sh.customer(customer.FAccount, "A-1003"); c.Values[customer.FNote] != "Ring før levering\nPortkode 1234" {
				t.Errorf("Kari not updated: %q", c.Values)
			}
			_, err := sh.im.Stage(ctx, sh.tn, "testdata/feil-per-felt.csv", stageOpts(customer.ModeCreate, imp.ID))
			if customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("Stage into a committed import: %v, want EConflict", err)
			}
			if n := len(sh.rows(imp.ID)); n != 3 {
				t.Errorf("committed import has %d rows, want its 3", n)
			}
		})

		t.Run("another shop's import is not found", func(t *testing.T) {
			other := newShop(t, sh.s, "NO")
			_, err := other.im.Stage(ctx, other.tn, "testdata/feil-per-felt.csv", stageOpts(customer.ModeCreate, imp.ID))
			if customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("Stage into another shop's import: %v, want ENotFound", err)
			}
			if _, _, err := other.im.Rows(ctx, other.tn, imp.ID, customer.RowFilter{}, 0, 0); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("Rows of another shop's import: %v, want ENotFound", err)
			}
		})
	})
}

// TestEditAndValidate checks fixing rows in the staged import: an edit changes the stored
// cells at once and the statuses when the import is validated again, and an edit can make a
// row a duplicate of another, which makes the later of the two the error.
func TestEditAndValidate(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		imp := sh.stage("feil-per-felt.csv", customer.ModeCreate)
		if imp.Summary != (customer.Summary{Rows: 15, New: 3, Error: 12}) {
			t.Fatalf("staged %+v", imp.Summary)
		}
		edit := func(t *testing.T, row int, cells map[string]string) customer.StagedRow {
			t.Helper()
			r, err := sh.im.EditRow(ctx, sh.tn, imp.ID, row, cells)
			if err != nil {
				t.Fatalf("EditRow %d: %v", row, err)
			}
			return r
		}
		validate := func(t *testing.T) customer.Import {
			t.Helper()
			v, err := sh.im.Validate(ctx, sh.tn, imp.ID)
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			return v
		}

		t.Run("fixing a cell turns an error row into a new one", func(t *testing.T) {
			r := edit(t, 5, map[string]string{"email": "per.hansen@example.no"})
			if r.Raw[customer.FEmail] != "per.hansen@example.no" || r.Status != customer.StatusError {
				t.Errorf("edited row %+v: want the new cell, and the old status until validated", r)
			}
			if got := rowNum(t, sh.rows(imp.ID), 5); got.Raw[customer.FEmail] != "per.hansen@example.no" || got.Status != customer.StatusError {
				t.Errorf("stored row after the edit: %+v", got)
			}
			v := validate(t)
			checkRows(t, []customer.StagedRow{rowNum(t, sh.rows(imp.ID), 5)}, map[int]want{5: {customer.StatusNew, nil}})
			if v.Summary != (customer.Summary{Rows: 15, New: 4, Error: 11}) {
				t.Errorf("summary after the fix %+v", v.Summary)
			}
		})

		t.Run("fixing every error of a row at once", func(t *testing.T) {
			edit(t, 14, map[string]string{"account_number": "A-9", "title": "Mr", "last_name": "Holm", "email": "per.holm@example.no",
				"mobile": "+47 412 34 568", "country": "NO", "birth_date": "01.12.1990", "email_opt_in": "Nei", "loyalty_points": "10"})
			validate(t)
			checkRows(t, []customer.StagedRow{rowNum(t, sh.rows(imp.ID), 14)}, map[int]want{14: {customer.StatusNew, nil}})
		})

		t.Run("an edit that duplicates a later row makes the later row the error", func(t *testing.T) {
			edit(t, 16, map[string]string{"email": "Ola.Nordmann@example.no"}) // row 2's
			validate(t)
			rows := sh.rows(imp.ID)
			checkRows(t, []customer.StagedRow{rowNum(t, rows, 2), rowNum(t, rows, 16)}, map[int]want{
				2:  {customer.StatusNew, nil},
				16: {customer.StatusError, []string{"email:duplicate_in_file"}},
			})
			if msg := rowNum(t, rows, 16).Errors[0].Message; !strings.Contains(msg, "row 2 (") {
				t.Errorf("row 16: %q does not name row 2", msg)
			}
		})

		t.Run("an edit that duplicates an earlier row's cell makes the other row the error", func(t *testing.T) {
			// Row 4 lacked a last name; fixed, it takes the email fixed on row 5 above.
			edit(t, 4, map[string]string{"last_name": "Nordmann", "email": " PER.HANSEN@example.no"})
			validate(t)
			rows := sh.rows(imp.ID)
			checkRows(t, []customer.StagedRow{rowNum(t, rows, 4), rowNum(t, rows, 5)}, map[int]want{
				4: {customer.StatusNew, nil},
				5: {customer.StatusError, []string{"email:duplicate_in_file"}},
			})
		})

		t.Run("bad edits", func(t *testing.T) {
			if _, err := sh.im.EditRow(ctx, sh.tn, imp.ID, 2, map[string]string{"favourite_colour": "blå"}); customer.ErrorCodeOf(err) != customer.EInvalid {
				t.Errorf("unknown field: %v, want EInvalid", err)
			}
			if r := rowNum(t, sh.rows(imp.ID), 2); r.Raw[customer.FFirstName] != "Ola" {
				t.Errorf("a refused edit changed row 2: %q", r.Raw)
			}
			// Blank rows are absent, so their numbers are not rows.
			if _, err := sh.im.EditRow(ctx, sh.tn, imp.ID, 17, map[string]string{"first_name": "Ola"}); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("row after the last: %v, want ENotFound", err)
			}
			other := newShop(t, sh.s, "NO")
			if _, err := other.im.EditRow(ctx, other.tn, imp.ID, 2, map[string]string{"first_name": "Ola"}); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("another shop's import: %v, want ENotFound", err)
			}
		})

		t.Run("a committed import can no longer be edited or checked", func(t *testing.T) {
			done := sh.confirm(imp.ID)
			// Rows 2, 4, 14 and 15 are new; 5 and 16 duplicates; the other nine still wrong.
			if done.Summary != (customer.Summary{Rows: 15, New: 4, Error: 11}) {
				t.Errorf("committed %+v", done.Summary)
			}
			// The edited cells are what was committed.
			if c := sh.customer(customer.FEmail, "PER.HANSEN@example.no"); c.Values[customer.FLastName] != "Nordmann" {
				t.Errorf("row 4 committed as %q", c.Values)
			}
			if _, err := sh.im.EditRow(ctx, sh.tn, imp.ID, 3, map[string]string{"first_name": "Eva"}); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("EditRow after commit: %v, want EConflict", err)
			}
			if _, err := sh.im.Validate(ctx, sh.tn, imp.ID); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("Validate after commit: %v, want EConflict", err)
			}
		})
	})
}
