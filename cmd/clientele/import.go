package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sheet"
)

// report is the --json import report: part of the CLI contract. Fields are only ever added.
type report struct {
	ImportID  int64            `json:"import_id"`
	File      string           `json:"file"`
	Mode      customer.Mode    `json:"mode"`
	DryRun    bool             `json:"dry_run"`
	Committed bool             `json:"committed"`
	State     customer.State   `json:"state"`
	Summary   customer.Summary `json:"summary"`
	Warnings  []string         `json:"warnings"`
	Rows      []reportRow      `json:"rows"`
	// Source is the platform the file was recognised as ("Shopify customer export"), "" for none;
	// Mapping what each column became. Both are empty for a report of an import read earlier.
	Source  string                `json:"source"`
	Mapping []sheet.ColumnMapping `json:"mapping"`
}

type reportRow struct {
	Row        int                `json:"row"`
	Status     customer.Status    `json:"status"`
	Errors     []customer.Problem `json:"errors,omitempty"`
	Warnings   []customer.Problem `json:"warnings,omitempty"`
	Changes    []customer.Change  `json:"changes,omitempty"`
	CustomerID int64              `json:"customer_id,omitempty"`
}

// maxErrorsShown is how many row errors the human summary lists; --json has them all.
const maxErrorsShown = 20

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", "import FILE [--mode create|upsert] [--map HEADER=FIELD,…] [--dry-run] [--json] [--yes]")
	mode := fs.String("mode", "create", "create: every row is a new customer; upsert: rows matching a customer by account number, else email, update it")
	dryRun := fs.Bool("dry-run", false, "check the file and report; commit nothing")
	asJSON := fs.Bool("json", false, "print the full report as JSON on stdout")
	yes := fs.Bool("yes", false, "commit without asking")
	mapText := fs.String("map", "", `map the file's columns by hand, over recognition: "E-post=Email,Mobil=Mobile,Kundetype=-" (FIELD is a key or English header from "clientele fields", full_name to split a whole name, - to ignore)`)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import takes one file: clientele import FILE [--mode create|upsert] [--map HEADER=FIELD,…] [--dry-run] [--json] [--yes]")
	}
	m, ok := customer.ParseMode(*mode)
	if !ok {
		return usagef("--mode must be create or upsert, not %q", *mode)
	}
	var colMap map[string]string
	if *mapText != "" {
		if colMap, err = sheet.ParseMap(*mapText); err != nil {
			return usagef("--map: %v", err)
		}
	}
	path := pos[0]
	if _, err := os.Stat(path); err != nil {
		return customer.Errorf(customer.EFile, "Cannot open %s: %v.", path, unwrapPathError(err))
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	im := e.importer(s)
	bar := newProgressBar(e.stderr)
	// Staging says how the header was read: what the file was recognised as, and the mapping.
	var source string
	var mapping []sheet.ColumnMapping
	imp, err := im.Stage(ctx, t, path, importer.StageOptions{Mode: m, FileName: path, User: "cli", Progress: bar.update, Map: colMap,
		Opened: func(src string, cols []sheet.ColumnMapping) { source, mapping = src, cols }})
	bar.done()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	// Human text goes to stderr with --json, so stdout holds only the report.
	out := e.stdout
	if *asJSON {
		out = e.stderr
	}
	rows, _, err := im.Rows(ctx, t, imp.ID, "", 0, 0)
	if err != nil {
		return err
	}
	if !*asJSON {
		printMapping(out, source, mapping)
		printSummary(out, path, imp, rows)
	}

	toCommit := imp.Summary.New + imp.Summary.Update
	switch {
	case *dryRun:
		if imp, err = im.Discard(ctx, t, imp.ID, "cli"); err != nil {
			return err
		}
		fmt.Fprintln(out, "Dry run: nothing was committed.")
	case toCommit == 0:
		if imp, err = im.Discard(ctx, t, imp.ID, "cli"); err != nil {
			return err
		}
		fmt.Fprintln(out, "Nothing to commit: no row creates or updates a customer.")
	case !*yes && !isTerminal(e.stdin):
		fmt.Fprintf(out, "Nothing was committed: not asked on a terminal. Run again with --yes, or commit this check with \"clientele confirm %d\".\n", imp.ID)
	case !*yes && !ask(e.stdin, out, fmt.Sprintf("Commit %d new and %d updated customers (%d error rows will be skipped)? [y/N] ",
		imp.Summary.New, imp.Summary.Update, imp.Summary.Error)):
		fmt.Fprintf(out, "Nothing was committed. To commit this check later: clientele confirm %d\n", imp.ID)
	default:
		bar := newProgressBar(e.stderr)
		imp, err = im.Confirm(ctx, t, imp.ID, "cli", bar.update)
		bar.done()
		if err != nil {
			return err
		}
		if rows, _, err = im.Rows(ctx, t, imp.ID, "", 0, 0); err != nil {
			return err
		}
		printCommitted(out, imp)
	}
	if *asJSON {
		return writeReportWith(e.stdout, path, *dryRun, imp, rows, source, mapping)
	}
	return nil
}

