package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sheet"
	"github.com/clientele/clientele/sqlstore"
)

// The steps Run measures, in order. Each reads the generated file (or, for export, the seeded
// customers) through the same code the CLI and the web use.
const (
	StepReadCSV    = "read-csv"    // sheet.Open and Next over every row: parsing alone
	StepReadXLSX   = "read-xlsx"   //
	StepDryRunCSV  = "dry-run-csv" // importer.Check, as "clientele import --dry-run" (its report left out)
	StepDryRunXLSX = "dry-run-xlsx"
	StepImportCSV  = "import-csv" // importer.Stage and Confirm, as "clientele import --yes"
	StepImportXLSX = "import-xlsx"
	StepExportCSV  = "export-csv" // importer.Export of every customer to io.Discard
	StepExportXLSX = "export-xlsx"
	// The grid's answers on the staged CSV (staging is not timed): the first page of rows, the
	// first page of "errors only", and "save and validate" after one edited cell. Seconds is
	// their sum; Parts has each.
	StepGrid = "grid"
	StepCopy = "copy" // the baseline: psql's \copy of the CSV into a table (PostgreSQL only)
	// StepDryRunBase is StepDryRunCSV against a large customer base (Config.BaseCustomers, a
	// million by default) instead of SeedCustomers: the possible-duplicate check's lookups of
	// blocking keys against it. Run only when asked for (ExtraSteps): seeding takes minutes.
	StepDryRunBase = "dry-run-base"
)

// The parts of StepGrid.
const (
	PartFirstPage  = "first page"
	PartErrorsOnly = "errors only"
	PartEdit       = "edit + validate"
	// The bulk edits of a grid's filters (#24): the chips' counts of every row and of a text
	// search, a page of rows by cause, a set and a replace over bulkRows rows each, and the
	// validate after each.
	PartChips           = "chips"
	PartChipsSearch     = "chips of a search"
	PartRowsByCause     = "rows by cause"
	PartBulkSet         = "bulk set"
	PartBulkSetValidate = "bulk set, validate"
	PartBulkReplace     = "bulk replace"
	PartBulkReplaceVal  = "bulk replace, validate"
)

// bulkRows is how many rows the grid step's bulk edits change: the 30,000 of 100,000.
const bulkRows = 30_000

// gridPage is how many rows the grid asks for at a time (web's default page of rows).
const gridPage = 100

// copyLabel is how tables name StepCopy.
const copyLabel = `psql \copy`

// Steps lists the steps Run can measure, the baseline excepted.
var Steps = []string{StepReadCSV, StepReadXLSX, StepDryRunCSV, StepDryRunXLSX, StepImportCSV, StepImportXLSX, StepExportCSV, StepExportXLSX, StepGrid}

// ExtraSteps lists the steps Run measures only when named in Config.Steps.
var ExtraSteps = []string{StepDryRunBase}

// benchTenant is the tenant every step works on: Norwegian, like the generated files' default.
const benchTenant = "default"

// StepConfig is what a child process needs to run one step.
type StepConfig struct {
	Step       string
	File       string // the generated file (read, dry run, import)
	DB         string // the step's fresh, seeded database (not for the read steps)
	CPUProfile string // when not "", a CPU profile of the measured part is written here
}

// StepResult is what one step did, as the child process reports it to Run.
type StepResult struct {
	Rows    int               `json:"rows"`
	Seconds float64           `json:"seconds"`
	PeakMB  float64           `json:"peak_mb"`           // the step's peak resident memory; 0 when unknown
	Summary *customer.Summary `json:"summary,omitempty"` // for dry run, import and grid
	// Parts are the seconds of each timed part of a step that has several (StepGrid).
	Parts map[string]float64 `json:"parts,omitempty"`
	// CPUSeconds is the CPU time (user and system, all threads) the step's own process spent on
	// the timed part; 0 when unknown or when the work is psql's and the server's.
	CPUSeconds float64 `json:"cpu_seconds,omitempty"`
}

