package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/record"
)

// The JSON shapes of the API (docs/API.md). They are separate from the domain types so that a
// renamed Go field never changes the API.

type importBody struct {
	ID          int64             `json:"id"`
	FileName    string            `json:"file_name"`
	Mode        customer.Mode     `json:"mode"`
	State       customer.State    `json:"state"`
	CreatedBy   string            `json:"created_by"`
	CreatedAt   time.Time         `json:"created_at"`
	ConfirmedBy string            `json:"confirmed_by"`
	ConfirmedAt *time.Time        `json:"confirmed_at"`
	Summary     customer.Summary  `json:"summary"`
	Warnings    []string          `json:"warnings"`
	Progress    customer.Progress `json:"progress"`
	Failure     string            `json:"failure"`
	DryRun      bool              `json:"dry_run"` // the record of a CLI dry run: listed only with include=dry_runs
	// Defaults are the values for blank cells the import was given, by field key.
	Defaults map[string]string `json:"defaults"`
	// Notes are Warnings, each with its kind: "info" for what the file was recognised as (a
	// statement, not a problem), "warning" for the rest.
	Notes []noteBody `json:"notes"`
	// Columns say what each column of the file became, in file order ([] until it is read).
	Columns []customer.ColumnUse `json:"columns"`
}

type noteBody struct {
	Kind string `json:"kind"` // "info" or "warning"
	Text string `json:"text"`
}

// infoNotices are the file message ids of the notices that inform rather than warn.
var infoNotices = map[string]bool{"warn_recognised": true}

// notesOf returns imp's warnings said in lang (warnings, from WarningsIn) with their kinds.
func notesOf(imp customer.Import, warnings []string) []noteBody {
	out := make([]noteBody, len(warnings))
	for i, w := range warnings {
		out[i] = noteBody{Kind: "warning", Text: w}
		for _, n := range imp.Notices {
			if n.Message == imp.Warnings[i] && infoNotices[n.Msg] {
				out[i].Kind = "info"
			}
		}
	}
	return out
}

// importOf is the JSON of imp, with its warnings and failure said in lang (the request user's
// language, languageOf) where they were made from file message ids.
func importOf(imp customer.Import, lang string) importBody {
	b := importBody{
		ID: imp.ID, FileName: imp.FileName, Mode: imp.Mode, State: imp.State,
		CreatedBy: imp.CreatedBy, CreatedAt: imp.CreatedAt, ConfirmedBy: imp.ConfirmedBy,
		Summary: imp.Summary, Warnings: imp.WarningsIn(lang), Progress: imp.Progress, Failure: imp.FailureIn(lang),
		DryRun: imp.DryRun, Defaults: map[string]string{},
	}
	for k, v := range imp.Defaults {
		b.Defaults[k] = v
	}
	if !imp.ConfirmedAt.IsZero() {
		t := imp.ConfirmedAt
		b.ConfirmedAt = &t
	}
	if b.Warnings == nil {
		b.Warnings = []string{}
	}
	b.Notes = notesOf(imp, b.Warnings)
	b.Columns = imp.Columns
	if b.Columns == nil {
		b.Columns = []customer.ColumnUse{}
	}
	return b
}

type rowBody struct {
	Row        int               `json:"row"`
	Status     customer.Status   `json:"status"`
	Cells      map[string]string `json:"cells"`
	Errors     []problemBody     `json:"errors"`
	Warnings   []problemBody     `json:"warnings"`
	Changes    []customer.Change `json:"changes"`
	CustomerID int64             `json:"customer_id"`
	Edited     bool              `json:"edited"`  // cells changed since the last check
	Skipped    bool              `json:"skipped"` // left out of the import (status skipped once checked)
	// Stored are the cells the check stores otherwise than the file has them (0150 for 150), by
	// field key, as they will be stored (importer.Importer.Stored); only GET …/rows sets it.
	Stored map[string]string `json:"stored,omitempty"`
}

// problemBody is a row problem with its message in the reader's language. The message id and
// arguments that customer.Problem stores to render it again stay out of the API.
type problemBody struct {
	Field   string        `json:"field"`
	Column  string        `json:"column"`
	Code    customer.Code `json:"code"`
	Message string        `json:"message"`
	// Suggestion is the whole text a problem proposes for the cell: a warning's (apply_suggestions
	// takes it), or an invalid email's.
	Suggestion string `json:"suggestion,omitempty"`
	// Match names whom a possible_duplicate warning's row may be the same person as.
	Match *customer.DuplicateMatch `json:"match,omitempty"`
}

