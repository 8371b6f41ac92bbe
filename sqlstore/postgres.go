package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/clientele/clientele/customer"
)

// postgresDialect is the dialect of PostgreSQL.
type postgresDialect struct{}

func (postgresDialect) name() string { return DialectPostgres }

// postgresDSN adds to a PostgreSQL URL the session settings every connection needs:
// plan_cache_mode=force_custom_plan, so that PostgreSQL plans each statement for its arguments
// and the table as it is, never reusing a generic plan. pgx prepares and caches every statement,
// and after five runs PostgreSQL may switch to a generic plan made when a table is small or
// empty: inside a commit in chunks, a key lookup planned while the commit's first customers are
// inserted would scan the whole table per key as it grows. Planning again is cheap beside
// statements that carry whole batches.
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

// goose takes an advisory lock, so that two processes starting at once do not migrate together.
func (postgresDialect) goose() (goose.Dialect, []goose.ProviderOption, error) {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return "", nil, err
	}
	return goose.DialectPostgres, []goose.ProviderOption{goose.WithSessionLocker(locker)}, nil
}

// write begins the transaction on a connection taken from the pool for it and kept in the
// queries: database/sql hands out the driver connection of a *sql.Conn, not of a *sql.Tx, and
// COPY needs pgx's connection, in the same session as the transaction.
func (d postgresDialect) write(ctx context.Context, db *sql.DB, fn func(q *queries) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: connect: %w", err)
	}
	defer conn.Close() // after the transaction ends: defers run last first
	return runTx(ctx, conn.BeginTx, nil, func(tx *sql.Tx) error {
		return fn(&queries{tx: tx, d: d, conn: conn})
	})
}

// commitLock locks the tenant's row FOR NO KEY UPDATE: it conflicts with other commits of the
// tenant but not with the key-share locks that foreign-key checks take, so staging a new import
// in the tenant does not wait for a commit.
func (postgresDialect) commitLock() string {
	return `SELECT id FROM tenants WHERE id = ? FOR NO KEY UPDATE`
}

// rebind rewrites the ? placeholders to $1, $2, …. The SQL in this package never has a ? inside
// a literal or identifier, but quoted text is skipped anyway so that a future literal cannot be
// mangled silently.
func (postgresDialect) rebind(query string) string {
	if strings.IndexByte(query, '?') < 0 {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + len(query)/4)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// timeArg returns a time.Time for TIMESTAMPTZ, truncated to its microseconds (PostgreSQL would
// round).
func (postgresDialect) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// timeParam and bytesParam cast, as PostgreSQL cannot infer a type inside VALUES (it would take
// text).
func (postgresDialect) timeParam() string  { return "CAST(? AS TIMESTAMPTZ)" }
func (postgresDialect) bytesParam() string { return "CAST(? AS BYTEA)" }

func (postgresDialect) offsetOnly() string { return ` OFFSET ?` }

// postgresUniqueViolation returns the index a unique violation (SQLSTATE 23505) names.
func postgresUniqueViolation(err error) (string, bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return pgErr.ConstraintName, true
	}
	return "", false
}

// The batched lookups below probe each value on its own: the values go as one array, and a
// LATERAL subquery per value looks it up by an index, with LIMIT 1 or OFFSET 0 keeping the planner
// from flattening the probe into a join. Written as "tenant_id = ? AND x IN (…)", PostgreSQL
// plans from statistics that a table filled in the running transaction, or never analysed (a
// new shop's first import), does not have: it guessed "tenant_id = ?" to match a few hundred rows
// and read every customer of the tenant to filter them.

// customersByKey: with an IN list of hundreds of values the planner prefers a sequential scan
// of the tenant's customers.
// Where the index is partial, the test for a non-empty key repeats its predicate, so that the
// planner may use it.
func (postgresDialect) customersByKey(column string, partial bool, tenantID int64, vals []string) (string, []any) {
	cond := column + " = k.v"
	if partial {
		cond += " AND " + column + " <> ''"
	}
	return `SELECT ` + customerColumnsOf("c.") + `
		FROM unnest(CAST(? AS TEXT[])) AS k (v)
		CROSS JOIN LATERAL (
			SELECT * FROM customers WHERE tenant_id = ? AND ` + cond + ` LIMIT 1
		) AS c`, []any{vals, tenantID}
}

