package sqlstore

import (
	"context"

	"github.com/clientele/clientele/customer"
)

// DeleteRows deletes the import's staged rows, in a transaction of its own. It fails with
// ENotFound when the import does not exist.
func (s *Store) DeleteRows(ctx context.Context, importID int64) error {
	return s.write(ctx, func(q *queries) error { return q.deleteRows(ctx, importID) })
}

// AddRows adds staged rows to the import, in a transaction of its own: by COPY on PostgreSQL, in
// multi-row INSERTs on SQLite. A file is staged in chunks this way, each a short write, so that
// SQLite's single writer is free between them (for the progress the page shows, among others). It
// fails with ENotFound when the import does not exist, and when a row number is already staged.
func (s *Store) AddRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	if len(rows) == 0 {
		return nil
	}
	return s.write(ctx, func(q *queries) error {
		if err := q.requireImport(ctx, importID); err != nil {
			return err
		}
		return q.addRows(ctx, importID, rows)
	})
}
