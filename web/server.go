package web

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/clientele/clientele/importer"
)

// Store is what the web needs of the database beside its Importer's store, made of what each
// part of the web uses.
type Store interface {
	accounts        // logging in and authenticating requests (auth.go)
	loginFailures   // the login limit (auth.go)
	userLanguages   // a user's language (me.go)
	customerBrowser // the customers and their export (customers.go)
	auditLog        // the audit log (customers.go)
	importRecords   // uploads, progress, history and error rows (imports.go)
	// Commit is importer.Store's: the mapping step takes an import out of state mapping under the
	// tenant's commit lock, as the importer changes imports (mapping.go).
	Commit(ctx context.Context, tenantID int64, fn func(q importer.Queries) error) error
	importer.Mappings // the saved column mappings (mapping.go)
	readiness         // /readyz (ops.go)
	importCounter     // /metrics (metrics.go)
}

// Config configures a Server. Zero values take the documented defaults.
type Config struct {
	Store      Store
	Importer   *importer.Importer
	Assets     fs.FS         // the built page (index.html, app.js, …); nil serves the API only
	MaxUpload  int64         // largest accepted upload in bytes; default 50 MB
	SessionTTL time.Duration // how long a login lasts; default 12 hours
	TempDir    string        // where uploads wait while they are read, and files wait for their column mapping (see KeepMapping); default os.TempDir()
	StaleAfter time.Duration // a checking import whose progress has not moved for this long lost its process; default 2 minutes
	Log        *slog.Logger  // default slog.Default()

	// Now is the clock every deadline is measured by (StaleAfter, KeepMapping, sessions, the
	// login limit's window); default time.Now. The database stamps imports with its own clock,
	// so in production it must be the real one.
	Now func() time.Time

	// KeepMapping is how long the file of an import in state mapping is kept in TempDir waiting
	// for its columns to be mapped (mapping.go, kept.go); default 24 hours. The file is named by the
	// import, so server processes on one database must share TempDir (one machine, or a shared
	// volume) for an import uploaded to one to be mapped on another.
	KeepMapping time.Duration
}

// DefaultMaxUpload is the default upload limit: far above any real customer file (100,000 rows
// of xlsx are about 8 MB), low enough that no one fills the disk by accident.
const DefaultMaxUpload = 50 << 20

// Server is the HTTP face of Clientele.
type Server struct {
	cfg     Config
	store   Store
	im      *importer.Importer
	log     *slog.Logger
	limiter *loginLimiter
	kept    keptUploads
	metrics *metrics
	openapiCache

	// Background work (reading and checking uploads) runs detached from its request; bg lets
	// Close wait for it so that no import is left half-checked by an orderly shutdown.
	bgCtx    context.Context
	bgCancel context.CancelFunc
	bg       sync.WaitGroup
	swept    chan struct{} // closed when the sweep of kept files (kept.go) has stopped
}

// New returns a server for cfg.
func New(cfg Config) *Server {
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = 2 * time.Minute
	}
	if cfg.TempDir == "" {
		cfg.TempDir = os.TempDir()
	}
	if cfg.KeepMapping <= 0 {
		cfg.KeepMapping = 24 * time.Hour
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	// Staging keeps a file's rows beside the uploads while it checks them (importer.TempDir).
	if cfg.Importer != nil && cfg.Importer.TempDir == "" {
		im := *cfg.Importer
		im.TempDir = cfg.TempDir
		cfg.Importer = &im
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg: cfg, store: cfg.Store, im: cfg.Importer, log: cfg.Log,
		limiter: newLoginLimiter(cfg.Store, 10, 15*time.Minute, cfg.Now),
		kept:    keptFolder{dir: cfg.TempDir},
		metrics: newMetrics(cfg.Store, cfg.Log),
		bgCtx:   ctx, bgCancel: cancel,
		swept: make(chan struct{}),
	}
	// The sweep of expired kept files runs apart from bg: Wait waits for uploads, not for it.
	go func() {
		defer close(s.swept)
		s.sweepEvery(ctx, time.Hour)
	}()
	return s
}

// now is the server's clock, Config.Now.
func (s *Server) now() time.Time { return s.cfg.Now() }

// Wait blocks until background work started so far has finished.
func (s *Server) Wait() { s.bg.Wait() }

// Close stops background work and waits for it. An import whose checking was stopped is
// marked failed, so that the user is told to upload again rather than wait forever.
func (s *Server) Close() {
	s.bgCancel()
	s.bg.Wait()
	<-s.swept
}

// go runs fn in the background, tracked by Wait and Close.
func (s *Server) goBackground(fn func(ctx context.Context)) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		fn(s.bgCtx)
	}()
}

// Handler returns the server's routes wrapped in its protections.
func (s *Server) Handler() http.Handler {
	return s.metrics.instrument(s.protect(s.routes()))
}