// matchKeyCustomers joins the keys, an array, with the key's index: planning an IN list of
// 1,000 keys, PostgreSQL estimated each key's share of the index on every call (binding took
// 2.2 ms of each 15 ms lookup of a dry run against a million customers; 0.5 ms now). The keys
// compare in the column's collation, which its index is in.
func (postgresDialect) matchKeyCustomers(tenantID int64, keys []string) (string, []any) {
	return `SELECT ` + matchColumns + ` FROM customers
		WHERE id IN (SELECT m.customer_id FROM unnest(CAST(? AS TEXT[])) AS k (v)
			JOIN customer_match_keys m ON m.tenant_id = ? AND m.key = k.v COLLATE "C")
		AND tenant_id = ?`, []any{keys, tenantID, tenantID}
}

// accountsQuery probes, as an IN list scans the tenant's customers, and a million-row import
// asks this a thousand times, each time of more customers.
func (postgresDialect) accountsQuery(tenantID int64, candidates []string) (string, []any) {
	return `SELECT c.account_number
		FROM unnest(CAST(? AS TEXT[])) AS k (v)
		CROSS JOIN LATERAL (
			SELECT account_number FROM customers WHERE tenant_id = ? AND account_number = k.v LIMIT 1
		) AS c`, []any{candidates, tenantID}
}

// byID probes, as an IN list of IDs scans the tenant's customers.
func (postgresDialect) byID(cols string, tenantID int64, ids []int64) (string, []any) {
	return `SELECT c.* FROM unnest(CAST(? AS BIGINT[])) AS k (id)
		CROSS JOIN LATERAL (
			SELECT ` + cols + ` FROM customers WHERE id = k.id AND tenant_id = ? LIMIT 1
		) AS c`, []any{ids, tenantID}
}

