package importer_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// upload creates an import for the file at path (in testdata/) as the page does, and returns it
// with the jobs its creation enqueued.
func (sh *shop) upload(path string) (customer.Import, []importer.Job) {
	sh.t.Helper()
	path = filepath.Join("testdata", path)
	imp, err := sh.im.Upload(context.Background(), sh.tn, importer.Upload{Path: path, FileName: filepath.Base(path),
		Mode: customer.ModeCreate, User: "kari@sykkelbutikken.no"})
	if err != nil {
		sh.t.Fatalf("Upload %s: %v", path, err)
	}
	return imp, queued(sh.t, sh.s)
}

// keeps says whether the store keeps an uploaded file for the import.
func (sh *shop) keeps(id int64) bool {
	sh.t.Helper()
	f, err := sh.s.OpenFile(context.Background(), id)
	if customer.ErrorCodeOf(err) == customer.ENotFound {
		return false
	}
	if err != nil {
		sh.t.Fatal(err)
	}
	f.Close()
	return true
}

// whileChecking has fn run once, while the shop's next check is checking rows (its rows read, not
// yet staged).
func (sh *shop) whileChecking(fn func()) {
	var once sync.Once
	sh.im.OnRows = func(phase importer.Phase, _ int) {
		if phase == importer.PhaseCheck {
			once.Do(fn)
		}
	}
}

// An upload creates a checking import that keeps its file and enqueues its check; the check
// stages the rows and lets the file go.
func TestUploadIsCheckedByItsJob(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		imp, jobs := sh.upload("kunder-i-butikken.csv")
		if imp.State != customer.StateChecking || imp.FileSHA256 == "" || !sh.keeps(imp.ID) {
			t.Fatalf("uploaded: %+v (file kept: %v)", imp, sh.keeps(imp.ID))
		}
		if len(jobs) != 1 || jobs[0].Kind != importer.JobStage || jobs[0].ImportID != imp.ID || jobs[0].TenantID != sh.tn.ID {
			t.Fatalf("enqueued %+v, want the import's check", jobs)
		}
		if err := sh.im.Run(context.Background(), jobs[0]); err != nil {
			t.Fatal(err)
		}
		got, err := sh.im.Import(context.Background(), sh.tn, imp.ID)
		if err != nil || got.State != customer.StateStaged || got.Summary.Rows == 0 || got.Summary.Rows != len(sh.rows(imp.ID)) {
			t.Fatalf("after its job: %+v, %v", got, err)
		}
		if sh.keeps(imp.ID) {
			t.Error("the staged import still keeps its uploaded file")
		}
		// Run again (the engine retried a job whose end it did not record): nothing changes.
		if err := sh.im.Run(context.Background(), jobs[0]); err != nil {
			t.Fatal(err)
		}
		if again, _ := sh.im.Import(context.Background(), sh.tn, imp.ID); again.Summary != got.Summary || again.State != customer.StateStaged {
			t.Errorf("a second run changed the import: %+v", again)
		}
	})
}

// A file that cannot be read fails its import at once, with the reason, and the job ends
// without an error: there is nothing to try again.
func TestUnreadableFileFailsWithoutRetry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		path := writeFile(t, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		imp, err := sh.im.Upload(context.Background(), sh.tn, importer.Upload{Path: path, FileName: "kunder.xlsx", Mode: customer.ModeCreate})
		if err != nil {
			t.Fatal(err)
		}
		jobs := queued(t, sh.s)
		if err := sh.im.Run(context.Background(), jobs[0]); err != nil {
			t.Fatalf("a file-level failure returned %v to the job engine, which would retry it", err)
		}
		got, _ := sh.im.Import(context.Background(), sh.tn, imp.ID)
		if got.State != customer.StateFailed || got.Failure == "" || sh.keeps(imp.ID) || len(sh.rows(imp.ID)) != 0 {
			t.Errorf("after its job: %+v (file kept: %v)", got, sh.keeps(imp.ID))
		}
	})
}

