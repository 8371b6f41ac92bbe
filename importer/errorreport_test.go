package importer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestErrorReport writes the error file of an import with an error in every field it can have
// one in: the message column comes first with all of a row's messages; each bad cell, and no
// other, carries its messages as a comment; uploaded again as it is, the file brings back the
// same rows with the same errors, and no warning about the message column.
func TestErrorReport(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		imp := sh.stage("feil-per-felt.csv", customer.ModeCreate)
		var bad []customer.StagedRow
		for _, r := range sh.rows(imp.ID) {
			if r.Status == customer.StatusError {
				bad = append(bad, r)
			}
		}
		if len(bad) < 3 {
			t.Fatalf("%d error rows in the fixture", len(bad))
		}
		var buf bytes.Buffer
		if err := sh.im.ErrorReport(ctx, sh.tn, imp.ID, "nb", &buf); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "feil-per-felt-errors.xlsx")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("Kunder")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(bad)+1 || rows[0][0] != "Feilmelding" || rows[0][1] != "Kundenummer" {
			t.Fatalf("%d rows, header %q", len(rows), rows[0])
		}
		comments, err := f.GetComments("Kunder")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, c := range comments {
			got[c.Cell] = c.Text
		}
		want := map[string]string{}
		for n, r := range bad {
			var all []string
			for _, p := range r.Errors {
				msg := p.In("nb")
				all = append(all, msg)
				if i := customer.FieldByKey(p.Field); i >= 0 {
					cell := string(rune('B'+i)) + strconv.Itoa(n+2)
					want[cell] = strings.TrimSpace(want[cell] + " " + msg)
				}
			}
			if msg := rows[n+1][0]; msg != strings.Join(all, " ") {
				t.Errorf("row %d's message cell = %q, want %q", n+2, msg, strings.Join(all, " "))
			}
		}
		if len(got) != len(want) || len(want) < len(bad) {
			t.Errorf("comments on %d cells, want %d: %q", len(got), len(want), got)
		}
		for cell, w := range want {
			if got[cell] != w {
				t.Errorf("comment on %s = %q, want %q", cell, got[cell], w)
			}
		}

		again := sh.stage(path, customer.ModeCreate)
		if len(again.Warnings) != 0 {
			t.Errorf("the error file uploaded again warns: %q", again.Warnings)
		}
		var errorsAgain [][]string
		for _, r := range sh.rows(again.ID) {
			if r.Status == customer.StatusError {
				errorsAgain = append(errorsAgain, problems(r.Errors))
			}
		}
		var errorsBefore [][]string
		for _, r := range bad {
			errorsBefore = append(errorsBefore, problems(r.Errors))
		}
		if !slices.EqualFunc(errorsAgain, errorsBefore, slices.Equal) {
			t.Errorf("errors uploaded again: %q, before %q", errorsAgain, errorsBefore)
		}

		// Another tenant's import is not found.
		other := newShop(t, sh.s, "NO")
		if err := other.im.ErrorReport(ctx, other.tn, imp.ID, "nb", &buf); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("another tenant's error file: %v", err)
		}
	})
}

// TestErrorRecord turns a staged row into an error file's record: all messages in the message
// column, each cell's own on its note, the row-level ones on none.
func TestErrorRecord(t *testing.T) {
	row := customer.StagedRow{Row: 5, Errors: []customer.Problem{
		customer.NewProblem(customer.FEmail, customer.CodeInvalidEmail, "Email is not valid."),
		customer.NewProblem(customer.FEmail, customer.CodeEmailExists, "Email is in use."),
		customer.NewProblem(customer.FLastName, customer.CodeRequired, "Last Name is required."),
		{Code: customer.CodeIdentityConflict, Message: "The row points at two customers."},
	}}
	row.Raw[customer.FEmail] = "per@example"
	rec := importer.ErrorRecord(&row, "en")
	if rec.Values != row.Raw {
		t.Errorf("values = %q", rec.Values)
	}
	if want := "Email is not valid. Email is in use. Last Name is required. The row points at two customers."; rec.Extra != want {
		t.Errorf("extra = %q, want %q", rec.Extra, want)
	}
	var notes customer.Values
	notes[customer.FEmail] = "Email is not valid. Email is in use."
	notes[customer.FLastName] = "Last Name is required."
	if rec.Notes != notes {
		t.Errorf("notes = %q, want %q", rec.Notes, notes)
	}
}
