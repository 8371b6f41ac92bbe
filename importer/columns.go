package importer

import (
	"context"
	"fmt"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// ColumnPlan is how a file's columns are to be read, decided before any row is: as they are,
// with a mapping the tenant saved for the file's header row, or not until someone maps them.
type ColumnPlan struct {
	// Preview is the file's preview (with the map PlanColumns was given); nil when the file
	// could not be previewed, which the check then fails with the reader's reason.
	Preview *sheet.Preview
	// Saved is the tenant's saved mapping the file is to be read with, nil for none; Note is
	// then the warning that says so, for StageOptions.Note.
	Saved *SavedMapping
	Note  string
	// NeedsMapping says the file's columns are not all recognised: it waits for its mapping.
	NeedsMapping bool
	// Problem says why a saved mapping could not be used (it could not be read, or no longer
	// reads the file), for the log; the plan stands without it.
	Problem error
}

// PlanColumns decides what becomes of the file at path, to be imported in opt.Mode, from a preview
// of its first rows: one whose columns are all recognised — with opt.Map, a map the person gave,
// over recognition — is read as it is; else one whose header row the tenant mapped before is read with
// that mapping, when no map was given; any other waits for its columns to be mapped. It is the
// one decision of the page's upload and the CLI's import. With a given map it returns sheet's
// EFile errors, for a map that does not fit the file's header row or a file that cannot be read;
// without one such a file is to be checked, which fails with the reader's reason.
func PlanColumns(ctx context.Context, m Mappings, tenantID int64, path string, limits sheet.Limits, opt sheet.Options) (ColumnPlan, error) {
	var plan ColumnPlan
	given := opt.Map
	pv, err := sheet.PreviewWith(path, limits, opt)
	if err != nil {
		if len(given) > 0 {
			return plan, err
		}
		return plan, nil
	}
	plan.Preview = pv
	if pv.ReadyFor(opt.Mode) {
		return plan, nil
	}
	plan.NeedsMapping = true
	if len(given) > 0 {
		return plan, nil
	}
	saved, err := m.SavedMapping(ctx, tenantID, pv.Signature)
	switch {
	case err == nil:
		// A saved mapping that no longer reads the file (it cannot, with the same headers,
		// unless the catalogue changed) is not used: the person maps the file again.
		if _, err := sheet.CheckMap(path, limits, sheet.Options{Map: saved.Map, Mode: opt.Mode, Defaults: opt.Defaults}); err != nil {
			plan.Problem = fmt.Errorf("saved column mapping %s does not read the file: %w", pv.Signature, err)
			return plan, nil
		}
		plan.Saved, plan.NeedsMapping = &saved, false
		plan.Note = fmt.Sprintf("Columns mapped as saved on %s for files with these headers.", saved.UpdatedAt.Format(time.DateOnly))
	case customer.ErrorCodeOf(err) != customer.ENotFound:
		plan.Problem = fmt.Errorf("read saved column mapping: %w", err)
	}
	return plan, nil
}