// deleteByID first finds the tenant's customers by probing (byID), then deletes by ID alone: with
// the tenant in the DELETE, PostgreSQL without statistics reads the tenant's whole index (and a
// join against the IDs hashes every customer).
func (d postgresDialect) deleteByID(ctx context.Context, q *queries, tenantID int64, ids []int64) (int, error) {
	query, args := d.byID("id", tenantID, ids)
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	var own []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		own = append(own, id)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(own) == 0 {
		return 0, nil
	}
	res, err := q.exec(ctx, `DELETE FROM customers WHERE id = ANY(CAST(? AS BIGINT[]))`, own)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// revisionsOf probes each customer's revisions through the customer index: the import's
// revisions are written in the running transaction and have no statistics, and with
// "import_id = ? AND customer_id IN (…)" PostgreSQL read all of them to filter them. The import
// is filtered outside the probe, so that the import's index is not a choice.
func (postgresDialect) revisionsOf(importID int64, customerIDs []int64) (string, []any) {
	return `SELECT r.* FROM unnest(CAST(? AS BIGINT[])) AS k (id)
		CROSS JOIN LATERAL (
			SELECT ` + revisionColumns + ` FROM revisions WHERE customer_id = k.id OFFSET 0
		) AS r
		WHERE r.import_id = ?`, []any{customerIDs, importID}
}

// rowsInRange names the range beside the join: on an import staged a moment ago, which no
// statistics describe, the join alone makes PostgreSQL hash every row of the import to update a
// batch of them, for every chunk of a confirm. The range keeps it to the chunk's rows.
func (postgresDialect) rowsInRange() string {
	return `import_rows.import_id = ? AND import_rows.row_num BETWEEN ? AND ? AND import_rows.row_num = v.row_num`
}

// rowsOf: one array a column, unnested. The text is the same for any number of rows, so one
// prepared statement serves every run, and PostgreSQL plans it once.
func (postgresDialect) rowsOf(types []rowType, _ int) string {
	cols := make([]string, len(types))
	for i, t := range types {
		cols[i] = "CAST(? AS " + string(t) + "[])"
	}
	return `SELECT * FROM unnest(` + strings.Join(cols, ", ") + `)`
}

// rowsArgs gathers each column's arguments into a typed slice, which pgx sends as a binary
// array: a whole number, or nil for NULL, into []pgtype.Int8; a bool into []bool; a string
// into []string.
func (postgresDialect) rowsArgs(types []rowType, n int, args []any) ([]any, error) {
	perRow := len(types)
	out := make([]any, 0, perRow+len(args)-n*perRow)
	for c, t := range types {
		var err error
		switch t {
		case rowInteger, rowBigint:
			col := make([]pgtype.Int8, n)
			for i := range col {
				switch v := args[i*perRow+c].(type) {
				case int:
					col[i] = pgtype.Int8{Int64: int64(v), Valid: true}
				case int64:
					col[i] = pgtype.Int8{Int64: v, Valid: true}
				case nil:
				default:
					err = fmt.Errorf("sqlstore: a %s column's argument is a %T", t, v)
				}
			}
			out = append(out, col)
		case rowBoolean:
			var col []bool
			col, err = typedColumn[bool](t, n, perRow, c, args)
			out = append(out, col)
		default:
			var col []string
			col, err = typedColumn[string](t, n, perRow, c, args)
			out = append(out, col)
		}
		if err != nil {
			return nil, err
		}
	}
	return append(out, args[n*perRow:]...), nil
}

// typedColumn returns column c of n rows' arguments (perRow a row), each a T.
func typedColumn[T any](t rowType, n, perRow, c int, args []any) ([]T, error) {
	col := make([]T, n)
	for i := range col {
		v, ok := args[i*perRow+c].(T)
		if !ok {
			return nil, fmt.Errorf("sqlstore: a %s column's argument is a %T", t, args[i*perRow+c])
		}
		col[i] = v
	}
	return col, nil
}

// rowsPerStatement: the arrays do not count against maxParams; 5,000 rows a statement keeps
// each to a few megabytes of cells.
func (postgresDialect) rowsPerStatement(_, _ int) int { return 5000 }

// rowKeysIndexed: the keys have no index on PostgreSQL (migrations/postgres/00001_schema.sql).
func (postgresDialect) rowKeysIndexed() bool { return false }

// The bulk writes — staged rows, new customers, revisions — send their rows by
// COPY (pgx's CopyFrom, binary) instead of multi-row INSERTs, which cost both the server and the
// client more CPU (measured in the package doc).
//
// COPY runs inside the write's transaction, on the connection write began it on (queries.conn),
// so a failed COPY is undone like a failed INSERT: by the savepoint of queries.atomic inside
// Commit, by the rollback of the transaction outside. Without that connection (a transaction
// begun otherwise) the shared multi-row INSERTs serve.

// copyFrom sends n rows into table's columns by COPY, in q's transaction: row appends the i-th
// row's values, in the columns' order, to args and returns it. An error from row is returned as
// is; COPY's own errors (a unique violation among them, which conflict reads) are returned
// unwrapped for the caller to wrap.
func (q *queries) copyFrom(ctx context.Context, table string, columns []string, n int, row func(args []any, i int) ([]any, error)) error {
	return q.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqlstore: a PostgreSQL connection is a %T, not pgx's", dc)
		}
		// One row's values at a time, reused: CopyFrom encodes a row before it asks for the next.
		args := make([]any, 0, len(columns))
		next := 0
		_, err := sc.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns,
			pgx.CopyFromFunc(func() ([]any, error) {
				if next == n {
					return nil, nil
				}
				next++
				var err error
				args, err = row(args[:0], next-1)
				return args, err
			}))
		return err
	})
}

// rowCopyColumns are the columns copyRows copies, in rowArgs' order after import_id.
var rowCopyColumns = []string{"import_id", "row_num", "raw", "status", "errors", "warnings", "customer_id", "changes",
	"account_key", "email_key", "mobile_key", "name_key", "skipped", "problems", "cells_text"}

// addRows copies staged rows into the import.
func (postgresDialect) addRows(ctx context.Context, q *queries, importID int64, rows []customer.StagedRow) error {
	if q.conn == nil {
		return q.insertRows(ctx, importID, rows)
	}
	return q.copyRows(ctx, importID, rows)
}

// insertCustomers copies new customers in, once account numbers are assigned.
func (postgresDialect) insertCustomers(ctx context.Context, q *queries, tenantID int64, cs []*customer.Customer, sorter *customer.NameSorter, ts time.Time) error {
	if q.conn == nil {
		return q.insertCustomerRows(ctx, tenantID, cs, sorter, ts)
	}
	return q.copyCustomers(ctx, tenantID, cs, sorter, ts)
}

