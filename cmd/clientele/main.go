// Command clientele imports, checks, commits and exports a retail shop's customers.
//
// Usage:
//
//	clientele [--db DSN] [--tenant SLUG] [--as EMAIL] COMMAND [flags] [args]
//
// Run "clientele help" for the commands. Exit status: 0 when the command did its work (an
// import whose rows have errors still exits 0: row errors are results), 1 for a file-level or
// other failure with one line on stderr, 2 for bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sheet"
	"github.com/clientele/clientele/sqlstore"
	"github.com/clientele/clientele/web"
)

// Exit statuses: part of the CLI contract other tools rely on.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is what every command gets: the global settings and the standard streams.
type env struct {
	limits sheet.Limits // from CLIENTELE_MAX_* (see limits.go)
	db     string
	tenant string
	as     string // --as: the member of staff the CLI acts as (actor)
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"import", "check a customer file and commit its valid rows", cmdImport},
		{"confirm", "commit a staged import (by id)", cmdConfirm},
		{"undo", "take a committed import back: undo IMPORT_ID|--last [--yes] [--force]", cmdUndo},
		{"imports", "list the import history, newest first", cmdImports},
		{"duplicates", "list clusters of stored customers that are likely one person, best first: duplicates [--json] [--limit N]", cmdDuplicates},
		{"export", "write all customers to an .xlsx or .csv file", cmdExport},
		{"customer", "one customer's GDPR requests: customer export ID (everything held, JSON); customer erase ID --yes", cmdCustomer},
		{"template", "write the empty (or pre-filled) .xlsx template", cmdTemplate},
		{"fields", "print the field guide", cmdFields},
		{"serve", "run the web back office and the JSON API: serve [--addr 127.0.0.1:8080]", cmdServe},
		{"worker", "work background jobs (checking uploads) without serving HTTP: worker [--workers N]", cmdWorker},
		{"tenant", "manage shop groups: tenant add SLUG [--country NO] [--language nb]; tenant set [--name N] [--country PL] [--language pl]", cmdTenant},
		{"user", "manage staff who log in: user add|list|set-role|deactivate|reset-password (user -h)", cmdUser},
		{"token", "manage API bearer tokens: token create --email E [--name N] [--expires 90d]; token list; token revoke NAME", cmdToken},
		{"bench", "time reading, checking, importing and exporting a generated file: bench [--rows 100000]", cmdBench},
	}
}

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{db: os.Getenv("CLIENTELE_DB"), tenant: "default", stdin: stdin, stdout: stdout, stderr: stderr}
	if e.db == "" {
		e.db = "clientele.db"
	}
	rest, err := globalFlags(e, args)
	if err != nil {
		fmt.Fprintf(stderr, "clientele: %v\n", err)
		return exitUsage
	}
	if e.limits, err = limitsFromEnv(); err != nil {
		fmt.Fprintf(stderr, "clientele: %v\n", err)
		return exitUsage
	}
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		printUsage(stdout)
		if len(rest) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			return exitStatus(stderr, c.run(ctx, e, rest[1:]))
		}
	}
	fmt.Fprintf(stderr, "clientele: unknown command %q; run \"clientele help\"\n", rest[0])
	return exitUsage
}

// exitStatus prints err as one line and maps it to the exit status.
func exitStatus(stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "clientele: %s\n", ue.msg)
		return exitUsage
	}
	switch customer.ErrorCodeOf(err) {
	case customer.EInvalid:
		fmt.Fprintf(stderr, "clientele: %s\n", customer.ErrorMessage(err))
		return exitUsage
	case customer.EInternal:
		fmt.Fprintf(stderr, "clientele: %v\n", err)
	default:
		fmt.Fprintf(stderr, "clientele: %s\n", customer.ErrorMessage(err))
	}
	return exitFailure
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, `Clientele imports a shop's customers from a spreadsheet, checks every row, and commits only
what is right.

Usage: clientele [--db DSN] [--tenant SLUG] [--as EMAIL] COMMAND [flags] [args]

Commands:`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `
Global flags (before or after the command):
  --db DSN       a postgres:// URL or a SQLite file path (default $CLIENTELE_DB, else clientele.db)
  --tenant SLUG  the shop group to work on (default "default")
  --as EMAIL     the member of staff who imports, confirms, undoes or exports, as the history
                 and the audit log record it (default $CLIENTELE_USER; without either, the
                 operating-system user, recorded as os:NAME)

Run "clientele COMMAND -h" for a command's flags.`)
	fmt.Fprint(w, "\n"+printLimits())
}

