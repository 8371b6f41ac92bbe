package importer

import (
	"context"
	"fmt"

	"github.com/clientele/clientele/customer"
)

// UndoOptions are the user's choices for an undo.
type UndoOptions struct {
	// Force undoes the conflicting customers too: a customer the import created and someone
	// changed since is deleted all the same, and one it updated gets its values from before the
	// import back, losing the later changes. Customers deleted since, and customers whose old
	// email (or other key) another customer holds now, stay conflicts.
	Force bool
}

// PreviewUndo tells what undoing a tenant's import would do, without doing it: how many
// customers it would delete (those the import created) and put back (those it updated), and the
// conflicts — customers changed since the import, which undo leaves alone unless forced. An
// import undone already previews as nothing to do. It fails with ENotFound for an import not in
// the tenant and with EConflict for an import that was never committed.
//
// Clientele keeps no sales or other records that refer to customers, so deleting a created
// customer deletes nothing else; customer.UndoExplanation says so to the user.
func (im *Importer) PreviewUndo(ctx context.Context, t customer.Tenant, importID int64) (customer.UndoReport, error) {
	imp, err := im.Store.Import(ctx, t.ID, importID)
	if err != nil {
		return customer.UndoReport{}, err
	}
	if imp.State == customer.StateUndone {
		return customer.UndoReport{ImportID: imp.ID, State: imp.State}, nil
	}
	if err := undoable(imp); err != nil {
		return customer.UndoReport{}, err
	}
	plan, err := im.planUndo(ctx, im.Store, t, imp, false)
	if err != nil {
		return customer.UndoReport{}, fmt.Errorf("preview undo of import %d: %w", importID, err)
	}
	return customer.ReportOf(imp, plan, false), nil
}

// Undo takes a committed import back: the customers it created are deleted, and the customers it
// updated get their values (and time stamps) from before it back. Customers changed since the
// import are conflicts, left as they are unless opt.Force (see UndoOptions). A later import that
// changed the same customer makes it a conflict too: any committed import may be undone, in any
// order, and what was done after it is never overwritten silently.
//
// It runs in one transaction under the tenant's commit lock, so it is atomic and never
// interleaves with a confirm or another undo; it records an "undo" entry in the audit log with
// the counts, in the same transaction. Undoing an undone import returns its report with Done
// false and changes nothing. It fails with ENotFound for an import not in the tenant, with
// EConflict for an import that was never committed (staged, checking, failed or discarded), and
// with EConflict when the store refuses a restore (a key taken meanwhile), keeping nothing.
func (im *Importer) Undo(ctx context.Context, t customer.Tenant, importID int64, user string, opt UndoOptions) (customer.UndoReport, error) {
	return im.undo(ctx, t, importID, customer.StateCommitted, user, opt)
}

