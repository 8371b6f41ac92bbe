package importer

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/clientele/clientele/customer"
)

// An import's state changes here, and only here: each change runs under the tenant's commit
// lock and saves the import only if it is still in the state the change began from
// (Queries.SaveImport's compare-and-set). Background work a change asks for is enqueued in the
// same transaction, so the two commit together.
//
//	(upload)  → checking | mapping
//	mapping   → checking (MapColumns) | failed (expired) | discarded
//	checking  → staged (Stage) | failed (a file that cannot be read) | discarded
//	staged     → checking | mapping (Reupload) | committing (RequestConfirm) | committed (Confirm)
//	             | discarded
//	committing → committed (its job) | staged (its job given up)
//	failed     → checking | mapping (Reupload) | discarded
//	committed  → undoing (RequestUndo) | undone (Undo)
//	undoing    → undone (its job) | committed (its job given up)

// largeFile and largeImport are the upload size and the row count above which an import's jobs
// wait in the large queue: a few thousand rows, far more than a shop's everyday file.
const (
	largeFile   = 1 << 20
	largeImport = 5000
)

// Upload is an uploaded file that becomes an import's file.
type Upload struct {
	Path     string // the file, on this process's disk until Upload or Reupload returns
	FileName string // the name the user gave it, for display
	Mode     customer.Mode
	User     string
	// Map reads the file with a mapping the tenant saved for its header row; Note then says so
	// in the staged import's warnings.
	Map  map[string]string
	Note string
	// Defaults fill the blank cells of every row (checked: sheet.CheckDefaults) and are kept
	// with the import. Reupload keeps the import's own when Defaults is nil.
	Defaults customer.Defaults
	// NeedsMapping keeps the file waiting in state mapping for the user to map its columns,
	// instead of checking it.
	NeedsMapping bool
}

// Upload creates an import for an uploaded file and stores the file with it. The file is then
// checked in the background (state checking), or waits for its columns to be mapped (state
// mapping).
func (im *Importer) Upload(ctx context.Context, t customer.Tenant, up Upload) (customer.Import, error) {
	imp := customer.Import{TenantID: t.ID, FileName: up.FileName, Mode: up.Mode, CreatedBy: up.User, Defaults: up.Defaults}
	err := im.Store.Commit(ctx, t.ID, func(q Queries) error {
		imp.State = customer.StateChecking
		if up.NeedsMapping {
			imp.State = customer.StateMapping
		}
		if err := q.CreateImport(ctx, &imp); err != nil {
			return err
		}
		return im.takeFile(ctx, q, &imp, imp.State, up)
	})
	if err != nil {
		return customer.Import{}, err
	}
	return imp, nil
}

// Reupload replaces the file of a staged or failed import, or of one waiting for its column
// mapping, and checks the new file (or waits for its mapping) as Upload does; the import's rows
// are replaced once it is checked. A mode of "" keeps the import's, and nil Defaults its
// defaults. It fails with EConflict for an import in any other state.
func (im *Importer) Reupload(ctx context.Context, t customer.Tenant, importID int64, up Upload) (customer.Import, error) {
	return im.locked(ctx, t, importID, func(q Queries, imp customer.Import) (customer.Import, error) {
		from := imp.State
		switch from {
		case customer.StateStaged, customer.StateFailed, customer.StateMapping:
		default:
			return imp, customer.Errorf(customer.EConflict, "Import %d is %s; only a staged import can take a new file.", imp.ID, imp.State)
		}
		imp.FileName = up.FileName
		if up.Mode != "" {
			imp.Mode = up.Mode
		}
		if up.Defaults != nil {
			imp.Defaults = up.Defaults
		}
		imp.State = customer.StateChecking
		if up.NeedsMapping {
			imp.State = customer.StateMapping
		}
		return imp, im.takeFile(ctx, q, &imp, from, up)
	})
}

