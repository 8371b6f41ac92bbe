package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sqlstore"
)

// cli runs the command line in-process, as a user or a script would run the binary.
type cli struct {
	t  *testing.T
	db string
}

type result struct {
	code           int
	stdout, stderr string
}

func (c cli) run(stdin string, args ...string) result {
	c.t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"--db", c.db}, args...), strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

func (c cli) report(args ...string) report {
	c.t.Helper()
	r := c.run("", append(args, "--json")...)
	if r.code != exitOK {
		c.t.Fatalf("clientele %v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		c.t.Fatalf("clientele %v: stdout is not a JSON report: %v\n%s", args, err, r.stdout)
	}
	return rep
}

func codesOf(row reportRow) map[string]customer.Code {
	m := map[string]customer.Code{}
	for _, p := range row.Errors {
		m[p.Column] = p.Code
	}
	return m
}

func rowByNum(t *testing.T, rep report, n int) reportRow {
	t.Helper()
	for _, r := range rep.Rows {
		if r.Row == n {
			return r
		}
	}
	t.Fatalf("report has no row %d: %+v", n, rep.Rows)
	return reportRow{}
}

func TestImportNorwegianCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		rep := c.report("import", "testdata/kunder-nb.csv", "--yes")
		want := customer.Summary{Rows: 5, New: 3, Error: 2}
		if rep.Summary != want {
			t.Fatalf("summary = %+v, want %+v", rep.Summary, want)
		}
		if !rep.Committed || rep.State != customer.StateCommitted {
			t.Errorf("committed = %v, state %s; want a committed import", rep.Committed, rep.State)
		}
		for _, r := range rep.Rows {
			if r.Row == 6 {
				t.Errorf("blank row 6 is in the report: %+v", r)
			}
		}
		bad := codesOf(rowByNum(t, rep, 5))
		for col, code := range map[string]customer.Code{
			"Last Name":       customer.CodeRequired,
			"Email":           customer.CodeInvalidEmail,
			"Mobile":          customer.CodeInvalidPhone,
			"Date of Birth":   customer.CodeInvalidDate,
			"Email Marketing": customer.CodeInvalidValue,
			"Loyalty Points":  customer.CodeInvalidValue,
		} {
			if bad[col] != code {
				t.Errorf("row 5 %s: code %q, want %q (all: %v)", col, bad[col], code, bad)
			}
		}
		dup := rowByNum(t, rep, 7)
		if len(dup.Errors) != 1 || dup.Errors[0].Code != customer.CodeDuplicateInFile || !strings.Contains(dup.Errors[0].Message, "row 2") {
			t.Errorf("row 7 errors = %+v, want one duplicate_in_file naming row 2", dup.Errors)
		}

		// The same file again in create mode: every row now matches a stored customer.
		again := c.report("import", "testdata/kunder-nb.csv", "--dry-run")
		for _, n := range []int{2, 3, 4} {
			codes := codesOf(rowByNum(t, again, n))
			if codes["Account Number"] != customer.CodeAccountInUse || codes["Email"] != customer.CodeEmailExists {
				t.Errorf("row %d on re-import: %v, want account_in_use and email_exists", n, codes)
			}
		}
		if again.Committed || again.State != customer.StateDiscarded {
			t.Errorf("dry run: committed=%v state=%s", again.Committed, again.State)
		}
	})
}

func TestExportImportRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		if r := c.run("", "import", "testdata/kunder-nb.csv", "--yes"); r.code != exitOK {
			t.Fatalf("import: %d %s", r.code, r.stderr)
		}
		if r := c.run("", "import", "testdata/lost-zeros-libreoffice.xlsx", "--yes"); r.code != exitOK {
			t.Fatalf("import xlsx: %d %s", r.code, r.stderr)
		}
		dir := t.TempDir()
		for _, tc := range []struct {
			name   string
			flags  []string
			begins string // "" for an xlsx
		}{
			{"all.csv", nil, "\ufeffAccount Number,Title,"}, // the shop's language: English
			{"all.xlsx", nil, ""},
			{"semicolons.csv", []string{"--delimiter", ";"}, "\ufeffAccount Number;Title;"},
			{"norsk.csv", []string{"--lang", "nb"}, "\ufeffKundenummer;Tittel;"},
			{"polski.csv", []string{"--lang", "pl", "--delimiter", "tab"}, "\ufeffNumer klienta\tTytuł\t"},
			{"polski.xlsx", []string{"--lang", "pl"}, ""},
		} {
			out := filepath.Join(dir, tc.name)
			if r := c.run("", append([]string{"export", "-o", out}, tc.flags...)...); r.code != exitOK || !strings.Contains(r.stdout, "Exported 7 customers") {
				t.Fatalf("export %s: exit %d, %q %q", tc.name, r.code, r.stdout, r.stderr)
			}
			if b, err := os.ReadFile(out); err != nil || tc.begins != "" && !strings.HasPrefix(string(b), tc.begins) {
				t.Errorf("%s begins %q, %v; want %q", tc.name, b[:min(len(b), 40)], err, tc.begins)
			}
			rep := c.report("import", out, "--mode", "upsert", "--dry-run")
			if rep.Summary.Unchanged != 7 || rep.Summary.Rows != 7 || len(rep.Warnings) != 0 {
				t.Errorf("%s re-imported: %+v %q, want 7 unchanged; rows: %+v", tc.name, rep.Summary, rep.Warnings, rep.Rows)
			}
		}
	})
}

func TestImportLostLeadingZeros(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		rep := c.report("import", "testdata/lost-zeros-libreoffice.xlsx", "--dry-run")
		if rep.Summary.New != 4 {
			t.Fatalf("summary %+v, want 4 new; rows %+v", rep.Summary, rep.Rows)
		}
		for _, n := range []int{3, 4, 5} {
			r := rowByNum(t, rep, n)
			if len(r.Warnings) == 0 || r.Warnings[0].Code != customer.WarnLeadingZero {
				t.Errorf("row %d: warnings %+v, want leading_zero_restored", n, r.Warnings)
			}
		}
	})
}

func TestCommandLineContract(t *testing.T) {
	c := cli{t, dbtest.SQLite(t)}
	missingCol := filepath.Join(t.TempDir(), "no-last-name.csv")
	os.WriteFile(missingCol, []byte("First Name,Email\nOla,ola@example.no\n"), 0o644)
	cases := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{"no command", "", nil, exitUsage, "Usage:", ""},
		{"unknown command", "", []string{"frobnicate"}, exitUsage, "", "unknown command"},
		{"import without file", "", []string{"import"}, exitUsage, "", "one file"},
		{"bad mode", "", []string{"import", "testdata/kunder-nb.csv", "--mode", "merge"}, exitUsage, "", "--mode"},
		{"unknown flag", "", []string{"import", "testdata/kunder-nb.csv", "--frob"}, exitUsage, "", "frob"},
		{"missing file", "", []string{"import", "testdata/nope.csv"}, exitFailure, "", "nope.csv"},
		{"missing required column", "", []string{"import", missingCol, "--dry-run"}, exitFailure, "", "Last Name"},
		{"flags after the file, global flag after the command", "", []string{"import", "testdata/kunder-nb.csv", "--tenant", "default", "--dry-run"}, exitOK, "Dry run", ""},
		{"no terminal, no --yes: nothing committed", "y\n", []string{"import", "testdata/kunder-nb.csv"}, exitOK, "Nothing was committed", ""},
		{"unknown tenant", "", []string{"--tenant", "nowhere", "import", "testdata/kunder-nb.csv"}, exitFailure, "", "tenant add nowhere"},
		{"export needs -o", "", []string{"export"}, exitUsage, "", "-o"},
		{"export bad format", "", []string{"export", "-o", "x.pdf"}, exitUsage, "", ".xlsx or .csv"},
		{"export bad delimiter", "", []string{"export", "-o", "x.csv", "--delimiter", "|"}, exitUsage, "", "--delimiter"},
		{"export bad language", "", []string{"export", "-o", "x.csv", "--lang", "de"}, exitUsage, "", "--lang"},
		{"fields", "", []string{"fields"}, exitOK, "Account Number", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.run(tc.stdin, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stdout, tc.inStdout) || !strings.Contains(r.stderr, tc.inStderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			if tc.code == exitFailure && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("a failure must be one line on stderr, got %q", r.stderr)
			}
		})
	}
	// Nothing was committed by any of the above.
	rep := cli{t, c.db}.report("import", "testdata/kunder-nb.csv", "--dry-run")
	if rep.Summary.New != 3 {
		t.Errorf("after the contract cases: %+v, want 3 new (nothing committed)", rep.Summary)
	}
}

