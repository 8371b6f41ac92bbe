package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clientele/clientele/customer"
)

// sqliteDialect is the dialect of SQLite.
type sqliteDialect struct {
	// writeSem serialises this process's write transactions in Go, where waiting honours the
	// context, instead of leaving them to poll SQLite's lock under busy_timeout (which then only
	// arbitrates between processes).
	writeSem chan struct{}
}

func newSQLiteDialect() sqliteDialect { return sqliteDialect{writeSem: make(chan struct{}, 1)} }

func (sqliteDialect) name() string { return DialectSQLite }

// sqliteDSN adds to a SQLite path the settings every pooled connection needs: write
// transactions take the write lock at BEGIN (BEGIN IMMEDIATE), so a transaction that reads and
// then writes never fails half-way on a lock upgrade; WAL, so readers and the writer do not block
// each other; a busy timeout for other processes (the CLI next to the server); foreign keys,
// which SQLite leaves off by default; and synchronous=NORMAL, which in WAL mode cannot corrupt
// the database and only risks the last commits on power loss.
//
// The page cache stays at SQLite's 2 MB. A larger one makes imports a little quicker, but it is
// memory outside Go's heap, where the CLI's heap budget cannot see it, and takes a million-row
// import over the 256 MB it must stay within.
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

func (sqliteDialect) goose() (goose.Dialect, []goose.ProviderOption, error) {
	return goose.DialectSQLite3, nil, nil
}

func (d sqliteDialect) write(ctx context.Context, db *sql.DB, fn func(q *queries) error) error {
	select {
	case d.writeSem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-d.writeSem }()
	return runTx(ctx, db.BeginTx, nil, func(tx *sql.Tx) error {
		return fn(&queries{tx: tx, d: d})
	})
}

// commitLock needs no lock of its own: the write transaction holds the database's write lock
// from BEGIN, which serialises every writer.
func (sqliteDialect) commitLock() string { return `SELECT id FROM tenants WHERE id = ?` }

func (sqliteDialect) rebind(query string) string { return query }

// sqliteTime is how times are written to SQLite: RFC 3339 in UTC with a fixed six-digit
// fraction, so that text order is time order and a value reads back exactly as PostgreSQL's
// microsecond TIMESTAMPTZ does.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

// timeArg returns t as RFC 3339 text (sqliteTime), truncated to microseconds as on PostgreSQL.
func (sqliteDialect) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond).Format(sqliteTime)
}

func (sqliteDialect) timeParam() string  { return "?" }
func (sqliteDialect) bytesParam() string { return "CAST(? AS BLOB)" }

// offsetOnly: SQLite has no OFFSET without LIMIT, and reads LIMIT -1 as no limit.
func (sqliteDialect) offsetOnly() string { return ` LIMIT -1 OFFSET ?` }

// sqliteUniqueViolation returns the columns a unique violation names: "… UNIQUE constraint
// failed: customers.tenant_id, customers.email_key (2067)" with extended code
// SQLITE_CONSTRAINT_UNIQUE (or _PRIMARYKEY).
func sqliteUniqueViolation(err error) ([]string, bool) {
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) && (liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return sqliteColumns(liteErr.Error()), true
	}
	return nil, false
}

// sqliteColumns returns the columns a SQLite constraint message names:
// "… UNIQUE constraint failed: customers.tenant_id, customers.email_key (2067)".
func sqliteColumns(msg string) []string {
	const marker = "constraint failed: "
	i := strings.LastIndex(msg, marker)
	if i < 0 {
		return nil
	}
	msg = msg[i+len(marker):]
	if j := strings.Index(msg, " ("); j >= 0 {
		msg = msg[:j]
	}
	return strings.Split(msg, ", ")
}

// The batched lookups are IN lists, which SQLite answers from an index. Where SQLite would choose
// an index on tenant_id or import_id and scan what it holds, the unary + rules that index out
// (SQLite's documented way), leaving the one on what is asked for.

// matchKeyCustomers: an IN list of the keys, searched on the key's index.
func (sqliteDialect) matchKeyCustomers(tenantID int64, keys []string) (string, []any) {
	args := inArgs(tenantID, keys)
	return `SELECT ` + matchColumns + ` FROM customers
		WHERE id IN (SELECT customer_id FROM customer_match_keys
			WHERE tenant_id = ? AND key IN (` + placeholders(len(keys)) + `))
		AND tenant_id = ?`, append(args, tenantID)
}

