package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// filterOf reads the grid's filters from a request's query: status, code, field and q.
func filterOf(r *http.Request) customer.RowFilter {
	v := r.URL.Query()
	return customer.RowFilter{Status: customer.Status(v.Get("status")), Code: customer.Code(v.Get("code")),
		Field: v.Get("field"), Query: v.Get("q")}
}

// whereBody is a bulk edit's where: the grid's filters, or row numbers.
type whereBody struct {
	Status customer.Status `json:"status"`
	Code   customer.Code   `json:"code"`
	Field  string          `json:"field"`
	Q      string          `json:"q"`
	Rows   []int           `json:"rows"`
}

// bulkBody is POST /api/imports/{id}/rows/bulk's body: a where, one operation, and whether to
// re-check at once or only count.
type bulkBody struct {
	Where *whereBody `json:"where"`
	customer.BulkEdit
	Validate bool `json:"validate"`
	DryRun   bool `json:"dry_run"`
}

type bulkAnswer struct {
	Changed int         `json:"changed"`
	Import  *importBody `json:"import,omitempty"`
}

func (s *Server) handleBulkEdit(w http.ResponseWriter, r *http.Request, a *actor) error {
	// Another shop's import is not found, whatever the body says.
	imp, err := s.pathImport(r, a)
	if err != nil {
		return err
	}
	id := imp.ID
	var b bulkBody
	if err := readJSON(r, &b); err != nil {
		return err
	}
	if b.Where == nil {
		return customer.Errorf(customer.EInvalid, "Say which rows to change: a where with filters (status, code, field, q), rows, or {} for every row.")
	}
	f := customer.RowFilter{Status: b.Where.Status, Code: b.Where.Code, Field: b.Where.Field, Query: b.Where.Q, Rows: b.Where.Rows}
	if b.Where.Rows != nil && len(b.Where.Rows) == 0 {
		return customer.Errorf(customer.EInvalid, "The list of rows is empty; select rows or use a filter.")
	}
	res, err := s.im.BulkEdit(r.Context(), a.tenant, id, f, b.BulkEdit, a.user.Email, b.Validate, b.DryRun)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.bulkAnswerOf(res, b.Validate && !b.DryRun, a))
	return nil
}

func (s *Server) bulkAnswerOf(res importer.BulkResult, withImport bool, a *actor) bulkAnswer {
	out := bulkAnswer{Changed: res.Changed}
	if withImport {
		imp := importOf(res.Import, languageOf(a.user, a.tenant))
		out.Import = &imp
	}
	return out
}

// handleBulkUndo takes back the import's last bulk edit. The body is optional:
// {"validate": true} re-checks at once.
func (s *Server) handleBulkUndo(w http.ResponseWriter, r *http.Request, a *actor) error {
	imp, err := s.pathImport(r, a)
	if err != nil {
		return err
	}
	id := imp.ID
	var b struct {
		Validate bool `json:"validate"`
	}
	if r.ContentLength != 0 {
		if err := readJSON(r, &b); err != nil {
			return err
		}
	}
	res, err := s.im.UndoBulkEdit(r.Context(), a.tenant, id, a.user.Email, b.Validate)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.bulkAnswerOf(res, true, a))
	return nil
}

type editBody struct {
	Seq       int               `json:"seq"`
	At        time.Time         `json:"at"`
	Actor     string            `json:"actor"`
	Operation customer.BulkEdit `json:"operation"`
	Summary   string            `json:"summary"`
	Changed   int               `json:"changed"`
	Undone    bool              `json:"undone"`
}

func (s *Server) handleBulkEdits(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	recs, err := s.im.BulkEdits(r.Context(), a.tenant, id)
	if err != nil {
		return err
	}
	out := make([]editBody, 0, len(recs))
	for _, rec := range recs {
		out = append(out, editBody{Seq: rec.Seq, At: rec.At, Actor: rec.Actor, Operation: rec.Edit,
			Summary: rec.Edit.String(), Changed: rec.Changed, Undone: rec.Undone})
	}
	writeJSON(w, http.StatusOK, map[string]any{"edits": out})
	return nil
}

type problemCountBody struct {
	Code   customer.Code `json:"code"`
	Field  string        `json:"field"`
	Column string        `json:"column"`
	Kind   string        `json:"kind"`
	Label  string        `json:"label"`
	Count  int           `json:"count"`
}

// handleProblems answers the import's rows counted by kind of problem, for the grid's chips: a
// JSON array, biggest first.
func (s *Server) handleProblems(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := filterOf(r)
	f.Code, f.Field = "", ""
	counts, err := s.im.ProblemCounts(r.Context(), a.tenant, id, f)
	if err != nil {
		return err
	}
	lang := languageOf(a.user, a.tenant)
	out := make([]problemCountBody, 0, len(counts))
	for _, c := range counts {
		b := problemCountBody{Code: c.Code, Field: c.Field, Kind: "error", Label: customer.CodeLabel(lang, c.Code), Count: c.Count}
		if c.Warning {
			b.Kind = "warning"
		}
		if i := customer.FieldByKey(c.Field); i >= 0 {
			b.Column = customer.HeaderIn(lang, i)
		}
		out = append(out, b)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// statusNames lists the statuses a rows filter takes, for its error message.
var statusNames = func() string {
	var names []string
	for _, st := range customer.Statuses {
		names = append(names, string(st))
	}
	return strings.Join(append(names, string(customer.FilterWarnings)), ", ")
}()
