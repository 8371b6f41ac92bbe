package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/clientele/clientele/customer"
)

// Run does the background work of job (package jobs calls it). An error is for the job engine
// to try again later: a failure that trying again cannot mend (a file that cannot be read) ends
// the import as failed and returns nil, and so does a job whose import has moved on.
func (im *Importer) Run(ctx context.Context, job Job) error {
	switch job.Kind {
	case JobStage:
		return im.runStage(ctx, job)
	case JobConfirm, JobUndo:
		return im.runCommit(ctx, job)
	}
	return fmt.Errorf("importer: no job kind %q", job.Kind)
}

// runCommit does a confirm or an undo that RequestConfirm or RequestUndo asked for. It is one
// transaction: a job cut off (its process killed or stopped) kept nothing, and its next run does
// it all, once.
func (im *Importer) runCommit(ctx context.Context, job Job) error {
	t, err := im.Store.TenantByID(ctx, job.TenantID)
	if err != nil {
		return err
	}
	from := customer.StateCommitting
	if job.Kind == JobUndo {
		from = customer.StateUndoing
	}
	imp, err := im.Store.Import(ctx, t.ID, job.ImportID)
	if customer.ErrorCodeOf(err) == customer.ENotFound || err == nil && imp.State != from {
		return nil // done by an earlier run of this job, or given up: nothing to do
	}
	if err != nil {
		return err
	}
	progress, stop := im.asyncProgress(ctx, t.ID, job.ImportID)
	defer stop()
	if job.Kind == JobUndo {
		_, err = im.undo(ctx, t, job.ImportID, customer.StateUndoing, job.User, UndoOptions{Force: job.Force})
	} else {
		imp, err = im.commit(ctx, t, job.ImportID, customer.StateCommitting, job.User, job.Key, progress)
		if err == nil && im.OnRows != nil {
			im.OnRows(PhaseCommit, imp.Summary.New+imp.Summary.Update)
		}
	}
	if customer.ErrorCodeOf(err) == customer.EConflict && ctx.Err() == nil {
		// The import moved on while this run waited for the lock: nothing to do. Anything else
		// is tried again.
		if imp, rerr := im.Store.Import(ctx, t.ID, job.ImportID); rerr == nil && imp.State != from {
			return nil
		}
	}
	return err
}

// asyncProgress is progressWriter for work inside a commit's transaction: a write waits for
// nothing, the newest report replacing one not yet written, so that a store whose writes queue
// behind the commit (SQLite) never holds the commit up. stop ends it.
func (im *Importer) asyncProgress(ctx context.Context, tenantID, importID int64) (Progress, func()) {
	write := im.progressWriter(ctx, tenantID, importID)
	type report struct {
		phase       Phase
		done, total int
	}
	latest := make(chan report, 1)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for r := range latest {
			write(r.phase, r.done, r.total)
		}
	}()
	var once sync.Once
	progress := func(phase Phase, done, total int) {
		select {
		case <-latest: // replaced by the newer report
		default:
		}
		select {
		case latest <- report{phase, done, total}:
		default:
		}
	}
	return progress, func() {
		once.Do(func() { close(latest) })
		<-finished
	}
}

// runStage reads and checks an import's uploaded file into its rows.
func (im *Importer) runStage(ctx context.Context, job Job) error {
	t, err := im.Store.TenantByID(ctx, job.TenantID)
	if err != nil {
		return err
	}
	imp, err := im.Store.Import(ctx, t.ID, job.ImportID)
	if customer.ErrorCodeOf(err) == customer.ENotFound || err == nil && imp.State != customer.StateChecking {
		return nil // checked already (this is a retry) or discarded: nothing to do
	}
	if err != nil {
		return err
	}
	err = im.WithFile(ctx, imp.ID, func(path string) error {
		_, err := im.Stage(ctx, t, path, StageOptions{Mode: imp.Mode, FileName: imp.FileName, User: job.User,
			ImportID: imp.ID, Progress: im.progressWriter(ctx, t.ID, imp.ID), Map: job.Map, Note: job.Note,
			Defaults: imp.Defaults})
		return err
	})
	switch {
	case err == nil, ctx.Err() != nil:
		return err
	case customer.ErrorCodeOf(err) == customer.EConflict:
		return nil // discarded while it was checked
	case customer.ErrorCodeOf(err) == customer.ENotFound:
		return im.moveBack(ctx, t, imp.ID, customer.StateChecking, customer.StateFailed, errFileGone)
	case customer.ErrorCodeOf(err) != customer.EInternal:
		// What is wrong with the file: trying again reads the same file.
		return im.moveBack(ctx, t, imp.ID, customer.StateChecking, customer.StateFailed, err)
	}
	return err
}

