// Package sqlstore keeps Clientele's tenants, customers, imports, audit log and staff (users,
// sessions, API tokens) in SQLite or PostgreSQL. It implements importer.Store and access.Store
// for both with one body of SQL: the schema differs in a few column types (migrations/sqlite,
// migrations/postgres), and the Go code differs only in placeholders, time values, paging, the
// commit lock and how a unique violation is reported (dialect.go).
//
// Every exported method is one transaction. Inside Store.Commit the importer.Queries passed to
// the callback run in the commit's transaction instead.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

var _ importer.Store = (*Store)(nil)

// Store is a Clientele database, SQLite or PostgreSQL. It is safe for concurrent use.
type Store struct {
	db *sql.DB
	d  dialect
	// writeSem serialises this process's SQLite write transactions in Go, where waiting honours
	// the context, instead of leaving them to poll SQLite's lock under busy_timeout (which then
	// only arbitrates between processes). It is nil for PostgreSQL.
	writeSem chan struct{}
	// oneConn: the database lives on one connection (":memory:"), which a Commit holds.
	oneConn bool
}

// Open opens the database named by dsn — a postgres:// or postgresql:// URL for PostgreSQL,
// anything else a SQLite file path (created if missing) — and applies pending migrations. It
// fails with EInvalid for an empty dsn.
//
// ":memory:" opens a private in-memory SQLite database for tests and trials. It lives on one
// connection, so a callback (Commit's, AllCustomers') must not call the Store meanwhile.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, customer.Errorf(customer.EInvalid, "No database given.")
	}
	s := &Store{}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.d = dialect{name: DialectPostgres}
		s.db, err = sql.Open("pgx", postgresDSN(dsn))
	} else {
		s.d = dialect{name: DialectSQLite}
		s.writeSem = make(chan struct{}, 1)
		s.db, err = sql.Open("sqlite", sqliteDSN(dsn))
		if dsn == ":memory:" {
			// Every connection to ":memory:" is a database of its own: keep one.
			s.db.SetMaxOpenConns(1)
			s.oneConn = true
		}
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open: %w", err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", s.d.name, err)
	}
	if err := migrate(ctx, s.db, s.d); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("sqlstore: migrate %s: %w", s.d.name, err)
	}
	return s, nil
}

// postgresDSN adds to a PostgreSQL URL the session settings every connection needs:
// plan_cache_mode=force_custom_plan, so that PostgreSQL plans each statement for its arguments
// and the table as it is, never reusing a generic plan. pgx prepares and caches every statement,
// and after five runs PostgreSQL may switch to a generic plan made when a table was small or
// empty: inside a commit in chunks, a key lookup planned so while the commit's first customers
// were being inserted went from 4 ms to 4–10 s a call as the table grew (a sequential scan per
// key). Planning again costs well under a millisecond; our statements carry whole batches.
// A URL that sets plan_cache_mode itself keeps its own.
func postgresDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn // sql.Open reports it
	}
	q := u.Query()
	if q.Get("plan_cache_mode") == "" {
		q.Set("plan_cache_mode", "force_custom_plan")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// sqliteDSN adds to a SQLite path the settings every pooled connection needs: write
// transactions take the write lock at BEGIN (BEGIN IMMEDIATE), so a transaction that reads and
// then writes never fails half-way on a lock upgrade; WAL, so readers and the writer do not block
// each other; a busy timeout for other processes (the CLI next to the server); foreign keys,
// which SQLite leaves off by default; and synchronous=NORMAL, which in WAL mode cannot corrupt
// the database and only risks the last commits on power loss.
//
// The page cache stays at SQLite's 2 MB. 16 MB made a 100,000-row import about a tenth quicker
// (18.7 and 19.3 s against 20.8 and 21.6 s), but the cache is memory outside Go's heap, where the
// CLI's heap budget cannot see it: a million-row import then peaked at 284 MB instead of 250,
// over the 256 MB it must stay within.
func sqliteDSN(path string) string {
	const params = "_txlock=immediate" +
		"&_pragma=busy_timeout(10000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)"
	if strings.Contains(path, "?") {
		return path + "&" + params
	}
	return path + "?" + params
}

// ReadsDuringCommit reports whether the Store's reads answer while a Commit runs in another
// goroutine: on PostgreSQL and on a SQLite file (WAL lets readers past the writer) they do, on
// another connection, and see what was committed before; ":memory:" has one connection, which
// the Commit holds.
func (s *Store) ReadsDuringCommit() bool { return !s.oneConn }

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Close releases the database.
func (s *Store) Close() error { return s.db.Close() }

// queries runs the package's SQL in one transaction; it implements importer.Queries for Commit
// and does the work of every Store method.
type queries struct {
	tx *sql.Tx
	d  dialect
	// conn is the connection tx was begun on, set for PostgreSQL writes (see Store.write) so that
	// bulk inserts can reach the pgx connection and COPY inside tx; nil elsewhere, where they
	// fall back to multi-row INSERTs.
	conn *sql.Conn
	// reserved are account numbers that inserts in this transaction do not assign: those the
	// rows of the import being committed give themselves (ReserveAccounts).
	reserved map[string]bool
	// nested is set for the Queries Commit hands to its callback: each call there is a part of a
	// larger transaction, made atomic with a savepoint (see atomic).
	nested bool
	// beside is the Store, set for the Queries Commit hands to its callback: RowsAhead reads
	// through it beside the commit's transaction.
	beside *Store
}

var _ importer.Queries = (*queries)(nil)

// atomic runs fn, a write of several statements, so that it takes effect entirely or not at all.
// A Store method is a transaction of its own already. Inside Commit, a savepoint undoes a failed
// call's partial writes (the batches before the one that failed) and, on PostgreSQL, clears the
// error that would otherwise abort the whole transaction; so the callback may carry on after,
// say, an EConflict, on both databases alike.
func (q *queries) atomic(ctx context.Context, fn func() error) error {
	if !q.nested {
		return fn()
	}
	if _, err := q.exec(ctx, `SAVEPOINT sqlstore_call`); err != nil {
		return fmt.Errorf("sqlstore: savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := q.exec(ctx, `ROLLBACK TO SAVEPOINT sqlstore_call`); rerr != nil {
			return fmt.Errorf("%w (and undoing it failed: %v)", err, rerr)
		}
		if _, rerr := q.exec(ctx, `RELEASE SAVEPOINT sqlstore_call`); rerr != nil {
			return fmt.Errorf("%w (and releasing its savepoint failed: %v)", err, rerr)
		}
		return err
	}
	if _, err := q.exec(ctx, `RELEASE SAVEPOINT sqlstore_call`); err != nil {
		return fmt.Errorf("sqlstore: release savepoint: %w", err)
	}
	return nil
}

func (q *queries) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.tx.ExecContext(ctx, q.d.rebind(query), args...)
}

