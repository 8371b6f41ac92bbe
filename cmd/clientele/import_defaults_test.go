package main

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestImportDefaults: --default fills the blank cells of a field in every row, of a column the
// file has or lacks (a required one too), with --dry-run and --yes alike; the report has them
// in "defaults"; a field that is none or a value it cannot hold is a usage error naming it.
func TestImportDefaults(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		dir := t.TempDir()
		file := filepath.Join(dir, "kunder.csv")
		os.WriteFile(file, []byte("First Name,Last Name,Email,SMS Marketing\n"+
			"Ola,Nordmann,ola@example.no,\n"+
			"Kari,Berg,kari@example.no,Yes\n"), 0o644)
		want := map[string]string{"country": "NO", "sms_opt_in": "No"}

		rep := c.report("import", file, "--default", "Country=NO", "--default", "SMS Marketing=No", "--dry-run")
		if !rep.DryRun || rep.Summary.New != 2 || rep.Summary.Error != 0 || !maps.Equal(rep.Defaults, want) {
			t.Errorf("dry run: %+v, defaults %v", rep.Summary, rep.Defaults)
		}
		r := c.run("", "import", file, "--default", "country=NO", "--default", "sms_opt_in=No", "--dry-run")
		if r.code != exitOK || !strings.Contains(r.stdout, "Blank cells filled with:\n  Country: NO\n  SMS Marketing: No\n") {
			t.Errorf("human output: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}

		// The committed customers have them where their cells were blank. A later flag for one
		// field wins (headers in Norwegian name fields too).
		rep = c.report("import", file, "--default", "Country=PL", "--default", "Land=NO", "--default", "SMS-markedsføring=No", "--yes")
		if !rep.Committed || rep.Summary.New != 2 || !maps.Equal(rep.Defaults, want) {
			t.Fatalf("import: committed %v, %+v, defaults %v", rep.Committed, rep.Summary, rep.Defaults)
		}
		out := filepath.Join(dir, "out.csv")
		if r := c.run("", "export", "-o", out); r.code != exitOK {
			t.Fatalf("export: %d %s", r.code, r.stderr)
		}
		b, _ := os.ReadFile(out)
		for _, line := range []string{",Ola,Nordmann,,ola@example.no,,,,,,,,NO,,No,No,0,", ",Kari,Berg,,kari@example.no,,,,,,,,NO,,No,Yes,0,"} {
			if !strings.Contains(string(b), line) {
				t.Errorf("export lacks %q:\n%s", line, b)
			}
		}

		// A required column the file lacks, filled by a default.
		noLast := filepath.Join(dir, "fornavn.csv")
		os.WriteFile(noLast, []byte("First Name,Email\nPer,per@example.no\n"), 0o644)
		if r := c.run("", "import", noLast, "--dry-run"); r.code != exitFailure || !strings.Contains(r.stderr, "“Last Name”") {
			t.Errorf("no Last Name column: exit %d, %q", r.code, r.stderr)
		}
		rep = c.report("import", noLast, "--default", "Etternavn=Hansen", "--dry-run")
		if rep.Summary.New != 1 || rep.Summary.Error != 0 || rep.Defaults["last_name"] != "Hansen" {
			t.Errorf("with a default for Last Name: %+v, %v", rep.Summary, rep.Defaults)
		}

		// "Field=" takes back an earlier flag; none at all is "defaults": {}.
		rep = c.report("import", file, "--default", "Country=NO", "--default", "Country=", "--dry-run")
		if rep.Defaults == nil || len(rep.Defaults) != 0 {
			t.Errorf("defaults taken back: %#v", rep.Defaults)
		}
		if r := c.run("", "import", file, "--dry-run", "--json"); !strings.Contains(r.stdout, "\n  \"defaults\": {}\n") {
			t.Errorf("report without defaults:\n%s", r.stdout)
		}

		for _, tc := range []struct {
			name, flag, stderr string
		}{
			{"no such field", "Fax=22 00 00 00", "“Fax”, which is not a customer field"},
			{"full name is no field", "full_name=Ola Nordmann", "“full_name”"},
			{"no equals sign", "Country", "Field=value"},
			{"too long", "City=" + strings.Repeat("x", 51), "“Town/City” has 51 characters; the field holds at most 50"},
			{"not a country", "Country=Narnia", "“Narnia” cannot be the default for “Country”"},
			{"not yes or no", "SMS Marketing=Maybe", "“SMS Marketing”"},
		} {
			r := c.run("", "import", file, "--default", "Country=NO", "--default", tc.flag, "--yes")
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.stderr) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("%s: exit %d (want %d), stderr %q", tc.name, r.code, exitUsage, r.stderr)
			}
		}
		// Nothing more was imported by the refused runs.
		if r := c.run("", "export", "-o", out); !strings.Contains(r.stdout, "Exported 2 customers") {
			t.Errorf("after refused runs: %q", r.stdout)
		}
	})
}
