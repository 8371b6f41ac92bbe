package web

import (
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/duplicates"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/record"
)

// Store is what the web needs of the database beside its Importer's store, made of what each
// part of the web uses.
type Store interface {
	accounts          // logging in and authenticating requests (auth.go)
	loginThrottle     // the login limits (limiter.go)
	staffStore        // staff and their passwords (staff.go)
	tokenStore        // API tokens (tokens.go)
	userLanguages     // a user's language (me.go)
	tenantSettings    // the shop's settings (tenant.go)
	customerBrowser   // the customers and their export (customers.go)
	record.Store      // one customer's page, edits, history and GDPR requests (record.go)
	duplicates.Store  // the customer base's duplicates, merges and their undo (duplicates.go)
	auditLog          // the audit log (customers.go)
	importRecords     // uploads, progress, history and error rows (imports.go)
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
	TempDir    string        // where an upload waits while its request is read; default os.TempDir()
	Log        *slog.Logger  // default slog.Default()

	// Now is the clock every deadline is measured by (KeepMapping, sessions, the login limit's
	// window); default time.Now. The database stamps imports with its own clock, so in
	// production it must be the real one.
	Now func() time.Time

	// KeepMapping is how long an import waits in state mapping for its columns to be mapped
	// before it expires (the Importer's, unless it sets its own); default 24 hours.
	KeepMapping time.Duration

	// PublicURL is the address people reach the server at, such as https://kunder.example.no,
	// when that is not the address it listens on (behind a reverse proxy). An https URL makes
	// the session cookie Secure and adds HSTS; its origin passes the cross-origin check.
	// Make it with ParsePublicURL.
	PublicURL *url.URL
	// TrustedProxies are the reverse proxies whose X-Forwarded-For (the client's address, which
	// the login limits count by) and X-Forwarded-Proto are believed. From anyone else the
	// headers are ignored.
	TrustedProxies []netip.Prefix
	// MaxHashes is how many password hashes (19 MiB each) may run at once; default 4.
	MaxHashes int
}

// DefaultMaxUpload is the default upload limit: far above any real customer file (100,000 rows
// of xlsx are about 8 MB), low enough that no one fills the disk by accident.
const DefaultMaxUpload = 50 << 20

// Server is the HTTP face of Clientele.
type Server struct {
	cfg       Config
	store     Store
	im        *importer.Importer
	records   *record.Service
	dupes     *duplicates.Service
	log       *slog.Logger
	limiter   *loginLimiter
	hashes    *hashGate
	dummyHash string // hashed for an unknown email (limiter.go)
	metrics   *metrics
	// publicOrigin is Config.PublicURL's scheme and host, "" without one; publicHTTPS says
	// whether it is https.
	publicOrigin string
	publicHTTPS  bool
	openapiCache
}

// ParsePublicURL reads a server's public URL (Config.PublicURL). It fails with EInvalid for
// anything but an http or https URL of a host, without a path.
func ParsePublicURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return nil, customer.Errorf(customer.EInvalid, "The public URL %q must be http:// or https:// and a host, such as https://kunder.example.no.", raw)
	}
	return u, nil
}

// New returns a server for cfg.
func New(cfg Config) *Server {
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
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
	if cfg.MaxHashes <= 0 {
		cfg.MaxHashes = 4
	}
	s := &Server{
		cfg: cfg, store: cfg.Store, log: cfg.Log,
		records:   &record.Service{Store: cfg.Store, Now: cfg.Now},
		dupes:     &duplicates.Service{Store: cfg.Store, Now: cfg.Now},
		limiter:   &loginLimiter{store: cfg.Store, now: cfg.Now, log: cfg.Log},
		metrics:   newMetrics(cfg.Store, cfg.Log),
		dummyHash: newDummyHash(),
	}
	s.hashes = newHashGate(cfg.MaxHashes, s.metrics.hashes.Inc)
	if u := cfg.PublicURL; u != nil {
		s.publicOrigin, s.publicHTTPS = u.Scheme+"://"+u.Host, u.Scheme == "https"
	}
	// The server's own copy of the importer: its files beside the uploads, its clock, and the
	// rows its jobs count into the metrics (Importer, for the job engine of this process).
	if cfg.Importer != nil {
		im := *cfg.Importer
		if im.TempDir == "" {
			im.TempDir = cfg.TempDir
		}
		if im.Now == nil {
			im.Now = cfg.Now
		}
		if im.KeepMapping == 0 {
			im.KeepMapping = cfg.KeepMapping
		}
		im.OnRows = s.metrics.onRows
		s.im = &im
	}
	return s
}

// Importer is the server's importer, which the job engine of its process works jobs with, so
// that their rows count into the server's metrics.
func (s *Server) Importer() *importer.Importer { return s.im }

// now is the server's clock, Config.Now.
func (s *Server) now() time.Time { return s.cfg.Now() }

// Handler returns the server's routes wrapped in its protections.
func (s *Server) Handler() http.Handler {
	return s.metrics.instrument(s.protect(s.routes()))
}
