package sqlstore

import (
	"context"
	"database/sql"
	"strings"
)

// maxParams bounds the arguments of one statement: well under SQLite's 32,766 and PostgreSQL's
// 65,535, and large enough that 100,000 rows take a few hundred statements.
const maxParams = 10000

// batch runs multi-row statements of one shape. Most of a bulk write is full-size statements,
// so that one is prepared once per transaction; the last, shorter one runs unprepared.
type batch struct {
	q             *queries
	size          int                // rows in a full statement
	perRow, fixed int                // arguments a row, and others
	text          func(n int) string // the SQL for n rows, with ? placeholders
	full          *sql.Stmt
	types         []rowType // of a batch of newRowsBatch: the types of a row's arguments
	anyLength     bool      // the statement's text is the same for any number of rows
}

// newBatch returns a batch for statements with perRow arguments per row plus fixed others.
func newBatch(q *queries, perRow, fixed int, text func(n int) string) *batch {
	return &batch{q: q, size: (maxParams - fixed) / perRow, perRow: perRow, fixed: fixed, text: text}
}

// rowType is the SQL type of a column of the rows a statement takes (newRowsBatch).
type rowType string

const (
	rowInteger rowType = "INTEGER"
	rowBigint  rowType = "BIGINT"
	rowBoolean rowType = "BOOLEAN"
	rowText    rowType = "TEXT"
)

// newRowsBatch returns a batch for statements that take a set of rows with arguments of the
// given types (perRow is their number) and then fixed other arguments. text is the statement
// for a source of the rows (the dialect's rowsOf), which it names as in "WITH v (…) AS (rows)",
// before any other placeholder. PostgreSQL takes the rows as one array a column: a VALUES list
// of thousands of rows cost it more to plan and to bind than to run (16-20 ms of each 25 ms
// statement of a bulk edit's 30,000 rows).
func newRowsBatch(q *queries, types []rowType, fixed int, text func(rows string) string) *batch {
	b := newBatch(q, len(types), fixed, func(n int) string { return text(q.d.rowsOf(types, n)) })
	b.size = q.d.rowsPerStatement(len(types), fixed)
	b.types = types
	// A source whose text does not grow with its rows (arrays) is one prepared statement for
	// runs of any length.
	b.anyLength = q.d.rowsOf(types, 1) == q.d.rowsOf(types, 2)
	return b
}

func (b *batch) prepared(ctx context.Context) (*sql.Stmt, error) {
	if b.full == nil {
		st, err := b.q.tx.PrepareContext(ctx, b.q.d.rebind(b.text(b.size)))
		if err != nil {
			return nil, err
		}
		b.full = st
	}
	return b.full, nil
}

func (b *batch) exec(ctx context.Context, n int, args []any) (sql.Result, error) {
	st, args, err := b.statement(ctx, n, args)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return b.q.exec(ctx, b.text(n), args...)
	}
	return st.ExecContext(ctx, args...)
}

func (b *batch) query(ctx context.Context, n int, args []any) (*sql.Rows, error) {
	st, args, err := b.statement(ctx, n, args)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return b.q.query(ctx, b.text(n), args...)
	}
	return st.QueryContext(ctx, args...)
}

// statement returns the prepared statement for n rows (nil: run the text unprepared) and the
// arguments to run it with.
func (b *batch) statement(ctx context.Context, n int, args []any) (*sql.Stmt, []any, error) {
	if b.types != nil {
		var err error
		if args, err = b.q.d.rowsArgs(b.types, n, args); err != nil {
			return nil, nil, err
		}
	}
	if n != b.size && !b.anyLength {
		return nil, args, nil
	}
	st, err := b.prepared(ctx)
	return st, args, err
}

func (b *batch) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// tuples returns n copies of tuple separated by commas: the VALUES list of a multi-row statement.
func tuples(n int, tuple string) string {
	var sb strings.Builder
	sb.Grow(n * (len(tuple) + 2))
	for i := range n {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString(tuple)
	}
	return sb.String()
}

// placeholders returns "?, ?, …" with n placeholders, for an IN list or a tuple.
func placeholders(n int) string {
	if n == 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// inArgs returns the arguments of "WHERE x = ? AND y IN (?, …)": first, then each of vals.
func inArgs[T any](first any, vals []T) []any {
	args := make([]any, 0, len(vals)+1)
	args = append(args, first)
	for _, v := range vals {
		args = append(args, v)
	}
	return args
}
