package record

import (
	"context"

	"github.com/clientele/clientele/customer"
)

// Entry is one change in a customer's history, with the name of the file of the import that
// made it (or that the undo took back) and the platform whose export the file was recognised as
// ("" for none).
type Entry struct {
	customer.HistoryEntry
	FileName string
	Platform string
}

// History returns the customer's history, oldest first: every import, edit and undo that
// touched it, with who, when, and the values before and after. It fails with ENotFound when the
// tenant has no such customer.
func (s *Service) History(ctx context.Context, t customer.Tenant, id int64) ([]Entry, error) {
	revs, err := s.Store.CustomerRevisions(ctx, t.ID, id)
	if err != nil {
		return nil, err
	}
	imports := map[int64]customer.Import{}
	hist := customer.HistoryOf(revs)
	out := make([]Entry, len(hist))
	for i, h := range hist {
		out[i].HistoryEntry = h
		if h.ImportID == 0 {
			continue
		}
		imp, ok := imports[h.ImportID]
		if !ok {
			var err error
			if imp, err = s.Store.Import(ctx, t.ID, h.ImportID); err != nil {
				return nil, err
			}
			imports[h.ImportID] = imp
		}
		out[i].FileName, out[i].Platform = imp.FileName, platformOf(imp)
	}
	return out, nil
}

// platformOf returns the platform whose export an import's file was recognised as, "" for none.
func platformOf(imp customer.Import) string {
	for _, n := range imp.Notices {
		if n.Msg == "warn_recognised" {
			return n.Args["source"]
		}
	}
	return ""
}
