package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/clientele/clientele/importer"
)

// jobArgs is an import job as River stores it (JSON in river_job.args).
type jobArgs struct {
	TenantID int64  `json:"tenant_id"`
	ImportID int64  `json:"import_id"`
	Large    bool   `json:"large,omitempty"`
	User     string `json:"user,omitempty"`
	Key      string `json:"key,omitempty"`
	Force    bool   `json:"force,omitempty"`
	// Map and Note are a check's column mapping and its saved-mapping warning.
	Map  map[string]string `json:"map,omitempty"`
	Note string            `json:"note,omitempty"`
}

func argsOf(j importer.Job) jobArgs {
	return jobArgs{TenantID: j.TenantID, ImportID: j.ImportID, Large: j.Large, User: j.User, Key: j.Key, Force: j.Force, Map: j.Map, Note: j.Note}
}

func (a jobArgs) job(kind importer.JobKind) importer.Job {
	return importer.Job{Kind: kind, TenantID: a.TenantID, ImportID: a.ImportID, Large: a.Large, User: a.User, Key: a.Key, Force: a.Force, Map: a.Map, Note: a.Note}
}

// One River kind per job kind, so that River's tables and metrics tell them apart.
type (
	stageArgs   struct{ jobArgs }
	confirmArgs struct{ jobArgs }
	undoArgs    struct{ jobArgs }
)

func (stageArgs) Kind() string   { return string(importer.JobStage) }
func (confirmArgs) Kind() string { return string(importer.JobConfirm) }
func (undoArgs) Kind() string    { return string(importer.JobUndo) }

func (a stageArgs) job() importer.Job   { return a.jobArgs.job(importer.JobStage) }
func (a confirmArgs) job() importer.Job { return a.jobArgs.job(importer.JobConfirm) }
func (a undoArgs) job() importer.Job    { return a.jobArgs.job(importer.JobUndo) }

// importWorker works one kind of import job through Work.
type importWorker[A interface {
	river.JobArgs
	job() importer.Job
}] struct {
	river.WorkerDefaults[A]
	e    *Engine
	work Work
}

// Timeout gives a large file's job longer before it is cancelled and tried again.
func (w *importWorker[A]) Timeout(j *river.Job[A]) time.Duration {
	if j.Args.job().Large {
		return w.e.cfg.LargeTimeout
	}
	return w.e.cfg.Timeout
}

func (w *importWorker[A]) Work(ctx context.Context, j *river.Job[A]) error {
	job, start := j.Args.job(), time.Now()
	err := w.work.Run(ctx, job)
	if err != nil && errors.Is(ctx.Err(), context.Canceled) {
		// The process is stopping (Engine.Stop): hand the job back to be worked again at once,
		// here after a restart or by another process, without using up an attempt.
		w.e.observe(j.Kind, start, "handed_back")
		return river.JobSnooze(0)
	}
	if err == nil {
		w.e.observe(j.Kind, start, "done")
		return nil
	}
	if j.Attempt < j.MaxAttempts {
		w.e.observe(j.Kind, start, "retry")
		return err
	}
	// The last attempt failed: the import must not wait for a job that will never come.
	w.e.observe(j.Kind, start, "given_up")
	giveUp, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if gerr := w.work.GiveUp(giveUp, job, err); gerr != nil {
		w.e.cfg.Log.Error("give up import job", "kind", job.Kind, "import", job.ImportID, "err", gerr)
	}
	return err
}

type sweepArgs struct{}

func (sweepArgs) Kind() string { return "sweep" }

// InsertOpts keeps one sweep queued at a time, in the small queue.
func (sweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueSmall, UniqueOpts: river.UniqueOpts{ByPeriod: time.Minute}}
}

type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	e    *Engine
	work Work
}

func (w *sweepWorker) Work(ctx context.Context, j *river.Job[sweepArgs]) error {
	start := time.Now()
	err := w.work.Sweep(ctx)
	outcome := "done"
	if err != nil {
		outcome = "retry"
	}
	w.e.observe(j.Kind, start, outcome)
	return err
}