// The import and its job commit together: an enqueue that fails leaves no import behind.
func TestUploadAndItsJobCommitTogether(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		sh := newShop(t, s, "NO")
		s.SetJobs(func(context.Context, *sql.Tx, importer.Job) error { return errors.New("the queue is full") })
		_, err := sh.im.Upload(context.Background(), sh.tn, importer.Upload{Path: filepath.Join("testdata", "kunder-i-butikken.csv"), Mode: customer.ModeCreate})
		if err == nil {
			t.Fatal("Upload succeeded without its job")
		}
		imps, total, err := s.Imports(context.Background(), sh.tn.ID, 0, 10)
		if err != nil || total != 0 {
			t.Errorf("imports after the failed upload: %+v, %d, %v", imps, total, err)
		}
	})
}

// Discarding an import while its file is checked: the check's end finds it discarded and keeps
// nothing of it, rather than saving it staged over the discard. Without the compare-and-set of
// the check's last save, the import comes back staged.
func TestDiscardWhileChecking(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		imp, jobs := sh.upload("kunder-i-butikken.csv")
		sh.whileChecking(func() {
			if _, err := sh.im.Discard(context.Background(), sh.tn, imp.ID, "kari@sykkelbutikken.no"); err != nil {
				t.Errorf("Discard while checking: %v", err)
			}
		})
		if err := sh.im.Run(context.Background(), jobs[0]); err != nil {
			t.Fatal(err)
		}
		got, _ := sh.im.Import(context.Background(), sh.tn, imp.ID)
		if got.State != customer.StateDiscarded {
			t.Errorf("discarded while checking, then: %s", got.State)
		}
		if n := len(sh.rows(imp.ID)); n != 0 || sh.keeps(imp.ID) {
			t.Errorf("the discarded import keeps %d rows (file kept: %v)", n, sh.keeps(imp.ID))
		}
	})
}

// An import given up while its file is checked (its job's last attempt failed elsewhere) stays
// failed: the check still running does not save it staged.
func TestGiveUpWhileChecking(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		imp, jobs := sh.upload("kunder-i-butikken.csv")
		sh.whileChecking(func() {
			if err := sh.im.GiveUp(context.Background(), jobs[0], errors.New("attempts used up")); err != nil {
				t.Errorf("GiveUp: %v", err)
			}
		})
		if err := sh.im.Run(context.Background(), jobs[0]); err != nil {
			t.Fatal(err)
		}
		got, _ := sh.im.Import(context.Background(), sh.tn, imp.ID)
		if got.State != customer.StateFailed || !strings.Contains(got.Failure, "upload it again") {
			t.Errorf("given up while checking, then: %+v", got)
		}
		if n := len(sh.rows(imp.ID)); n != 0 {
			t.Errorf("the failed import keeps %d rows", n)
		}
	})
}

// A new file sent while a confirm runs waits for it, then is refused: the committed import keeps
// its state and its rows, and can still be undone.
func TestReuploadWhileConfirming(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		imp := sh.stage("kunder-i-butikken.csv", customer.ModeCreate)
		reupload := make(chan error, 1)
		var once sync.Once
		progress := func(phase importer.Phase, done, total int) {
			// Inside the confirm's transaction, which holds the tenant's lock.
			once.Do(func() {
				go func() {
					_, err := sh.im.Reupload(context.Background(), sh.tn, imp.ID, importer.Upload{
						Path: filepath.Join("testdata", "feil-per-felt.csv"), FileName: "feil-per-felt.csv"})
					reupload <- err
				}()
			})
		}
		done, err := sh.im.Confirm(context.Background(), sh.tn, imp.ID, "kari@sykkelbutikken.no", progress)
		if err != nil {
			t.Fatal(err)
		}
		if err := <-reupload; customer.ErrorCodeOf(err) != customer.EConflict {
			t.Errorf("a new file for an import being confirmed: %v, want EConflict", err)
		}
		got, _ := sh.im.Import(context.Background(), sh.tn, imp.ID)
		if got.State != customer.StateCommitted || got.FileName != done.FileName || len(sh.rows(imp.ID)) != done.Summary.Rows {
			t.Errorf("the committed import after the refused file: %+v, %d rows", got, len(sh.rows(imp.ID)))
		}
		if len(queued(t, sh.s)) != 0 {
			t.Error("the refused file enqueued a check")
		}
		if rep, err := sh.im.Undo(context.Background(), sh.tn, imp.ID, "kari@sykkelbutikken.no", importer.UndoOptions{}); err != nil || !rep.Done {
			t.Errorf("undo after the refused file: %+v, %v", rep, err)
		}
	})
}

