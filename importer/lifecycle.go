package importer

import (
	"context"

	"github.com/clientele/clientele/customer"
)

// Discard throws an import away — staged, being checked, waiting for its column mapping or
// failed — with its uploaded file: nothing of it will be committed. It runs under the
// tenant's commit lock, so that a discard and a confirm of the same import at the same moment
// end as one or the other, never a committed import marked discarded. user is who discards it,
// for the audit log.
func (im *Importer) Discard(ctx context.Context, t customer.Tenant, importID int64, user string) (customer.Import, error) {
	return im.locked(ctx, t, importID, func(q Queries, imp customer.Import) (customer.Import, error) {
		switch imp.State {
		case customer.StateDiscarded:
			return imp, nil
		case customer.StateCommitted, customer.StateUndone:
			return imp, customer.Errorf(customer.EConflict, "Import %d was already committed; it cannot be discarded.", imp.ID)
		}
		from := imp.State
		imp.State, imp.Progress = customer.StateDiscarded, customer.Progress{}
		if err := q.SaveImport(ctx, imp, from); err != nil {
			return imp, err
		}
		// A check still running for it finds it discarded when it ends, and keeps nothing.
		if err := q.DeleteFile(ctx, imp.ID); err != nil {
			return imp, err
		}
		return imp, audit(ctx, q, user, "discard", imp, "")
	})
}

// locked runs fn on the tenant's import under the tenant's commit lock, in one transaction, and
// answers the import fn returns. Everything that changes an import's rows or state goes through
// it (or, for EditRow, through the same lock), so that confirm, discard, validate and edits of
// one import happen one after the other.
func (im *Importer) locked(ctx context.Context, t customer.Tenant, importID int64, fn func(q Queries, imp customer.Import) (customer.Import, error)) (customer.Import, error) {
	var out customer.Import
	err := im.Store.Commit(ctx, t.ID, func(q Queries) error {
		imp, err := q.Import(ctx, t.ID, importID)
		if err != nil {
			return err
		}
		out, err = fn(q, imp)
		return err
	})
	if err != nil {
		return customer.Import{}, err
	}
	return out, nil
}

// audit records an action on an import in the tenant's audit log.
func audit(ctx context.Context, q Auditor, actor, action string, imp customer.Import, detail string) error {
	return q.AddAudit(ctx, &customer.AuditEntry{TenantID: imp.TenantID, Actor: actor, Action: action,
		ImportID: imp.ID, FileName: imp.FileName, FileSHA256: imp.FileSHA256, Summary: imp.Summary, Detail: detail})
}

// AuditExport records that user exported the tenant's customers to a file called name.
func AuditExport(ctx context.Context, s Auditor, t customer.Tenant, user, name string) error {
	return s.AddAudit(ctx, &customer.AuditEntry{TenantID: t.ID, Actor: user, Action: "export", FileName: name})
}
