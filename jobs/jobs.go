// Package jobs runs Clientele's background work on River (github.com/riverqueue/river): reading
// and checking an upload, confirming and undoing an import, and the periodic clean-up. The jobs
// live in the database beside the imports, so any process on the database — `clientele serve`
// or `clientele worker` — works them, and a job whose process died is worked again by another.
//
// A job is enqueued in the transaction of the state change that asks for it (Engine.Enqueue,
// called by the store inside the importer's transition), so the change and its job commit
// together. What a job does is the importer's (Work); this package only carries it.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/clientele/clientele/importer"
)

// Work is what the jobs do; the importer implements it.
type Work interface {
	// Run does one import's job. An error is retried later, in this process or another, unless
	// the job has had its last attempt; a failure that trying again cannot mend (a file that
	// cannot be read) ends the import itself and returns nil.
	Run(ctx context.Context, job importer.Job) error
	// GiveUp ends the import of a job whose last attempt failed, saying why.
	GiveUp(ctx context.Context, job importer.Job, cause error) error
	// Sweep ends what was abandoned: uploads left waiting for their column mapping too long.
	Sweep(ctx context.Context) error
}

// The queues: a large file's job waits only behind other large files' jobs.
const (
	QueueSmall = "small"
	QueueLarge = "large"
)

// Config configures an Engine. Zero values take the documented defaults.
type Config struct {
	// Workers bounds the jobs this process runs at once (default: the number of cores). The
	// large queue gets half of them, at least one: with Workers 1, one job of each queue may run.
	// Negative: this process only enqueues and works no job (the CLI).
	Workers int
	// Timeout is how long a job may run before its context is cancelled and it is tried again
	// (default 5 minutes, some hundred times what a small file's check takes); LargeTimeout the
	// same for the large queue (default an hour).
	Timeout, LargeTimeout time.Duration
	// RescueAfter is how long a job may stay running, beyond its own timeout, before it is taken
	// to have lost its process (killed, or its machine gone) and is worked again: longer than
	// Timeout (default Timeout plus a minute). A live process gives its job up first.
	RescueAfter time.Duration
	// SweepEvery is how often the clean-up runs (default one hour).
	SweepEvery time.Duration
	// MaxAttempts bounds the tries of a job that keeps failing for reasons outside the file
	// (the database gone, a bug): default 5, where River's 25 would retry for weeks.
	MaxAttempts int
	// Observe, when set, is told how long each job this process ran took and how it ended:
	// done, retry (it failed and will be tried again), handed_back (the process stopped) or
	// given_up (its last attempt failed).
	Observe func(kind, outcome string, d time.Duration)
	Log     *slog.Logger
}

func (c *Config) defaults() {
	if c.Workers == 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.Timeout <= 0 {
		c.Timeout = 5 * time.Minute
	}
	if c.LargeTimeout <= 0 {
		c.LargeTimeout = time.Hour
	}
	if c.RescueAfter <= c.Timeout {
		c.RescueAfter = c.Timeout + time.Minute
	}
	if c.SweepEvery <= 0 {
		c.SweepEvery = time.Hour
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
}

// Engine enqueues and works Clientele's jobs.
type Engine struct {
	cfg      Config
	inserter *river.Client[*sql.Tx] // enqueues in the store's transactions
	worker   runner                 // nil when this process works no job
	close    func()
}

// runner is what Engine needs of a River client that works jobs, whatever its driver.
type runner interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

// Open prepares the job engine on the database db (a SQLite file or PostgreSQL, dialect "sqlite"
// or "postgres"; dsn is its address, for the PostgreSQL worker's own connections), creating
// River's tables when they are missing. work does the jobs; Start starts working them.
func Open(ctx context.Context, db *sql.DB, dialect, dsn string, work Work, cfg Config) (*Engine, error) {
	cfg.defaults()
	e := &Engine{cfg: cfg, close: func() {}}
	rc := e.riverConfig(work)
	switch dialect {
	case "postgres":
		pool, err := pgxpool.New(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("jobs: connect: %w", err)
		}
		e.close = pool.Close
		m, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: quiet(cfg.Log)})
		if err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("jobs: create River's tables: %w", err)
		}
		if e.inserter, err = river.NewClient(riverdatabasesql.New(db), &river.Config{Logger: quiet(cfg.Log)}); err != nil {
			pool.Close()
			return nil, fmt.Errorf("jobs: %w", err)
		}
		if rc != nil {
			w, err := river.NewClient(riverpgxv5.New(pool), rc)
			if err != nil {
				pool.Close()
				return nil, fmt.Errorf("jobs: %w", err)
			}
			e.worker = w
		}
	case "sqlite":
		m, err := rivermigrate.New(riversqlite.New(db), &rivermigrate.Config{Logger: quiet(cfg.Log)})
		if err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
		if err != nil {
			return nil, fmt.Errorf("jobs: create River's tables: %w", err)
		}
		if rc == nil {
			rc = &river.Config{Logger: quiet(cfg.Log)}
		}
		c, err := river.NewClient(riversqlite.New(db), rc)
		if err != nil {
			return nil, fmt.Errorf("jobs: %w", err)
		}
		e.inserter = c
		if cfg.Workers > 0 {
			e.worker = c
		}
	default:
		return nil, fmt.Errorf("jobs: no job engine for database %q", dialect)
	}
	return e, nil
}