// addRevisions copies revisions in, once their imports are checked.
func (postgresDialect) addRevisions(ctx context.Context, q *queries, revs []customer.Revision) error {
	if q.conn == nil {
		return q.insertRevisions(ctx, revs)
	}
	return q.copyRevisions(ctx, revs)
}

// addMatchKeys copies blocking keys in.
func (postgresDialect) addMatchKeys(ctx context.Context, q *queries, keys []matchKey) error {
	if q.conn == nil {
		return q.insertMatchKeys(ctx, keys)
	}
	return q.copyFrom(ctx, "customer_match_keys", []string{"tenant_id", "customer_id", "key"}, len(keys),
		func(args []any, i int) ([]any, error) {
			return append(args, keys[i].tenantID, keys[i].customerID, keys[i].key), nil
		})
}

// copyRows adds staged rows to the import by COPY.
func (q *queries) copyRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	err := q.copyFrom(ctx, "import_rows", rowCopyColumns, len(rows), func(args []any, i int) ([]any, error) {
		return rowArgs(append(args, importID), &rows[i])
	})
	if err != nil {
		var ce *customer.Error
		if errors.As(err, &ce) {
			return err
		}
		return fmt.Errorf("sqlstore: add rows: %w", err)
	}
	return nil
}

// customerCopyColumns are the columns copyCustomers copies: customerArgs' and then the id.
var customerCopyColumns = func() []string {
	cols := []string{"tenant_id"}
	for _, f := range customer.Fields {
		cols = append(cols, f.Key)
	}
	return append(cols, "email_key", "mobile_key", "name_key", "search_text", "sort_key", "created_at", "updated_at", "id")
}()

// copyCustomers inserts new customers by COPY: the ids are taken from the column's sequence up
// front, one query for all, and the rows copied with them, so no RETURNING is needed to match ids
// to customers. The ids are set on cs; the caller puts them back if the insert fails. A unique
// violation names its index as an INSERT's does, so conflict reports it the same way.
func (q *queries) copyCustomers(ctx context.Context, tenantID int64, cs []*customer.Customer, sorter *customer.NameSorter, ts time.Time) error {
	rows, err := q.query(ctx, `SELECT nextval(pg_get_serial_sequence('customers', 'id')) FROM generate_series(1, ?)`, len(cs))
	if err != nil {
		return fmt.Errorf("sqlstore: customer ids: %w", err)
	}
	defer rows.Close()
	got := 0
	for rows.Next() && got < len(cs) {
		if err := rows.Scan(&cs[got].ID); err != nil {
			return fmt.Errorf("sqlstore: customer ids: %w", err)
		}
		got++
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("sqlstore: customer ids: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: customer ids: %w", err)
	}
	if got != len(cs) {
		return fmt.Errorf("sqlstore: customer ids: %d ids for %d customers", got, len(cs))
	}
	tsArg := q.d.timeArg(ts)
	err = q.copyFrom(ctx, "customers", customerCopyColumns, len(cs), func(args []any, i int) ([]any, error) {
		return append(customerArgs(args, tenantID, cs[i], sorter, tsArg), cs[i].ID), nil
	})
	if e := conflict(err); e != nil {
		return e
	}
	if err != nil {
		return fmt.Errorf("sqlstore: insert customers: %w", err)
	}
	return nil
}

// revisionCopyColumns are the columns copyRevisions copies, in revisionArgs' order.
var revisionCopyColumns = []string{"import_id", "customer_id", "row_num", "created", "before", "after", "before_updated_at", "action", "actor", "at", "merge_id"}

// copyRevisions adds revisions by COPY.
func (q *queries) copyRevisions(ctx context.Context, revs []customer.Revision) error {
	err := q.copyFrom(ctx, "revisions", revisionCopyColumns, len(revs), func(args []any, i int) ([]any, error) {
		return q.revisionArgs(args, &revs[i]), nil
	})
	if err != nil {
		return fmt.Errorf("sqlstore: add revisions: %w", err)
	}
	return nil
}

// skipLocked: a row-level lock taken in the scan's order could meet a login locking its keys in
// another order; skipping the rows a login holds leaves them to the next prune.
func (postgresDialect) skipLocked() string { return ` FOR UPDATE SKIP LOCKED` }
