// Package sqlstore keeps Clientele's tenants, customers, imports, audit log and staff (users,
// sessions, API tokens) in SQLite or PostgreSQL. It implements the store interfaces the importer and
// the web declare (cmd/clientele asserts both) for both databases with one body of SQL.
//
// What differs between the databases is in two files, behind the dialect interface (dialect.go):
// sqlite.go and postgres.go. They hold how each is opened, migrated and written to, placeholders,
// time values, paging, the commit lock, bulk loading (COPY on PostgreSQL), how a unique violation
// is read, and the batched lookups that each planner needed written its own way (planner hints:
// LATERAL probes on PostgreSQL, a unary + on SQLite). The schema is one file per dialect,
// migrations/sqlite and migrations/postgres; they differ in id and time types, byte-wise
// collation, PostgreSQL's missing foreign keys on the bulk-written tables, and the staged rows'
// keys, indexed on SQLite only (each file's head says why).
//
// Two writing paths are hand-made for speed, each with its measured reason: stored values are
// JSON written by encodeValues, not json.Marshal, whose map sorting and reflection were ~6% of an
// import's CPU (TestEncodeValuesMatchesJSON holds the two to the same text); and PostgreSQL's bulk
// writes go by COPY, not multi-row INSERTs: 10,000 new customers and their revisions in
// 0.45–0.65 s against 0.7–0.8 s (BenchmarkInsertCustomers).
//
// Every exported method is one transaction. Inside Store.Commit the importer.Queries passed to
// the callback run in the commit's transaction instead.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	// oneConn: the database lives on one connection (":memory:"), which a Commit holds.
	oneConn bool
	jobs    Enqueuer // nil until SetJobs
}

// Open opens the database named by dsn — a postgres:// or postgresql:// URL for PostgreSQL,
// anything else a SQLite file path (created if missing) — and applies pending migrations. It
// fails with EInvalid for an empty dsn, and for a database whose schema is newer than this
// package's migrations.
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
		s.d = postgresDialect{}
		s.db, err = sql.Open("pgx", postgresDSN(dsn))
	} else {
		s.d = newSQLiteDialect()
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
		return nil, fmt.Errorf("sqlstore: open %s: %w", s.d.name(), err)
	}
	if err := migrate(ctx, s.db, s.d); err != nil {
		s.db.Close()
		var ce *customer.Error
		if errors.As(err, &ce) {
			return nil, err
		}
		return nil, fmt.Errorf("sqlstore: migrate %s: %w", s.d.name(), err)
	}
	return s, nil
}

// ReadsDuringCommit reports whether the Store's reads answer while a Commit runs in another
// goroutine: on PostgreSQL and on a SQLite file (WAL lets readers past the writer) they do, on
// another connection, and see what was committed before; ":memory:" has one connection, which
// the Commit holds.
func (s *Store) ReadsDuringCommit() bool { return !s.oneConn }

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name() }

// Close releases the database.
func (s *Store) Close() error { return s.db.Close() }

// queries runs the package's SQL in one transaction; it implements importer.Queries for Commit
// and does the work of every Store method.
type queries struct {
	tx *sql.Tx
	d  dialect
	// conn is the connection tx was begun on, set for PostgreSQL writes (postgresDialect.write) so
	// that bulk inserts can reach the pgx connection and COPY inside tx; nil elsewhere.
	conn *sql.Conn
	// reserved are account numbers that inserts in this transaction do not assign: those the
	// rows of the import being committed give themselves (ReserveAccounts).
	reserved map[string]bool
	// nested is set for the Queries Commit hands to its callback: each call there is a part of a
	// larger transaction, made atomic with a savepoint (see atomic).
	nested bool
	// beside is the Store, set for the Queries Commit hands to its callback: RowsAhead reads
	// through it beside the commit's transaction, and Enqueue reaches its job engine.
	beside *Store
}

// Enqueuer adds a job to the job engine's queue inside tx.
type Enqueuer func(ctx context.Context, tx *sql.Tx, job importer.Job) error

// SetJobs gives the Store the job engine that Commit's Enqueue adds jobs to; without one, Enqueue
// fails. Call it before the Store is used.
func (s *Store) SetJobs(e Enqueuer) { s.jobs = e }

// DB returns the Store's connection pool, for a job engine that keeps its tables beside the
// Store's.
func (s *Store) DB() *sql.DB { return s.db }

// Enqueue adds job to the queue in the commit's transaction: the job is enqueued if, and only
// if, the commit's writes are kept.
func (q *queries) Enqueue(ctx context.Context, job importer.Job) error {
	if q.beside == nil || q.beside.jobs == nil {
		return fmt.Errorf("sqlstore: no job engine to run %s of import %d", job.Kind, job.ImportID)
	}
	return q.beside.jobs(ctx, q.tx, job)
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
func (s *Store) write(ctx context.Context, fn func(q *queries) error) error {
	return s.d.write(ctx, s.db, fn)
}

// read runs fn in a read-only transaction, so that its queries see one snapshot. On SQLite a
// read-only transaction begins DEFERRED and takes no write lock.
func (s *Store) read(ctx context.Context, fn func(q *queries) error) error {
	return runTx(ctx, s.db.BeginTx, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
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
// The lock is the dialect's commitLock: the tenant's row on PostgreSQL, the database's write lock
// on SQLite.
//
// Each write through q is atomic: a call that fails leaves nothing behind and the transaction
// usable, so fn may carry on (an EConflict from InsertCustomers need not end the commit).
//
// fn must do all its database work through q: calling the Store's own write methods from fn
// waits for the lock fn holds.
func (s *Store) Commit(ctx context.Context, tenantID int64, fn func(q importer.Queries) error) error {
	return s.locked(ctx, tenantID, func(q *queries) error { return fn(q) })
}

// locked is Commit for the store's own methods that write under the tenant's commit lock.
func (s *Store) locked(ctx context.Context, tenantID int64, fn func(q *queries) error) error {
	return s.write(ctx, func(q *queries) error {
		var id int64
		err := q.queryRow(ctx, s.d.commitLock(), tenantID).Scan(&id)
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