// A confirm asked for is done by its job: the import is committing until the job has committed
// it, once, whatever the retries; a retried request answers the import as it is.
func TestRequestConfirmIsDoneByItsJob(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		ctx := context.Background()
		imp := sh.stage("kunder-i-butikken.csv", customer.ModeCreate)
		asked, err := sh.im.RequestConfirm(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", "key-1")
		if err != nil || asked.State != customer.StateCommitting || asked.ConfirmKey != "key-1" {
			t.Fatalf("RequestConfirm = %+v, %v", asked, err)
		}
		if again, err := sh.im.RequestConfirm(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", "key-1"); err != nil || again.State != customer.StateCommitting {
			t.Errorf("asked again while committing: %+v, %v", again, err)
		}
		if n := len(sh.customers()); n != 0 {
			t.Fatalf("%d customers before the job ran", n)
		}
		jobs := queued(t, sh.s)
		if len(jobs) != 1 || jobs[0].Kind != importer.JobConfirm || jobs[0].Key != "key-1" {
			t.Fatalf("enqueued %+v, want one confirm with its key", jobs)
		}
		committed := 0
		sh.im.OnRows = func(phase importer.Phase, n int) {
			if phase == importer.PhaseCommit {
				committed += n
			}
		}
		for range 2 { // the engine may run a job again whose end it did not record
			if err := sh.im.Run(ctx, jobs[0]); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := sh.im.Import(ctx, sh.tn, imp.ID)
		if committed != got.Summary.New+got.Summary.Update {
			t.Errorf("OnRows told of %d committed rows, want the %d written once", committed, got.Summary.New+got.Summary.Update)
		}
		if got.State != customer.StateCommitted || got.ConfirmKey != "key-1" || got.ConfirmedBy != "kari@sykkelbutikken.no" {
			t.Errorf("after its job: %+v", got)
		}
		if n := len(sh.customers()); n != got.Summary.New || n == 0 {
			t.Errorf("%d customers, want the %d new rows once", n, got.Summary.New)
		}
	})
}

// A confirm or an undo whose job gave up leaves the import as it was before it was asked for,
// saying why, and it can be asked for again.
func TestGivenUpConfirmAndUndoGoBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		ctx := context.Background()
		imp := sh.stage("kunder-i-butikken.csv", customer.ModeCreate)
		if _, err := sh.im.RequestConfirm(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", "key-1"); err != nil {
			t.Fatal(err)
		}
		job := queued(t, sh.s)[0]
		if err := sh.im.GiveUp(ctx, job, errors.New("the database is gone")); err != nil {
			t.Fatal(err)
		}
		got, _ := sh.im.Import(ctx, sh.tn, imp.ID)
		if got.State != customer.StateStaged || got.Failure == "" || got.ConfirmKey != "" || len(sh.customers()) != 0 {
			t.Fatalf("confirm given up: %+v", got)
		}
		// Asked again, with the same key: done this time.
		if _, err := sh.im.RequestConfirm(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", "key-1"); err != nil {
			t.Fatal(err)
		}
		sh.work()
		if got, _ = sh.im.Import(ctx, sh.tn, imp.ID); got.State != customer.StateCommitted || got.Failure != "" {
			t.Fatalf("confirmed again: %+v", got)
		}

		rep, undoing, err := sh.im.RequestUndo(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", importer.UndoOptions{})
		if err != nil || undoing.State != customer.StateUndoing || rep.Delete != got.Summary.New {
			t.Fatalf("RequestUndo = %+v, %+v, %v", rep, undoing, err)
		}
		job = queued(t, sh.s)[0]
		if err := sh.im.GiveUp(ctx, job, errors.New("the database is gone")); err != nil {
			t.Fatal(err)
		}
		if got, _ = sh.im.Import(ctx, sh.tn, imp.ID); got.State != customer.StateCommitted || got.Failure == "" || len(sh.customers()) != got.Summary.New {
			t.Fatalf("undo given up: %+v, %d customers", got, len(sh.customers()))
		}
		if _, _, err := sh.im.RequestUndo(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", importer.UndoOptions{}); err != nil {
			t.Fatal(err)
		}
		sh.work()
		if got, _ = sh.im.Import(ctx, sh.tn, imp.ID); got.State != customer.StateUndone || len(sh.customers()) != 0 {
			t.Errorf("undone again: %+v, %d customers", got, len(sh.customers()))
		}
	})
}
