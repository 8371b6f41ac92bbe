package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sheet"
)

// The mapping step. A file whose columns are not all recognised (sheet.Preview.Ready is false)
// is not read into rows at once: its import waits in state mapping, the file kept in the upload
// folder, until the user says which column is which field. The confirmed mapping can be saved
// for the tenant under the file's header signature, and the next file with the same header row
// is then staged with it straight away.
//
// The kept file is named by the import, not by the process that received it, so any server
// process that shares the upload folder (Config.TempDir) can continue the import; processes
// that do not share it answer the mapping routes with a clear failure. Kept files expire after
// Config.KeepMapping: a sweep on start and every hour deletes them and fails their imports, and
// any process that reads such an import fails it too.

// keptPrefix starts the name of every kept file, so that the sweep knows its own files.
const keptPrefix = "clientele-mapping-"

// keptPath is where the file of an import in state mapping waits:
// <upload folder>/clientele-mapping-<tenant>-<import>.
func (s *Server) keptPath(imp customer.Import) string {
	return filepath.Join(s.cfg.TempDir, fmt.Sprintf("%s%d-%d", keptPrefix, imp.TenantID, imp.ID))
}

// parseKept reads the tenant and import of a kept file's name; ok is false for other files.
func parseKept(name string) (tenantID, importID int64, ok bool) {
	rest, found := strings.CutPrefix(name, keptPrefix)
	if !found {
		return 0, 0, false
	}
	t, i, found := strings.Cut(rest, "-")
	if !found {
		return 0, 0, false
	}
	tenantID, err1 := strconv.ParseInt(t, 10, 64)
	importID, err2 := strconv.ParseInt(i, 10, 64)
	return tenantID, importID, err1 == nil && err2 == nil && tenantID > 0 && importID > 0
}

