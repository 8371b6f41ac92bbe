package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/clientele/clientele/customer"
)

// userLanguages keeps the language each user chose.
type userLanguages interface {
	// SetUserLanguage stores the language a user chose (one of customer.Languages, or "" for the
	// tenant's); EInvalid for any other.
	SetUserLanguage(ctx context.Context, userID int64, lang string) error
}

// languageOf is the language u sees the page, the template and messages in: their own choice,
// else their tenant's, else English. A user who never chose follows the shop, so an owner who
// switches the shop to Norwegian switches every such colleague with it.
func languageOf(u customer.User, t customer.Tenant) string {
	if customer.KnownLanguage(u.Language) {
		return u.Language
	}
	if customer.KnownLanguage(t.Language) {
		return t.Language
	}
	return customer.Languages[0]
}

// handleSetLanguage stores the language the user chose for themselves ({"language": "nb"}; ""
// goes back to the tenant's) and answers /api/me as it now is. The choice belongs to the user,
// not the session, so it follows them to every browser they log in from.
func (s *Server) handleSetLanguage(w http.ResponseWriter, r *http.Request, a *actor) error {
	var in struct {
		Language *string `json:"language"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if in.Language == nil {
		return customer.Errorf(customer.EInvalid, "Send {\"language\": \"nb\"}: one of %s, or \"\" for the shop's language.", strings.Join(customer.Languages, ", "))
	}
	lang := strings.ToLower(strings.TrimSpace(*in.Language))
	if err := s.store.SetUserLanguage(r.Context(), a.user.ID, lang); err != nil {
		return err
	}
	a.user.Language = lang
	writeJSON(w, http.StatusOK, meOf(a.user, a.tenant, a.session))
	return nil
}
