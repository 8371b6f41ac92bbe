package sqlstore

import (
	"context"
	"fmt"

	"github.com/clientele/clientele/customer"
)

// CountRows counts the import's staged rows, filtered by status when status != "", with the
// (import_id, status, row_num) index. It fails with ENotFound when the import does not exist.
func (s *Store) CountRows(ctx context.Context, importID int64, status customer.Status) (int, error) {
	var n int
	err := s.read(ctx, func(q *queries) error {
		var err error
		n, err = q.countRows(ctx, importID, status)
		return err
	})
	return n, err
}

func (q *queries) countRows(ctx context.Context, importID int64, status customer.Status) (int, error) {
	where := `import_id = ?`
	args := []any{importID}
	if status != "" {
		where += ` AND status = ?`
		args = append(args, string(status))
	}
	var n int
	if err := q.queryRow(ctx, `SELECT count(*) FROM import_rows WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count rows: %w", err)
	}
	if n == 0 {
		return 0, q.requireImport(ctx, importID)
	}
	return n, nil
}
