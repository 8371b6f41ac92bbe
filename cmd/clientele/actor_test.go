package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestCLIActor: the CLI records a person. --as EMAIL (or CLIENTELE_USER) names a member of the
// shop group's staff, who must exist there; without either the operating-system user is
// recorded, marked "os:".
func TestCLIActor(t *testing.T) {
	t.Setenv("CLIENTELE_USER", "")
	const pw = "correct horse battery\n"
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		for _, args := range [][]string{
			{"user", "add", "--email", "kari@butikk.no", "--role", "manager", "--password-stdin"},
			{"tenant", "add", "bergen"},
		} {
			if r := c.run(pw, args...); r.code != exitOK {
				t.Fatalf("%v: %d %s", args, r.code, r.stderr)
			}
		}
		if r := c.run(pw, "--tenant", "bergen", "user", "add", "--email", "per@bergen.no", "--role", "owner", "--password-stdin"); r.code != exitOK {
			t.Fatalf("user add: %d %s", r.code, r.stderr)
		}

		for _, tc := range []struct {
			name   string
			env    string
			args   []string
			stderr string
		}{
			{"--as no one", "", []string{"--as", "nobody@butikk.no", "import", "testdata/kunder-nb.csv", "--dry-run"}, `--as nobody@butikk.no is no user of shop group "default"`},
			{"--as staff of another shop group", "", []string{"import", "testdata/kunder-nb.csv", "--dry-run", "--as", "per@bergen.no"}, `--as per@bergen.no is no user of shop group "default"`},
			{"CLIENTELE_USER no one", "nobody@butikk.no", []string{"export", "-o", t.TempDir() + "/x.csv"}, `CLIENTELE_USER nobody@butikk.no is no user`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Setenv("CLIENTELE_USER", tc.env)
				r := c.run("", tc.args...)
				if r.code != exitFailure || !strings.Contains(r.stderr, tc.stderr) || strings.Count(r.stderr, "\n") != 1 {
					t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, tc.stderr)
				}
			})
		}

		rep := c.report("import", "testdata/kunder-nb.csv", "--as", "KARI@butikk.no")
		t.Setenv("CLIENTELE_USER", "kari@butikk.no")
		if r := c.run("", "confirm", fmt.Sprint(rep.ImportID)); r.code != exitOK {
			t.Fatalf("confirm: %d %s", r.code, r.stderr)
		}
		t.Setenv("CLIENTELE_USER", "")
		if r := c.run("", "import", "testdata/kunder-nb.csv", "--dry-run"); r.code != exitOK {
			t.Fatalf("dry run: %d %s", r.code, r.stderr)
		}
		if r := c.run("", "--as", "per@bergen.no", "--tenant", "bergen", "import", "testdata/kunder-nb.csv", "--dry-run"); r.code != exitOK {
			t.Fatalf("dry run in bergen as its owner: %d %s", r.code, r.stderr)
		}

		s, tn := openDefault(t, dsn)
		imp, err := s.Import(context.Background(), tn.ID, rep.ImportID)
		if err != nil || imp.CreatedBy != "kari@butikk.no" || imp.ConfirmedBy != "kari@butikk.no" {
			t.Errorf("import %+v, %v; want staged and confirmed by kari@butikk.no", imp, err)
		}
		entries, _, err := s.Audit(context.Background(), tn.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := len(entries) - 1; i >= 0; i-- {
			got = append(got, entries[i].Actor+" "+entries[i].Action)
		}
		me := "os:" + osUser()
		// Adding kari is audited too, by the OS user who ran user add.
		want := me + " staff.add|kari@butikk.no import|kari@butikk.no confirm|" + me + " import|" + me + " discard"
		if strings.Join(got, "|") != want {
			t.Errorf("audit log %q, want %q", strings.Join(got, "|"), want)
		}
	})
}

// TestImportsLeavesOutDryRuns: the history (clientele imports) is the shop's imports; a dry
// run is listed only with --dry-runs, marked.
func TestImportsLeavesOutDryRuns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		staged := c.report("import", "testdata/kunder-nb.csv")
		dry := c.report("import", "testdata/kunder-nb.csv", "--dry-run")
		if !dry.DryRun || staged.DryRun {
			t.Fatalf("reports: dry run %v, staged %v", dry.DryRun, staged.DryRun)
		}
		list := func(args ...string) importsReport {
			r := c.run("", append([]string{"imports", "--json"}, args...)...)
			var js importsReport
			if err := json.Unmarshal([]byte(r.stdout), &js); err != nil || r.code != exitOK {
				t.Fatalf("imports %v: exit %d, %v", args, r.code, err)
			}
			return js
		}
		if js := list(); js.Total != 1 || len(js.Imports) != 1 || js.Imports[0].ImportID != staged.ImportID || js.Imports[0].DryRun {
			t.Errorf("imports: %+v; want only the staged import", js)
		}
		if js := list("--dry-runs"); js.Total != 2 || js.Imports[0].ImportID != dry.ImportID || !js.Imports[0].DryRun || js.Imports[0].State != "discarded" {
			t.Errorf("imports --dry-runs: %+v; want the dry run first, marked", js)
		}
		r := c.run("", "imports")
		if strings.Contains(r.stdout, "dry run") || strings.Count(r.stdout, "kunder-nb.csv") != 1 {
			t.Errorf("imports:\n%s", r.stdout)
		}
		r = c.run("", "imports", "--dry-runs")
		if !strings.Contains(r.stdout, "dry run") || strings.Count(r.stdout, "kunder-nb.csv") != 2 {
			t.Errorf("imports --dry-runs:\n%s", r.stdout)
		}
	})
}
