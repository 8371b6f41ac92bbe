package record

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/clientele/clientele/customer"
)

// Consent is a customer's marketing consent with its provenance.
type Consent struct {
	Email ConsentState `json:"email"`
	SMS   ConsentState `json:"sms"`
}

// ConsentState is one channel's consent: yes, no or unknown (customer.ConsentState), when it
// was last given or withdrawn (nil when not known) and where from: the import and its file (and
// platform), or the user's edit, that last changed it; "" when not known.
type ConsentState struct {
	State     string     `json:"state"`
	ChangedAt *time.Time `json:"changed_at"`
	Source    string     `json:"source"`
	// Origin is Source's parts, for a page to say it in its reader's language; nil when not
	// known.
	Origin *Origin `json:"origin"`
}

// Origin is the change in the history a consent comes from.
type Origin struct {
	Action   customer.Action `json:"action"`
	ImportID int64           `json:"import_id"`
	FileName string          `json:"file_name"`
	Platform string          `json:"platform"`
	Actor    string          `json:"actor"`
}

// ConsentOf returns the customer's consent from its values, with the source of each from its
// history (oldest first); without a history, the sources are left blank.
func ConsentOf(c *customer.Customer, hist []Entry) Consent {
	states := [2]ConsentState{}
	for k, cf := range customer.ConsentFields {
		st := ConsentState{State: customer.ConsentState(&c.Values, cf.Consent, cf.Date)}
		if t, err := time.Parse(time.RFC3339, c.Values[cf.Date]); err == nil {
			st.ChangedAt = &t
		}
		keys := []string{customer.Fields[cf.Consent].Key, customer.Fields[cf.Date].Key}
		for i := len(hist) - 1; i >= 0; i-- {
			if slices.ContainsFunc(hist[i].Changes, func(ch customer.Change) bool { return slices.Contains(keys, ch.Field) }) {
				e := hist[i]
				st.Source = SourceOf(e)
				st.Origin = &Origin{Action: e.Action, ImportID: e.ImportID, FileName: e.FileName, Platform: e.Platform, Actor: e.Actor}
				break
			}
		}
		states[k] = st
	}
	return Consent{Email: states[0], SMS: states[1]}
}

// SourceOf says where a change in the history came from, in English: "import 12 of kunder.csv
// (Shopify customer export)", "edit by kari@butikk.no", "created by kari@butikk.no", "undo of
// import 12 by kari@butikk.no".
func SourceOf(e Entry) string {
	switch e.Action {
	case customer.ActionImport:
		s := fmt.Sprintf("import %d of %s", e.ImportID, e.FileName)
		if e.Platform != "" {
			s += " (" + e.Platform + ")"
		}
		return s
	case customer.ActionEdit:
		return "edit by " + e.Actor
	case customer.ActionCreate:
		return "created by " + e.Actor
	case customer.ActionUndo:
		return fmt.Sprintf("undo of import %d by %s", e.ImportID, e.Actor)
	}
	return string(e.Action)
}

// Consent returns a stored customer's consent with the sources from its history.
func (s *Service) Consent(ctx context.Context, t customer.Tenant, c *customer.Customer) (Consent, error) {
	hist, err := s.History(ctx, t, c.ID)
	if err != nil {
		return Consent{}, err
	}
	return ConsentOf(c, hist), nil
}