// errFileGone is why an import whose uploaded file is missing failed.
var errFileGone = customer.Errorf(customer.EFile, "The uploaded file is no longer on the server; upload it again.")

// WithFile copies the uploaded file an import keeps to a temporary file, for a reader that needs
// a file (an xlsx is a zip, read from its end), and calls fn with its path; the copy is deleted
// after. It fails with ENotFound when the import keeps no file.
func (im *Importer) WithFile(ctx context.Context, importID int64, fn func(path string) error) error {
	src, err := im.Store.OpenFile(ctx, importID)
	if err != nil {
		return err
	}
	defer src.Close()
	f, err := os.CreateTemp(im.TempDir, "clientele-upload-*")
	if err != nil {
		return fmt.Errorf("importer: copy upload: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = io.Copy(f, src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("importer: copy upload: %w", err)
	}
	return fn(f.Name())
}

// progressWriter records a job's progress for the page to poll, a few times a second at most,
// and tells OnRows of the rows done.
func (im *Importer) progressWriter(ctx context.Context, tenantID, importID int64) Progress {
	var last time.Time // the wall clock: this paces writes, it is no deadline
	counted := map[Phase]int{}
	return func(phase Phase, done, total int) {
		// A confirm's rows count once it has committed them (runCommit), not as it goes.
		if im.OnRows != nil && phase != PhaseCommit && done > counted[phase] {
			im.OnRows(phase, done-counted[phase])
			counted[phase] = done
		}
		if time.Since(last) < 250*time.Millisecond && done != total {
			return
		}
		last = time.Now()
		// Progress is for people: a failed write must not stop the work.
		_ = im.Store.SetProgress(ctx, tenantID, importID, customer.Progress{Phase: string(phase), Done: done, Total: total})
	}
}

// GiveUp ends the import of a job whose last attempt failed: the import must not wait for work
// that will never come.
func (im *Importer) GiveUp(ctx context.Context, job Job, cause error) error {
	t := customer.Tenant{ID: job.TenantID} // moveBack locks and reads by the tenant's ID alone
	switch job.Kind {
	case JobStage:
		return im.moveBack(ctx, t, job.ImportID, customer.StateChecking, customer.StateFailed, errCheckFailed)
	case JobConfirm:
		return im.moveBack(ctx, t, job.ImportID, customer.StateCommitting, customer.StateStaged, errConfirmFailed)
	case JobUndo:
		return im.moveBack(ctx, t, job.ImportID, customer.StateUndoing, customer.StateCommitted, errUndoFailed)
	}
	return fmt.Errorf("importer: no job kind %q (giving up after: %w)", job.Kind, cause)
}

// errConfirmFailed and errUndoFailed are why a confirm or an undo that failed time and again
// left the import as it was.
var (
	errConfirmFailed = customer.Errorf(customer.EInternal, "Confirming failed several times and wrote nothing; try again, and tell your administrator if it fails again.")
	errUndoFailed    = customer.Errorf(customer.EInternal, "Undoing failed several times and changed nothing; try again, and tell your administrator if it fails again.")
)

// errCheckFailed is why an import whose check failed time and again failed.
var errCheckFailed = customer.Errorf(customer.EFile, "Checking the file failed several times; upload it again, and tell your administrator if it fails again.")

// Sweep fails the imports that waited in state mapping longer than KeepMapping, deleting their
// files: the periodic clean-up.
func (im *Importer) Sweep(ctx context.Context) error {
	waiting, err := im.Store.ImportsWaiting(ctx, customer.StateMapping, im.now().Add(-im.keepMapping()))
	if err != nil {
		return err
	}
	var errs []error
	for _, imp := range waiting {
		if err := im.moveBack(ctx, customer.Tenant{ID: imp.TenantID}, imp.ID, customer.StateMapping, customer.StateFailed, im.errMappingExpired()); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
