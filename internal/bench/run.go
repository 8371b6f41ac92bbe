package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/clientele/clientele/customer"
)

// DefaultBaseCustomers is how many customers StepDryRunBase's database holds unless told.
const DefaultBaseCustomers = 1_000_000

// Seed is the generator seed of the files Run measures: every run measures the same files.
const Seed = 20260115

// Config says what Run measures and how it starts the child process of a step.
type Config struct {
	Rows          int      // rows in the generated file
	SeedCustomers int      // customers stored in each step's database before the step
	BaseCustomers int      // customers stored before StepDryRunBase (0: DefaultBaseCustomers)
	DB            string   // a postgres:// URL: throwaway databases on that server; else SQLite files in a temp folder
	Steps         []string // the steps to run (nil: all of Steps)
	CPUProfiles   string   // when not "", a folder for each step's CPU profile (STEP.pprof)

	// Command returns the command that runs one step in a child process; the child must call
	// RunStep with the StepConfig args encodes (see StepArgs) and print its StepResult as JSON on
	// stdout.
	Command func(ctx context.Context, args []string) *exec.Cmd
	Log     io.Writer // progress lines; nil for none
}

// StepArgs are the arguments a child process gets for one step: "--step NAME --file PATH [--db
// DSN] [--cpuprofile FILE]", the flags of the bench command's hidden child mode.
func StepArgs(c StepConfig) []string {
	args := []string{"--step", c.Step, "--file", c.File}
	if c.DB != "" {
		args = append(args, "--db", c.DB)
	}
	if c.CPUProfile != "" {
		args = append(args, "--cpuprofile", c.CPUProfile)
	}
	return args
}

// Report is the outcome of Run.
type Report struct {
	Database      string   `json:"database"` // "sqlite" or "postgres"
	Rows          int      `json:"rows"`
	ErrorRows     int      `json:"error_rows"` // rows the generator gave a fault
	SeedCustomers int      `json:"seed_customers"`
	BaseCustomers int      `json:"base_customers,omitempty"` // the customers StepDryRunBase ran against, when it ran
	CSVBytes      int64    `json:"csv_bytes"`
	XLSXBytes     int64    `json:"xlsx_bytes"`
	Baseline      string   `json:"baseline"` // what the ratio compares with, or why there is none
	Results       []Result `json:"steps"`
}

// Result is one measured step.
type Result struct {
	Step       string             `json:"step"`
	Rows       int                `json:"rows"`
	Seconds    float64            `json:"seconds"`
	RowsPerSec float64            `json:"rows_per_second"`
	PeakMB     float64            `json:"peak_mb"`              // the child process's peak resident memory
	CopyRatio  *float64           `json:"copy_ratio,omitempty"` // seconds / the \copy baseline's seconds
	Summary    *customer.Summary  `json:"summary,omitempty"`
	Parts      map[string]float64 `json:"parts,omitempty"` // seconds of each part, for a step of several
	// CPUSeconds is the CPU time Clientele's own process spent on the step, user and system, all
	// threads: beside Seconds it shows how much of a step is Clientele's work and how much the
	// database server's, which it does not count. Absent for the psql steps and the grid.
	CPUSeconds float64 `json:"cpu_seconds,omitempty"`
}

