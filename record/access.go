package record

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// Report is everything Clientele holds about one customer: the answer to a request of access
// (GDPR Art. 15). Its JSON is what `clientele customer export` prints and
// GET /api/customers/{id}/export answers; fields are only ever added.
type Report struct {
	GeneratedAt time.Time      `json:"generated_at"`
	Shop        string         `json:"shop"` // the shop group's name
	Customer    ReportCustomer `json:"customer"`
	History     []ReportEntry  `json:"history"`
	// Imports are the imports that carried the customer (created, updated or named it and were
	// undone), oldest first.
	Imports []ReportImport `json:"imports"`
}

// ReportCustomer is the customer's stored values, field by field in catalogue order.
type ReportCustomer struct {
	ID        int64         `json:"id"`
	Fields    []ReportField `json:"fields"`
	Consent   Consent       `json:"consent"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// ReportField is one field of the customer: its key, its header in the report's language and the
// stored value.
type ReportField struct {
	Key    string `json:"key"`
	Header string `json:"header"`
	Value  string `json:"value"`
}

// ReportEntry is one entry of the customer's history.
type ReportEntry struct {
	At       time.Time         `json:"at"`
	Actor    string            `json:"actor"`
	Action   customer.Action   `json:"action"`
	ImportID int64             `json:"import_id"`
	FileName string            `json:"file_name"`
	Changes  []customer.Change `json:"changes"`
}

// ReportImport is an import that carried the customer.
type ReportImport struct {
	ID          int64          `json:"id"`
	FileName    string         `json:"file_name"`
	FileSHA256  string         `json:"file_sha256"`
	State       customer.State `json:"state"`
	CreatedBy   string         `json:"created_by"`
	CreatedAt   time.Time      `json:"created_at"`
	ConfirmedBy string         `json:"confirmed_by"`
	ConfirmedAt *time.Time     `json:"confirmed_at"`
}

// Access returns everything held about one customer, its field headers in lang (en, nb or pl).
// It fails with ENotFound when the tenant has no such customer.
func (s *Service) Access(ctx context.Context, t customer.Tenant, id int64, lang string) (Report, error) {
	c, err := s.Store.Customer(ctx, t.ID, id)
	if err != nil {
		return Report{}, err
	}
	hist, err := s.History(ctx, t, id)
	if err != nil {
		return Report{}, err
	}
	rep := Report{GeneratedAt: s.now(), Shop: t.Name, History: []ReportEntry{}, Imports: []ReportImport{},
		Customer: ReportCustomer{ID: c.ID, UpdatedAt: c.UpdatedAt, Consent: ConsentOf(&c, hist)}}
	for i, f := range customer.Fields {
		rep.Customer.Fields = append(rep.Customer.Fields, ReportField{Key: f.Key, Header: customer.FieldTextIn(lang, i).Header, Value: c.Values[i]})
	}
	var ids []int64
	for _, h := range hist {
		rep.History = append(rep.History, ReportEntry{At: h.At, Actor: h.Actor, Action: h.Action, ImportID: h.ImportID,
			FileName: h.FileName, Changes: h.Changes})
		if h.ImportID != 0 && !slices.Contains(ids, h.ImportID) {
			ids = append(ids, h.ImportID)
		}
	}
	for _, iid := range ids {
		imp, err := s.Store.Import(ctx, t.ID, iid)
		if err != nil {
			return Report{}, err
		}
		ri := ReportImport{ID: imp.ID, FileName: imp.FileName, FileSHA256: imp.FileSHA256, State: imp.State,
			CreatedBy: imp.CreatedBy, CreatedAt: imp.CreatedAt, ConfirmedBy: imp.ConfirmedBy}
		if !imp.ConfirmedAt.IsZero() {
			at := imp.ConfirmedAt
			ri.ConfirmedAt = &at
		}
		rep.Imports = append(rep.Imports, ri)
	}
	return rep, nil
}

// AuditAccess records in the audit log that user took a customer's access report, naming the
// customer by id only.
func (s *Service) AuditAccess(ctx context.Context, a importer.Auditor, t customer.Tenant, id int64, user string) error {
	return a.AddAudit(ctx, &customer.AuditEntry{TenantID: t.ID, Actor: user, Action: "customer_export", At: s.now(),
		Detail: fmt.Sprintf("Exported everything held about customer %d.", id)})
}