func TestTemplateCommand(t *testing.T) {
	c := cli{t, dbtest.SQLite(t)}
	out := filepath.Join(t.TempDir(), "t.xlsx")
	if r := c.run("", "template", "-o", out); r.code != exitOK {
		t.Fatalf("template: %d %s", r.code, r.stderr)
	}
	// The empty template imports as a file with no rows, not as an error.
	rep := c.report("import", out, "--dry-run")
	if rep.Summary.Rows != 0 {
		t.Errorf("empty template has rows: %+v", rep.Summary)
	}
}

// TestCLIAudit: imports, dry runs and exports from the command line are in the audit log.
func TestCLIAudit(t *testing.T) {
	t.Setenv("CLIENTELE_USER", "") // the actor is the operating-system user
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		if r := c.run("", "import", "testdata/kunder-nb.csv", "--yes"); r.code != exitOK {
			t.Fatalf("import: %d %s", r.code, r.stderr)
		}
		if r := c.run("", "import", "testdata/kunder-nb.csv", "--dry-run"); r.code != exitOK {
			t.Fatalf("dry run: %d %s", r.code, r.stderr)
		}
		out := filepath.Join(t.TempDir(), "all.csv")
		if r := c.run("", "export", "-o", out); r.code != exitOK {
			t.Fatalf("export: %d %s", r.code, r.stderr)
		}
		ctx := context.Background()
		s, err := sqlstore.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		tn, err := s.Tenant(ctx, "default")
		if err != nil {
			t.Fatal(err)
		}
		entries, total, err := s.Audit(ctx, tn.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := len(entries) - 1; i >= 0; i-- {
			e := entries[i]
			got = append(got, e.Actor+" "+e.Action+" "+e.FileName)
			if e.Action != "export" && (len(e.FileSHA256) != 64 || e.Summary.Rows != 5) {
				t.Errorf("entry %+v lacks the file's hash or counts", e)
			}
		}
		// Without --as or CLIENTELE_USER the actor is the operating-system user, marked as such.
		me := "os:" + osUser()
		want := []string{me + " import kunder-nb.csv", me + " confirm kunder-nb.csv", me + " import kunder-nb.csv", me + " discard kunder-nb.csv", me + " export all.csv"}
		if total != len(want) || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("audit log:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// TestLimitsFromEnvironment: the limits on one file are configurable, and a bad value is a
// usage error naming the variable.
func TestLimitsFromEnvironment(t *testing.T) {
	c := cli{t, dbtest.SQLite(t)}
	t.Setenv("CLIENTELE_MAX_ROWS", "3")
	r := c.run("", "import", "testdata/kunder-nb.csv", "--dry-run")
	if r.code != exitFailure || !strings.Contains(r.stderr, "3") {
		t.Errorf("6 rows with CLIENTELE_MAX_ROWS=3: exit %d, %q", r.code, r.stderr)
	}
	t.Setenv("CLIENTELE_MAX_ROWS", "lots")
	if r := c.run("", "import", "testdata/kunder-nb.csv", "--dry-run"); r.code != exitUsage || !strings.Contains(r.stderr, "CLIENTELE_MAX_ROWS") {
		t.Errorf("CLIENTELE_MAX_ROWS=lots: exit %d, %q", r.code, r.stderr)
	}
	t.Setenv("CLIENTELE_MAX_ROWS", "")
	if r := c.run("", "import", "testdata/kunder-nb.csv", "--dry-run"); r.code != exitOK {
		t.Errorf("default limits: exit %d, %q", r.code, r.stderr)
	}
}
