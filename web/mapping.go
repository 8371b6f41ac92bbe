package web

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sheet"
)

// The mapping step. A file whose columns are not all recognised (sheet.Preview.Ready is false)
// is not read into rows at once: its import waits in state mapping, the file kept (kept.go),
// until the user says which column is which field. The confirmed mapping can be saved for the
// tenant under the file's header signature, and the next file with the same header row is then
// staged with it straight away.
//
// Kept files expire after Config.KeepMapping: a sweep on start and every hour deletes them and
// fails their imports, and any process that reads such an import fails it too.

// planUpload decides what becomes of an uploaded file, from a preview of its first rows: a file
// whose columns are all recognised is staged as it is; one whose header row the tenant mapped
// before is staged with that mapping (up.mapping, and up.note for the import's warnings); any
// other needs the mapping step (true). A file that cannot be read at all is staged as before,
// which fails the import with the reader's reason.
func (s *Server) planUpload(ctx context.Context, tenantID int64, up *upload) (needsMapping bool) {
	pv, err := sheet.PreviewFile(up.path, s.im.Limits)
	if err != nil || pv.Ready {
		return false
	}
	saved, err := s.store.SavedMapping(ctx, tenantID, pv.Signature)
	switch {
	case err == nil:
		// A saved mapping that no longer reads the file (it cannot, with the same headers,
		// unless the catalogue changed) is not used: the person maps the file again.
		if _, err := sheet.CheckMap(up.path, s.im.Limits, saved.Map); err != nil {
			s.log.Warn("saved column mapping does not read the file", "tenant", tenantID, "signature", pv.Signature, "err", err)
			return true
		}
		up.mapping = saved.Map
		up.note = fmt.Sprintf("Columns mapped as saved on %s for files with these headers.", saved.UpdatedAt.Format(time.DateOnly))
		return false
	case customer.ErrorCodeOf(err) != customer.ENotFound:
		s.log.Warn("read saved column mapping", "tenant", tenantID, "err", err)
	}
	return true
}

// The JSON of GET /api/imports/{id}/mapping.
type mappingBody struct {
	Import    importBody          `json:"import"`
	Source    string              `json:"source"`    // the recognised platform, "" when none
	Signature string              `json:"signature"` // of the header row: what a saved mapping is found by
	HeaderRow int                 `json:"header_row"`
	Columns   []mappingColumnBody `json:"columns"`
	Missing   []string            `json:"missing"` // keys of required fields no suggestion fills
	Targets   []mappingTargetBody `json:"targets"`
}

type mappingColumnBody struct {
	Column     int      `json:"column"` // 0-based
	Letter     string   `json:"letter"`
	Header     string   `json:"header"`
	Samples    []string `json:"samples"`
	Field      string   `json:"field"`  // the suggested target key, "" for none
	Reason     string   `json:"reason"` // why: header, synonym, vendor, similar header, values look like …
	Confidence float64  `json:"confidence"`
}

type mappingTargetBody struct {
	Key      string `json:"key"`
	Header   string `json:"header"`
	Required bool   `json:"required"`
}

// mappingRequest is the body of POST /api/imports/{id}/mapping.
type mappingRequest struct {
	// Map sends each header, as in the file, to a target key (or English header, or
	// "full_name"); "" or "-" ignores the column. Headers left out are read as recognised.
	Map map[string]string `json:"map"`
	// Remember saves the mapping for the tenant's next files with the same header row.
	Remember bool `json:"remember"`
}

