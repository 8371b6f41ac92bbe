package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/clientele/clientele/customer"
)

// AddRevisions records changes to customers, for their history, audit and undo: what an import
// did, an edit by hand (ImportID 0), an undo. Before and After are stored as JSON objects by field
// key. It fails with ENotFound when a revision's import does not exist.
func (s *Store) AddRevisions(ctx context.Context, revs []customer.Revision) error {
	return s.write(ctx, func(q *queries) error { return q.AddRevisions(ctx, revs) })
}

func (q *queries) AddRevisions(ctx context.Context, revs []customer.Revision) error {
	if len(revs) == 0 {
		return nil
	}
	return q.atomic(ctx, func() error { return q.addRevisions(ctx, revs) })
}

func (q *queries) addRevisions(ctx context.Context, revs []customer.Revision) error {
	imports := map[int64]bool{}
	for _, r := range revs {
		if r.ImportID != 0 && !imports[r.ImportID] {
			if err := q.requireImport(ctx, r.ImportID); err != nil {
				return err
			}
			imports[r.ImportID] = true
		}
	}
	return q.d.addRevisions(ctx, q, revs)
}

// insertRevisions adds revisions in multi-row INSERTs.
func (q *queries) insertRevisions(ctx context.Context, revs []customer.Revision) error {
	const perRow = 11
	tuple := "(" + placeholders(perRow) + ")"
	b := newBatch(q, perRow, 0, func(n int) string {
		return `INSERT INTO revisions (import_id, customer_id, row_num, created, before, after, before_updated_at, action, actor, at, merge_id)
			VALUES ` + tuples(n, tuple)
	})
	defer b.close()
	args := make([]any, 0, b.size*perRow)
	for lo := 0; lo < len(revs); lo += b.size {
		hi := min(lo+b.size, len(revs))
		args = args[:0]
		for i := lo; i < hi; i++ {
			args = q.revisionArgs(args, &revs[i])
		}
		if _, err := b.exec(ctx, hi-lo, args); err != nil {
			return fmt.Errorf("sqlstore: add revisions: %w", err)
		}
	}
	return nil
}

// revisionArgs appends a revision's columns: import_id (NULL for none), customer_id, row_num,
// created, before, after (JSON objects by field key), before_updated_at, action (” for an
// import's own), actor, at and merge_id (NULL for none).
func (q *queries) revisionArgs(args []any, r *customer.Revision) []any {
	var importID, mergeID any
	if r.ImportID != 0 {
		importID = r.ImportID
	}
	if r.MergeID != 0 {
		mergeID = r.MergeID
	}
	return append(args, importID, r.CustomerID, r.Row, r.Created, encodeValues(&r.Before), encodeValues(&r.After),
		q.d.timeArg(r.BeforeUpdatedAt), string(r.Action), r.Actor, q.d.timeArg(r.At), mergeID)
}

// Revisions returns the revisions an import of the tenant recorded, in the order they were
// added: what undo needs to put customers back. It fails with ENotFound when the import is not
// in the tenant.
func (s *Store) Revisions(ctx context.Context, tenantID, importID int64) ([]customer.Revision, error) {
	var out []customer.Revision
	err := s.read(ctx, func(q *queries) error {
		var err error
		out, err = q.Revisions(ctx, tenantID, importID)
		return err
	})
	return out, err
}

