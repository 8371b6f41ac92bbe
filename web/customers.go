package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sheet"
)

// customerBrowser reads a tenant's customers for the customer pages; export reads them with
// importer.Export (importer.CustomerLister) and records itself (importer.Auditor).
type customerBrowser interface {
	// SearchCustomers returns a page of the tenant's customers, in order (one of customer.Orders,
	// "-" before it for descending; by name as the tenant's language sorts names; EInvalid for
	// another),
	// that query finds as customer.ParseSearch reads it in the tenant's country — every word in
	// any order, a phone number however it is written (all customers when query is "") — with
	// the total count of matches.
	SearchCustomers(ctx context.Context, tenantID int64, query string, order customer.Order, offset, limit int) ([]customer.Customer, int, error)
	// Customer returns one customer of the tenant; ENotFound when there is none in that tenant.
	Customer(ctx context.Context, tenantID, customerID int64) (customer.Customer, error)
	importer.CustomerLister
	importer.Auditor
}

// auditLog reads the tenant's audit log.
type auditLog interface {
	// Audit returns a page of the tenant's audit log, newest first, with the total count.
	Audit(ctx context.Context, tenantID int64, offset, limit int) ([]customer.AuditEntry, int, error)
}

func (s *Server) handleCustomers(w http.ResponseWriter, r *http.Request, a *actor) error {
	offset, limit, err := page(r, 50, 500)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		return customer.Errorf(customer.EInvalid, "The search text is too long (at most 200 characters).")
	}
	order := customer.Order(r.URL.Query().Get("sort"))
	if _, _, ok := order.Field(); !ok {
		return customer.Errorf(customer.EInvalid, "sort must be account, name, email or updated, with - before it for descending.")
	}
	cs, total, err := s.store.SearchCustomers(r.Context(), a.tenant.ID, q, order, offset, limit)
	if err != nil {
		return err
	}
	out := make([]customerBody, 0, len(cs))
	for _, c := range cs {
		out = append(out, customerOf(c))
	}
	writeJSON(w, http.StatusOK, map[string]any{"customers": out, "total": total, "offset": offset, "limit": limit})
	return nil
}

func (s *Server) handleCustomer(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.Customer(r.Context(), a.tenant.ID, id)
	if err != nil {
		return err
	}
	return s.writeCustomer(w, r, a, http.StatusOK, c)
}

// handleExport streams every customer as .xlsx or .csv, with headers in ?lang= (default the
// user's language); a CSV is separated by ?delimiter= (",", ";" or "tab"; default the language's:
// ";" for nb and pl, "," for en).
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request, a *actor) error {
	q := r.URL.Query()
	format := importer.Format(q.Get("format"))
	switch format {
	case "":
		format = importer.FormatXLSX
	case importer.FormatXLSX, importer.FormatCSV:
	default:
		return customer.Errorf(customer.EInvalid, "format must be xlsx or csv.")
	}
	lang, err := requestLanguage(r, a)
	if err != nil {
		return err
	}
	var comma rune
	if d := q.Get("delimiter"); d != "" {
		var ok bool
		if comma, ok = sheet.ParseDelimiter(d); !ok {
			return customer.Errorf(customer.EInvalid, "delimiter must be , or ; or tab.")
		}
	}
	name := "customers-" + time.Now().UTC().Format("2006-01-02") + "." + string(format)
	ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if format == importer.FormatCSV {
		ct = "text/csv; charset=utf-8"
	}
	setAttachment(w, name, ct)
	if err := importer.AuditExport(r.Context(), s.store, a.tenant, a.user.Email, name); err != nil {
		return err
	}
	return importer.Export(r.Context(), s.store, a.tenant, w, importer.ExportOptions{Format: format, Language: lang, Comma: comma})
}

// handleTemplate answers the template in ?lang= (en, nb or pl; default the user's language):
// empty, or with with_customers=true filled with the stored customers (the xlsx export).
func (s *Server) handleTemplate(w http.ResponseWriter, r *http.Request, a *actor) error {
	with := r.URL.Query().Get("with_customers")
	lang, err := requestLanguage(r, a)
	if err != nil {
		return err
	}
	ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	switch with {
	case "", "false", "0":
		setAttachment(w, "clientele-template.xlsx", ct)
		return importer.Template(w, lang)
	case "true", "1":
		setAttachment(w, "customers.xlsx", ct)
		if err := importer.AuditExport(r.Context(), s.store, a.tenant, a.user.Email, "customers.xlsx"); err != nil {
			return err
		}
		return importer.Export(r.Context(), s.store, a.tenant, w, importer.ExportOptions{Format: importer.FormatXLSX, Language: lang})
	}
	return customer.Errorf(customer.EInvalid, "with_customers must be true or false.")
}

// handleFields answers the field catalogue with its texts in ?lang= (en, nb or pl), by default
// the user's language.
func (s *Server) handleFields(w http.ResponseWriter, r *http.Request, a *actor) error {
	lang, err := requestLanguage(r, a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, fieldsBody(lang))
	return nil
}

// requestLanguage returns the language ?lang= names, else the user's (languageOf); EInvalid for
// a language Clientele does not speak.
func requestLanguage(r *http.Request, a *actor) (string, error) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		return languageOf(a.user, a.tenant), nil
	}
	if !customer.KnownLanguage(lang) {
		return "", customer.Errorf(customer.EInvalid, "lang must be one of %s.", strings.Join(customer.Languages, ", "))
	}
	return lang, nil
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request, a *actor) error {
	offset, limit, err := page(r, 50, 500)
	if err != nil {
		return err
	}
	es, total, err := s.store.Audit(r.Context(), a.tenant.ID, offset, limit)
	if err != nil {
		return err
	}
	out := make([]auditBody, 0, len(es))
	for _, e := range es {
		out = append(out, auditBody{ID: e.ID, At: e.At, Actor: e.Actor, Action: e.Action, ImportID: e.ImportID,
			FileName: e.FileName, FileSHA256: e.FileSHA256, Summary: e.Summary, Detail: e.Detail})
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out, "total": total, "offset": offset, "limit": limit})
	return nil
}

func urlPathEscape(s string) string { return url.PathEscape(s) }