// undo takes back an import in state from: committed (an undo in this process) or undoing (the
// job of an undo asked for by RequestUndo).
func (im *Importer) undo(ctx context.Context, t customer.Tenant, importID int64, from customer.State, user string, opt UndoOptions) (customer.UndoReport, error) {
	var rep customer.UndoReport
	_, err := im.locked(ctx, t, importID, func(q Queries, imp customer.Import) (customer.Import, error) {
		if imp.State == customer.StateUndone {
			rep = customer.UndoReport{ImportID: imp.ID, State: imp.State}
			return imp, nil
		}
		if imp.State != from {
			if err := undoable(imp); err != nil {
				return imp, err
			}
			return imp, customer.Errorf(customer.EConflict, "Import %d is %s; it is no longer %s.", imp.ID, imp.State, from)
		}
		plan, err := im.planUndo(ctx, q, t, imp, opt.Force)
		if err != nil {
			return imp, err
		}
		// Deletes first: a restored customer may take back a key a deleted one had taken.
		if err := q.DeleteCustomers(ctx, t.ID, plan.Delete); err != nil {
			return imp, err
		}
		if err := q.RestoreCustomers(ctx, t.ID, plan.Restore); err != nil {
			return imp, err
		}
		at := im.now().UTC()
		for i := range plan.Revisions {
			plan.Revisions[i].ImportID, plan.Revisions[i].Actor, plan.Revisions[i].At = imp.ID, user, at
		}
		if err := q.AddRevisions(ctx, plan.Revisions); err != nil {
			return imp, err
		}
		imp.State, imp.Progress, imp.Failure, imp.FailureMsg = customer.StateUndone, customer.Progress{}, "", nil
		if err := q.SaveImport(ctx, imp, from); err != nil {
			return imp, err
		}
		rep = customer.ReportOf(imp, plan, opt.Force)
		rep.Done, rep.At = true, at
		detail := fmt.Sprintf("Deleted %d created customers, restored %d updated customers; %d conflicts kept, %d undone anyway.",
			rep.Delete, rep.Restore, rep.Kept(), len(rep.Conflicts)-rep.Kept())
		return imp, audit(ctx, q, user, "undo", imp, detail)
	})
	if err != nil {
		return customer.UndoReport{}, fmt.Errorf("undo import %d: %w", importID, err)
	}
	return rep, nil
}

// undoable refuses imports that committed nothing.
func undoable(imp customer.Import) error {
	switch imp.State {
	case customer.StateCommitted:
		return nil
	case customer.StateDiscarded:
		return customer.Errorf(customer.EConflict, "Import %d was discarded; it changed no customers, so there is nothing to undo.", imp.ID)
	default:
		return customer.Errorf(customer.EConflict, "Import %d is %s, not committed; there is nothing to undo.", imp.ID, imp.State)
	}
}

// planUndo reads what undo needs through q — the revisions, the customers they name as stored
// now, and who holds the keys the updated customers had before — and plans the undo.
func (im *Importer) planUndo(ctx context.Context, q undoReads, t customer.Tenant, imp customer.Import, force bool) (customer.UndoPlan, error) {
	revs, err := q.Revisions(ctx, t.ID, imp.ID)
	if err != nil {
		return customer.UndoPlan{}, err
	}
	ids := make([]int64, len(revs))
	var keys []customer.Keys
	for i := range revs {
		ids[i] = revs[i].CustomerID
		if !revs[i].Created {
			keys = append(keys, customer.KeysOf(&revs[i].Before))
		}
	}
	current, err := q.CustomersByID(ctx, t.ID, ids)
	if err != nil {
		return customer.UndoPlan{}, err
	}
	var holders []customer.Customer
	for lo := 0; lo < len(keys); lo += lookupBatch {
		cs, err := q.Customers(ctx, t.ID, keys[lo:min(lo+lookupBatch, len(keys))])
		if err != nil {
			return customer.UndoPlan{}, err
		}
		holders = append(holders, cs...)
	}
	return customer.PlanUndo(revs, current, holders, force), nil
}

// LastUndoable returns the tenant's most recently committed import that is not undone: what
// `clientele undo --last` takes back. It fails with ENotFound when there is none.
func (im *Importer) LastUndoable(ctx context.Context, t customer.Tenant) (customer.Import, error) {
	const page = 200
	var last customer.Import
	for offset := 0; ; offset += page {
		imps, total, err := im.Store.Imports(ctx, t.ID, offset, page)
		if err != nil {
			return customer.Import{}, err
		}
		for _, imp := range imps {
			if imp.State == customer.StateCommitted && (last.ID == 0 || imp.ConfirmedAt.After(last.ConfirmedAt) ||
				(imp.ConfirmedAt.Equal(last.ConfirmedAt) && imp.ID > last.ID)) {
				last = imp
			}
		}
		if offset+page >= total {
			break
		}
	}
	if last.ID == 0 {
		return customer.Import{}, customer.Errorf(customer.ENotFound, "There is no committed import to undo.")
	}
	return last, nil
}