// removeKept deletes the kept file of an import, if there is one.
func (s *Server) removeKept(imp customer.Import) {
	if err := os.Remove(s.keptPath(imp)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("delete kept upload", "import", imp.ID, "err", err)
	}
}

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
		if err := s.mappingOpens(up.path, saved.Map); err != nil {
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

// mappingOpens returns the reader's error when the file cannot be opened with the mapping (a
// target that is no field, a header the file lacks, a required field no column fills).
func (s *Server) mappingOpens(path string, m map[string]string) error {
	r, err := sheet.OpenWith(path, s.im.Limits, sheet.Options{Map: m})
	if err != nil {
		return err
	}
	return r.Close()
}

// keepForMapping moves an upload to its import's kept file, where it waits in state mapping.
func (s *Server) keepForMapping(imp customer.Import, up *upload) error {
	if err := os.Rename(up.path, s.keptPath(imp)); err != nil {
		_ = os.Remove(up.path)
		return fmt.Errorf("web: keep upload for mapping: %w", err)
	}
	return nil
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
	pv, err := s.keptPreview(r.Context(), imp)
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
// the file, saves it for the tenant when asked, and reads and checks the file with it in the
// background, as an upload is.
func (s *Server) handleSetMapping(w http.ResponseWriter, r *http.Request, a *actor) error {
	imp, err := s.mappingImport(r, a)
	if err != nil {
		return err
	}
	var req mappingRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	pv, err := s.keptPreview(r.Context(), imp)
	if err != nil {
		return err
	}
	m, err := checkMapping(pv, req.Map)
	if err != nil {
		return err
	}
	path := s.keptPath(imp)
	if err := s.mappingOpens(path, m); err != nil {
		if customer.ErrorCodeOf(err) == customer.EFile {
			// What the reader says against a mapping is the request's fault, not the file's.
			// It keeps its message id, to be said in the user's language.
			var e *customer.Error
			if errors.As(err, &e) {
				return &customer.Error{Code: customer.EInvalid, Message: e.Error(), Msg: e.Msg, Args: e.Args}
			}
			return customer.Errorf(customer.EInvalid, "%s", customer.ErrorMessage(err))
		}
		return err
	}
	if req.Remember {
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
	s.stageInBackground(a, imp, &upload{path: path, fileName: imp.FileName, mode: imp.Mode, mapping: m})
	writeJSON(w, http.StatusOK, importOf(imp, languageOf(a.user, a.tenant)))
	return nil
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

// keptPreview previews the kept file of an import in state mapping. When the file is gone (it
// expired, or this process does not share the upload folder of the one that received it), or is
// not the file uploaded (its hash differs: a server on another database sharing the folder wrote
// its own import's file under the same name), the import fails with the reason, and the answer
// is EConflict.
func (s *Server) keptPreview(ctx context.Context, imp customer.Import) (*sheet.Preview, error) {
	sum, err := fileHash(s.keptPath(imp))
	if errors.Is(err, fs.ErrNotExist) || (err == nil && imp.FileSHA256 != "" && sum != imp.FileSHA256) {
		// The file under the name, if any, is not this import's: leave it to its owner.
		s.markMappingFailed(ctx, imp, errKeptGone)
		return nil, customer.Errorf(customer.EConflict, "%s", customer.ErrorMessage(errKeptGone))
	}
	if err != nil {
		return nil, err
	}
	return sheet.PreviewFile(s.keptPath(imp), s.im.Limits)
}

// fileHash returns the hex SHA-256 of a file's bytes, as Stage records it.
func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("web: hash upload: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// errKeptGone is why an import whose kept file is missing failed.
var errKeptGone = customer.Errorf(customer.EFile, "The uploaded file is no longer on the server (files waiting for their column mapping are kept for a day); upload it again.")

// checkMapping checks a requested mapping against the file's preview and returns it with its
// targets as catalogue keys ("" for an ignored column): every target must be a field, every
// header one of the file's, and every required field filled by a column — mapped here, or
// recognised by its header when the map leaves it out. It fails with EInvalid naming what is
// wrong.
func checkMapping(pv *sheet.Preview, req map[string]string) (map[string]string, error) {
	if len(req) == 0 {
		return nil, customer.Errorf(customer.EInvalid, "Send the mapping: {\"map\": {\"<header>\": \"<field key>\"}}.")
	}
	targets := map[string]string{} // folded key and English header → key
	for _, t := range sheet.Targets() {
		targets[foldHeader(t.Key)] = t.Key
		targets[foldHeader(t.Header)] = t.Key
	}
	headers := map[string]bool{}
	for _, c := range pv.Columns {
		if f := foldHeader(c.Header); f != "" {
			headers[f] = true
		}
	}
	out := make(map[string]string, len(req))
	mapped := map[string]bool{}
	var unknown, absent []string
	for h, t := range req {
		f := foldHeader(h)
		if !headers[f] {
			absent = append(absent, "“"+h+"”")
			continue
		}
		mapped[f] = true
		if t = strings.TrimSpace(t); t == "" || t == "-" {
			out[h] = ""
			continue
		}
		key, ok := targets[foldHeader(t)]
		if !ok {
			unknown = append(unknown, "“"+t+"”")
			continue
		}
		out[h] = key
	}
	slices.Sort(unknown)
	slices.Sort(absent)
	if len(unknown) > 0 {
		return nil, customer.Errorf(customer.EInvalid, "These are not customer fields: %s. Choose a field key such as email (GET /api/fields lists them), full_name, or \"\" to ignore the column.", strings.Join(unknown, ", "))
	}
	if len(absent) > 0 {
		return nil, customer.Errorf(customer.EInvalid, "The file has no column %s.", strings.Join(absent, ", "))
	}
	covered := map[string]bool{}
	for _, key := range out {
		covered[key] = true
	}
	for _, c := range pv.Columns {
		// A column the map leaves out is read as recognised: by its header, never by a guess.
		if !mapped[foldHeader(c.Header)] && (c.Reason == "header" || c.Reason == "synonym" || c.Reason == "vendor") {
			covered[c.Field] = true
		}
	}
	if covered[sheet.FullNameKey] {
		covered[customer.Fields[customer.FFirstName].Key] = true
		covered[customer.Fields[customer.FLastName].Key] = true
	}
	var missing []string
	for _, f := range customer.Fields {
		if f.Required && !covered[f.Key] {
			missing = append(missing, f.Header)
		}
	}
	if len(missing) > 0 {
		return nil, customer.Errorf(customer.EInvalid, "Map a column to each required field: %s is not mapped (or map one column to full_name, split into First Name and Last Name).", strings.Join(missing, ", "))
	}
	return out, nil
}

// foldHeader compares headers and targets as the reader does: ignoring case, spaces,
// punctuation and accents.
func foldHeader(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		r = unicode.ToLower(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mappingExpired says an import has waited in state mapping longer than its file is kept.
func (s *Server) mappingExpired(imp customer.Import) bool {
	return imp.State == customer.StateMapping && time.Since(imp.UpdatedAt) >= s.cfg.KeepMapping
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
		s.removeKept(imp)
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

// sweepKept deletes kept files older than Config.KeepMapping, failing their imports when they
// still wait for a mapping. Files of imports that moved on (discarded, or continued by a process
// that died before deleting the file) are deleted too, except while the import is checking:
// then the file is being read, and the reader deletes it.
func (s *Server) sweepKept(ctx context.Context) {
	entries, err := os.ReadDir(s.cfg.TempDir)
	if err != nil {
		s.log.Warn("sweep kept uploads", "dir", s.cfg.TempDir, "err", err)
		return
	}
	for _, e := range entries {
		tenantID, importID, ok := parseKept(e.Name())
		if !ok || e.IsDir() {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < s.cfg.KeepMapping {
			continue
		}
		imp, err := s.store.Import(ctx, tenantID, importID)
		switch {
		case err == nil && imp.State == customer.StateMapping:
			s.failMapping(ctx, imp, s.errMappingExpired())
			continue
		case err == nil && imp.State == customer.StateChecking:
			continue
		case err != nil && customer.ErrorCodeOf(err) != customer.ENotFound:
			s.log.Warn("sweep kept uploads", "import", importID, "err", err)
			continue
		}
		if err := os.Remove(filepath.Join(s.cfg.TempDir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			s.log.Warn("sweep kept uploads", "file", e.Name(), "err", err)
		}
	}
}

// sweepEvery runs sweepKept now and then every interval until ctx ends.
func (s *Server) sweepEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		s.sweepKept(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// importerFor returns the importer that stages an import: the server's, or, with a note, one
// whose store adds the note to the import's warnings as it saves it staged, so that no one ever
// sees the import staged without it.
func (s *Server) importerFor(importID int64, note string) *importer.Importer {
	if note == "" {
		return s.im
	}
	im := *s.im
	im.Store = noteStore{Store: s.im.Store, importID: importID, note: note}
	return &im
}

// noteStore is a store that adds a file-level warning to one import whenever it is saved staged.
type noteStore struct {
	importer.Store
	importID int64
	note     string
}

func (n noteStore) SaveImport(ctx context.Context, imp customer.Import) error {
	if imp.ID == n.importID && imp.State == customer.StateStaged && !slices.Contains(imp.Warnings, n.note) {
		imp.Warnings = append([]string{n.note}, imp.Warnings...)
	}
	return n.Store.SaveImport(ctx, imp)
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
