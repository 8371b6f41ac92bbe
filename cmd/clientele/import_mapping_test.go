package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sheet"
	"github.com/clientele/clientele/sqlstore"
)

// openDefault opens the database the CLI ran on, and its default tenant.
func openDefault(t *testing.T, dsn string) (*sqlstore.Store, customer.Tenant) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	tn, err := s.EnsureTenant(ctx, "default", "NO", "en")
	if err != nil {
		t.Fatal(err)
	}
	return s, tn
}

// storedCustomers returns the tenant's customers as "first last <email> postcode".
func storedCustomers(t *testing.T, s *sqlstore.Store, tn customer.Tenant) []string {
	t.Helper()
	var got []string
	err := s.AllCustomers(context.Background(), tn.ID, func(c customer.Customer) error {
		v := c.Values
		got = append(got, v[customer.FFirstName]+" "+v[customer.FLastName]+" <"+v[customer.FEmail]+"> "+v[customer.FPostcode])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	return got
}

// TestImportStopsForMapping: a file whose columns the page would stop at its mapping step
// (Kontakt holds emails, Gate streets, Post postcodes) is stopped by the CLI too, with exit 1:
// each unrecognised column with its first values and suggested field, and the --map to run.
// Nothing is checked or stored. The command it prints imports the emails and postcodes.
func TestImportStopsForMapping(t *testing.T) {
	const file = "testdata/ukjent.csv" // Kunde;Kontakt;Tlf;Gate;Sted;Post;Bonus
	const wantMap = `--map "Kontakt=Email,Gate=Address Line 1,Post=Postcode"`
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		s, tn := openDefault(t, dsn)
		for _, args := range [][]string{{"import", file, "--yes"}, {"import", file, "--dry-run"}} {
			r := c.run("", args...)
			if r.code != exitFailure {
				t.Fatalf("%v: exit %d, want %d (needs mapping)\n%s%s", args, r.code, exitFailure, r.stdout, r.stderr)
			}
			for _, line := range []string{
				"  B Kontakt: ola.nordmann@example.no, kari.berg@example.no, per.hansen@example.no → Email (values look like emails)\n",
				"  D Gate: Storgata 1, Bryggen 5, Kongens gate 12 → Address Line 1 (values look like street addresses)\n",
				"  F Post: 0150, 5003, 7011 → Postcode (values look like postcodes)\n",
				"Recognised: A Kunde → full_name, C Tlf → Phone, E Sted → Town/City, G Bonus → Loyalty Points\n",
				"  clientele " + strings.Join(args, " ") + " " + wantMap + "\n",
			} {
				if !strings.Contains(r.stdout, line) {
					t.Errorf("%v: stdout lacks %q:\n%s", args, line, r.stdout)
				}
			}
			wantErr := "clientele: testdata/ukjent.csv: columns Kontakt, Gate, Post are not recognised; nothing was imported. Map the columns: " + wantMap + "\n"
			if r.stderr != wantErr {
				t.Errorf("%v: stderr %q, want %q", args, r.stderr, wantErr)
			}
		}

		// --json: the report says state mapping, with the columns and the map; stdout is only it.
		r := c.run("", "import", file, "--dry-run", "--json")
		var rep report
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != exitFailure {
			t.Fatalf("--json: exit %d, %v\n%s", r.code, err, r.stdout)
		}
		nm := rep.NeedsMapping
		if rep.State != customer.StateMapping || rep.ImportID != 0 || nm == nil || len(nm.Columns) != 7 ||
			nm.Columns[1].Field != "email" || nm.Columns[1].Samples[0] != "ola.nordmann@example.no" ||
			"--map "+mapArg(nm.Map) != wantMap || !strings.HasSuffix(nm.Command, wantMap) {
			t.Errorf("--json report: state %s, id %d, %+v", rep.State, rep.ImportID, nm)
		}

		// Nothing of the above was stored: no import, not even a dry run's, and no audit entry.
		if imps, n, err := s.AllImports(context.Background(), tn.ID, 0, 0); err != nil || n != 0 {
			t.Errorf("imports after stopping: %+v, %v", imps, err)
		}
		if _, n, err := s.Audit(context.Background(), tn.ID, 0, 0); err != nil || n != 0 {
			t.Errorf("audit entries after stopping: %d, %v", n, err)
		}

		// The printed command imports the emails and postcodes; "Bonus=" ignores a column.
		r = c.run("", "import", file, "--yes", "--map", "Kontakt=Email,Gate=Address Line 1,Post=Postcode,Bonus=")
		if r.code != exitOK || !strings.Contains(r.stdout, "  B Kontakt → Email [--map]\n") || !strings.Contains(r.stdout, "  ignored: Bonus\n") ||
			!strings.Contains(r.stdout, "committed: 5 customers created") {
			t.Fatalf("with the map: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		got := storedCustomers(t, s, tn)
		if len(got) != 5 || got[0] != "Anne Lie <anne.lie@example.no> 9008" || got[4] != "Per Hansen <per.hansen@example.no> 7011" {
			t.Errorf("customers: %q", got)
		}

		// A map that names only some of the guessed columns still stops, and says what is left.
		r = c.run("", "import", file, "--dry-run", "--map", "Kontakt=Email")
		if r.code != exitFailure || !strings.Contains(r.stderr, "columns Gate, Post are not recognised") ||
			!strings.Contains(r.stderr, wantMap) {
			t.Errorf("part of the map: exit %d, stderr %q", r.code, r.stderr)
		}
	})
}

// TestImportSavedMapping: a mapping the shop saved on the page ("Remember") applies in the CLI,
// which says so; --save-mapping saves one from the CLI, which the next import (and the page's
// decision, importer.PlanColumns) then uses.
func TestImportSavedMapping(t *testing.T) {
	t.Setenv("CLIENTELE_USER", "") // the actor is the operating-system user
	const file = "testdata/ukjent.csv"
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		s, tn := openDefault(t, dsn)
		ctx := context.Background()
		pv, err := sheet.PreviewFile(file, sheet.Limits{})
		if err != nil {
			t.Fatal(err)
		}

		// As the page saves it: checked, targets as field keys.
		m, err := sheet.CheckMap(file, sheet.Limits{}, sheet.Options{Map: map[string]string{"Kontakt": "email", "Gate": "address_line1", "Post": "postcode"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SaveMapping(ctx, &importer.SavedMapping{TenantID: tn.ID, Signature: pv.Signature, Map: m, CreatedBy: "kari@butikk.no"}); err != nil {
			t.Fatal(err)
		}
		r := c.run("", "import", file, "--dry-run")
		if r.code != exitOK || !strings.Contains(r.stdout, "  F Post → Postcode [saved mapping]\n") ||
			!strings.Contains(r.stdout, "Warning: Columns mapped as saved on ") || !strings.Contains(r.stdout, "new 5 ·") {
			t.Fatalf("with the page's saved mapping: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		rep := c.report("import", file, "--yes")
		if !rep.Committed || rep.Summary.New != 5 || len(rep.Warnings) == 0 || !strings.HasPrefix(rep.Warnings[0], "Columns mapped as saved on ") {
			t.Errorf("report with the saved mapping: %+v, warnings %q", rep.Summary, rep.Warnings)
		}
		if got := storedCustomers(t, s, tn); len(got) != 5 || got[0] != "Anne Lie <anne.lie@example.no> 9008" {
			t.Errorf("customers: %q", got)
		}

		// --save-mapping from the CLI, for another file's headers.
		other := filepath.Join(t.TempDir(), "fra-kassa.csv")
		os.WriteFile(other, []byte("Navn;E;Postnr\nEva Moen;eva.moen@example.no;0151\nIda Vik;ida.vik@example.no;5004\n"), 0o644)
		if r := c.run("", "import", other, "--dry-run"); r.code != exitFailure {
			t.Fatalf("before saving: exit %d\n%s", r.code, r.stdout)
		}
		if r := c.run("", "import", other, "--save-mapping", "--dry-run"); r.code != exitUsage || !strings.Contains(r.stderr, "--save-mapping") {
			t.Errorf("--save-mapping without --map: exit %d, %q", r.code, r.stderr)
		}
		r = c.run("", "import", other, "--dry-run", "--map", "E=E-post,Postnr=Postcode", "--save-mapping")
		if r.code != exitOK || !strings.Contains(r.stdout, "Saved the column mapping") {
			t.Fatalf("--save-mapping: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		opv, err := sheet.PreviewFile(other, sheet.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		saved, err := s.SavedMapping(ctx, tn.ID, opv.Signature)
		if err != nil || saved.Map["E"] != "email" || saved.Map["Postnr"] != "postcode" || len(saved.Map) != 2 || saved.CreatedBy != "os:"+osUser() {
			t.Errorf("saved: %+v, %v", saved, err)
		}
		r = c.run("", "import", other, "--dry-run")
		if r.code != exitOK || !strings.Contains(r.stdout, "  B E → Email [saved mapping]\n") || !strings.Contains(r.stdout, "new 2 ·") {
			t.Errorf("after --save-mapping: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		// The page's decision reads the file with it too.
		plan, err := importer.PlanColumns(ctx, s, tn.ID, other, sheet.Limits{}, sheet.Options{})
		if err != nil || plan.NeedsMapping || plan.Saved == nil || plan.Saved.Map["E"] != "email" {
			t.Errorf("PlanColumns after --save-mapping: %+v, %v", plan, err)
		}
	})
}
