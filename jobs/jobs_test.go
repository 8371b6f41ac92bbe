package jobs

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/internal/poll"
)

// fakeWork records the jobs it is given; run decides each one's outcome.
type fakeWork struct {
	mu      sync.Mutex
	ran     []importer.Job
	gaveUp  []importer.Job
	swept   int
	run     func(ctx context.Context, job importer.Job) error
	started chan importer.Job // each Run's job, when not nil
}

func (f *fakeWork) Run(ctx context.Context, job importer.Job) error {
	if f.started != nil {
		f.started <- job
	}
	err := f.run(ctx, job)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err == nil {
		f.ran = append(f.ran, job)
	}
	return err
}

func (f *fakeWork) GiveUp(_ context.Context, job importer.Job, _ error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gaveUp = append(f.gaveUp, job)
	return nil
}

func (f *fakeWork) Sweep(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.swept++
	return nil
}

// openDB opens the test database as the store does: database/sql, and for SQLite the settings
// every connection of the store has.
func openDB(t *testing.T, dialect, dsn string) *sql.DB {
	t.Helper()
	driver, source := "pgx", dsn
	if dialect == "sqlite" {
		driver, source = "sqlite", dsn+"?_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// each runs fn on a SQLite file and on PostgreSQL.
func each(t *testing.T, fn func(t *testing.T, dialect, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, "sqlite", dbtest.SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, "postgres", dbtest.Postgres(t)) })
}

