package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"runtime"
	"testing"

	"github.com/clientele/clientele/internal/bench"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestBenchCommand runs "clientele bench" on a small file with the real binary (each step runs
// in a child process of it) on SQLite and PostgreSQL, and checks the report's shape and counts;
// never its timings.
func TestBenchCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs every step")
	}
	bin := buildCLI(t)
	const rows, seeds = 300, 50
	dbtest.Each(t, func(t *testing.T, dsn string) {
		// The bench makes its own databases: on SQLite it ignores dsn, on PostgreSQL it
		// creates them on dsn's server.
		rep := runBench(t, bin, "--rows", "300", "--seed-customers", "50", "--db", dsn)
		if rep.Rows != rows || rep.SeedCustomers != seeds || rep.ErrorRows == 0 {
			t.Errorf("report of %d rows (%d with a fault), %d seeds; want %d rows with some faults, %d seeds", rep.Rows, rep.ErrorRows, rep.SeedCustomers, rows, seeds)
		}
		want := bench.Steps
		withCopy := rep.Database == "postgres" && hasPsql()
		if withCopy {
			// The baseline first; the import's own floor right after the import it copies.
			want = []string{`psql \copy`}
			for _, step := range bench.Steps {
				want = append(want, step)
				if step == bench.StepImportCSV {
					want = append(want, bench.StepWrites)
				}
			}
		}
		if len(rep.Results) != len(want) {
			t.Fatalf("%d steps measured, want %d: %+v", len(rep.Results), len(want), rep.Results)
		}
		for i, r := range rep.Results {
			if r.Step != want[i] {
				t.Errorf("step %d is %q, want %q", i, r.Step, want[i])
			}
			wantRows := rows
			switch r.Step {
			case bench.StepExportCSV, bench.StepExportXLSX:
				wantRows = seeds + rows
			case `psql \copy`:
				wantRows = r.Rows // the file less the rows that break a unique index
			}
			if r.Rows != wantRows || r.Seconds <= 0 || r.PeakMB <= 0 {
				t.Errorf("%s: %d rows in %gs, peak %g MB; want %d rows and a time and a peak", r.Step, r.Rows, r.Seconds, r.PeakMB, wantRows)
			}
			// Clientele's own CPU time, on Linux, for the steps it does itself: not psql's, not the
			// grid's (its answers are timed apart).
			ownWork := r.Step != `psql \copy` && r.Step != bench.StepWrites && r.Step != bench.StepGrid
			if runtime.GOOS == "linux" && (r.CPUSeconds > 0) != ownWork {
				t.Errorf("%s: CPU %gs; want a CPU time only for a step Clientele does itself", r.Step, r.CPUSeconds)
			}
			// The grid's answers are not work on the rows: no ratio to copying them.
			if (r.CopyRatio != nil) != (withCopy && r.Step != bench.StepGrid) {
				t.Errorf("%s: copy ratio %v, want one only with the psql baseline, and none for the grid", r.Step, r.CopyRatio)
			}
			if r.Step == bench.StepGrid {
				// One row was edited into a duplicate of another's email: one more error, unless
				// it was an error row already.
				if r.Summary == nil || r.Summary.Rows != rows || r.Summary.Error < rep.ErrorRows || r.Summary.Error > rep.ErrorRows+1 {
					t.Errorf("grid: %+v, want %d rows and %d or %d errors", r.Summary, rows, rep.ErrorRows, rep.ErrorRows+1)
				}
				for _, part := range []string{bench.PartFirstPage, bench.PartErrorsOnly, bench.PartEdit, bench.PartChips, bench.PartChipsSearch,
					bench.PartRowsByCause, bench.PartBulkSet, bench.PartBulkSetValidate, bench.PartBulkReplace, bench.PartBulkReplaceVal} {
					if r.Parts[part] <= 0 {
						t.Errorf("grid: no time for %q in %v", part, r.Parts)
					}
				}
				continue
			}
			if r.Summary != nil && (r.Summary.Error != rep.ErrorRows || r.Summary.New != rows-rep.ErrorRows) {
				t.Errorf("%s: %+v, want %d error rows and the rest new", r.Step, *r.Summary, rep.ErrorRows)
			}
		}
	})
}

func hasPsql() bool {
	_, err := exec.LookPath("psql")
	return err == nil
}

func TestBenchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "--rows", "0"},
		{"bench", "--steps", "read-csv,nonsense"},
		{"bench", "extra"},
	} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, nil, &out, &errOut); code != exitUsage {
			t.Errorf("clientele %v: exit %d, want %d; stderr %q", args, code, exitUsage, errOut.String())
		}
	}
}

// TestBenchDryRunBase runs the extra step against a small base (SQLite): it is measured only when
// asked for, against the base's customers, and the report says how many.
func TestBenchDryRunBase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	// On PostgreSQL the base is vacuumed too, which no transaction may do.
	dbtest.Each(t, func(t *testing.T, dsn string) {
		rep := runBench(t, bin, "--rows", "200", "--base-customers", "500", "--steps", bench.StepDryRunBase, "--db", dsn)
		res := rep.Results
		if len(res) == 2 && res[0].Step == `psql \copy` { // the baseline, on PostgreSQL
			res = res[1:]
		}
		if rep.BaseCustomers != 500 || len(res) != 1 || res[0].Step != bench.StepDryRunBase ||
			res[0].Rows != 200 || res[0].Summary == nil || res[0].Summary.Rows != 200 {
			t.Errorf("report %+v", rep)
		}
	})
}

// runBench runs "clientele bench --json" with args in a folder of its own and returns its report.
func runBench(t *testing.T, bin string, args ...string) bench.Report {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"bench", "--json"}, args...)...)
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("clientele bench: %v\n%s", err, stderr.String())
	}
	var rep bench.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s", err, stdout.String())
	}
	return rep
}
