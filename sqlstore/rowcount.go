package sqlstore

import (
	"context"
	"fmt"

	"github.com/clientele/clientele/customer"
)

// CountRows counts the import's staged rows that f selects; by status alone with the
// (import_id, status, row_num) index. It fails with ENotFound when the import does not exist.
func (s *Store) CountRows(ctx context.Context, importID int64, f customer.RowFilter) (int, error) {
	var n int
	err := s.read(ctx, func(q *queries) error {
		var err error
		n, err = q.countRows(ctx, importID, f)
		return err
	})
	return n, err
}

func (q *queries) countRows(ctx context.Context, importID int64, f customer.RowFilter) (int, error) {
	var n int
	if inGo(f) {
		nums, err := q.filtered(ctx, importID, f)
		if err != nil {
			return 0, err
		}
		n = len(nums)
	} else {
		where, args := rowWhere(importID, f)
		if err := q.queryRow(ctx, `SELECT count(*) FROM import_rows WHERE `+where, args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("sqlstore: count rows: %w", err)
		}
	}
	if n == 0 {
		return 0, q.requireImport(ctx, importID)
	}
	return n, nil
}
