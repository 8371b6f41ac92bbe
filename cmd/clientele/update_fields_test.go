package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestImportUpdatesAFewFields: `clientele import --mode upsert` of a file with only an identity
// column and the fields to change updates those fields of the matched customers, and says of a
// row that matches nobody that the names are required of a new customer; in create mode the same
// file is refused, naming the missing columns.
func TestImportUpdatesAFewFields(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		dir := t.TempDir()
		write := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		first := write("kunder.csv", "Fornavn;Etternavn;E-post;Poststed\nOla;Nordmann;ola@example.no;Oslo\n")
		if r := c.run("", "import", first, "--yes"); r.code != exitOK {
			t.Fatalf("import: %d %s", r.code, r.stderr)
		}
		few := write("oppdatering.csv", "E-post;Poststed\nola@example.no;Bergen\nny@example.no;Molde\n")
		rep := c.report("import", few, "--mode", "upsert", "--dry-run")
		if rep.Summary.Update != 1 || rep.Summary.Error != 1 {
			t.Fatalf("summary %+v, want 1 update and 1 error; rows %+v", rep.Summary, rep.Rows)
		}
		bad := rowByNum(t, rep, 3)
		if codesOf(bad)["First Name"] != customer.CodeRequired || !strings.Contains(bad.Errors[0].Message, "required for a new customer") {
			t.Errorf("row 3: %+v", bad.Errors)
		}
		r := c.run("", "import", few, "--dry-run")
		if r.code != exitFailure || !strings.Contains(r.stderr, "First Name") || !strings.Contains(r.stderr, "Last Name") {
			t.Errorf("create mode without name columns: exit %d, stderr %q", r.code, r.stderr)
		}
	})
}
