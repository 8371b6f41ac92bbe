package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// undoBody is the JSON of an undo preview (GET) and of an undo (POST): docs/API.md, "Undo".
type undoBody struct {
	ImportID      int64                   `json:"import_id"`
	State         customer.State          `json:"state"`
	Done          bool                    `json:"done"`
	Force         bool                    `json:"force"`
	Delete        int                     `json:"delete"`
	Restore       int                     `json:"restore"`
	ConflictsKept int                     `json:"conflicts_kept"`
	Forceable     int                     `json:"forceable"`
	Conflicts     []customer.UndoConflict `json:"conflicts"`
	Explanation   string                  `json:"explanation"`
	At            *time.Time              `json:"at"`
	// Import is the import as the undo left it (POST): undoing while its job runs, then undone.
	Import *importBody `json:"import,omitempty"`
}

func undoOf(r customer.UndoReport) undoBody {
	b := undoBody{ImportID: r.ImportID, State: r.State, Done: r.Done, Force: r.Force, Delete: r.Delete,
		Restore: r.Restore, ConflictsKept: r.Kept(), Forceable: r.Forceable(), Conflicts: r.Conflicts,
		Explanation: customer.UndoExplanation}
	if b.Conflicts == nil {
		b.Conflicts = []customer.UndoConflict{}
	}
	if !r.At.IsZero() {
		at := r.At
		b.At = &at
	}
	return b
}

// undoRequest is the body of POST /api/imports/{id}/undo; an empty body is {"force": false}.
type undoRequest struct {
	Force bool `json:"force"`
}

// handleUndoPreview answers what undoing the import would do, changing nothing.
func (s *Server) handleUndoPreview(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := s.im.PreviewUndo(r.Context(), a.tenant, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, undoOf(rep))
	return nil
}

// handleUndo asks for a committed import to be undone and answers at once: 202 with what the
// undo will do and the import undoing (a job undoes it; the page polls the import). Undoing an
// import undone (or undoing) already answers 200 with done false: a retried request does no harm.
func (s *Server) handleUndo(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := readUndoRequest(r)
	if err != nil {
		return err
	}
	rep, imp, err := s.im.RequestUndo(r.Context(), a.tenant, id, a.user.Email, importer.UndoOptions{Force: req.Force})
	if err != nil {
		return err
	}
	body := undoOf(rep)
	ib := importOf(imp, languageOf(a.user, a.tenant))
	body.Import = &ib
	status := http.StatusOK // undone already: a retried request
	if imp.State == customer.StateUndoing {
		status = http.StatusAccepted
	}
	writeJSON(w, status, body)
	return nil
}

// readUndoRequest reads the optional JSON body of an undo: no body means no force.
func readUndoRequest(r *http.Request) (undoRequest, error) {
	var req undoRequest
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<10))
	if err != nil {
		return req, customer.Errorf(customer.EInvalid, "The request body is too large or was interrupted: %v.", err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return req, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, customer.Errorf(customer.EInvalid, "The request body is not the JSON expected, {\"force\": false}: %v.", err)
	}
	return req, nil
}
