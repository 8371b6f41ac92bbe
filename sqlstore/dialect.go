package sqlstore

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clientele/clientele/customer"
)

// The dialect names Store.Dialect returns.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// dialect holds the few things that differ between SQLite and PostgreSQL once the schema exists:
// placeholders, time values, the commit lock and how a unique violation is reported. Everything
// else is shared SQL.
type dialect struct {
	name string
}

func (d dialect) postgres() bool { return d.name == DialectPostgres }

// rebind rewrites the ? placeholders of the package's SQL to $1, $2, … for PostgreSQL. The SQL in
// this package never has a ? inside a literal or identifier, but quoted text is skipped anyway so
// that a future literal cannot be mangled silently.
func (d dialect) rebind(query string) string {
	if !d.postgres() || strings.IndexByte(query, '?') < 0 {
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

// page appends to query the LIMIT and OFFSET of a page that skips offset rows (none when
// negative) and returns at most limit rows (all when limit <= 0), with their arguments. SQLite
// has no OFFSET without LIMIT, and reads LIMIT -1 as no limit.
func (d dialect) page(query string, args []any, offset, limit int) (string, []any) {
	offset = max(offset, 0)
	switch {
	case limit > 0:
		return query + ` LIMIT ? OFFSET ?`, append(args, limit, offset)
	case offset == 0:
		return query, args
	case d.postgres():
		return query + ` OFFSET ?`, append(args, offset)
	default:
		return query + ` LIMIT -1 OFFSET ?`, append(args, offset)
	}
}

// sqliteTime is how times are written to SQLite: RFC 3339 in UTC with a fixed six-digit
// fraction, so that text order is time order and a value reads back exactly as PostgreSQL's
// microsecond TIMESTAMPTZ does.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

// timeArg returns t as a query argument: NULL for the zero time, a time.Time for PostgreSQL
// (TIMESTAMPTZ) and RFC 3339 text for SQLite. Both keep microseconds, truncated, since
// PostgreSQL would round.
func (d dialect) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Microsecond)
	if d.postgres() {
		return t
	}
	return t.Format(sqliteTime)
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
}

// conflict returns, when err is a unique-constraint violation, an EConflict error naming the
// key, and nil otherwise. PostgreSQL names the violated index (SQLSTATE 23505); SQLite says
// "UNIQUE constraint failed: customers.tenant_id, customers.email_key" with extended code
// SQLITE_CONSTRAINT_UNIQUE.
func conflict(err error) *customer.Error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		for _, k := range uniqueKeys {
			if pgErr.ConstraintName == k.index {
				return conflictError(k, err)
			}
		}
		return &customer.Error{Code: customer.EConflict, Message: "The change conflicts with stored data.", Err: err}
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) && (liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		for _, col := range sqliteColumns(liteErr.Error()) {
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

func conflictError(k uniqueKey, err error) *customer.Error {
	return &customer.Error{Code: customer.EConflict, Message: k.msg, Err: err}
}