// riverConfig is the configuration of the client that works jobs; nil when this process works
// none.
func (e *Engine) riverConfig(work Work) *river.Config {
	if e.cfg.Workers < 0 {
		return nil
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &importWorker[stageArgs]{e: e, work: work})
	river.AddWorker(workers, &importWorker[confirmArgs]{e: e, work: work})
	river.AddWorker(workers, &importWorker[undoArgs]{e: e, work: work})
	river.AddWorker(workers, &sweepWorker{e: e, work: work})
	large := max(1, e.cfg.Workers/2)
	small := max(1, e.cfg.Workers-large)
	return &river.Config{
		Logger:               quiet(e.cfg.Log),
		Queues:               map[string]river.QueueConfig{QueueSmall: {MaxWorkers: small}, QueueLarge: {MaxWorkers: large}},
		Workers:              workers,
		JobTimeout:           e.cfg.Timeout,
		RescueStuckJobsAfter: e.cfg.RescueAfter,
		MaxAttempts:          e.cfg.MaxAttempts,
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(e.cfg.SweepEvery),
			func() (river.JobArgs, *river.InsertOpts) { return sweepArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true})},
	}
}

// quiet passes River's warnings and errors to the log, not its chatter.
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(levelFloor{l.Handler(), slog.LevelWarn})
}

type levelFloor struct {
	slog.Handler
	floor slog.Level
}

func (h levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.floor && h.Handler.Enabled(ctx, l)
}

// Start starts working jobs; a process that works none (Workers < 0) starts nothing.
func (e *Engine) Start(ctx context.Context) error {
	if e.worker == nil {
		return nil
	}
	if err := e.worker.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops taking jobs and waits until ctx ends for the running ones to finish; then it
// cancels them, and each goes back to the queue to be worked again, here or by another process.
func (e *Engine) Stop(ctx context.Context) error {
	if e.worker == nil {
		return nil
	}
	err := e.worker.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		cancelCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		err = e.worker.StopAndCancel(cancelCtx)
	}
	if err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}

// Close releases the engine's own connections; call it after Stop.
func (e *Engine) Close() { e.close() }

// Enqueue adds job to the queue inside tx, the transaction of the state change that asks for it.
func (e *Engine) Enqueue(ctx context.Context, tx *sql.Tx, job importer.Job) error {
	a := argsOf(job)
	var args river.JobArgs
	switch job.Kind {
	case importer.JobStage:
		args = stageArgs{a}
	case importer.JobConfirm:
		args = confirmArgs{a}
	case importer.JobUndo:
		args = undoArgs{a}
	default:
		return fmt.Errorf("jobs: no job kind %q", job.Kind)
	}
	queue := QueueSmall
	if job.Large {
		queue = QueueLarge
	}
	if _, err := e.inserter.InsertTx(ctx, tx, args, &river.InsertOpts{Queue: queue, MaxAttempts: e.cfg.MaxAttempts}); err != nil {
		return fmt.Errorf("jobs: enqueue %s of import %d: %w", job.Kind, job.ImportID, err)
	}
	return nil
}

// observe tells Config.Observe of a job's end.
func (e *Engine) observe(kind string, start time.Time, outcome string) {
	if e.cfg.Observe != nil {
		e.cfg.Observe(kind, outcome, time.Since(start))
	}
}