// Revisions is Store.Revisions inside a transaction: undo reads them under the commit lock.
func (q *queries) Revisions(ctx context.Context, tenantID, importID int64) ([]customer.Revision, error) {
	var out []customer.Revision
	err := func() error {
		if _, err := q.Import(ctx, tenantID, importID); err != nil {
			return err
		}
		rows, err := q.query(ctx, `SELECT `+revisionColumns+` FROM revisions WHERE import_id = ? AND action = '' ORDER BY id`, importID)
		if err != nil {
			return fmt.Errorf("sqlstore: revisions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			_, r, err := scanRevision(rows)
			if err != nil {
				return fmt.Errorf("sqlstore: revisions: %w", err)
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: revisions: %w", err)
		}
		return nil
	}()
	return out, err
}

// revisionColumns are the columns of a revision that scanRevision reads, its own id first.
const revisionColumns = `id, import_id, customer_id, row_num, created, before, after, before_updated_at, action, actor, at, merge_id`

// scanRevision reads a row of revisionColumns: the revision's id and the revision.
func scanRevision(rows *sql.Rows) (int64, customer.Revision, error) { return scanRevisionAnd(rows) }

// scanRevisionAnd is scanRevision for a row of revisionColumns followed by more columns, which
// it scans into more.
func scanRevisionAnd(rows *sql.Rows, more ...any) (int64, customer.Revision, error) {
	var id int64
	var r customer.Revision
	var before, after, action string
	var importID, mergeID sql.NullInt64
	dest := append([]any{&id, &importID, &r.CustomerID, &r.Row, &r.Created, &before, &after, timeDest{&r.BeforeUpdatedAt},
		&action, &r.Actor, timeDest{&r.At}, &mergeID}, more...)
	if err := rows.Scan(dest...); err != nil {
		return 0, r, err
	}
	r.ImportID, r.MergeID, r.Action = importID.Int64, mergeID.Int64, customer.Action(action)
	if err := decodeValues(before, &r.Before); err != nil {
		return 0, r, err
	}
	if err := decodeValues(after, &r.After); err != nil {
		return 0, r, err
	}
	return id, r, nil
}

// RevisionsOf returns the revisions an import recorded for the given customers, in the order
// they were added. A confirm reads back what it wrote in earlier chunks this way, on the rare
// row that meets a customer the import already updated, rather than holding every updated
// customer's old values (a million updates: about a gigabyte).
func (s *Store) RevisionsOf(ctx context.Context, importID int64, customerIDs []int64) ([]customer.Revision, error) {
	var out []customer.Revision
	err := s.read(ctx, func(q *queries) error {
		var err error
		out, err = q.RevisionsOf(ctx, importID, customerIDs)
		return err
	})
	return out, err
}

func (q *queries) RevisionsOf(ctx context.Context, importID int64, customerIDs []int64) ([]customer.Revision, error) {
	type numbered struct {
		id  int64
		rev customer.Revision
	}
	var all []numbered
	for lo := 0; lo < len(customerIDs); lo += idBatch {
		chunk := customerIDs[lo:min(lo+idBatch, len(customerIDs))]
		query, args := q.d.revisionsOf(importID, chunk)
		err := func() error {
			rows, err := q.query(ctx, query, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var n numbered
				if n.id, n.rev, err = scanRevision(rows); err != nil {
					return err
				}
				all = append(all, n)
			}
			return rows.Err()
		}()
		if err != nil {
			return nil, fmt.Errorf("sqlstore: revisions of customers: %w", err)
		}
	}
	// An ID given twice would be in two batches' IN lists: keep each revision once.
	slices.SortFunc(all, func(a, b numbered) int { return cmp.Compare(a.id, b.id) })
	all = slices.CompactFunc(all, func(a, b numbered) bool { return a.id == b.id })
	out := make([]customer.Revision, len(all))
	for i := range all {
		out[i] = all[i].rev
	}
	return out, nil
}

// CustomerRevisions returns the revisions of one customer of the tenant, oldest first: its
// history. An import's own revisions carry the import's confirmer and confirmation time as their
// Actor and At. It fails with ENotFound when the tenant has no such customer.
func (s *Store) CustomerRevisions(ctx context.Context, tenantID, customerID int64) ([]customer.Revision, error) {
	var out []customer.Revision
	err := s.read(ctx, func(q *queries) error {
		if _, err := q.customer(ctx, tenantID, customerID); err != nil {
			return err
		}
		rows, err := q.query(ctx, `SELECT r.*, i.confirmed_by, i.confirmed_at
			FROM (SELECT `+revisionColumns+` FROM revisions WHERE customer_id = ?) AS r
			LEFT JOIN imports i ON i.id = r.import_id AND r.action = ''
			ORDER BY r.id`, customerID)
		if err != nil {
			return fmt.Errorf("sqlstore: customer revisions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r customer.Revision
			var by sql.NullString
			var at time.Time
			if _, r, err = scanRevisionAnd(rows, &by, timeDest{&at}); err != nil {
				return fmt.Errorf("sqlstore: customer revisions: %w", err)
			}
			if r.Action == "" {
				r.Actor, r.At = by.String, at
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: customer revisions: %w", err)
		}
		return nil
	})
	return out, err
}