// problemsOf returns ps with their messages in lang, never nil.
func problemsOf(ps []customer.Problem, lang string) []problemBody {
	out := make([]problemBody, 0, len(ps))
	for _, p := range ps {
		out = append(out, problemBody{Field: p.Field, Column: p.Column, Code: p.Code, Message: p.In(lang), Suggestion: p.Suggestion, Match: p.Match})
	}
	return out
}

func cellsOf(v *customer.Values) map[string]string {
	m := make(map[string]string, customer.NumFields)
	for i, f := range customer.Fields {
		m[f.Key] = v[i]
	}
	return m
}

// rowOf returns a staged row for the API, its problems' messages in lang.
func rowOf(r customer.StagedRow, lang string) rowBody {
	b := rowBody{Row: r.Row, Status: r.Status, Cells: cellsOf(&r.Raw), Errors: problemsOf(r.Errors, lang),
		Warnings: problemsOf(r.Warnings, lang), Changes: r.Changes, CustomerID: r.CustomerID, Edited: r.Edited, Skipped: r.Skipped}
	if b.Changes == nil {
		b.Changes = []customer.Change{}
	}
	return b
}

type customerBody struct {
	ID        int64             `json:"id"`
	Cells     map[string]string `json:"cells"`
	Consent   record.Consent    `json:"consent"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// customerOf is the JSON of a customer, its consent without sources (which the history holds:
// see Server.customerJSON).
func customerOf(c customer.Customer) customerBody {
	return customerBody{ID: c.ID, Cells: cellsOf(&c.Values), Consent: record.ConsentOf(&c, nil), UpdatedAt: c.UpdatedAt}
}

type fieldBody struct {
	Key       string   `json:"key"`
	Header    string   `json:"header"`
	Required  bool     `json:"required"`
	MaxLength int      `json:"max_length"`
	Format    string   `json:"format"`
	Default   string   `json:"default"`
	Allowed   []string `json:"allowed"`
	Meaning   string   `json:"meaning"`
	// Extra: not a column of the template (FIELDS.md); exports write it, imports read it.
	Extra bool `json:"extra"`
}

// fieldsBody returns the catalogue with its texts (header, format, default, meaning) in lang.
// Allowed values stay as the import stores them.
func fieldsBody(lang string) []fieldBody {
	out := make([]fieldBody, 0, len(customer.Fields))
	for i, f := range customer.Fields {
		allowed := f.Allowed
		if allowed == nil {
			allowed = []string{}
		}
		ft := customer.FieldTextIn(lang, i)
		out = append(out, fieldBody{Key: f.Key, Header: ft.Header, Required: f.Required, MaxLength: f.MaxLen,
			Format: ft.Format, Default: ft.Default, Allowed: allowed, Meaning: ft.Meaning, Extra: f.Extra})
	}
	return out
}

type auditBody struct {
	ID         int64            `json:"id"`
	At         time.Time        `json:"at"`
	Actor      string           `json:"actor"`
	Action     string           `json:"action"`
	ImportID   int64            `json:"import_id"`
	FileName   string           `json:"file_name"`
	FileSHA256 string           `json:"file_sha256"`
	Summary    customer.Summary `json:"summary"`
	Detail     string           `json:"detail"`
}

// page reads offset and limit from the query (limit between 1 and max, default def).
func page(r *http.Request, def, max int) (offset, limit int, err error) {
	q := r.URL.Query()
	offset, limit = 0, def
	if s := q.Get("offset"); s != "" {
		if offset, err = strconv.Atoi(s); err != nil || offset < 0 {
			return 0, 0, customer.Errorf(customer.EInvalid, "offset must be a whole number of 0 or more.")
		}
	}
	if s := q.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > max {
			return 0, 0, customer.Errorf(customer.EInvalid, "limit must be a whole number from 1 to %d.", max)
		}
	}
	return offset, limit, nil
}

// pathID reads a positive integer path value; ENotFound otherwise (a malformed id names
// nothing that exists).
func pathID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, customer.Errorf(customer.ENotFound, "No %s %q.", name, r.PathValue(name))
	}
	return n, nil
}

func megabytes(n int64) string {
	return fmt.Sprintf("%d MB", n/(1<<20))
}
