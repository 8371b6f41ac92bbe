package web

import (
	"context"
	"net/http"

	"github.com/clientele/clientele/customer"
)

// tenantSettings changes the shop's settings.
type tenantSettings interface {
	// UpdateTenant makes change to the tenant's settings, records it in the audit log as done by
	// actor, and returns the tenant as it now is; EInvalid for a change
	// customer.TenantChange.Apply refuses.
	UpdateTenant(ctx context.Context, id int64, change customer.TenantChange, actor string) (customer.Tenant, error)
}

// settingsBody is what GET and PATCH /api/tenant answer: the shop's settings and the countries
// it may choose from (ISO codes; the page names them in its language).
type settingsBody struct {
	tenantBody
	Countries []string `json:"countries"`
}

func settingsOf(t customer.Tenant) settingsBody {
	return settingsBody{tenantBody: tenantOf(t), Countries: customer.Countries()}
}

// handleTenant answers the shop's settings, to every signed-in user: the page shows the name and
// formats by the country and language.
func (s *Server) handleTenant(w http.ResponseWriter, r *http.Request, a *actor) error {
	writeJSON(w, http.StatusOK, settingsOf(a.tenant))
	return nil
}

// handleUpdateTenant changes the shop's name, country or language ({"country": "PL"}; a field
// left out stays as it is). Checks and imports staged from now on use the new country and
// language.
func (s *Server) handleUpdateTenant(w http.ResponseWriter, r *http.Request, a *actor) error {
	var in struct {
		Name     *string `json:"name"`
		Country  *string `json:"country"`
		Language *string `json:"language"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if in.Name == nil && in.Country == nil && in.Language == nil {
		return customer.Errorf(customer.EInvalid, "Send the settings to change: name, country or language, such as {\"country\": \"PL\"}.")
	}
	t, err := s.store.UpdateTenant(r.Context(), a.tenant.ID, customer.TenantChange{Name: in.Name, Country: in.Country, Language: in.Language}, a.user.Email)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settingsOf(t))
	return nil
}