// takeFile stores up's file as imp's, saves imp (in from) with the file's hash, and enqueues the
// check when imp is to be checked.
func (im *Importer) takeFile(ctx context.Context, q Queries, imp *customer.Import, from customer.State, up Upload) error {
	f, err := os.Open(up.Path)
	if err != nil {
		return fmt.Errorf("importer: open upload: %w", err)
	}
	defer f.Close()
	size, sum, err := q.PutFile(ctx, imp.ID, f)
	if err != nil {
		return err
	}
	imp.FileSHA256 = sum
	imp.Failure, imp.FailureMsg, imp.Progress = "", nil, customer.Progress{}
	if imp.State == customer.StateChecking {
		imp.Progress = customer.Progress{Phase: string(PhaseRead)}
	}
	if err := q.SaveImport(ctx, *imp, from); err != nil {
		return err
	}
	if imp.State != customer.StateChecking {
		return nil
	}
	return q.Enqueue(ctx, Job{Kind: JobStage, TenantID: imp.TenantID, ImportID: imp.ID, Large: size > largeFile,
		User: up.User, Map: up.Map, Note: up.Note})
}

// MapColumns takes the user's mapping of an import waiting in state mapping, and the values for
// its blank cells (which replace the import's), and checks its file with them in the background.
// m and defaults must be checked against the file first (sheet.CheckMap with the defaults). It
// fails with EConflict when the import is not waiting for its mapping (mapped in another tab).
func (im *Importer) MapColumns(ctx context.Context, t customer.Tenant, importID int64, m map[string]string, defaults customer.Defaults, user string) (customer.Import, error) {
	return im.locked(ctx, t, importID, func(q Queries, imp customer.Import) (customer.Import, error) {
		if imp.State != customer.StateMapping {
			return imp, customer.Errorf(customer.EConflict, "Import %d is %s; its columns can no longer be mapped.", imp.ID, imp.State)
		}
		size, err := q.FileSize(ctx, imp.ID)
		if err != nil {
			return imp, err
		}
		imp.State, imp.Failure, imp.FailureMsg = customer.StateChecking, "", nil
		imp.Progress = customer.Progress{Phase: string(PhaseRead)}
		imp.Defaults = defaults
		if err := q.SaveImport(ctx, imp, customer.StateMapping); err != nil {
			return imp, err
		}
		return imp, q.Enqueue(ctx, Job{Kind: JobStage, TenantID: imp.TenantID, ImportID: imp.ID, Large: size > largeFile, User: user, Map: m})
	})
}

// moveBack ends background work that cannot be done: an import still in state from goes to
// state to (failed, or the state before a confirm or an undo was asked for), saying why in the
// reader's language where cause carries a message id, and keeps no uploaded file. An import that
// has moved on meanwhile is left as it is.
func (im *Importer) moveBack(ctx context.Context, t customer.Tenant, importID int64, from, to customer.State, cause error) error {
	_, err := im.locked(ctx, t, importID, func(q Queries, imp customer.Import) (customer.Import, error) {
		if imp.State != from {
			return imp, nil
		}
		imp.State, imp.Progress = to, customer.Progress{}
		imp.Failure, imp.FailureMsg = customer.ErrorMessage(cause), customer.NoticeOf(cause)
		if from == customer.StateCommitting {
			imp.ConfirmKey, imp.ConfirmedBy = "", ""
		}
		if err := q.SaveImport(ctx, imp, from); err != nil {
			return imp, err
		}
		return imp, q.DeleteFile(ctx, imp.ID)
	})
	return err
}

// Import returns a tenant's import. One that waited in state mapping longer than KeepMapping
// has expired: it is failed, its file deleted, as it is read (Sweep does the same for those
// nobody reads).
func (im *Importer) Import(ctx context.Context, t customer.Tenant, importID int64) (customer.Import, error) {
	imp, err := im.Store.Import(ctx, t.ID, importID)
	if err != nil || !im.expired(imp) {
		return imp, err
	}
	if err := im.moveBack(ctx, t, imp.ID, customer.StateMapping, customer.StateFailed, im.errMappingExpired()); err != nil {
		return imp, err
	}
	return im.Store.Import(ctx, t.ID, importID)
}