// handleGetMapping answers what the mapping step shows: the file's columns with their first
// values and suggested fields, and the targets to choose from.
func (s *Server) handleGetMapping(w http.ResponseWriter, r *http.Request, a *actor) error {
	imp, err := s.mappingImport(r, a)
	if err != nil {
		return err
	}
	path, done, err := s.openKept(r.Context(), imp)
	if err != nil {
		return err
	}
	pv, err := sheet.PreviewFile(path, s.im.Limits)
	done()
	if err != nil {
		return err
	}
	body := mappingBody{Import: importOf(imp, languageOf(a.user, a.tenant)), Source: pv.Source, Signature: pv.Signature, HeaderRow: pv.HeaderRow,
		Columns: make([]mappingColumnBody, 0, len(pv.Columns)), Missing: pv.Missing}
	if body.Missing == nil {
		body.Missing = []string{}
	}
	for _, c := range pv.Columns {
		samples := c.Samples
		if samples == nil {
			samples = []string{}
		}
		body.Columns = append(body.Columns, mappingColumnBody{Column: c.Column, Letter: c.Letter, Header: c.Header,
			Samples: samples, Field: c.Field, Reason: c.Reason, Confidence: c.Confidence})
	}
	for _, t := range sheet.Targets() {
		body.Targets = append(body.Targets, mappingTargetBody{Key: t.Key, Header: t.Header, Required: t.Required})
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// handleSetMapping takes the user's mapping of an import in state mapping, checks it against
// the file (sheet.CheckMap), saves it for the tenant when asked, and reads and checks the file
// with it in the background, as an upload is.
func (s *Server) handleSetMapping(w http.ResponseWriter, r *http.Request, a *actor) error {
	imp, err := s.mappingImport(r, a)
	if err != nil {
		return err
	}
	var req mappingRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if len(req.Map) == 0 {
		return customer.Errorf(customer.EInvalid, "Send the mapping: {\"map\": {\"<header>\": \"<field key>\"}}.")
	}
	path, done, err := s.openKept(r.Context(), imp)
	if err != nil {
		return err
	}
	staging := false
	defer func() {
		if !staging {
			done()
		}
	}()
	m, err := sheet.CheckMap(path, s.im.Limits, req.Map)
	if err != nil {
		return mappingRefused(err)
	}
	if req.Remember {
		pv, err := sheet.PreviewFile(path, s.im.Limits)
		if err != nil {
			return err
		}
		saved := importer.SavedMapping{TenantID: a.tenant.ID, Signature: pv.Signature, Map: m, CreatedBy: a.user.Email}
		if err := s.store.SaveMapping(r.Context(), &saved); err != nil {
			return err
		}
	}
	// Only one request takes the import out of state mapping: a second one (another tab, a
	// double click) finds it checking and is told so.
	err = s.store.Commit(r.Context(), imp.TenantID, func(q importer.Queries) error {
		cur, err := q.Import(r.Context(), imp.TenantID, imp.ID)
		if err != nil {
			return err
		}
		if cur.State != customer.StateMapping {
			return customer.Errorf(customer.EConflict, "Import %d is %s; its columns can no longer be mapped.", cur.ID, cur.State)
		}
		cur.State, cur.Failure, cur.FailureMsg = customer.StateChecking, "", nil
		cur.Progress = customer.Progress{Phase: string(importer.PhaseRead)}
		if err := q.SaveImport(r.Context(), cur); err != nil {
			return err
		}
		imp = cur
		return nil
	})
	if err != nil {
		return err
	}
	staging = true
	s.stageInBackground(a, imp, &upload{path: path, fileName: imp.FileName, mode: imp.Mode, mapping: m,
		release: func() {
			done()
			s.removeKept(context.Background(), imp)
		}})
	writeJSON(w, http.StatusOK, importOf(imp, languageOf(a.user, a.tenant)))
	return nil
}

// mappingRefused is what the reader says against a mapping as the request's fault, not the
// file's. It keeps its message id, to be said in the user's language.
func mappingRefused(err error) error {
	var e *customer.Error
	if !errors.As(err, &e) || e.Code != customer.EFile {
		return err
	}
	return &customer.Error{Code: customer.EInvalid, Message: e.Error(), Msg: e.Msg, Args: e.Args}
}

// mappingImport returns the import of the path when it is waiting for its mapping; EConflict
// when it is in another state.
func (s *Server) mappingImport(r *http.Request, a *actor) (customer.Import, error) {
	imp, err := s.pathImport(r, a)
	if err != nil {
		return imp, err
	}
	if imp.State != customer.StateMapping {
		return imp, customer.Errorf(customer.EConflict, "Import %d is %s; only an import waiting for its column mapping has one to set.", imp.ID, imp.State)
	}
	return imp, nil
}

// openKept opens the kept upload of an import in state mapping, to read until done is called.
// When there is none (it expired, or this process does not share the upload folder of the one
// that received it), or it is not the file uploaded (its hash differs: a server on another
// database sharing the folder wrote its own import's file under the same name), the import
// fails with the reason, and the answer is EConflict.
func (s *Server) openKept(ctx context.Context, imp customer.Import) (path string, done func(), err error) {
	path, done, err = s.kept.open(ctx, imp)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, s.keptGone(ctx, imp)
		}
		return "", nil, err
	}
	sum, err := importer.FileSHA256(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && imp.FileSHA256 != "" && sum != imp.FileSHA256) {
		// The file under the name, if any, is not this import's: leave it to its owner.
		done()
		return "", nil, s.keptGone(ctx, imp)
	}
	if err != nil {
		done()
		return "", nil, err
	}
	return path, done, nil
}