func cmdConfirm(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "confirm", "confirm IMPORT_ID [--json]")
	asJSON := fs.Bool("json", false, "print the full report as JSON on stdout")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("confirm takes one import id")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return usagef("import id must be a number, not %q", pos[0])
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	im := e.importer(s)
	bar := newProgressBar(e.stderr)
	imp, err := im.Confirm(ctx, t, id, "cli", bar.update)
	bar.done()
	if err != nil {
		return err
	}
	if *asJSON {
		rows, _, err := im.Rows(ctx, t, imp.ID, "", 0, 0)
		if err != nil {
			return err
		}
		return writeReport(e.stdout, imp.FileName, false, imp, rows)
	}
	printCommitted(e.stdout, imp)
	return nil
}

func writeReport(w io.Writer, path string, dryRun bool, imp customer.Import, rows []customer.StagedRow) error {
	return writeReportWith(w, path, dryRun, imp, rows, "", nil)
}

// writeReportWith writes the report with the source and mapping the file was read with.
func writeReportWith(w io.Writer, path string, dryRun bool, imp customer.Import, rows []customer.StagedRow,
	source string, mapping []sheet.ColumnMapping) error {
	r := report{
		ImportID: imp.ID, File: path, Mode: imp.Mode, DryRun: dryRun,
		Committed: imp.State == customer.StateCommitted, State: imp.State,
		Summary: imp.Summary, Warnings: imp.Warnings, Rows: make([]reportRow, 0, len(rows)),
		Source: source, Mapping: mapping,
	}
	if r.Mapping == nil {
		r.Mapping = []sheet.ColumnMapping{}
	}
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	for _, row := range rows {
		r.Rows = append(r.Rows, reportRow{Row: row.Row, Status: row.Status, Errors: row.Errors,
			Warnings: row.Warnings, Changes: row.Changes, CustomerID: row.CustomerID})
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	return bw.Flush()
}

func printSummary(w io.Writer, path string, imp customer.Import, rows []customer.StagedRow) {
	s := imp.Summary
	fmt.Fprintf(w, "%s: %d rows (mode %s)\n", path, s.Rows, imp.Mode)
	fmt.Fprintf(w, "  new %d · update %d · unchanged %d · error %d\n", s.New, s.Update, s.Unchanged, s.Error)
	for _, warn := range imp.Warnings {
		fmt.Fprintf(w, "Warning: %s\n", warn)
	}
	shown, total := 0, 0
	for _, r := range rows {
		total += len(r.Errors)
	}
	if total > 0 {
		fmt.Fprintf(w, "Errors (%d in %d rows):\n", total, s.Error)
	}
	for _, r := range rows {
		for _, p := range r.Errors {
			if shown == maxErrorsShown {
				fmt.Fprintf(w, "  … and %d more (use --json for all)\n", total-shown)
				return
			}
			fmt.Fprintf(w, "  row %d, %s: %s\n", r.Row, p.Column, p.Message)
			shown++
		}
	}
}

// printMapping prints, in a short block, what the file was recognised as and what its columns
// became: one line per column read, and the ignored ones together.
func printMapping(w io.Writer, source string, mapping []sheet.ColumnMapping) {
	if source != "" {
		fmt.Fprintf(w, "Recognised: %s\n", source)
	}
	fmt.Fprintln(w, "Columns:")
	var ignored []string
	for _, m := range mapping {
		if m.Field == "" {
			if m.Header != "" {
				ignored = append(ignored, m.Header)
			}
			continue
		}
		to := m.Field
		if i := customer.FieldByKey(m.Field); i >= 0 {
			to = customer.Fields[i].Header
		}
		line := fmt.Sprintf("  %s %s → %s", m.Letter, m.Header, to)
		if m.How != "" {
			line += " (" + m.How + ")"
		}
		if m.Via == "map" {
			line += " [--map]"
		}
		fmt.Fprintln(w, line)
	}
	if len(ignored) > 0 {
		fmt.Fprintf(w, "  ignored: %s\n", strings.Join(ignored, ", "))
	}
}

func printCommitted(w io.Writer, imp customer.Import) {
	s := imp.Summary
	fmt.Fprintf(w, "Import %d committed: %d customers created, %d updated, %d unchanged; %d error rows skipped.\n",
		imp.ID, s.New, s.Update, s.Unchanged, s.Error)
}

// isTerminal reports whether r is an interactive terminal: only then may the CLI ask a question.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// ask asks a yes/no question; only an explicit yes is yes.
func ask(in io.Reader, out io.Writer, question string) bool {
	fmt.Fprint(out, question)
	line, _ := bufio.NewReader(in).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes" || a == "j" || a == "ja" || a == "t" || a == "tak"
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
