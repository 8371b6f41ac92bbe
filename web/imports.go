package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/clientele/clientele/customer"
)

// importRecords are the reads of imports the web makes beside the importer: the history.
type importRecords interface {
	// Imports returns a page of the tenant's imports, newest first, with the total count: the
	// import history, without dry runs; AllImports with them.
	Imports(ctx context.Context, tenantID int64, offset, limit int) ([]customer.Import, int, error)
	AllImports(ctx context.Context, tenantID int64, offset, limit int) ([]customer.Import, int, error)
}

// upload is a file received from the page or an API client, waiting on disk to be read.
type upload struct {
	path     string // a temporary file named by us, never by the client
	fileName string // the name the user gave the file, for display only
	mode     customer.Mode
	modeSet  bool
	defaults customer.Defaults // from the form's "default" fields (defaults.go); nil for none
}

// receiveUpload streams the multipart body of r to a temporary file, so that a large upload
// never sits in memory. The body is limited to the configured upload size (413 beyond it).
func (s *Server) receiveUpload(w http.ResponseWriter, r *http.Request) (*upload, error) {
	// Multipart headers and the mode field add a little to the file itself.
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, customer.Errorf(customer.EInvalid, "Send the file as multipart/form-data in a field named “file”.")
	}
	up := &upload{mode: customer.ModeCreate}
	var defaults uploadDefaults
	ok := false
	defer func() {
		if !ok && up.path != "" {
			_ = os.Remove(up.path)
		}
	}()
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, uploadError(err)
		}
		switch part.FormName() {
		case "mode":
			b, err := io.ReadAll(io.LimitReader(part, 64))
			if err != nil {
				return nil, uploadError(err)
			}
			m, valid := customer.ParseMode(strings.TrimSpace(string(b)))
			if !valid {
				return nil, customer.Errorf(customer.EInvalid, "mode must be create (create only) or upsert (create and update).")
			}
			up.mode, up.modeSet = m, true
		case "default":
			if err := defaults.add(part); err != nil {
				return nil, err
			}
		case "file":
			if up.path != "" {
				return nil, customer.Errorf(customer.EInvalid, "Send one file per upload.")
			}
			if err := s.saveUploadPart(up, part); err != nil {
				return nil, err
			}
		}
		_ = part.Close()
	}
	if up.path == "" {
		return nil, customer.Errorf(customer.EInvalid, "Choose a file to upload (field “file”).")
	}
	if up.defaults, err = defaults.checked(); err != nil {
		return nil, err
	}
	ok = true
	return up, nil
}

func (s *Server) saveUploadPart(up *upload, part *multipart.Part) error {
	f, err := os.CreateTemp(s.cfg.TempDir, "clientele-upload-*")
	if err != nil {
		return fmt.Errorf("web: save upload: %w", err)
	}
	up.path = f.Name()
	up.fileName = customer.CleanFileName(part.FileName()) // for display only, never a path
	n, err := io.Copy(f, io.LimitReader(part, s.cfg.MaxUpload+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return uploadError(err)
	}
	if n > s.cfg.MaxUpload {
		return customer.Errorf(customer.ETooLarge, "The file is larger than the upload limit of %s.", megabytes(s.cfg.MaxUpload))
	}
	if n == 0 {
		return customer.FileErrorMsg("file_empty", nil, nil)
	}
	return nil
}

// uploadError explains a failure while reading the request body.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	return customer.Errorf(customer.EInvalid, "The upload was interrupted or malformed: %v.", err)
}

// handleCreateImport receives a file and creates an import for it, which a job reads and checks
// in the background; the page polls the import for progress. A file whose columns are not all
// recognised waits in state mapping instead (mapping.go).
func (s *Server) handleCreateImport(w http.ResponseWriter, r *http.Request, a *actor) error {
	up, err := s.receiveUpload(w, r)
	if err != nil {
		return err
	}
	defer os.Remove(up.path)
	imp, err := s.im.Upload(r.Context(), a.tenant, s.planUpload(r.Context(), a, up))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, importOf(imp, languageOf(a.user, a.tenant)))
	return nil
}

// handleReplaceFile takes a new file for a staged (or failed) import: its rows are replaced once
// the new file is checked. An import waiting for its column mapping takes a new file too.
func (s *Server) handleReplaceFile(w http.ResponseWriter, r *http.Request, a *actor) error {
	imp, err := s.pathImport(r, a)
	if err != nil {
		return err
	}
	// Answered before the upload is read; Reupload asks again under the lock.
	if imp.State != customer.StateStaged && imp.State != customer.StateFailed && imp.State != customer.StateMapping {
		return customer.Errorf(customer.EConflict, "Import %d is %s; only a staged import can take a new file.", imp.ID, imp.State)
	}
	up, err := s.receiveUpload(w, r)
	if err != nil {
		return err
	}
	defer os.Remove(up.path)
	if !up.modeSet {
		up.mode = "" // the import's own
	}
	if up.defaults == nil {
		up.defaults = imp.Defaults // kept, and read with
	}
	imp, err = s.im.Reupload(r.Context(), a.tenant, imp.ID, s.planUpload(r.Context(), a, up))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, importOf(imp, languageOf(a.user, a.tenant)))
	return nil
}

func (s *Server) handleGetImport(w http.ResponseWriter, r *http.Request, a *actor) error {
	imp, err := s.pathImport(r, a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, importOf(imp, languageOf(a.user, a.tenant)))
	return nil
}

