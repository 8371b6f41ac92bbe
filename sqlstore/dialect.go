package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/clientele/clientele/customer"
)

// The dialect names Store.Dialect returns.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// dialect is everything the Go code does differently on SQLite (sqlite.go) and PostgreSQL
// (postgres.go); the rest of the package is SQL both accept. What differs:
//
//   - the connection settings (postgresDSN, sqliteDSN), migrating, and how a write transaction
//     begins;
//   - placeholders (? against $1), time values (text against TIMESTAMPTZ), the casts VALUES needs,
//     and paging without a limit;
//   - the commit lock;
//   - bulk loading: COPY on PostgreSQL, multi-row INSERTs on SQLite;
//   - how a statement takes a set of rows (rowsOf): arrays, a column each, on PostgreSQL, a
//     VALUES list on SQLite;
//   - the batched lookups whose plans the two planners got wrong in different ways (each
//     method's doc says how), and whether the staged rows' keys are indexed (SQLite) or
//     read in a pass over the import (PostgreSQL; rowKeysIndexed).
//
// A unique violation is read from the driver's error by postgresUniqueViolation and
// sqliteUniqueViolation, which conflict tries both of.
type dialect interface {
	// name is DialectSQLite or DialectPostgres, also the folder of the dialect's migrations.
	name() string
	// goose returns goose's dialect and the provider's options for the migrations.
	goose() (goose.Dialect, []goose.ProviderOption, error)
	// write runs fn in a read-write transaction on db, committing when fn returns nil.
	write(ctx context.Context, db *sql.DB, fn func(q *queries) error) error
	// commitLock is a query of the tenant's id (one argument) that takes the tenant's commit lock.
	commitLock() string

	// rebind rewrites the package's ? placeholders for the database.
	rebind(query string) string
	// timeArg returns t as a query argument; NULL for the zero time.
	timeArg(t time.Time) any
	// timeParam and bytesParam are placeholders for a time and a []byte inside a VALUES list.
	timeParam() string
	bytesParam() string
	// offsetOnly is the clause that skips rows (one argument) without limiting them.
	offsetOnly() string
	// skipLocked ends a SELECT of rows to delete in the background: it leaves out the rows
	// another transaction holds, so that the delete never waits for (or deadlocks with) them.
	skipLocked() string

	// accountsQuery finds which of candidates are account numbers of the tenant's customers.
	accountsQuery(tenantID int64, candidates []string) (string, []any)
	// customersByKey finds the tenant's customers whose column (a unique key, partial when its
	// index leaves out '') is one of vals, reading customerColumns.
	customersByKey(column string, partial bool, tenantID int64, vals []string) (string, []any)
	// matchKeyCustomers reads matchColumns of the tenant's customers that have any of the
	// blocking keys.
	matchKeyCustomers(tenantID int64, keys []string) (string, []any)
	// byID reads cols of the tenant's customers with the given IDs.
	byID(cols string, tenantID int64, ids []int64) (string, []any)
	// deleteByID deletes those of the given customers that are the tenant's and returns how many.
	deleteByID(ctx context.Context, q *queries, tenantID int64, ids []int64) (int, error)
	// revisionsOf reads revisionColumns of an import's revisions of the given customers.
	revisionsOf(importID int64, customerIDs []int64) (string, []any)
	// rowsInRange matches an UPDATE … FROM v's staged rows to v's by row number, with three
	// arguments: the import and the lowest and highest row number (appendRowRange).
	rowsInRange() string
	// rowsOf is the source of n rows of the given column types (rowType) that a statement
	// takes, as the rows of a WITH v (…) AS (…); rowsArgs turns the rows' arguments, perRow a
	// row in row order, into that source's, and rowsPerStatement is how many rows one takes.
	rowsOf(types []rowType, n int) string
	rowsArgs(types []rowType, n int, args []any) ([]any, error)
	rowsPerStatement(perRow, fixed int) int
	// rowKeysIndexed tells whether import_rows' keys are indexed: RowsByKeys then looks each kind
	// of key up on its index, else it tests them all in one pass over the import's rows.
	rowKeysIndexed() bool

	// addRows, insertCustomers, addRevisions and addMatchKeys write many rows at once in q's
	// transaction.
	addRows(ctx context.Context, q *queries, importID int64, rows []customer.StagedRow) error
	insertCustomers(ctx context.Context, q *queries, tenantID int64, cs []*customer.Customer, sorter *customer.NameSorter, ts time.Time) error
	addRevisions(ctx context.Context, q *queries, revs []customer.Revision) error
	addMatchKeys(ctx context.Context, q *queries, keys []matchKey) error
}