// Run generates the files, then measures every step in a child process of its own, each against
// a fresh database seeded with cfg.SeedCustomers customers (the export steps with Rows more, so
// they have something to export). On PostgreSQL, with psql on the PATH, it first times psql's
// \copy of the same CSV as the baseline the other steps are compared with, and after import-csv
// its floor (StepWrites).
func Run(ctx context.Context, cfg Config) (Report, error) {
	if cfg.Rows <= 0 {
		return Report{}, fmt.Errorf("bench: rows must be positive")
	}
	steps := cfg.Steps
	if steps == nil {
		steps = Steps
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	dir, err := os.MkdirTemp("", "clientele-bench-")
	if err != nil {
		return Report{}, fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(dir)

	rep := Report{Database: "sqlite", Rows: cfg.Rows, SeedCustomers: cfg.SeedCustomers}
	if isPostgres(cfg.DB) {
		rep.Database = "postgres"
	}
	logf("generating %d rows …", cfg.Rows)
	g := NewGenerator(Seed)
	rows := g.Rows(cfg.Rows)
	for _, r := range rows {
		if r.Fault != FaultNone {
			rep.ErrorRows++
		}
	}
	needExport := slices.ContainsFunc(steps, func(s string) bool { return s == StepExportCSV || s == StepExportXLSX })
	nSeeds := cfg.SeedCustomers
	if needExport {
		nSeeds += cfg.Rows
	}
	seeds, err := g.Customers(nSeeds)
	if err != nil {
		return Report{}, err
	}
	csvPath, xlsxPath, copyPath := filepath.Join(dir, "customers.csv"), filepath.Join(dir, "customers.xlsx"), filepath.Join(dir, "copy.csv")
	if err := writeFile(csvPath, func(w io.Writer) error { return WriteCSV(w, rows) }); err != nil {
		return Report{}, err
	}
	if err := writeFile(xlsxPath, func(w io.Writer) error { return WriteXLSX(w, rows) }); err != nil {
		return Report{}, err
	}
	rep.CSVBytes, rep.XLSXBytes = fileSize(csvPath), fileSize(xlsxPath)

	var copySeconds float64
	_, psqlErr := exec.LookPath("psql")
	switch {
	case rep.Database != "postgres":
		rep.Baseline = "none: psql \\copy is measured on PostgreSQL only"
	case psqlErr != nil:
		rep.Baseline = "none: psql is not on the PATH"
	default:
		var copied int
		if err := writeFile(copyPath, func(w io.Writer) (err error) { copied, err = writeCopyCSV(w, rows); return err }); err != nil {
			return Report{}, err
		}
		logf("%s …", copyLabel)
		res, err := measureCopy(ctx, cfg, dir, copyPath)
		if err != nil {
			return Report{}, err
		}
		copySeconds = res.Seconds
		rep.Baseline = fmt.Sprintf("psql \\copy of the CSV (%d rows: %d rows that repeat a unique key left out) into a table of 19 text columns with unique indexes on account_number, lower(email), mobile and (lower(first_name), lower(last_name), postcode)",
			copied, cfg.Rows-copied)
		rep.Results = append(rep.Results, res)
	}

	for _, step := range steps {
		logf("%s …", step)
		sc := StepConfig{Step: step, File: csvPath}
		if strings.HasSuffix(step, "-xlsx") {
			sc.File = xlsxPath
		}
		if cfg.CPUProfiles != "" {
			sc.CPUProfile = filepath.Join(cfg.CPUProfiles, step+".pprof")
		}
		var db freshDB
		if step != StepReadCSV && step != StepReadXLSX {
			if db, err = newDB(ctx, cfg.DB, dir, step); err != nil {
				return Report{}, err
			}
			sc.DB = db.dsn
			n := cfg.SeedCustomers
			if step == StepExportCSV || step == StepExportXLSX {
				n = len(seeds)
			}
			var err error
			if step == StepDryRunBase {
				n = cfg.BaseCustomers
				if n == 0 {
					n = DefaultBaseCustomers
				}
				logf("seeding %d customers …", n)
				rep.BaseCustomers = n
				err = seedBase(ctx, db.dsn, g, n)
			} else {
				err = seed(ctx, db.dsn, seeds[:n])
			}
			if err != nil {
				db.drop()
				return Report{}, err
			}
		}
		res, err := runChild(ctx, cfg, sc)
		results := []Result{res}
		if err == nil && step == StepImportCSV && copySeconds > 0 {
			logf("%s …", StepWrites)
			var writes Result
			writes, err = runChild(ctx, cfg, StepConfig{Step: StepWrites, File: csvPath, DB: db.dsn})
			results = append(results, writes)
		}
		if db.drop != nil {
			if derr := db.drop(); derr != nil && err == nil {
				err = fmt.Errorf("bench: drop the database of %s: %w", step, derr)
			}
		}
		if err != nil {
			return Report{}, err
		}
		rep.Results = append(rep.Results, results...)
	}
	if copySeconds > 0 {
		for i := range rep.Results {
			if rep.Results[i].Parts != nil {
				continue // the grid's answers are not work on the rows
			}
			r := rep.Results[i].Seconds / copySeconds
			rep.Results[i].CopyRatio = &r
		}
	}
	return rep, nil
}

// runChild runs one step in a child process and reads its result and peak memory.
func runChild(ctx context.Context, cfg Config, sc StepConfig) (Result, error) {
	cmd := cfg.Command(ctx, StepArgs(sc))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("bench: step %s: %v: %s", sc.Step, err, strings.TrimSpace(stderr.String()))
	}
	var sr StepResult
	if err := json.Unmarshal(stdout.Bytes(), &sr); err != nil {
		return Result{}, fmt.Errorf("bench: step %s printed no result: %v: %q", sc.Step, err, stdout.String())
	}
	// The child's own high-water mark is the step's: the kernel's rusage of a child started by
	// vfork also counts the parent's memory at exec time, and the parent holds the generated rows.
	peak := sr.PeakMB
	if peak == 0 {
		peak = peakMB(cmd.ProcessState)
	}
	r := result(sc.Step, sr, peak)
	return r, nil
}

// measureCopy runs the baseline in a child, against a fresh database with the copy table.
func measureCopy(ctx context.Context, cfg Config, dir, path string) (Result, error) {
	db, err := newDB(ctx, cfg.DB, dir, "copy")
	if err != nil {
		return Result{}, err
	}
	defer db.drop()
	if err := createCopyTable(ctx, db.dsn); err != nil {
		return Result{}, err
	}
	r, err := runChild(ctx, cfg, StepConfig{Step: StepCopy, File: path, DB: db.dsn})
	r.Step = copyLabel
	return r, err
}

func result(step string, sr StepResult, peak float64) Result {
	if step == StepCopy {
		step = copyLabel
	}
	r := Result{Step: step, Rows: sr.Rows, Seconds: sr.Seconds, CPUSeconds: sr.CPUSeconds, PeakMB: peak, Summary: sr.Summary, Parts: sr.Parts}
	// A step of several parts times a few answers about the rows, not work done on each of them.
	if sr.Seconds > 0 && sr.Parts == nil {
		r.RowsPerSec = float64(sr.Rows) / sr.Seconds
	}
	return r
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// WriteTable prints the report as a table a person reads.
func WriteTable(w io.Writer, rep Report) error {
	fmt.Fprintf(w, "%s · %d rows (%d with a fault) · %d seeded customers · CSV %.1f MB, xlsx %.1f MB\n",
		rep.Database, rep.Rows, rep.ErrorRows, rep.SeedCustomers, float64(rep.CSVBytes)/1e6, float64(rep.XLSXBytes)/1e6)
	if rep.BaseCustomers > 0 {
		fmt.Fprintf(w, "%s: the CSV's dry run against %d stored customers\n", StepDryRunBase, rep.BaseCustomers)
	}
	fmt.Fprintf(w, "baseline: %s\n\n", rep.Baseline)
	fmt.Fprintf(w, "%-13s %9s %9s %7s %10s %8s %7s\n", "step", "rows", "seconds", "CPU s", "rows/s", "peak MB", "× copy")
	for _, r := range rep.Results {
		ratio := "—"
		if r.CopyRatio != nil {
			ratio = fmt.Sprintf("%.1f", *r.CopyRatio)
		}
		perSec := "—"
		if r.RowsPerSec > 0 {
			perSec = fmt.Sprintf("%.0f", r.RowsPerSec)
		}
		cpu := "—"
		if r.CPUSeconds > 0 {
			cpu = fmt.Sprintf("%.2f", r.CPUSeconds)
		}
		if _, err := fmt.Fprintf(w, "%-13s %9d %9.2f %7s %10s %8.0f %7s\n", r.Step, r.Rows, r.Seconds, cpu, perSec, r.PeakMB, ratio); err != nil {
			return err
		}
	}
	if _, err := fmt.Fprintln(w, "CPU s: what Clientele's own process spent, user and system, all threads; the database server's is not counted"); err != nil {
		return err
	}
	for _, r := range rep.Results {
		if r.Step == StepWrites {
			if _, err := fmt.Fprintf(w, "%s: psql \\copy of what import-csv wrote (staged rows, customers, revisions) into copies of those tables with their indexes, one transaction: the server's share of import-csv\n", r.Step); err != nil {
				return err
			}
		}
		for _, part := range slices.Sorted(maps.Keys(r.Parts)) {
			if _, err := fmt.Fprintf(w, "%s, %s: %.0f ms\n", r.Step, part, r.Parts[part]*1000); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteJSON prints the report as JSON.
func WriteJSON(w io.Writer, rep Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