func openEngine(t *testing.T, db *sql.DB, dialect, dsn string, w Work, cfg Config) *Engine {
	t.Helper()
	cfg.Log = slog.New(slog.NewTextHandler(testWriter{t}, nil))
	e, err := Open(context.Background(), db, dialect, dsn, w, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func enqueue(t *testing.T, db *sql.DB, e *Engine, job importer.Job, commit bool) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Enqueue(ctx, tx, job); err != nil {
		t.Fatal(err)
	}
	if commit {
		err = tx.Commit()
	} else {
		err = tx.Rollback()
	}
	if err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, e *Engine) {
	t.Helper()
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := e.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// waitJob returns the next job that starts, failing the test after a minute.
func waitJob(t *testing.T, started <-chan importer.Job) importer.Job {
	t.Helper()
	select {
	case j := <-started:
		return j
	case <-time.After(time.Minute):
		t.Fatal("no job started within a minute")
		return importer.Job{}
	}
}

// A job enqueued in a transaction that commits is worked, with what it was given; one whose
// transaction rolls back never is.
func TestEnqueueCommitsWithItsTransaction(t *testing.T) {
	each(t, func(t *testing.T, dialect, dsn string) {
		db := openDB(t, dialect, dsn)
		w := &fakeWork{started: make(chan importer.Job, 4), run: func(context.Context, importer.Job) error { return nil }}
		e := openEngine(t, db, dialect, dsn, w, Config{Workers: 2})
		rolledBack := importer.Job{Kind: importer.JobConfirm, TenantID: 1, ImportID: 7, User: "kari@example.no", Key: "k-1"}
		enqueue(t, db, e, rolledBack, false)
		want := importer.Job{Kind: importer.JobUndo, TenantID: 1, ImportID: 8, User: "ola@example.no", Force: true, Large: true}
		enqueue(t, db, e, want, true)
		start(t, e)
		if got := waitJob(t, w.started); !reflect.DeepEqual(got, want) {
			t.Fatalf("worked %+v, want %+v", got, want)
		}
		// The job queue holds nothing else: the rolled-back job was never added.
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM river_job WHERE kind <> 'sweep'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d import jobs stored, want 1 (the committed one)", n)
		}
	})
}

// A job that fails on its last attempt gives its import up, with the reason; one that fails
// before it is tried again.
func TestLastFailedAttemptGivesUp(t *testing.T) {
	each(t, func(t *testing.T, dialect, dsn string) {
		db := openDB(t, dialect, dsn)
		w := &fakeWork{started: make(chan importer.Job, 4), run: func(context.Context, importer.Job) error { return errors.New("database gone") }}
		e := openEngine(t, db, dialect, dsn, w, Config{Workers: 2, MaxAttempts: 1})
		job := importer.Job{Kind: importer.JobStage, TenantID: 1, ImportID: 3}
		enqueue(t, db, e, job, true)
		start(t, e)
		waitJob(t, w.started)
		gaveUp := func() bool {
			w.mu.Lock()
			defer w.mu.Unlock()
			return len(w.gaveUp) == 1
		}
		if !poll.Until(time.Minute, 10*time.Millisecond, gaveUp) {
			t.Fatal("the import was not given up within a minute")
		}
		if !reflect.DeepEqual(w.gaveUp[0], job) {
			t.Fatalf("gave up %+v, want %+v", w.gaveUp[0], job)
		}
	})
}

// Stopping a process hands its running job back: another process works it at once, and the
// interruption uses up no attempt.
func TestStopHandsTheJobBack(t *testing.T) {
	each(t, func(t *testing.T, dialect, dsn string) {
		db := openDB(t, dialect, dsn)
		first := &fakeWork{started: make(chan importer.Job, 4), run: func(ctx context.Context, _ importer.Job) error {
			<-ctx.Done() // runs until the process stops
			return ctx.Err()
		}}
		e1 := openEngine(t, db, dialect, dsn, first, Config{Workers: 2, MaxAttempts: 1})
		job := importer.Job{Kind: importer.JobStage, TenantID: 1, ImportID: 5}
		enqueue(t, db, e1, job, true)
		if err := e1.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		waitJob(t, first.started)
		stop, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if err := e1.Stop(stop); err != nil {
			t.Fatalf("stop: %v", err)
		}
		second := &fakeWork{started: make(chan importer.Job, 4), run: func(context.Context, importer.Job) error { return nil }}
		e2 := openEngine(t, db, dialect, dsn, second, Config{Workers: 2, MaxAttempts: 1})
		start(t, e2)
		if got := waitJob(t, second.started); !reflect.DeepEqual(got, job) {
			t.Fatalf("the second process worked %+v, want %+v", got, job)
		}
		if len(first.gaveUp) != 0 {
			t.Fatalf("the stopped job was given up: %+v", first.gaveUp)
		}
	})
}

// A large file's job does not hold up a small one: while large jobs fill their queue, a small
// job still runs.
func TestLargeJobsDoNotHoldUpSmallOnes(t *testing.T) {
	each(t, func(t *testing.T, dialect, dsn string) {
		db := openDB(t, dialect, dsn)
		release := make(chan struct{})
		w := &fakeWork{started: make(chan importer.Job, 8), run: func(ctx context.Context, job importer.Job) error {
			if job.Large {
				select {
				case <-release:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		}}
		e := openEngine(t, db, dialect, dsn, w, Config{Workers: 2})
		for id := int64(1); id <= 3; id++ {
			enqueue(t, db, e, importer.Job{Kind: importer.JobStage, TenantID: 1, ImportID: id, Large: true}, true)
		}
		small := importer.Job{Kind: importer.JobStage, TenantID: 2, ImportID: 9}
		enqueue(t, db, e, small, true)
		start(t, e)
		defer close(release)
		for {
			if j := waitJob(t, w.started); reflect.DeepEqual(j, small) {
				return
			} else if !j.Large {
				t.Fatalf("unexpected job %+v", j)
			}
		}
	})
}

// The clean-up runs when an engine starts (and every SweepEvery after).
func TestSweepRunsOnStart(t *testing.T) {
	each(t, func(t *testing.T, dialect, dsn string) {
		db := openDB(t, dialect, dsn)
		w := &fakeWork{run: func(context.Context, importer.Job) error { return nil }}
		e := openEngine(t, db, dialect, dsn, w, Config{Workers: 2})
		start(t, e)
		swept := func() bool {
			w.mu.Lock()
			defer w.mu.Unlock()
			return w.swept > 0
		}
		if !poll.Until(time.Minute, 10*time.Millisecond, swept) {
			t.Fatal("the clean-up did not run within a minute of the start")
		}
	})
}
