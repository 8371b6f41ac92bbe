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
}

// newBatch returns a batch for statements with perRow arguments per row plus fixed others.
func newBatch(q *queries, perRow, fixed int, text func(n int) string) *batch {
	return &batch{q: q, size: (maxParams - fixed) / perRow, perRow: perRow, fixed: fixed, text: text}
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
	if n != b.size {
		return b.q.exec(ctx, b.text(n), args...)
	}
	st, err := b.prepared(ctx)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (b *batch) query(ctx context.Context, n int, args []any) (*sql.Rows, error) {
	if n != b.size {
		return b.q.query(ctx, b.text(n), args...)
	}
	st, err := b.prepared(ctx)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
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
