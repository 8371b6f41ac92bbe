package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sheet"
)

// The mapping step. A file whose columns are not all recognised (sheet.Preview.Ready is false)
// is not read into rows at once: its import waits in state mapping, the file kept in the
// database with it, until the user says which column is which field. The confirmed mapping can
// be saved for the tenant under the file's header signature, and the next file with the same
// header row is then staged with it straight away. A file left waiting expires
// (importer.Importer.KeepMapping).

// planUpload decides what becomes of an uploaded file (importer.PlanColumns, the decision the
// CLI's import makes too): a file whose columns are all recognised is checked as it is; one
// whose header row the tenant mapped before is checked with that mapping (and a note saying so
// in the import's warnings); any other waits for the mapping step. A file that cannot be read
// at all is checked, which fails the import with the reader's reason.
func (s *Server) planUpload(ctx context.Context, a *actor, up *upload) importer.Upload {
	out := importer.Upload{Path: up.path, FileName: up.fileName, Mode: up.mode, User: a.user.Email, Defaults: up.defaults}
	plan, _ := importer.PlanColumns(ctx, s.store, a.tenant.ID, up.path, s.im.Limits, sheet.Options{Mode: up.mode, Defaults: up.defaults})
	if plan.Problem != nil {
		s.log.Warn("saved column mapping not used", "tenant", a.tenant.ID, "err", plan.Problem)
	}
	if plan.Saved != nil {
		out.Map, out.Note = plan.Saved.Map, plan.Note
	}
	out.NeedsMapping = plan.NeedsMapping
	return out
}

// The JSON of GET /api/imports/{id}/mapping.
type mappingBody struct {
	Import    importBody          `json:"import"`
	Source    string              `json:"source"`    // the recognised platform, "" when none
	Signature string              `json:"signature"` // of the header row: what a saved mapping is found by
	HeaderRow int                 `json:"header_row"`
	Columns   []mappingColumnBody `json:"columns"`
	Missing   []string            `json:"missing"` // keys of required fields no suggestion fills
	// Identity are the keys of the fields that, in this import's mode, can stand in for the
	// required ones: in "create and update", a column of any of them lets the file update just the
	// columns it has (customer.MissingColumns). Empty for "create only".
	Identity []string            `json:"identity"`
	Targets  []mappingTargetBody `json:"targets"`
	// Defaults are the import's values for blank cells, by field key (kept from its upload).
	Defaults map[string]string `json:"defaults"`
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
	// Defaults fill the blank cells of every row, by field key (or header, as the CLI's
	// --default takes it), a file without the field's column included; a blank value gives none.
	Defaults map[string]string `json:"defaults"`
}

// handleGetMapping answers what the mapping step shows: the file's columns with their first
// values and suggested fields, and the targets to choose from.
func (s *Server) handleGetMapping(w http.ResponseWriter, r *http.Request, a *actor) error {
	imp, err := s.mappingImport(r, a)
	if err != nil {
		return err
	}
	var pv *sheet.Preview
	err = s.im.WithFile(r.Context(), imp.ID, func(path string) error {
		// The import's defaults fill their fields: those are not missing.
		pv, err = sheet.PreviewWith(path, s.im.Limits, sheet.Options{Defaults: imp.Defaults})
		return err
	})
	if err != nil {
		return err
	}
	body := mappingBody{Import: importOf(imp, languageOf(a.user, a.tenant)), Source: pv.Source, Signature: pv.Signature, HeaderRow: pv.HeaderRow,
		Columns: make([]mappingColumnBody, 0, len(pv.Columns)), Missing: pv.MissingFor(imp.Mode), Identity: []string{},
		Defaults: map[string]string{}}
	for k, v := range imp.Defaults {
		body.Defaults[k] = v
	}
	if imp.Mode == customer.ModeUpsert {
		for _, i := range customer.IdentityFields {
			body.Identity = append(body.Identity, customer.Fields[i].Key)
		}
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
	if len(req.Map) == 0 && len(req.Defaults) == 0 {
		return customer.Errorf(customer.EInvalid, "Send the mapping: {\"map\": {\"<header>\": \"<field key>\"}}.")
	}
	defaults, err := sheet.CheckDefaults(req.Defaults)
	if err != nil {
		return err
	}
	var m map[string]string
	var signature string
	err = s.im.WithFile(r.Context(), imp.ID, func(path string) error {
		if err := sheet.CheckTargets(req.Map); err != nil {
			return mappingRefused(err)
		}
		if m, err = sheet.CheckMap(path, s.im.Limits, sheet.Options{Map: req.Map, Mode: imp.Mode, Defaults: defaults}); err != nil {
			return mappingRefused(err)
		}
		if !req.Remember {
			return nil
		}
		pv, err := sheet.PreviewFile(path, s.im.Limits)
		if err == nil {
			signature = pv.Signature
		}
		return err
	})
	if err != nil {
		return err
	}
	if req.Remember {
		saved := importer.SavedMapping{TenantID: a.tenant.ID, Signature: signature, Map: m, CreatedBy: a.user.Email}
		if err := s.store.SaveMapping(r.Context(), &saved); err != nil {
			return err
		}
	}
	// Only one request takes the import out of state mapping: a second one (another tab, a
	// double click) finds it checking and is told so.
	imp, err = s.im.MapColumns(r.Context(), a.tenant, imp.ID, m, defaults, a.user.Email)
	if err != nil {
		return err
	}
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
		"columns":  obj{"type": "array", "items": column},
		"missing":  obj{"type": "array", "items": str, "description": "keys of required fields no suggestion fills"},
		"identity": obj{"type": "array", "items": str, "description": "in create and update mode, the keys of the fields (account_number, email, mobile) a column of which lets a file without the required columns update the columns it has; empty in create mode"},
		"targets":  obj{"type": "array", "items": target},
		"defaults": obj{"type": "object", "additionalProperties": str, "description": "the import's values for blank cells, by field key"}}}
}