// page appends to query the LIMIT and OFFSET of a page that skips offset rows (none when
// negative) and returns at most limit rows (all when limit <= 0), with their arguments.
func (q *queries) page(query string, args []any, offset, limit int) (string, []any) {
	offset = max(offset, 0)
	switch {
	case limit > 0:
		return query + ` LIMIT ? OFFSET ?`, append(args, limit, offset)
	case offset == 0:
		return query, args
	default:
		return query + q.d.offsetOnly(), append(args, offset)
	}
}

// now returns the current time as the databases store it: UTC, to the microsecond, so that a
// value set on a struct equals the value read back.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// timeDest scans a time column of either database into *t: NULL as the zero time, a time.Time
// (PostgreSQL) or RFC 3339 text (SQLite), always in UTC.
type timeDest struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d timeDest) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*d.t = time.Time{}
	case time.Time:
		*d.t = v.UTC()
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	default:
		return fmt.Errorf("sqlstore: cannot read %T as a time", v)
	}
	return nil
}

func (d timeDest) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("sqlstore: read time: %w", err)
	}
	*d.t = t.UTC()
	return nil
}

// uniqueKey is one unique constraint whose violation the store reports as EConflict.
type uniqueKey struct {
	index  string // the index name, as PostgreSQL reports it
	column string // the last indexed column, as SQLite reports it ("customers.email_key")
	msg    string // the message for the person whose write conflicted
}

var uniqueKeys = []uniqueKey{
	{"customers_account_uq", "customers.account_number", "Another customer in this shop group already has this account number."},
	{"customers_email_uq", "customers.email_key", "Another customer in this shop group already has this email."},
	{"customers_mobile_uq", "customers.mobile_key", "Another customer in this shop group already has this mobile number."},
	{"customers_name_uq", "customers.name_key", "Another customer in this shop group already has this first name, last name and postcode."},
	{"tenants_slug_uq", "tenants.slug", "A tenant with this slug already exists."},
	{"users_email_uq", "users.email", "A user with this email already exists."},
	{"imports_confirm_key_uq", "imports.confirm_key", "This idempotency key was already used to confirm another import."},
	{"api_tokens_hash_uq", "api_tokens.token_hash", "This API token already exists."},
	{"api_tokens_name_uq", "api_tokens.name", "This shop group already has an API token of this name."},
}

// conflict returns, when err is a unique-constraint violation, an EConflict error naming the
// key, and nil otherwise. Either driver's error is read, whichever dialect the store has.
func conflict(err error) *customer.Error {
	if index, ok := postgresUniqueViolation(err); ok {
		for _, k := range uniqueKeys {
			if index == k.index {
				return conflictError(k, err)
			}
		}
		return &customer.Error{Code: customer.EConflict, Message: "The change conflicts with stored data.", Err: err}
	}
	if cols, ok := sqliteUniqueViolation(err); ok {
		for _, col := range cols {
			for _, k := range uniqueKeys {
				if col == k.column {
					return conflictError(k, err)
				}
			}
		}
		return &customer.Error{Code: customer.EConflict, Message: "The change conflicts with stored data.", Err: err}
	}
	return nil
}

func conflictError(k uniqueKey, err error) *customer.Error {
	return &customer.Error{Code: customer.EConflict, Message: k.msg, Err: err}
}
