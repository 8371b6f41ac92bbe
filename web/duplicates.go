package web

import (
	"net/http"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/duplicates"
)

// The customer base's duplicates: clusters, merges and their undo, dismissed pairs (duplicates).

type pairBody struct {
	A       int64    `json:"a"`
	B       int64    `json:"b"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
}

type clusterBody struct {
	Score     float64        `json:"score"`
	Customers []customerBody `json:"customers"`
	Pairs     []pairBody     `json:"pairs"`
}

func clusterOf(c duplicates.Cluster) clusterBody {
	b := clusterBody{Score: c.Score, Customers: make([]customerBody, 0, len(c.Customers)), Pairs: make([]pairBody, 0, len(c.Pairs))}
	for _, cu := range c.Customers {
		b.Customers = append(b.Customers, customerOf(cu))
	}
	for _, p := range c.Pairs {
		b.Pairs = append(b.Pairs, pairBody{A: p.A, B: p.B, Score: p.Score, Reasons: p.Reasons})
	}
	return b
}

// mergeBody is a merge as the API shows it: who was merged into whom, and whether it was undone.
type mergeBody struct {
	ID          int64      `json:"id"`
	IntoID      int64      `json:"into_id"`
	FromID      int64      `json:"from_id"`
	IntoAccount string     `json:"into_account"` // the kept customer's account number after the merge
	FromAccount string     `json:"from_account"`
	IntoName    string     `json:"into_name"`
	FromName    string     `json:"from_name"`
	Actor       string     `json:"actor"`
	At          time.Time  `json:"at"`
	UndoneAt    *time.Time `json:"undone_at"`
	UndoneBy    string     `json:"undone_by"`
}

func mergeOf(m customer.Merge) mergeBody {
	b := mergeBody{ID: m.ID, IntoID: m.IntoID, FromID: m.FromID, IntoAccount: m.IntoAfter[customer.FAccount],
		FromAccount: m.From[customer.FAccount], IntoName: customer.DisplayName(&m.IntoAfter), FromName: customer.DisplayName(&m.From),
		Actor: m.Actor, At: m.At, UndoneBy: m.UndoneBy}
	if !m.UndoneAt.IsZero() {
		at := m.UndoneAt
		b.UndoneAt = &at
	}
	return b
}

func (s *Server) handleDuplicates(w http.ResponseWriter, r *http.Request, a *actor) error {
	offset, limit, err := page(r, 100, 1000)
	if err != nil {
		return err
	}
	cs, err := s.dupes.Clusters(r.Context(), a.tenant)
	if err != nil {
		return err
	}
	out := []clusterBody{}
	for i := offset; i < len(cs) && i < offset+limit; i++ {
		out = append(out, clusterOf(cs[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"clusters": out, "total": len(cs), "offset": offset, "limit": limit})
	return nil
}

// mergeRequest is the body of POST /api/customers/{id}/merge.
type mergeRequest struct {
	From   int64             `json:"from"`
	Fields map[string]string `json:"fields"`
}

func (s *Server) handleMerge(w http.ResponseWriter, r *http.Request, a *actor) error {
	into, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// Another shop's customer is not found, whatever the body says.
	if _, err := s.store.Customer(r.Context(), a.tenant.ID, into); err != nil {
		return err
	}
	var req mergeRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if req.From <= 0 {
		return customer.Errorf(customer.EInvalid, "from must name the customer to merge into this one.")
	}
	m, err := s.dupes.Merge(r.Context(), a.tenant, into, req.From, req.Fields, a.user.Email)
	if err != nil {
		return err
	}
	c, err := s.store.Customer(r.Context(), a.tenant.ID, into)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"merge": mergeOf(m), "customer": customerOf(c)})
	return nil
}

func (s *Server) handleUndoMerge(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.dupes.UndoMerge(r.Context(), a.tenant, id, a.user.Email)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, mergeOf(m))
	return nil
}

func (s *Server) handleMerges(w http.ResponseWriter, r *http.Request, a *actor) error {
	offset, limit, err := page(r, 50, 500)
	if err != nil {
		return err
	}
	ms, total, err := s.dupes.Merges(r.Context(), a.tenant, offset, limit)
	if err != nil {
		return err
	}
	out := make([]mergeBody, 0, len(ms))
	for _, m := range ms {
		out = append(out, mergeOf(m))
	}
	writeJSON(w, http.StatusOK, map[string]any{"merges": out, "total": total, "offset": offset, "limit": limit})
	return nil
}

// dismissRequest is the body of POST /api/duplicates/dismiss.
type dismissRequest struct {
	A int64 `json:"a"`
	B int64 `json:"b"`
}

func (s *Server) handleDismissDuplicates(w http.ResponseWriter, r *http.Request, a *actor) error {
	var req dismissRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if err := s.dupes.Dismiss(r.Context(), a.tenant, req.A, req.B, a.user.Email); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleRowDuplicate(w http.ResponseWriter, r *http.Request, a *actor) error {
	// Another shop's import is not found, whatever the body says.
	imp, err := s.pathImport(r, a)
	if err != nil {
		return err
	}
	rowNum, err := pathRow(r)
	if err != nil {
		return err
	}
	var c customer.DuplicateChoice
	if err := readJSON(r, &c); err != nil {
		return err
	}
	row, err := s.im.ChooseDuplicate(r.Context(), a.tenant, imp.ID, rowNum, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rowOf(row, languageOf(a.user, a.tenant)))
	return nil
}