// keptGone fails an import whose kept upload is gone and answers why, as EConflict.
func (s *Server) keptGone(ctx context.Context, imp customer.Import) error {
	s.markMappingFailed(ctx, imp, errKeptGone)
	return customer.Errorf(customer.EConflict, "%s", customer.ErrorMessage(errKeptGone))
}

// errKeptGone is why an import whose kept file is missing failed.
var errKeptGone = customer.Errorf(customer.EFile, "The uploaded file is no longer on the server (files waiting for their column mapping are kept for a day); upload it again.")

// mappingExpired says an import has waited in state mapping longer than its file is kept.
func (s *Server) mappingExpired(imp customer.Import) bool {
	return imp.State == customer.StateMapping && s.now().Sub(imp.UpdatedAt) >= s.cfg.KeepMapping
}

// errMappingExpired is why an import left in state mapping failed.
func (s *Server) errMappingExpired() error {
	return customer.Errorf(customer.EFile, "The columns of this file were not mapped within %s, so the file was deleted; upload it again.", keepFor(s.cfg.KeepMapping))
}

func keepFor(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return d.String()
}

// failMapping marks an import that waited in state mapping failed with the reason, and deletes
// its kept file. An import that left state mapping meanwhile is left alone.
func (s *Server) failMapping(ctx context.Context, imp customer.Import, cause error) {
	if s.markMappingFailed(ctx, imp, cause) {
		s.removeKept(ctx, imp)
	}
}

// markMappingFailed marks an import in state mapping failed with the reason, and reports whether
// it did: an import that left state mapping meanwhile (mapped in another tab: its file is being
// read) is left alone.
func (s *Server) markMappingFailed(ctx context.Context, imp customer.Import, cause error) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	marked := false
	err := s.store.Commit(ctx, imp.TenantID, func(q importer.Queries) error {
		cur, err := q.Import(ctx, imp.TenantID, imp.ID)
		if err != nil || cur.State != customer.StateMapping {
			return err
		}
		cur.State, cur.Failure, cur.Progress = customer.StateFailed, customer.ErrorMessage(cause), customer.Progress{}
		cur.FailureMsg = customer.NoticeOf(cause)
		if err := q.SaveImport(ctx, cur); err != nil {
			return err
		}
		marked = true
		return nil
	})
	if err != nil {
		s.log.Error("mark import failed", "import", imp.ID, "err", err)
		return false
	}
	return marked
}

// mappingSchema is the OpenAPI schema of mappingBody.
func mappingSchema() obj {
	str, integer := obj{"type": "string"}, obj{"type": "integer"}
	column := obj{"type": "object", "properties": obj{
		"column": integer, "letter": str, "header": str, "samples": obj{"type": "array", "items": str},
		"field":      obj{"type": "string", "description": "the suggested field key, full_name, or \"\""},
		"reason":     obj{"type": "string", "description": "header, synonym, vendor, similar header, values look like …; \"\" with no suggestion"},
		"confidence": obj{"type": "number"}}}
	target := obj{"type": "object", "properties": obj{"key": str, "header": str, "required": obj{"type": "boolean"}}}
	return obj{"type": "object", "properties": obj{
		"import": ref("Import"), "source": str, "signature": str, "header_row": integer,
		"columns": obj{"type": "array", "items": column},
		"missing": obj{"type": "array", "items": str, "description": "keys of required fields no suggestion fills"},
		"targets": obj{"type": "array", "items": target}}}
}
