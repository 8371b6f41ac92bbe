package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/web"
	"github.com/clientele/clientele/web/ui"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "serve [--addr HOST:PORT] [--public-url https://HOST] [--trusted-proxy CIDR]... [--max-upload MB] [--workers N] [--log-format text|json]")
	defAddr := os.Getenv("CLIENTELE_ADDR")
	if defAddr == "" {
		defAddr = "127.0.0.1:8080"
	}
	addr := fs.String("addr", defAddr, "the address to listen on ($CLIENTELE_ADDR)")
	maxUpload := fs.Int64("max-upload", web.DefaultMaxUpload>>20, "the largest file accepted, in MB")
	logFormat := fs.String("log-format", "text", "the log's format on stderr: text, or json for a log collector")
	workers := fs.Int("workers", workersFlag(), "the background jobs (checking, confirming, undoing) this process runs at once; 0 runs none, leaving them to other processes")
	publicURL := fs.String("public-url", os.Getenv("CLIENTELE_PUBLIC_URL"), "the address people reach the server at behind a reverse proxy, such as https://kunder.example.no ($CLIENTELE_PUBLIC_URL); https makes the login cookie Secure and adds HSTS")
	var proxies []netip.Prefix
	fs.Func("trusted-proxy", "a reverse proxy (address or CIDR, repeatable) whose X-Forwarded-For and X-Forwarded-Proto are believed", func(v string) error {
		p, err := parseProxy(v)
		if err == nil {
			proxies = append(proxies, p)
		}
		return err
	})
	maxHashes := fs.Int("max-hashes", 4, "password hashes (19 MiB each) run at once; more logins wait their turn")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments")
	}
	var public *url.URL
	if *publicURL != "" {
		if public, err = web.ParsePublicURL(*publicURL); err != nil {
			return usagef("--public-url: %s", customer.ErrorMessage(err))
		}
	}
	if *maxHashes < 1 {
		return usagef("--max-hashes must be at least 1")
	}
	if *maxUpload < 1 {
		return usagef("--max-upload must be at least 1 (MB)")
	}
	if *workers < 0 {
		return usagef("--workers must be 0 or more")
	}
	logs, err := logHandler(*logFormat, e.stderr)
	if err != nil {
		return err
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := firstOwner(ctx, e, s, t); err != nil {
		return err
	}

	log := slog.New(logs)
	srv := web.New(web.Config{
		Store:     s,
		Importer:  e.importer(s),
		Assets:    ui.Dist(),
		MaxUpload: *maxUpload << 20,
		Log:       log,

		PublicURL:      public,
		TrustedProxies: proxies,
		MaxHashes:      *maxHashes,
	})
	eng, err := openJobs(ctx, e, s, srv.Importer(), *workers, log, srv.ObserveJob)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		eng.Close()
		return customer.Errorf(customer.EInvalid, "Cannot listen on %s: %v.", *addr, err)
	}
	// Jobs outlive the signal: stopping hands them back (stopJobs), it does not cut them off.
	if err := eng.Start(context.WithoutCancel(ctx)); err != nil {
		eng.Close()
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	where := "http://" + ln.Addr().String() + "/"
	if public != nil {
		where = public.Scheme + "://" + public.Host + "/ (listening on " + ln.Addr().String() + ")"
	}
	fmt.Fprintf(e.stdout, "Clientele is running at %s (database %s). Stop it with Ctrl+C.\n", where, redactDSN(e.db))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		stopJobs(eng, log)
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// A stop (SIGTERM of a rolling deploy, Ctrl+C): no new requests or jobs; the running ones
	// finish, or go back to the queue for another process.
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		stopJobs(eng, log)
	}()
	shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdown)
	<-stopped
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shut down: %w", err)
	}
	return nil
}

// parseProxy reads a --trusted-proxy: a CIDR such as 10.0.0.0/8, or one address.
func parseProxy(v string) (netip.Prefix, error) {
	v = strings.TrimSpace(v)
	if p, err := netip.ParsePrefix(v); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an address or a CIDR such as 10.0.0.0/8", v)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// logHandler returns the handler of the server's log for --log-format: text for people reading a
// terminal, json (one object a line) for a log collector. Another format is a usage error.
func logHandler(format string, w io.Writer) (slog.Handler, error) {
	switch format {
	case "text":
		return slog.NewTextHandler(w, nil), nil
	case "json":
		return slog.NewJSONHandler(w, nil), nil
	}
	return nil, usagef("--log-format must be text or json, not %q", format)
}

// owners is what firstOwner needs of the store.
type owners interface {
	// CountUsers counts all users in all tenants (0 on a fresh install).
	CountUsers(ctx context.Context) (int, error)
	// CreateUser stores a user, setting its ID and CreatedAt; EConflict when the email is taken.
	CreateUser(ctx context.Context, u *customer.User) error
}

// firstOwner makes a fresh install usable at once: with no user at all, it creates an owner of
// the tenant from CLIENTELE_ADMIN_EMAIL and CLIENTELE_ADMIN_PASSWORD, or with a one-time
// password it prints (once; only its hash is kept), and says how to set the shop's country and
// language, which a new shop otherwise only learns from its first phone number "not valid in
// Norway".
func firstOwner(ctx context.Context, e *env, s owners, t customer.Tenant) error {
	n, err := s.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(os.Getenv("CLIENTELE_ADMIN_EMAIL")))
	if email == "" {
		email = "admin@example.com"
	}
	password := os.Getenv("CLIENTELE_ADMIN_PASSWORD")
	printed := false
	if password == "" {
		secret, _, err := access.NewSecret()
		if err != nil {
			return err
		}
		password, printed = secret[:16], true
	}
	hash, err := access.HashPassword(password)
	if err != nil {
		return err
	}
	u := customer.User{TenantID: t.ID, Email: email, Role: customer.RoleOwner, PasswordHash: hash}
	if err := s.CreateUser(ctx, &u); err != nil {
		return err
	}
	if printed {
		fmt.Fprintf(e.stdout, "Created the first owner: log in as %s with the one-time password %s\n(it is shown only now; add staff with \"clientele user add\").\n", email, password)
	} else {
		fmt.Fprintf(e.stdout, "Created the first owner %s (password from CLIENTELE_ADMIN_PASSWORD).\n", email)
	}
	set := "clientele tenant set"
	if t.Slug != "default" {
		set = "clientele --tenant " + t.Slug + " tenant set"
	}
	fmt.Fprintf(e.stdout, "Shop group %s: country %s (phone numbers without a country code are read as %s's), language %s.\n"+
		"Change them under Shop settings in the page or with \"%s --country PL --language pl\" (or set CLIENTELE_COUNTRY and CLIENTELE_LANGUAGE before the first start).\n",
		t.Slug, t.Country, t.Country, t.Language, set)
	return nil
}

// redactDSN hides a password in a PostgreSQL URL before it is printed.
func redactDSN(dsn string) string {
	if at := strings.Index(dsn, "@"); at > 0 && strings.Contains(dsn[:at], "://") {
		scheme, rest, _ := strings.Cut(dsn[:at], "://")
		if user, _, hasPassword := strings.Cut(rest, ":"); hasPassword {
			return scheme + "://" + user + ":***" + dsn[at:]
		}
	}
	return dsn
}
