package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/xuri/excelize/v2"
)

// navnFile writes a file whose names are split by a guess (three words) on five rows, with two
// rows in error (a bad email, no name).
func navnFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "navn.csv")
	os.WriteFile(path, []byte("Navn;E-post;Postnummer\n"+
		"Kari Anne Berg;kari@example.no;5003\n"+
		"Ola Jonas Nordmann;ola@example;0150\n"+
		"Per Olav Hansen;per@example.no;7011\n"+
		"Eva Marie Moen;eva@example.no;0151\n"+
		";tom@example.no;0152\n"+
		"Ida Sofie Vik;ida@example.no;5004\n"+
		"Jonas Dahl;jonas@example.no;3015\n"), 0o644)
	return path
}

// TestSummaryShowsWarnings: the human summary counts the row warnings by kind and shows the
// first few rows of each, as it does errors, for a staged import and a dry run alike.
func TestSummaryShowsWarnings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		path := navnFile(t)
		want := "Row warnings (5 in 5 rows; the rows import as shown):\n" +
			"  name_split: 5\n" +
			"    row 2, First Name: The name “Kari Anne Berg” was split into first name “Kari Anne” and last name “Berg”; check that this is right.\n"
		for _, args := range [][]string{{"--dry-run"}, nil} {
			r := c.run("", append([]string{"import", path, "--map", "Navn=full_name"}, args...)...)
			if r.code != exitOK {
				t.Fatalf("%v: exit %d %s", args, r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "Errors (3 in 2 rows):\n") || !strings.Contains(r.stdout, want) ||
				!strings.Contains(r.stdout, "    row 4, First Name: The name “Per Olav Hansen”") || strings.Contains(r.stdout, "“Eva Marie Moen”") ||
				!strings.Contains(r.stdout, "    … and 2 more (use --json for all)\n") {
				t.Errorf("%v: summary\n%s", args, r.stdout)
			}
		}
		// Leading zeros restored by the reader are a kind of their own.
		r := c.run("", "import", "testdata/lost-zeros-libreoffice.xlsx", "--dry-run")
		if !strings.Contains(r.stdout, "Row warnings (4 in 3 rows; the rows import as shown):\n  leading_zero_restored: 4\n    row 3, Mobile: ") {
			t.Errorf("lost zeros: summary\n%s", r.stdout)
		}
	})
}

// TestImportErrorsFile: --errors writes the error file the page offers (the error rows in the
// template's columns with their messages), as .xlsx or .csv, for a staged import and a dry run
// alike; it imports again as it is.
func TestImportErrorsFile(t *testing.T) {
	t.Setenv("CLIENTELE_USER", "")
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		dir := t.TempDir()
		path := navnFile(t)
		files := map[string][][]string{}
		for _, tc := range []struct{ name, extra string }{
			{"staged.xlsx", ""}, {"dry.xlsx", "--dry-run"}, {"staged.csv", ""}, {"dry.csv", "--dry-run"},
		} {
			out := filepath.Join(dir, tc.name)
			args := []string{"import", path, "--map", "Navn=full_name", "--errors", out}
			if tc.extra != "" {
				args = append(args, tc.extra)
			}
			r := c.run("", args...)
			if r.code != exitOK || !strings.Contains(r.stdout, "Wrote the 2 error rows to "+out+".\n") {
				t.Fatalf("%s: exit %d\n%s%s", tc.name, r.code, r.stdout, r.stderr)
			}
			files[tc.name] = readTable(t, out)
		}
		rows := files["staged.xlsx"]
		// The message column first, then the template's columns.
		if len(rows) != 3 || rows[0][0] != "Error message" || rows[1][3] != "Ola Jonas" || rows[1][4] != "Nordmann" ||
			!strings.Contains(rows[1][0], "ola@example") || rows[2][6] != "tom@example.no" {
			t.Errorf("staged.xlsx: %q", rows)
		}
		for name, got := range files {
			if !slices.EqualFunc(got, rows, slices.Equal) {
				t.Errorf("%s differs from staged.xlsx:\n%q\n%q", name, got, rows)
			}
		}
		// The error file imports again as it is: two rows, still in error until fixed.
		rep := c.report("import", filepath.Join(dir, "dry.csv"), "--dry-run")
		if rep.Summary.Rows != 2 || rep.Summary.Error != 2 {
			t.Errorf("the error file imported again: %+v", rep.Summary)
		}
		// A dry run that fails part way leaves no error file.
		t.Setenv("CLIENTELE_MAX_ROWS", "3")
		cut := filepath.Join(dir, "cut.xlsx")
		if r := c.run("", "import", path, "--map", "Navn=full_name", "--dry-run", "--errors", cut); r.code != exitFailure {
			t.Errorf("past the row limit: exit %d", r.code)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*cut.xlsx*")); len(left) != 0 {
			t.Errorf("a failed dry run left %q", left)
		}
		t.Setenv("CLIENTELE_MAX_ROWS", "")
		// The file's name says its format.
		if r := c.run("", "import", path, "--errors", filepath.Join(dir, "e.pdf")); r.code != exitUsage || !strings.Contains(r.stderr, ".xlsx or .csv") {
			t.Errorf("--errors e.pdf: exit %d %q", r.code, r.stderr)
		}
	})
}

// readTable reads an .xlsx's first sheet or a CSV (comma or semicolon, with a BOM) into rows of
// cells, trailing blank cells dropped.
func readTable(t *testing.T, path string) [][]string {
	t.Helper()
	var rows [][]string
	if strings.HasSuffix(path, ".xlsx") {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if rows, err = f.GetRows(f.GetSheetName(0)); err != nil {
			t.Fatal(err)
		}
	} else {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.TrimPrefix(string(b), "\ufeff")
		sep := ","
		if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
			sep = ";"
		}
		for _, line := range strings.Split(strings.TrimRight(text, "\r\n"), "\n") {
			rows = append(rows, strings.Split(strings.TrimSuffix(line, "\r"), sep))
		}
	}
	for i, r := range rows {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		rows[i] = r
	}
	return rows
}