func (q *queries) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.tx.QueryContext(ctx, q.d.rebind(query), args...)
}

func (q *queries) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return q.tx.QueryRowContext(ctx, q.d.rebind(query), args...)
}

// write runs fn in a read-write transaction, committing when fn returns nil.
//
// On PostgreSQL the transaction is begun on a connection taken from the pool for it and kept in
// the queries: database/sql hands out the driver connection of a *sql.Conn, not of a *sql.Tx,
// and COPY (bulk_postgres.go) needs pgx's connection, in the same session as the transaction.
func (s *Store) write(ctx context.Context, fn func(q *queries) error) error {
	if s.writeSem != nil {
		select {
		case s.writeSem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-s.writeSem }()
	}
	if !s.d.postgres() {
		return s.inTx(ctx, nil, fn)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: connect: %w", err)
	}
	defer conn.Close() // after the transaction ends: defers run last first
	return runTx(ctx, conn.BeginTx, nil, func(tx *sql.Tx) error {
		return fn(&queries{tx: tx, d: s.d, conn: conn})
	})
}

// read runs fn in a read-only transaction, so that its queries see one snapshot. On SQLite a
// read-only transaction begins DEFERRED and takes no write lock.
func (s *Store) read(ctx context.Context, fn func(q *queries) error) error {
	return s.inTx(ctx, &sql.TxOptions{ReadOnly: true}, fn)
}

func (s *Store) inTx(ctx context.Context, opts *sql.TxOptions, fn func(q *queries) error) error {
	return runTx(ctx, s.db.BeginTx, opts, func(tx *sql.Tx) error {
		return fn(&queries{tx: tx, d: s.d})
	})
}

// runTx begins a transaction with begin (a *sql.DB's or a *sql.Conn's BeginTx) and runs fn in
// it, committing when fn returns nil and rolling back otherwise, a panic included.
func runTx(ctx context.Context, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error), opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := begin(ctx, opts)
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}

// Commit runs fn in one transaction that holds the tenant's commit lock, so that commits of one
// tenant run one at a time and the checks fn makes still hold when its writes commit. If fn
// returns an error, or panics, nothing it wrote is kept, and fn's error is returned as is. It
// fails with ENotFound when the tenant does not exist.
//
// On PostgreSQL the lock is the tenant's row, locked FOR NO KEY UPDATE: it conflicts with other
// commits of the tenant but not with the key-share locks that foreign-key checks take, so staging
// a new import in the tenant does not wait for a commit. On SQLite the transaction holds the
// database's write lock from BEGIN, which serialises every writer.
//
// Each write through q is atomic: a call that fails leaves nothing behind and the transaction
// usable, so fn may carry on (an EConflict from InsertCustomers need not end the commit).
//
// fn must do all its database work through q: calling the Store's own write methods from fn
// waits for the lock fn holds.
func (s *Store) Commit(ctx context.Context, tenantID int64, fn func(q importer.Queries) error) error {
	return s.write(ctx, func(q *queries) error {
		lock := `SELECT id FROM tenants WHERE id = ?`
		if s.d.postgres() {
			lock += ` FOR NO KEY UPDATE`
		}
		var id int64
		err := q.queryRow(ctx, lock, tenantID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return tenantNotFound(tenantID)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: lock tenant: %w", err)
		}
		q.nested, q.beside = true, s
		return fn(q)
	})
}