// expired says an import has waited in state mapping longer than its file is kept.
func (im *Importer) expired(imp customer.Import) bool {
	return imp.State == customer.StateMapping && im.now().Sub(imp.UpdatedAt) >= im.keepMapping()
}

func (im *Importer) keepMapping() time.Duration {
	if im.KeepMapping > 0 {
		return im.KeepMapping
	}
	return 24 * time.Hour
}

// errMappingExpired is why an import left in state mapping failed.
func (im *Importer) errMappingExpired() error {
	d := im.keepMapping()
	keep := d.String()
	if d >= time.Hour && d%time.Hour == 0 {
		keep = fmt.Sprintf("%d hours", d/time.Hour)
	}
	return customer.Errorf(customer.EFile, "The columns of this file were not mapped within %s, so the file was deleted; upload it again.", keep)
}

// RequestConfirm asks for a staged import's valid rows to be committed, in the background: the
// import is committing until its job has committed them (all or nothing) and it is committed. A
// retried request (the same idempotency key, or none) answers the import as it is, committing or
// committed; key is held to this import (EConflict when another import of the tenant holds it).
// It fails with EConflict for an import that cannot be confirmed (confirmable).
func (im *Importer) RequestConfirm(ctx context.Context, t customer.Tenant, importID int64, user, key string) (customer.Import, error) {
	return im.locked(ctx, t, importID, func(q Queries, imp customer.Import) (customer.Import, error) {
		switch imp.State {
		case customer.StateCommitted, customer.StateCommitting:
			return imp, nil
		}
		if err := confirmable(imp, customer.StateStaged); err != nil {
			return imp, err
		}
		imp.State, imp.ConfirmKey, imp.ConfirmedBy = customer.StateCommitting, key, user
		imp.Failure, imp.FailureMsg = "", nil
		imp.Progress = customer.Progress{Phase: string(PhaseCommit), Total: imp.Summary.Rows}
		if err := q.SaveImport(ctx, imp, customer.StateStaged); err != nil {
			return imp, err
		}
		return imp, q.Enqueue(ctx, Job{Kind: JobConfirm, TenantID: imp.TenantID, ImportID: imp.ID,
			Large: imp.Summary.Rows > largeImport, User: user, Key: key})
	})
}

// RequestUndo asks for a committed import to be undone, in the background: the import is undoing
// until its job has undone it (all or nothing) and it is undone. The report says what the undo
// will do, as planned now; an import undone already, or undoing, answers as it is. It fails like
// Undo.
func (im *Importer) RequestUndo(ctx context.Context, t customer.Tenant, importID int64, user string, opt UndoOptions) (customer.UndoReport, customer.Import, error) {
	var rep customer.UndoReport
	imp, err := im.locked(ctx, t, importID, func(q Queries, imp customer.Import) (customer.Import, error) {
		switch imp.State {
		case customer.StateUndone, customer.StateUndoing:
			rep = customer.UndoReport{ImportID: imp.ID, State: imp.State, Force: opt.Force}
			return imp, nil
		}
		if err := undoable(imp); err != nil {
			return imp, err
		}
		plan, err := im.planUndo(ctx, q, t, imp, opt.Force)
		if err != nil {
			return imp, err
		}
		imp.State, imp.Failure, imp.FailureMsg = customer.StateUndoing, "", nil
		imp.Progress = customer.Progress{Phase: string(PhaseUndo)}
		if err := q.SaveImport(ctx, imp, customer.StateCommitted); err != nil {
			return imp, err
		}
		rep = customer.ReportOf(imp, plan, opt.Force)
		return imp, q.Enqueue(ctx, Job{Kind: JobUndo, TenantID: imp.TenantID, ImportID: imp.ID,
			Large: imp.Summary.Rows > largeImport, User: user, Force: opt.Force})
	})
	if err != nil {
		return customer.UndoReport{}, customer.Import{}, fmt.Errorf("undo import %d: %w", importID, err)
	}
	return rep, imp, nil
}
