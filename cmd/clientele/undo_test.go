package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// undoReportOf runs a command whose --json output is an undo report.
func (c cli) undoReportOf(args ...string) undoReport {
	c.t.Helper()
	r := c.run("", append(args, "--json")...)
	if r.code != exitOK {
		c.t.Fatalf("clientele %v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	var rep undoReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		c.t.Fatalf("clientele %v: stdout is not a JSON undo report: %v\n%s", args, err, r.stdout)
	}
	return rep
}

// exportCSV returns every customer as the export writes them.
func (c cli) exportCSV() string {
	c.t.Helper()
	path := filepath.Join(c.t.TempDir(), "alle.csv")
	if r := c.run("", "export", "-o", path); r.code != exitOK {
		c.t.Fatalf("export: exit %d, %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// writeCSV writes a semicolon CSV of the template's header and rows (cells by field key).
func writeCSV(t *testing.T, name string, rows ...map[string]string) string {
	t.Helper()
	h := make([]string, len(customer.Fields))
	for i, f := range customer.Fields {
		h[i] = f.Header
	}
	lines := []string{strings.Join(h, ";")}
	for _, r := range rows {
		cells := make([]string, len(customer.Fields))
		for k, v := range r {
			cells[customer.FieldByKey(k)] = v
		}
		lines = append(lines, strings.Join(cells, ";"))
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUndoCommand(t *testing.T) {
	t.Setenv("CLIENTELE_USER", "") // the actor is the operating-system user
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		empty := c.exportCSV()
		first := c.report("import", "testdata/kunder-nb.csv", "--yes")
		afterFirst := c.exportCSV()
		update := writeCSV(t, "oppdatering.csv",
			map[string]string{"account_number": "A-1001", "first_name": "Ola", "last_name": "Nordmann", "city": "Bergen"},
			map[string]string{"first_name": "Nina", "last_name": "Lie", "email": "nina@example.no"})
		second := c.report("import", update, "--mode", "upsert", "--yes")
		if second.Summary.New != 1 || second.Summary.Update != 1 {
			t.Fatalf("second import %+v", second.Summary)
		}

		t.Run("imports lists the history, newest first", func(t *testing.T) {
			r := c.run("", "imports")
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") ||
				!strings.HasPrefix(lines[1], fmt.Sprint(second.ImportID)) || !strings.Contains(lines[1], "oppdatering.csv") ||
				!strings.Contains(lines[1], "committed") || !strings.Contains(lines[2], "kunder-nb.csv") {
				t.Errorf("imports:\n%s", r.stdout)
			}
			var js importsReport
			r = c.run("", "imports", "--json", "--limit", "1")
			if err := json.Unmarshal([]byte(r.stdout), &js); err != nil || r.code != exitOK {
				t.Fatalf("imports --json: exit %d, %v\n%s", r.code, err, r.stdout)
			}
			if js.Total != 2 || len(js.Imports) != 1 || js.Imports[0].ImportID != second.ImportID || js.Imports[0].Summary != second.Summary ||
				js.Imports[0].ConfirmedBy != "os:"+osUser() || js.Imports[0].ConfirmedAt == nil {
				t.Errorf("imports --json %+v", js)
			}
		})

		t.Run("without --yes and without a terminal nothing is undone", func(t *testing.T) {
			r := c.run("", "undo", fmt.Sprint(second.ImportID))
			if r.code != exitUsage || !strings.Contains(r.stderr, "--yes") {
				t.Errorf("exit %d, stderr %q; want 2 and a hint at --yes", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "delete 1 created customers · put back 1 updated customers · 0 conflicts") {
				t.Errorf("no preview on stdout:\n%s", r.stdout)
			}
			p := c.undoReportOf("undo", fmt.Sprint(second.ImportID), "--preview")
			if p.Done || p.State != customer.StateCommitted || p.Deleted != 1 || p.Restored != 1 {
				t.Errorf("preview %+v", p)
			}
			if got := c.exportCSV(); got == afterFirst {
				t.Error("test is wrong: the second import changed nothing")
			}
		})

		t.Run("undo --last takes back the newest import", func(t *testing.T) {
			rep := c.undoReportOf("undo", "--last", "--yes")
			if rep.ImportID != second.ImportID || !rep.Done || rep.State != customer.StateUndone || rep.Deleted != 1 || rep.Restored != 1 ||
				rep.ConflictsKept != 0 || rep.Conflicts == nil {
				t.Errorf("undo --last %+v", rep)
			}
			if got := c.exportCSV(); got != afterFirst {
				t.Errorf("customers after undo:\n%s\nwant:\n%s", got, afterFirst)
			}
			again := c.undoReportOf("undo", fmt.Sprint(second.ImportID), "--yes")
			if again.Done || again.State != customer.StateUndone {
				t.Errorf("undoing again %+v, want nothing done", again)
			}
			r := c.run("", "undo", "--last", "--yes")
			if r.code != exitOK || !strings.Contains(r.stdout, fmt.Sprintf("Import %d undone: 3 customers deleted", first.ImportID)) {
				t.Errorf("second undo --last: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if got := c.exportCSV(); got != empty {
				t.Errorf("customers after undoing both:\n%s", got)
			}
			if r := c.run("", "undo", "--last", "--yes"); r.code != exitFailure || !strings.Contains(r.stderr, "no committed import") {
				t.Errorf("undo --last with nothing left: exit %d, %q", r.code, r.stderr)
			}
			r = c.run("", "imports")
			if strings.Count(r.stdout, "undone") != 2 {
				t.Errorf("history after undo:\n%s", r.stdout)
			}
		})

		t.Run("conflicts are kept unless --force", func(t *testing.T) {
			create := writeCSV(t, "nye.csv", map[string]string{"first_name": "Eva", "last_name": "Holm", "email": "eva@example.no"})
			created := c.report("import", create, "--yes")
			change := writeCSV(t, "endring.csv", map[string]string{"email": "eva@example.no", "first_name": "Eva", "last_name": "Holm", "note": "VIP"})
			c.report("import", change, "--mode", "upsert", "--yes")
			r := c.run("", "undo", fmt.Sprint(created.ImportID), "--preview")
			if r.code != exitOK || !strings.Contains(r.stdout, "Eva Holm") || !strings.Contains(r.stdout, "changed since: note") {
				t.Errorf("preview: exit %d\n%s", r.code, r.stdout)
			}
			rep := c.undoReportOf("undo", fmt.Sprint(created.ImportID), "--yes", "--force")
			if !rep.Done || !rep.Force || rep.Deleted != 1 || rep.ConflictsKept != 0 || len(rep.Conflicts) != 1 ||
				!rep.Conflicts[0].Forced || rep.Conflicts[0].Reason != customer.ConflictChanged {
				t.Errorf("forced undo %+v", rep)
			}
			if strings.Contains(c.exportCSV(), "eva@example.no") {
				t.Error("Eva is still there after a forced undo")
			}
		})

		t.Run("usage and refusals", func(t *testing.T) {
			staged := c.report("import", "testdata/kunder-nb.csv", "--dry-run")
			for _, tc := range []struct {
				args []string
				code int
				msg  string
			}{
				{[]string{"undo"}, exitUsage, "one import id"},
				{[]string{"undo", "12", "--last"}, exitUsage, "not both"},
				{[]string{"undo", "tolv"}, exitUsage, "must be a number"},
				{[]string{"undo", "999999", "--yes"}, exitFailure, "not found"},
				{[]string{"undo", fmt.Sprint(staged.ImportID), "--yes"}, exitFailure, "nothing to undo"},
				{[]string{"--tenant", "ingen", "undo", "1", "--yes"}, exitFailure, "No shop group"},
				{[]string{"imports", "extra"}, exitUsage, "no arguments"},
			} {
				r := c.run("", tc.args...)
				if r.code != tc.code || !strings.Contains(r.stderr, tc.msg) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
					t.Errorf("clientele %v: exit %d, stderr %q; want %d and %q on one line", tc.args, r.code, r.stderr, tc.code, tc.msg)
				}
			}
		})
	})
}
