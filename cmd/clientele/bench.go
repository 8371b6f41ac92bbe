package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/clientele/clientele/internal/bench"
)

// stepFlag starts the hidden child mode of bench: the parent re-runs this binary with it to
// measure one step in a process of its own, so each step's peak memory is its own.
const stepFlag = "--step"

func cmdBench(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == stepFlag {
		return benchStep(ctx, e, args)
	}
	fs := newFlagSet(e, "bench", "bench [--rows 100000] [--seed-customers N] [--base-customers N] [--steps S,S] [--json] [--cpuprofile DIR]\n\n"+
		"Generates a realistic customer file (CSV and xlsx) and times reading, checking (dry run),\n"+
		"importing and exporting it, each step in a fresh database and a process of its own. With\n"+
		"--db postgres://… the databases are created on that server and dropped after; otherwise they\n"+
		"are SQLite files in a temporary folder (the --db file is never touched). On PostgreSQL, psql's\n"+
		"\\copy of the same file is the baseline the \"× copy\" column compares with. The step "+bench.StepDryRunBase+"\n"+
		"(run only when named in --steps) is the CSV's dry run against --base-customers stored customers.")
	rows := fs.Int("rows", 100000, "rows in the generated file")
	seeds := fs.Int("seed-customers", 0, "customers stored in each step's database before the step")
	base := fs.Int("base-customers", bench.DefaultBaseCustomers, "customers stored before the step "+bench.StepDryRunBase)
	stepList := fs.String("steps", "", "comma-separated steps to run (default all but "+strings.Join(bench.ExtraSteps, ", ")+"): "+
		strings.Join(append(slices.Clone(bench.Steps), bench.ExtraSteps...), ", "))
	asJSON := fs.Bool("json", false, "print the results as JSON on stdout")
	profiles := fs.String("cpuprofile", "", "a folder to write each step's CPU profile to (STEP.pprof)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("bench takes no arguments")
	}
	if *rows <= 0 || *seeds < 0 || *base <= 0 {
		return usagef("--rows and --base-customers must be positive and --seed-customers not negative")
	}
	var steps []string
	if *stepList != "" {
		for _, s := range strings.Split(*stepList, ",") {
			if s = strings.TrimSpace(s); !slices.Contains(bench.Steps, s) && !slices.Contains(bench.ExtraSteps, s) {
				return usagef("no step %q; the steps are %s", s, strings.Join(append(slices.Clone(bench.Steps), bench.ExtraSteps...), ", "))
			}
			steps = append(steps, s)
		}
	}
	if *profiles != "" {
		if err := os.MkdirAll(*profiles, 0o755); err != nil {
			return err
		}
		if *profiles, err = filepath.Abs(*profiles); err != nil {
			return err
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	rep, err := bench.Run(ctx, bench.Config{
		Rows: *rows, SeedCustomers: *seeds, BaseCustomers: *base, DB: e.db, Steps: steps, CPUProfiles: *profiles,
		Command: func(ctx context.Context, args []string) *exec.Cmd {
			return exec.CommandContext(ctx, exe, append([]string{"bench"}, args...)...)
		},
		Log: e.stderr,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return bench.WriteJSON(e.stdout, rep)
	}
	return bench.WriteTable(e.stdout, rep)
}

// benchStep is the child side: it runs one step and prints its result as JSON on stdout.
func benchStep(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "bench", "bench --step NAME --file PATH [--cpuprofile FILE] (run by bench itself)")
	var c bench.StepConfig
	fs.StringVar(&c.Step, "step", "", "the step to run")
	fs.StringVar(&c.File, "file", "", "the generated file")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "write the step's CPU profile here")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	c.DB = e.db
	switch c.Step {
	case bench.StepDryRunCSV, bench.StepDryRunXLSX, bench.StepDryRunBase, bench.StepImportCSV, bench.StepImportXLSX:
		budgetImportMemory() // as "clientele import" does
	}
	res, err := bench.RunStep(ctx, c)
	if err != nil {
		return err
	}
	return json.NewEncoder(e.stdout).Encode(res)
}