// customersByKey: where the index is partial, the test for a non-empty key repeats its predicate,
// so that the planner may use it.
func (sqliteDialect) customersByKey(column string, partial bool, tenantID int64, vals []string) (string, []any) {
	in := column + " IN (" + placeholders(len(vals)) + ")"
	if partial {
		in = column + " <> '' AND " + in
	}
	return `SELECT ` + customerColumns + ` FROM customers WHERE tenant_id = ? AND ` + in, inArgs(tenantID, vals)
}

func (sqliteDialect) accountsQuery(tenantID int64, candidates []string) (string, []any) {
	return `SELECT account_number FROM customers
		WHERE tenant_id = ? AND account_number IN (` + placeholders(len(candidates)) + `)`, inArgs(tenantID, candidates)
}

// byID: "tenant_id = ? AND id IN (…)" scanned the tenant's customers by the index on tenant_id;
// the + leaves the primary key.
func (sqliteDialect) byID(cols string, tenantID int64, ids []int64) (string, []any) {
	return `SELECT ` + cols + ` FROM customers WHERE +tenant_id = ? AND id IN (` + placeholders(len(ids)) + `)`, inArgs(tenantID, ids)
}

// deleteByID is kept off the tenant's index as byID is.
func (sqliteDialect) deleteByID(ctx context.Context, q *queries, tenantID int64, ids []int64) (int, error) {
	res, err := q.exec(ctx, `DELETE FROM customers WHERE +tenant_id = ? AND id IN (`+placeholders(len(ids))+`)`, inArgs(tenantID, ids)...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// revisionsOf: SQLite chose the import's index; the + leaves the customer's.
func (sqliteDialect) revisionsOf(importID int64, customerIDs []int64) (string, []any) {
	return `SELECT ` + revisionColumns + ` FROM revisions
		WHERE +import_id = ? AND customer_id IN (` + placeholders(len(customerIDs)) + `)`, inArgs(importID, customerIDs)
}

// rowsInRange leaves SQLite to its plan without the range (the + keeps the range out of its index
// search): it walks the import's rows in the primary key's covering index, with a Bloom filter and
// an automatic index on v. With the range in the search it scans v for each row in the range,
// and with v's row numbers as an IN list it looks each row up by its number; both are slower.
func (sqliteDialect) rowsInRange() string {
	return `import_rows.import_id = ? AND +import_rows.row_num BETWEEN ? AND ? AND import_rows.row_num = v.row_num`
}

// rowsOf: a VALUES list, a tuple a row, with the casts the statements had when both dialects
// took their rows so (PostgreSQL types a VALUES column by them); a text argument goes as it is.
func (sqliteDialect) rowsOf(types []rowType, n int) string {
	cols := make([]string, len(types))
	for i, t := range types {
		cols[i] = "CAST(? AS " + string(t) + ")"
		if t == rowText {
			cols[i] = "?"
		}
	}
	return `VALUES ` + tuples(n, "("+strings.Join(cols, ", ")+")")
}

// rowsArgs: a VALUES list takes the rows' arguments as they are.
func (sqliteDialect) rowsArgs(_ []rowType, _ int, args []any) ([]any, error) { return args, nil }

// rowsPerStatement: as many rows as maxParams allows.
func (sqliteDialect) rowsPerStatement(perRow, fixed int) int { return (maxParams - fixed) / perRow }

// rowKeysIndexed: (import_id, key) B-trees (migrations/sqlite/00001_schema.sql). SQLite
// updates an indexed column at the cost of the index entries alone, and a pass over an import's
// rows reads past their cells to the keys.
func (sqliteDialect) rowKeysIndexed() bool { return true }

// addRows, insertCustomers, addRevisions and addMatchKeys use the shared multi-row INSERTs.
func (sqliteDialect) addRows(ctx context.Context, q *queries, importID int64, rows []customer.StagedRow) error {
	return q.insertRows(ctx, importID, rows)
}

func (sqliteDialect) insertCustomers(ctx context.Context, q *queries, tenantID int64, cs []*customer.Customer, sorter *customer.NameSorter, ts time.Time) error {
	return q.insertCustomerRows(ctx, tenantID, cs, sorter, ts)
}

func (sqliteDialect) addRevisions(ctx context.Context, q *queries, revs []customer.Revision) error {
	return q.insertRevisions(ctx, revs)
}

func (sqliteDialect) addMatchKeys(ctx context.Context, q *queries, keys []matchKey) error {
	return q.insertMatchKeys(ctx, keys)
}

// skipLocked: SQLite has one writer at a time and no row locks.
func (sqliteDialect) skipLocked() string { return `` }
