package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"time"

	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/jobs"
	"github.com/clientele/clientele/sqlstore"
)

// stopJobsWithin is how long a stopping process lets its running jobs finish before it hands
// them back to the queue, for another process (or this one, restarted) to work: within the 30
// seconds an orchestrator gives a stopping process ($CLIENTELE_JOB_STOP_WITHIN to choose).
const stopJobsWithin = 25 * time.Second

// openJobs opens the job engine on s and makes it the store's: the importer's state changes
// enqueue their jobs there. workers bounds the jobs this process works at once (0: none, only
// enqueue); im works them.
func openJobs(ctx context.Context, e *env, s *sqlstore.Store, im *importer.Importer, workers int, log *slog.Logger, observe func(kind, outcome string, d time.Duration)) (*jobs.Engine, error) {
	cfg := jobs.Config{Workers: workers, Log: log, Observe: observe}
	if workers == 0 {
		cfg.Workers = -1
	}
	for _, d := range []struct {
		env string
		to  *time.Duration
	}{
		{"CLIENTELE_JOB_TIMEOUT", &cfg.Timeout},
		{"CLIENTELE_JOB_LARGE_TIMEOUT", &cfg.LargeTimeout},
		{"CLIENTELE_JOB_RESCUE_AFTER", &cfg.RescueAfter},
	} {
		if v := os.Getenv(d.env); v != "" {
			dur, err := time.ParseDuration(v)
			if err != nil || dur <= 0 {
				return nil, usagef("%s must be a duration such as 30m, not %q", d.env, v)
			}
			*d.to = dur
		}
	}
	eng, err := jobs.Open(ctx, s.DB(), s.Dialect(), e.db, im, cfg)
	if err != nil {
		return nil, err
	}
	s.SetJobs(eng.Enqueue)
	return eng, nil
}

// stopJobs stops taking jobs and gives the running ones stopJobsWithin to finish; the rest go
// back to the queue.
func stopJobs(eng *jobs.Engine, log *slog.Logger) {
	within := stopJobsWithin
	if d, err := time.ParseDuration(os.Getenv("CLIENTELE_JOB_STOP_WITHIN")); err == nil && d > 0 {
		within = d
	}
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	if err := eng.Stop(ctx); err != nil {
		log.Error("stop jobs", "err", err)
	}
	eng.Close()
}

// workersFlag is the default of --workers: one job a core.
func workersFlag() int { return runtime.NumCPU() }

func cmdWorker(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "worker", "worker [--workers N] [--log-format text|json]")
	workers := fs.Int("workers", workersFlag(), "the jobs this process runs at once")
	logFormat := fs.String("log-format", "text", "the log's format on stderr: text, or json for a log collector")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("worker takes no arguments")
	}
	if *workers < 1 {
		return usagef("--workers must be at least 1")
	}
	logs, err := logHandler(*logFormat, e.stderr)
	if err != nil {
		return err
	}
	log := slog.New(logs)
	s, _, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	im := e.importer(s)
	eng, err := openJobs(ctx, e, s, im, *workers, log, nil)
	if err != nil {
		return err
	}
	if err := eng.Start(context.WithoutCancel(ctx)); err != nil {
		eng.Close()
		return err
	}
	fmt.Fprintf(e.stdout, "Clientele is working jobs (%d at once; database %s). Stop it with Ctrl+C.\n", *workers, redactDSN(e.db))
	<-ctx.Done()
	stopJobs(eng, log)
	return nil
}
