package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/clientele/clientele/customer"
)

// importsReport is the --json output of imports: part of the CLI contract. Fields are only ever
// added.
type importsReport struct {
	Imports []importItem `json:"imports"`
	Total   int          `json:"total"`
}

type importItem struct {
	ImportID    int64            `json:"import_id"`
	File        string           `json:"file"`
	Mode        customer.Mode    `json:"mode"`
	State       customer.State   `json:"state"`
	CreatedBy   string           `json:"created_by"`
	CreatedAt   time.Time        `json:"created_at"`
	ConfirmedBy string           `json:"confirmed_by"`
	ConfirmedAt *time.Time       `json:"confirmed_at"`
	Summary     customer.Summary `json:"summary"`
	DryRun      bool             `json:"dry_run"` // listed only with --dry-runs
}

func cmdImports(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "imports", "imports [--limit 50] [--dry-runs] [--json]")
	limit := fs.Int("limit", 50, "how many imports to list, newest first (0: all)")
	dryRuns := fs.Bool("dry-runs", false, "list the dry runs (import --dry-run) too, marked; the history leaves them out")
	asJSON := fs.Bool("json", false, "print the history as JSON on stdout")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("imports takes no arguments: clientele imports [--limit 50] [--dry-runs] [--json]")
	}
	if *limit < 0 {
		return usagef("--limit must be 0 (all) or more, not %d", *limit)
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	list := s.Imports
	if *dryRuns {
		list = s.AllImports
	}
	imps, total, err := list(ctx, t.ID, 0, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		r := importsReport{Imports: make([]importItem, 0, len(imps)), Total: total}
		for _, imp := range imps {
			it := importItem{ImportID: imp.ID, File: imp.FileName, Mode: imp.Mode, State: imp.State,
				CreatedBy: imp.CreatedBy, CreatedAt: imp.CreatedAt, ConfirmedBy: imp.ConfirmedBy, Summary: imp.Summary, DryRun: imp.DryRun}
			if !imp.ConfirmedAt.IsZero() {
				at := imp.ConfirmedAt
				it.ConfirmedAt = &at
			}
			r.Imports = append(r.Imports, it)
		}
		return writeJSON(e.stdout, r)
	}
	printImports(e.stdout, imps, total)
	return nil
}

// printImports prints the history as a table: the id to confirm or undo, when and by whom, the
// file, its state and its counts.
func printImports(w io.Writer, imps []customer.Import, total int) {
	if total == 0 {
		fmt.Fprintln(w, "No imports yet.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN (UTC)\tWHO\tFILE\tSTATE\tROWS\tNEW\tUPDATE\tUNCHANGED\tERROR")
	for _, imp := range imps {
		at, by := imp.CreatedAt, imp.CreatedBy
		if !imp.ConfirmedAt.IsZero() {
			at, by = imp.ConfirmedAt, imp.ConfirmedBy
		}
		s := imp.Summary
		state := string(imp.State)
		if imp.DryRun {
			state = "dry run"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", imp.ID, when(at), who(by), imp.FileName, state,
			s.Rows, s.New, s.Update, s.Unchanged, s.Error)
	}
	tw.Flush()
	if total > len(imps) {
		fmt.Fprintf(w, "%d of %d imports shown; --limit 0 lists all.\n", len(imps), total)
	}
}

// when formats a time for the CLI's tables: UTC to the minute.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func who(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