// globalFlags takes --db, --tenant and --as out of args wherever they stand, so that people can type
// them before or after the command, and returns the rest.
func globalFlags(e *env, args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "db" && name != "tenant" && name != "as") {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("flag --%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if value == "" {
			return nil, fmt.Errorf("flag --%s needs a value", name)
		}
		switch name {
		case "db":
			e.db = value
		case "tenant":
			e.tenant = value
		default:
			e.as = value
		}
	}
	return rest, nil
}

// parseInterleaved parses a subcommand's flags wherever they stand among its arguments, as people
// type them (clientele import FILE --dry-run), and returns the positional arguments.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlagSet returns a FlagSet whose errors and help go to stderr and come back as errors.
func newFlagSet(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: clientele %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// openAs is open, and the person the command acts as (env.actor), for the commands that write
// what they did in the audit log.
func (e *env) openAs(ctx context.Context) (*sqlstore.Store, customer.Tenant, string, error) {
	s, t, err := e.open(ctx)
	if err != nil {
		return nil, t, "", err
	}
	who, err := e.actor(ctx, s, t)
	if err != nil {
		s.Close()
		return nil, t, "", err
	}
	return s, t, who, nil
}

// open opens the store and the tenant the command works on. The tenant "default" is created on
// first use, so a fresh install works with one command; other tenants are made with "tenant add".
func (e *env) open(ctx context.Context) (*sqlstore.Store, customer.Tenant, error) {
	s, err := sqlstore.Open(ctx, e.db)
	if err != nil {
		return nil, customer.Tenant{}, err
	}
	var t customer.Tenant
	if e.tenant == "default" {
		var country, language string
		if country, language, err = defaultTenantSettings(); err == nil {
			t, err = s.EnsureTenant(ctx, "default", country, language)
		}
	} else {
		t, err = s.Tenant(ctx, e.tenant)
		if customer.ErrorCodeOf(err) == customer.ENotFound {
			err = customer.Errorf(customer.ENotFound, "No shop group %q; create it with \"clientele tenant add %s\".", e.tenant, e.tenant)
		}
	}
	if err != nil {
		s.Close()
		return nil, customer.Tenant{}, err
	}
	return s, t, nil
}

// defaultTenantSettings returns the country and language the tenant "default" is created with:
// $CLIENTELE_COUNTRY (or the older $CLIENTELE_DEFAULT_COUNTRY), else NO, and
// $CLIENTELE_LANGUAGE, else en. A value Clientele does not know is bad usage, so that a typo
// does not leave a fresh install with the wrong country.
func defaultTenantSettings() (country, language string, err error) {
	country, language = "NO", "en"
	change := customer.TenantChange{}
	for _, name := range []string{"CLIENTELE_COUNTRY", "CLIENTELE_DEFAULT_COUNTRY"} {
		if v := os.Getenv(name); v != "" {
			change.Country = &v
			break
		}
	}
	if v := os.Getenv("CLIENTELE_LANGUAGE"); v != "" {
		change.Language = &v
	}
	t, err := change.Apply(customer.Tenant{Country: country, Language: language})
	if err != nil {
		return "", "", usagef("CLIENTELE_COUNTRY, CLIENTELE_LANGUAGE: %s", customer.ErrorMessage(err))
	}
	return t.Country, t.Language, nil
}

// The one store serves the importer (inside its commits too, through Commit's importer.Queries)
// and the web.
var (
	_ importer.Store = (*sqlstore.Store)(nil)
	_ web.Store      = (*sqlstore.Store)(nil)
)

func (e *env) importer(s importer.Store) *importer.Importer {
	return &importer.Importer{Store: s, Limits: e.limits}
}
