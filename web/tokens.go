package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/customer"
)

// tokenStore keeps the API tokens. Creating and revoking are audited by the store.
type tokenStore interface {
	// CreateToken stores a token of its user's tenant; EConflict when the name is taken.
	CreateToken(ctx context.Context, t *customer.APIToken, actor string) error
	// Tokens lists the tenant's tokens by name.
	Tokens(ctx context.Context, tenantID int64) ([]customer.APIToken, error)
	// RevokeToken deletes the tenant's token of that name; ENotFound when there is none.
	RevokeToken(ctx context.Context, tenantID int64, name, actor string) error
}

// tokenBody is an API token as listed; Token, the secret itself, only in the answer that made it.
type tokenBody struct {
	Name       string     `json:"name"`
	Email      string     `json:"email"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"` // null when never used
	Expired    bool       `json:"expired"`
	Token      string     `json:"token,omitempty"`
}

func (s *Server) tokenOf(t customer.APIToken) tokenBody {
	b := tokenBody{Name: t.Name, Email: t.UserEmail, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt,
		Expired: !s.now().Before(t.ExpiresAt)}
	if !t.LastUsedAt.IsZero() {
		used := t.LastUsedAt
		b.LastUsedAt = &used
	}
	return b
}

// handleTokens lists the shop's API tokens, expired ones included.
func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request, a *actor) error {
	list, err := s.store.Tokens(r.Context(), a.tenant.ID)
	if err != nil {
		return err
	}
	out := struct {
		Tokens []tokenBody `json:"tokens"`
	}{Tokens: make([]tokenBody, 0, len(list))}
	for _, t := range list {
		out.Tokens = append(out.Tokens, s.tokenOf(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleCreateToken makes an API token ({"name", "email", "expires"}: the user it acts as, the
// requester by default; its lifetime as "90d" or "36h", 90 days by default) and answers it once.
func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request, a *actor) error {
	var in struct {
		Name    string `json:"name"`
		Email   string `json:"email"`
		Expires string `json:"expires"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	ttl := customer.DefaultTokenTTL
	if strings.TrimSpace(in.Expires) != "" {
		var err error
		if ttl, err = customer.ParseTokenTTL(in.Expires); err != nil {
			return err
		}
	}
	u := a.user
	if email := strings.TrimSpace(in.Email); email != "" && !strings.EqualFold(email, a.user.Email) {
		var err error
		u, err = s.store.UserByEmail(r.Context(), email)
		if customer.ErrorCodeOf(err) == customer.ENotFound || (err == nil && u.TenantID != a.tenant.ID) {
			return customer.Errorf(customer.ENotFound, "This shop group has no user %s.", email)
		}
		if err != nil {
			return err
		}
	}
	plain, hash, err := access.NewSecret()
	if err != nil {
		return err
	}
	t := customer.APIToken{TokenHash: hash, UserID: u.ID, Name: strings.TrimSpace(in.Name), ExpiresAt: s.now().Add(ttl)}
	if err := s.store.CreateToken(r.Context(), &t, a.user.Email); err != nil {
		return err
	}
	b := s.tokenOf(t)
	b.Token = plain
	writeJSON(w, http.StatusCreated, b)
	return nil
}

// handleRevokeToken deletes the shop's API token of that name: it no longer works.
func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request, a *actor) error {
	if err := s.store.RevokeToken(r.Context(), a.tenant.ID, r.PathValue("name"), a.user.Email); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
