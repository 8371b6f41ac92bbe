package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
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
	// NeedsMapping is set, with state "mapping" and exit status 1, for a file whose columns are
	// not all recognised: nothing was checked or stored.
	NeedsMapping *needsMapping `json:"needs_mapping,omitempty"`
	// Defaults are the values the blank cells of every row were filled with (--default), by
	// field key; empty for none.
	Defaults map[string]string `json:"defaults"`
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

const importUsage = "import FILE [--mode create|upsert] [--map HEADER=FIELD,…] [--default FIELD=VALUE]… [--save-mapping] [--dry-run] [--json] [--yes] [--errors FILE.xlsx|.csv]"

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", importUsage)
	mode := fs.String("mode", "create", "create: every row is a new customer; upsert: rows matching a customer by account number, else email, else mobile, update it (a file with one of those columns may leave out First Name and Last Name and update just its columns)")
	dryRun := fs.Bool("dry-run", false, "check the file and report; commit nothing")
	asJSON := fs.Bool("json", false, "print the full report as JSON on stdout")
	yes := fs.Bool("yes", false, "commit without asking")
	mapText := fs.String("map", "", `map the file's columns by hand, over recognition: "E-post=Email,Mobil=Mobile,Fax=" (FIELD is a key or English header from "clientele fields", full_name to split a whole name, nothing or - to ignore the column)`)
	saveMapping := fs.Bool("save-mapping", false, "save the --map for the shop's next file with the same headers, in the CLI and on the page (the page's Remember)")
	errorsFile := fs.String("errors", "", "write the error rows to this file (.xlsx or .csv) with their messages, to fix and import again")
	var defaultText []string
	fs.Func("default", `fill the blank cells of a field in every row (a file without the column too): "Country=NO", "SMS Marketing=No" (FIELD is a key or a header from "clientele fields", in any of its languages); repeat for more fields`, func(s string) error {
		defaultText = append(defaultText, s)
		return nil
	})
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import takes one file: clientele %s", importUsage)
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
	if *saveMapping && colMap == nil {
		return usagef("--save-mapping saves the --map given with it: give one")
	}
	defaults, err := parseDefaults(defaultText)
	if err != nil {
		return err
	}
	var errFormat importer.Format
	if *errorsFile != "" {
		if errFormat, err = formatOf(*errorsFile, ""); err != nil {
			return err
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
	who, lang, err := e.actorLang(ctx, s, t)
	if err != nil {
		return err
	}
	// Human text goes to stderr with --json, so stdout holds only the report.
	out := e.stdout
	if *asJSON {
		out = e.stderr
	}

	// The page's decision (importer.PlanColumns): read the file as it is, with the shop's saved
	// mapping, or stop for the columns to be mapped.
	plan, err := importer.PlanColumns(ctx, s, t.ID, path, e.limits, sheet.Options{Map: colMap, Mode: m, Defaults: defaults})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if plan.Problem != nil {
		fmt.Fprintf(out, "Warning: the saved column mapping was not used: %v\n", plan.Problem)
	}
	if plan.NeedsMapping {
		return stopForMapping(e, out, *asJSON, path, m, *dryRun, plan.Preview, defaults, args)
	}
	via := "--map"
	if plan.Saved != nil {
		colMap, via = plan.Saved.Map, "saved mapping"
	}
	if *saveMapping {
		if err := saveColumnMapping(ctx, s, t, path, e.limits, plan.Preview, colMap, m, defaults, who); err != nil {
			return err
		}
		fmt.Fprintln(out, "Saved the column mapping for the shop's next file with these headers (here and on the page).")
	}

	budgetImportMemory()
	im := e.importer(s)
	bar := newProgressBar(e.stderr)
	// Staging says how the header was read: what the file was recognised as, and the mapping.
	var source string
	var mapping []sheet.ColumnMapping
	opt := importer.StageOptions{Mode: m, FileName: customer.CleanFileName(path), User: who, Progress: bar.update, Map: colMap, Note: plan.Note,
		Defaults: defaults, Opened: func(src string, cols []sheet.ColumnMapping) { source, mapping = src, cols }}
	if *dryRun {
		return dryRunImport(ctx, e, im, t, path, opt, *asJSON, out, bar, via, errorFileOf(*errorsFile, errFormat, lang))
	}
	imp, err := im.Stage(ctx, t, path, opt)
	bar.done()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if !*asJSON {
		printMapping(out, source, mapping, via)
		printDefaults(out, imp.Defaults)
		if err := printSummary(ctx, out, im, t, path, imp); err != nil {
			return err
		}
	}
	if *errorsFile != "" {
		err := writeFile(*errorsFile, func(w io.Writer) error {
			return importer.WriteErrors(w, errFormat, lang, importer.ErrorRows(ctx, s, imp.ID))
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Wrote the %d error rows to %s.\n", imp.Summary.Error, *errorsFile)
	}

	toCommit := imp.Summary.New + imp.Summary.Update
	switch {
	case toCommit == 0:
		if imp, err = im.Discard(ctx, t, imp.ID, who); err != nil {
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
		imp, err = im.Confirm(ctx, t, imp.ID, who, bar.update)
		bar.done()
		if err != nil {
			return err
		}
		printCommitted(out, imp)
	}
	if *asJSON {
		return writeReport(ctx, e.stdout, im, t, newReport(path, false, imp, source, mapping))
	}
	return nil
}

// dryRunImport is import --dry-run: the file is checked (importer.Check), not staged, and the
// rows' outcomes are reported as they are checked. The human summary keeps only the errors it
// prints; the --json report's rows wait, encoded, in a temporary file (reportSpool) until the
// summary at the report's head is known, so that the report of a million rows is written in
// flat memory, as writeReport writes a staged import's.
func dryRunImport(ctx context.Context, e *env, im *importer.Importer, t customer.Tenant, path string,
	opt importer.StageOptions, asJSON bool, out io.Writer, bar *progressBar, via string, ef *errorFile) error {
	var source string
	var mapping []sheet.ColumnMapping
	opt.Opened = func(src string, cols []sheet.ColumnMapping) { source, mapping = src, cols }
	var errs rowLines
	var spool *reportSpool
	if asJSON {
		var err error
		if spool, err = newReportSpool(); err != nil {
			return err
		}
		defer spool.close()
	}
	if ef != nil {
		ef.start()
		defer ef.abandon()
	}
	imp, err := im.Check(ctx, t, path, opt, func(r *customer.StagedRow) error {
		errs.add(r)
		if ef != nil {
			ef.add(r)
		}
		if spool != nil {
			return spool.add(r)
		}
		return nil
	})
	bar.done()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if !asJSON {
		printMapping(out, source, mapping, via)
		printDefaults(out, imp.Defaults)
		errs.print(out, path, imp)
	}
	if ef != nil {
		if err := ef.finish(); err != nil {
			return err
		}
		fmt.Fprintf(out, "Wrote the %d error rows to %s.\n", imp.Summary.Error, ef.path)
	}
	fmt.Fprintln(out, "Dry run: nothing was committed.")
	if asJSON {
		return spool.writeReport(e.stdout, newReport(path, true, imp, source, mapping))
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
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	budgetImportMemory()
	im := e.importer(s)
	bar := newProgressBar(e.stderr)
	imp, err := im.Confirm(ctx, t, id, who, bar.update)
	bar.done()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeReport(ctx, e.stdout, im, t, newReport(imp.FileName, false, imp, "", nil))
	}
	printCommitted(e.stdout, imp)
	return nil
}

// newReport returns the report of imp without its rows, which writeReport streams from the store.
func newReport(path string, dryRun bool, imp customer.Import, source string, mapping []sheet.ColumnMapping) report {
	r := report{
		ImportID: imp.ID, File: path, Mode: imp.Mode, DryRun: dryRun,
		Committed: imp.State == customer.StateCommitted, State: imp.State,
		Summary: imp.Summary, Warnings: imp.Warnings, Rows: []reportRow{},
		Source: source, Mapping: mapping, Defaults: reportDefaults(imp.Defaults),
	}
	if r.Mapping == nil {
		r.Mapping = []sheet.ColumnMapping{}
	}
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	return r
}

// newReportRow is the report's view of a staged row: its outcome, without its cells.
func newReportRow(row *customer.StagedRow) reportRow {
	return reportRow{Row: row.Row, Status: row.Status, Errors: row.Errors,
		Warnings: row.Warnings, Changes: row.Changes, CustomerID: row.CustomerID}
}

// writeReport writes head as the --json report with the import's rows read from the store a page
// at a time, so that the report of a million-row import is written in flat memory.
func writeReport(ctx context.Context, w io.Writer, im *importer.Importer, t customer.Tenant, head report) error {
	return streamReport(w, head, func(fn func(*customer.StagedRow) error) error {
		return im.EachRow(ctx, t, head.ImportID, fn)
	})
}

// rowsKey is the "rows" field of head encoded with no rows, at the indentation of a field of the
// report: the one place where the rows go. A string value cannot hold it, as the encoder escapes
// a newline inside a string.
const rowsKey = "\n  \"rows\": []"

// streamReport writes head, whose Rows must be empty, with the rows each walks in their place. It
// writes exactly what encoding the whole report with json.Encoder and SetIndent("", "  ") writes
// (a test holds it to that, byte for byte): other tools read the report. The fields around the
// rows come from encoding head itself, so that a field added to report needs no change here; each
// row is encoded alone at the indentation it has inside the array (rowEncoder).
func streamReport(w io.Writer, head report, each func(fn func(*customer.StagedRow) error) error) error {
	var enc rowEncoder
	return streamEncoded(w, head, func(fn func([]byte) error) error {
		return each(func(row *customer.StagedRow) error {
			b, err := enc.encode(row)
			if err != nil {
				return err
			}
			return fn(b)
		})
	})
}

// rowEncoder encodes a row of the report as it stands inside the report's rows array.
type rowEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// encode returns row's report encoding, valid until the next call.
func (e *rowEncoder) encode(row *customer.StagedRow) ([]byte, error) {
	if e.enc == nil {
		e.enc = json.NewEncoder(&e.buf)
		e.enc.SetIndent("    ", "  ")
	}
	e.buf.Reset()
	if err := e.enc.Encode(newReportRow(row)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), nil
}

// streamEncoded is streamReport for rows each gives already encoded by a rowEncoder.
func streamEncoded(w io.Writer, head report, each func(fn func([]byte) error) error) error {
	if len(head.Rows) != 0 {
		return fmt.Errorf("report: %d rows in the head of a streamed report", len(head.Rows))
	}
	var whole bytes.Buffer
	enc := json.NewEncoder(&whole)
	enc.SetIndent("", "  ")
	if err := enc.Encode(head); err != nil {
		return err
	}
	at := bytes.Index(whole.Bytes(), []byte(rowsKey))
	if at < 0 {
		return fmt.Errorf("report: no %q in the encoded report", rowsKey)
	}
	at += len(rowsKey) - len("]")
	bw := bufio.NewWriter(w)
	bw.Write(whole.Bytes()[:at])
	n := 0
	err := each(func(row []byte) error {
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		n++
		// A write error (a closed pipe) ends the walk; bufio keeps it for Flush to return too.
		_, err := bw.Write(row)
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.Write(whole.Bytes()[at:])
	return bw.Flush()
}

// reportSpool holds a dry run's report rows, encoded, in a temporary file, each after its length
// as a uvarint: the report's head (its summary) is only known when the last row is checked, and
// a million rows' outcomes are too many to hold.
type reportSpool struct {
	f   *os.File
	w   *bufio.Writer
	enc rowEncoder
	n   [binary.MaxVarintLen64]byte
}

func newReportSpool() (*reportSpool, error) {
	f, err := os.CreateTemp("", "clientele-report-*")
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return &reportSpool{f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

func (s *reportSpool) add(row *customer.StagedRow) error {
	b, err := s.enc.encode(row)
	if err != nil {
		return err
	}
	s.w.Write(s.n[:binary.PutUvarint(s.n[:], uint64(len(b)))])
	_, err = s.w.Write(b)
	return err
}

// writeReport writes head as the report with the spooled rows.
func (s *reportSpool) writeReport(w io.Writer, head report) error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	r := bufio.NewReaderSize(s.f, 1<<16)
	var row []byte
	return streamEncoded(w, head, func(fn func([]byte) error) error {
		for {
			n, err := binary.ReadUvarint(r)
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("report: %w", err)
			}
			row = slices.Grow(row[:0], int(n))[:n]
			if _, err := io.ReadFull(r, row); err != nil {
				return fmt.Errorf("report: %w", err)
			}
			if err := fn(row); err != nil {
				return err
			}
		}
	})
}

// close removes the spool's file.
func (s *reportSpool) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}

// printSummary prints the import's counts, its warnings, its first maxErrorsShown row errors and
// its row warnings by kind, in one walk through the rows that counts every problem and keeps only
// the lines it will print.
func printSummary(ctx context.Context, w io.Writer, im *importer.Importer, t customer.Tenant, path string, imp customer.Import) error {
	var lines rowLines
	err := im.EachRow(ctx, t, imp.ID, func(r *customer.StagedRow) error {
		lines.add(r)
		return nil
	})
	if err != nil {
		return err
	}
	lines.print(w, path, imp)
	return nil
}

// maxWarningsShown is how many rows of each kind of row warning the human summary lists.
const maxWarningsShown = 3

// rowLines is what the human summary says of the rows' problems, gathered a row at a time: how
// many errors there are, and the first maxErrorsShown as the lines to print; and of each kind of
// warning (leading zeros restored, names split, …) how many there are and the first few.
type rowLines struct {
	total     int
	lines     []string
	warnRows  int
	warnTotal int
	kinds     []*warnKind // in the order they first appear
}

// warnKind is one kind of row warning in the human summary.
type warnKind struct {
	code  customer.Code
	count int
	lines []string
}

func (e *rowLines) add(r *customer.StagedRow) {
	for _, p := range r.Errors {
		if len(e.lines) < maxErrorsShown {
			e.lines = append(e.lines, fmt.Sprintf("  row %d, %s: %s\n", r.Row, p.Column, p.Message))
		}
	}
	e.total += len(r.Errors)
	if len(r.Warnings) > 0 {
		e.warnRows++
	}
	for _, p := range r.Warnings {
		e.warnTotal++
		i := slices.IndexFunc(e.kinds, func(k *warnKind) bool { return k.code == p.Code })
		if i < 0 {
			i = len(e.kinds)
			e.kinds = append(e.kinds, &warnKind{code: p.Code})
		}
		k := e.kinds[i]
		k.count++
		if len(k.lines) < maxWarningsShown {
			k.lines = append(k.lines, fmt.Sprintf("    row %d, %s: %s\n", r.Row, p.Column, p.Message))
		}
	}
}

// print prints the import's counts, its warnings, the errors and the row warnings by kind.
func (e *rowLines) print(w io.Writer, path string, imp customer.Import) {
	s := imp.Summary
	fmt.Fprintf(w, "%s: %d rows (mode %s)\n", path, s.Rows, imp.Mode)
	fmt.Fprintf(w, "  new %d · update %d · unchanged %d · error %d", s.New, s.Update, s.Unchanged, s.Error)
	if s.Skipped > 0 { // rows left out on the page or through the API
		fmt.Fprintf(w, " · skipped %d", s.Skipped)
	}
	if s.PossibleDuplicates > 0 { // warnings: the rows import as they are
		fmt.Fprintf(w, " · possible duplicates %d", s.PossibleDuplicates)
	}
	fmt.Fprintln(w)
	for _, warn := range imp.Warnings {
		fmt.Fprintf(w, "Warning: %s\n", warn)
	}
	if e.total > 0 {
		fmt.Fprintf(w, "Errors (%d in %d rows):\n", e.total, s.Error)
	}
	for _, l := range e.lines {
		fmt.Fprint(w, l)
	}
	if e.total > len(e.lines) {
		fmt.Fprintf(w, "  … and %d more (use --json for all)\n", e.total-len(e.lines))
	}
	if e.warnTotal > 0 {
		fmt.Fprintf(w, "Row warnings (%d in %d rows; the rows import as shown):\n", e.warnTotal, e.warnRows)
	}
	for _, k := range e.kinds {
		fmt.Fprintf(w, "  %s: %d\n", k.code, k.count)
		for _, l := range k.lines {
			fmt.Fprint(w, l)
		}
		if k.count > len(k.lines) {
			fmt.Fprintf(w, "    … and %d more (use --json for all)\n", k.count-len(k.lines))
		}
	}
}

// printMapping prints, in a short block, what the file was recognised as and what its columns
// became: one line per column read, and the ignored ones together. via names where a mapping of
// a column came from: "--map", or "saved mapping" (the shop's, from the page or --save-mapping).
func printMapping(w io.Writer, source string, mapping []sheet.ColumnMapping, via string) {
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
		line := fmt.Sprintf("  %s %s → %s", m.Letter, m.Header, targetHeader(m.Field))
		if m.How != "" {
			line += " (" + m.How + ")"
		}
		if m.Via == "map" {
			line += " [" + via + "]"
		}
		fmt.Fprintln(w, line)
	}
	if len(ignored) > 0 {
		fmt.Fprintf(w, "  ignored: %s\n", strings.Join(ignored, ", "))
	}
}

// parseDefaults reads the --default flags ("Country=NO") into checked defaults by field key
// (sheet.CheckDefaults); a later flag for the same field wins, and "Country=" gives none. A
// mistake is a usage error that names the field or the flag.
func parseDefaults(texts []string) (customer.Defaults, error) {
	byKey := map[string]string{}
	for _, text := range texts {
		name, value, err := sheet.ParseDefault(text)
		if err == nil {
			name, err = sheet.DefaultKey(name)
		}
		if err != nil {
			return nil, usagef("--default: %s", customer.ErrorMessage(err))
		}
		byKey[name] = value
	}
	d, err := sheet.CheckDefaults(byKey)
	if err != nil {
		return nil, usagef("--default: %s", customer.ErrorMessage(err))
	}
	return d, nil
}

// reportDefaults is the report's "defaults": never null.
func reportDefaults(d customer.Defaults) map[string]string {
	out := make(map[string]string, len(d))
	for k, v := range d {
		out[k] = v
	}
	return out
}

// printDefaults prints the values the blank cells were filled with, one field a line.
func printDefaults(w io.Writer, d customer.Defaults) {
	if len(d) == 0 {
		return
	}
	fmt.Fprintln(w, "Blank cells filled with:")
	for _, k := range d.Keys() {
		fmt.Fprintf(w, "  %s: %s\n", targetHeader(k), d[k])
	}
}

// targetHeader is how the CLI names a mapping target: a field's English header ("Email"), or
// the key itself for full_name.
func targetHeader(key string) string {
	if i := customer.FieldByKey(key); i >= 0 {
		return customer.Fields[i].Header
	}
	return key
}

func printCommitted(w io.Writer, imp customer.Import) {
	s := imp.Summary
	fmt.Fprintf(w, "Import %d committed: %d customers created, %d updated, %d unchanged; %d error rows skipped.",
		imp.ID, s.New, s.Update, s.Unchanged, s.Error)
	if s.Skipped > 0 {
		fmt.Fprintf(w, " %d rows were left out by the user.", s.Skipped)
	}
	fmt.Fprintln(w)
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