func (s *Server) handleListImports(w http.ResponseWriter, r *http.Request, a *actor) error {
	offset, limit, err := page(r, 50, 500)
	if err != nil {
		return err
	}
	list := s.store.Imports
	switch inc := r.URL.Query().Get("include"); inc {
	case "":
	case "dry_runs":
		list = s.store.AllImports
	default:
		return customer.Errorf(customer.EInvalid, "include takes dry_runs, not %q.", inc)
	}
	imps, total, err := list(r.Context(), a.tenant.ID, offset, limit)
	if err != nil {
		return err
	}
	out := make([]importBody, 0, len(imps))
	for _, imp := range imps {
		out = append(out, importOf(imp, languageOf(a.user, a.tenant)))
	}
	writeJSON(w, http.StatusOK, map[string]any{"imports": out, "total": total, "offset": offset, "limit": limit})
	return nil
}

func (s *Server) handleRows(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	offset, limit, err := page(r, 100, 1000)
	if err != nil {
		return err
	}
	f := filterOf(r)
	if f.Status != "" && f.Status != customer.FilterWarnings && !validStatus(f.Status) {
		return customer.Errorf(customer.EInvalid, "status must be one of %s.", statusNames)
	}
	rows, total, err := s.im.Rows(r.Context(), a.tenant, id, f, offset, limit)
	if err != nil {
		return err
	}
	stored, err := s.im.Stored(r.Context(), a.tenant, id, rows)
	if err != nil {
		return err
	}
	out := make([]rowBody, 0, len(rows))
	for i, row := range rows {
		b := rowOf(row, languageOf(a.user, a.tenant))
		b.Stored = stored[i]
		out = append(out, b)
	}
	writeJSON(w, http.StatusOK, map[string]any{"rows": out, "total": total, "offset": offset, "limit": limit})
	return nil
}

func validStatus(st customer.Status) bool {
	for _, ok := range customer.Statuses {
		if st == ok {
			return true
		}
	}
	return false
}

// handleEditRow saves edited cells of one row and answers the row as it now checks.
func (s *Server) handleEditRow(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rowNum, err := pathRow(r)
	if err != nil {
		return err
	}
	var cells map[string]string
	if err := readJSON(r, &cells); err != nil {
		return err
	}
	if len(cells) == 0 {
		return customer.Errorf(customer.EInvalid, "Send the cells to change, e.g. {\"email\": \"ola@example.no\"}.")
	}
	row, err := s.im.EditRow(r.Context(), a.tenant, id, rowNum, cells)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rowOf(row, languageOf(a.user, a.tenant)))
	return nil
}

func (s *Server) handleValidate(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	imp, err := s.im.Validate(r.Context(), a.tenant, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, importOf(imp, languageOf(a.user, a.tenant)))
	return nil
}

// handleConfirm asks for the import's valid rows to be committed and answers at once: 202 with
// the import committing (a job commits it; the page polls the import), or 200 with the import
// committed already (a retried request). A closed tab or a proxy's time-out changes nothing.
func (s *Server) handleConfirm(w http.ResponseWriter, r *http.Request, a *actor) error {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if len(key) > 200 {
		return customer.Errorf(customer.EInvalid, "The Idempotency-Key header is too long (at most 200 characters).")
	}
	before, err := s.pathImport(r, a)
	if err != nil {
		return err
	}
	if before.State == customer.StateMapping {
		// It has no rows yet: confirming it would commit nothing and end it.
		return customer.Errorf(customer.EConflict, "Import %d is waiting for its column mapping; map its columns first.", before.ID)
	}
	imp, err := s.im.RequestConfirm(r.Context(), a.tenant, before.ID, a.user.Email, key)
	if err != nil {
		return err
	}
	status := http.StatusOK // committed already: a retried request
	if imp.State == customer.StateCommitting {
		status = http.StatusAccepted
	}
	writeJSON(w, status, importOf(imp, languageOf(a.user, a.tenant)))
	return nil
}

func (s *Server) handleDiscard(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	imp, err := s.im.Discard(r.Context(), a.tenant, id, a.user.Email)
	if err != nil {
		return err
	}
	// An import discarded while waiting for its column mapping keeps no file.
	writeJSON(w, http.StatusOK, importOf(imp, languageOf(a.user, a.tenant)))
	return nil
}

// handleErrorRows answers the import's error rows as an .xlsx to fix and upload again
// (importer.ErrorReport): a message column first, then the template's columns, each bad cell
// filled with its message as a comment; headers, sheets and messages in the user's language
// (the reader reads every language's headers back, and ignores the message column).
func (s *Server) handleErrorRows(w http.ResponseWriter, r *http.Request, a *actor) error {
	imp, err := s.pathImport(r, a)
	if err != nil {
		return err
	}
	name := strings.TrimSuffix(imp.FileName, filepath.Ext(imp.FileName)) + "-errors.xlsx"
	setAttachment(w, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	return s.im.ErrorReport(r.Context(), a.tenant, imp.ID, languageOf(a.user, a.tenant), w)
}

// setAttachment sets the headers of a file download.
func setAttachment(w http.ResponseWriter, name, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+urlPathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
}

// pathRow returns the row number named by the {row} in the path: a file's rows start at 2, under
// the header.
func pathRow(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("row"))
	if err != nil || n < 2 {
		return 0, customer.Errorf(customer.ENotFound, "No row %q.", r.PathValue("row"))
	}
	return n, nil
}

// pathImport returns the import named by the {id} in the path, in the actor's tenant; another
// tenant's import is ENotFound, as if it did not exist.
func (s *Server) pathImport(r *http.Request, a *actor) (customer.Import, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return customer.Import{}, err
	}
	return s.im.Import(r.Context(), a.tenant, id)
}
