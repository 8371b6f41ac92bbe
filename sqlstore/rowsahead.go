package sqlstore

import (
	"context"

	"github.com/clientele/clientele/customer"
)

// RowsAhead starts reading what RowsAfter returns and returns a function that waits for it. Inside
// Commit, where the Store reads while the commit runs (PostgreSQL; a SQLite file, whose WAL lets
// readers past the writer), the rows are read on a connection of their own and seen as committed
// before the commit began; on ":memory:", whose one connection the commit holds, they are read
// in the commit's transaction before RowsAhead returns.
func (q *queries) RowsAhead(ctx context.Context, importID int64, after, limit int) func() ([]customer.StagedRow, error) {
	if q.beside == nil || !q.beside.ReadsDuringCommit() {
		rows, err := q.RowsAfter(ctx, importID, after, limit)
		return func() ([]customer.StagedRow, error) { return rows, err }
	}
	type page struct {
		rows []customer.StagedRow
		err  error
	}
	done := make(chan page, 1)
	go func() {
		rows, err := q.beside.RowsAfter(ctx, importID, after, limit)
		done <- page{rows, err}
	}()
	return func() ([]customer.StagedRow, error) {
		p := <-done
		return p.rows, p.err
	}
}