// RunStep runs one step in this process and returns how many rows it handled and how long that
// took; opening the database is not timed. It is the child side of Run.
func RunStep(ctx context.Context, c StepConfig) (StepResult, error) {
	var s *sqlstore.Store
	var t customer.Tenant
	switch c.Step {
	case StepCopy:
		return runCopy(ctx, c.DB, c.File)
	case StepWrites:
		return runWrites(ctx, c.DB, c.File)
	}
	if c.Step != StepReadCSV && c.Step != StepReadXLSX {
		var err error
		if s, err = sqlstore.Open(ctx, c.DB); err != nil {
			return StepResult{}, err
		}
		defer s.Close()
		if t, err = s.Tenant(ctx, benchTenant); err != nil {
			return StepResult{}, err
		}
	}
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return StepResult{}, fmt.Errorf("bench: cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return StepResult{}, fmt.Errorf("bench: cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	start, cpu := time.Now(), selfCPUSeconds()
	res, err := runStep(ctx, c, s, t)
	if res.Parts == nil {
		res.Seconds = time.Since(start).Seconds()
		res.CPUSeconds = selfCPUSeconds() - cpu
	}
	if err != nil {
		return StepResult{}, fmt.Errorf("bench: %s: %w", c.Step, err)
	}
	res.PeakMB = selfPeakMB()
	return res, nil
}

func runStep(ctx context.Context, c StepConfig, s *sqlstore.Store, t customer.Tenant) (StepResult, error) {
	im := &importer.Importer{Store: s}
	opt := importer.StageOptions{Mode: customer.ModeCreate, FileName: c.File, User: "bench"}
	switch c.Step {
	case StepReadCSV, StepReadXLSX:
		n, err := readAll(c.File)
		return StepResult{Rows: n}, err
	case StepDryRunCSV, StepDryRunXLSX, StepDryRunBase:
		imp, err := im.Check(ctx, t, c.File, opt, func(*customer.StagedRow) error { return nil })
		if err != nil {
			return StepResult{}, err
		}
		return StepResult{Rows: imp.Summary.Rows, Summary: &imp.Summary}, nil
	case StepImportCSV, StepImportXLSX:
		imp, err := im.Stage(ctx, t, c.File, opt)
		if err != nil {
			return StepResult{}, err
		}
		if imp, err = im.Confirm(ctx, t, imp.ID, "bench", nil); err != nil {
			return StepResult{}, err
		}
		return StepResult{Rows: imp.Summary.Rows, Summary: &imp.Summary}, nil
	case StepGrid:
		return grid(ctx, im, t, c.File, opt)
	case StepExportCSV, StepExportXLSX:
		n, err := s.CountCustomers(ctx, t.ID)
		if err != nil {
			return StepResult{}, err
		}
		format := importer.FormatCSV
		if c.Step == StepExportXLSX {
			format = importer.FormatXLSX
		}
		return StepResult{Rows: n}, importer.Export(ctx, s, t, io.Discard, importer.ExportOptions{Format: format})
	}
	return StepResult{}, fmt.Errorf("no step %q", c.Step)
}

// grid stages the file, then times what the grid asks of a staged import: the first page of its
// rows (with their count, as the page shows it), the first page of its error rows, and one edited
// cell saved and validated: the email of a row halfway down changed into the first email on the
// page, which makes the edited row a duplicate.
func grid(ctx context.Context, im *importer.Importer, t customer.Tenant, path string, opt importer.StageOptions) (StepResult, error) {
	imp, err := im.Stage(ctx, t, path, opt)
	if err != nil {
		return StepResult{}, err
	}
	parts := map[string]float64{}
	timed := func(part string, fn func() error) error {
		start := time.Now()
		err := fn()
		parts[part] = time.Since(start).Seconds()
		return err
	}
	var page []customer.StagedRow
	if err := timed(PartFirstPage, func() (err error) {
		page, _, err = im.Rows(ctx, t, imp.ID, customer.RowFilter{}, 0, gridPage)
		return err
	}); err != nil {
		return StepResult{}, err
	}
	if err := timed(PartErrorsOnly, func() error {
		_, _, err := im.Rows(ctx, t, imp.ID, customer.RowFilter{Status: customer.StatusError}, 0, gridPage)
		return err
	}); err != nil {
		return StepResult{}, err
	}
	email := ""
	for _, r := range page {
		if email = r.Raw[customer.FEmail]; email != "" {
			break
		}
	}
	if email == "" {
		return StepResult{}, fmt.Errorf("no email on the first page to repeat")
	}
	edited := imp.Summary.Rows/2 + 1
	if err := timed(PartEdit, func() error {
		if _, err := im.EditRow(ctx, t, imp.ID, edited, map[string]string{"email": email}); err != nil {
			return err
		}
		imp, err = im.Validate(ctx, t, imp.ID)
		return err
	}); err != nil {
		return StepResult{}, err
	}
	if err := timed(PartChips, func() error {
		_, err := im.ProblemCounts(ctx, t, imp.ID, customer.RowFilter{})
		return err
	}); err != nil {
		return StepResult{}, err
	}
	if err := timed(PartChipsSearch, func() error {
		_, err := im.ProblemCounts(ctx, t, imp.ID, customer.RowFilter{Query: "oslo"})
		return err
	}); err != nil {
		return StepResult{}, err
	}
	if err := timed(PartRowsByCause, func() error {
		_, _, err := im.Rows(ctx, t, imp.ID, customer.RowFilter{Code: customer.CodeInvalidPhone, Field: "mobile"}, 0, gridPage)
		return err
	}); err != nil {
		return StepResult{}, err
	}
	// The first bulkRows rows, as "select all filtered" would send them.
	var sel customer.RowFilter
	for n := 2; n < 2+min(bulkRows, imp.Summary.Rows); n++ {
		sel.Rows = append(sel.Rows, n)
	}
	bulk := func(part, validatePart string, e customer.BulkEdit) error {
		if err := timed(part, func() error {
			_, err := im.BulkEdit(ctx, t, imp.ID, sel, e, "bench", false, false)
			return err
		}); err != nil {
			return err
		}
		return timed(validatePart, func() error {
			imp, err = im.Validate(ctx, t, imp.ID)
			return err
		})
	}
	// Edits that change no row's outcome, so that the step's summary stays the file's: a region
	// set, and every email's domain moved under a subdomain.
	if err := bulk(PartBulkSet, PartBulkSetValidate, customer.BulkEdit{Set: map[string]string{"region": "Viken"}}); err != nil {
		return StepResult{}, err
	}
	if err := bulk(PartBulkReplace, PartBulkReplaceVal, customer.BulkEdit{Replace: &customer.Replace{Field: "email", Find: "@", With: "@mail."}}); err != nil {
		return StepResult{}, err
	}
	res := StepResult{Rows: imp.Summary.Rows, Summary: &imp.Summary, Parts: parts}
	for _, s := range parts {
		res.Seconds += s
	}
	return res, nil
}

// readAll reads every row of a file and returns how many there were.
func readAll(path string) (int, error) {
	r, err := sheet.Open(path, sheet.Limits{})
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// runCopy times psql's \copy of path into the table bench_copy of the database dsn (see
// copyTable). The peak memory is psql's; the PostgreSQL server process that does most of the work
// is not counted, as it is not for the other steps on PostgreSQL either.
func runCopy(ctx context.Context, dsn, path string) (StepResult, error) {
	start := time.Now()
	ps, err := psqlScript(ctx, dsn, `\copy bench_copy FROM `+sqlString(path)+` WITH (FORMAT csv, HEADER true)`)
	secs := time.Since(start).Seconds()
	if err != nil {
		return StepResult{}, fmt.Errorf("bench: psql \\copy: %w", err)
	}
	n, err := countLines(path)
	if err != nil {
		return StepResult{}, err
	}
	return StepResult{Rows: n - 1, Seconds: secs, PeakMB: peakMB(ps)}, nil
}

// countLines counts the lines of a file; the baseline's CSV has no line breaks inside cells.
func countLines(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	return bytes.Count(b, []byte("\n")), nil
}
