package sqlstore

import (
	"context"
	"fmt"

	"github.com/clientele/clientele/customer"
)

// SetDuplicateChoice stores what the user chose for a staged row with a possible duplicate, in
// place of an earlier choice. It fails with ENotFound when the import has no such row.
func (q *queries) SetDuplicateChoice(ctx context.Context, importID int64, rowNum int, c customer.DuplicateChoice) error {
	if _, err := q.Row(ctx, importID, rowNum); err != nil {
		return err
	}
	_, err := q.exec(ctx, `INSERT INTO import_duplicate_choices (import_id, row_num, merge_into, keep) VALUES (?, ?, ?, ?)
		ON CONFLICT (import_id, row_num) DO UPDATE SET merge_into = excluded.merge_into, keep = excluded.keep`,
		importID, rowNum, c.MergeInto, c.Keep)
	if err != nil {
		return fmt.Errorf("sqlstore: set duplicate choice: %w", err)
	}
	return nil
}

// DuplicateChoices returns the choices made for the import's rows with possible duplicates, by
// row number.
func (s *Store) DuplicateChoices(ctx context.Context, importID int64) (map[int]customer.DuplicateChoice, error) {
	var out map[int]customer.DuplicateChoice
	err := s.read(ctx, func(q *queries) error {
		var err error
		out, err = q.DuplicateChoices(ctx, importID)
		return err
	})
	return out, err
}

func (q *queries) DuplicateChoices(ctx context.Context, importID int64) (map[int]customer.DuplicateChoice, error) {
	rows, err := q.query(ctx, `SELECT row_num, merge_into, keep FROM import_duplicate_choices WHERE import_id = ?`, importID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: duplicate choices: %w", err)
	}
	defer rows.Close()
	out := map[int]customer.DuplicateChoice{}
	for rows.Next() {
		var n int
		var c customer.DuplicateChoice
		if err := rows.Scan(&n, &c.MergeInto, &c.Keep); err != nil {
			return nil, fmt.Errorf("sqlstore: duplicate choices: %w", err)
		}
		out[n] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: duplicate choices: %w", err)
	}
	return out, nil
}
