package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/clientele/clientele/customer"
)

// The writes and reads of undoing an import (importer.Undo). They run inside Store.Commit, in
// the transaction that holds the tenant's commit lock, so an undo takes effect entirely or not
// at all and never interleaves with a confirm. Each is also a Store method of its own.

// idBatch is how many ids go into one IN list: well under maxParams.
const idBatch = 1000

// CustomersByID returns the tenant's customers with the given IDs, in ID order; IDs that name no
// customer of the tenant are left out.
func (s *Store) CustomersByID(ctx context.Context, tenantID int64, ids []int64) ([]customer.Customer, error) {
	var cs []customer.Customer
	err := s.read(ctx, func(q *queries) error {
		var err error
		cs, err = q.CustomersByID(ctx, tenantID, ids)
		return err
	})
	return cs, err
}

func (q *queries) CustomersByID(ctx context.Context, tenantID int64, ids []int64) ([]customer.Customer, error) {
	out, err := q.customersByID(ctx, tenantID, ids, customerColumns, scanCustomer)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: customers by id: %w", err)
	}
	slices.SortFunc(out, func(a, b customer.Customer) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// customersByID reads cols of the tenant's customers with the given ids (the dialect's byID),
// idBatch at a time, with scan, in no particular order.
func (q *queries) customersByID(ctx context.Context, tenantID int64, ids []int64, cols string,
	scan func(scanner) (customer.Customer, error)) ([]customer.Customer, error) {
	var out []customer.Customer
	for lo := 0; lo < len(ids); lo += idBatch {
		query, args := q.d.byID(cols, tenantID, ids[lo:min(lo+idBatch, len(ids))])
		rows, err := q.query(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			c, err := scan(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, c)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteCustomers deletes the tenant's customers with the given IDs. It fails with ENotFound,
// deleting none of them, when one is not a customer of the tenant, and with EInvalid for an ID
// given twice. Nothing refers to customers by foreign key (revisions and staged rows keep their
// customer IDs as a record), so a delete never cascades.
func (s *Store) DeleteCustomers(ctx context.Context, tenantID int64, ids []int64) error {
	return s.write(ctx, func(q *queries) error { return q.DeleteCustomers(ctx, tenantID, ids) })
}

func (q *queries) DeleteCustomers(ctx context.Context, tenantID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return customer.Errorf(customer.EInvalid, "Customer %d is deleted twice in one batch.", id)
		}
		seen[id] = true
	}
	return q.atomic(ctx, func() error {
		for lo := 0; lo < len(ids); lo += idBatch {
			chunk := ids[lo:min(lo+idBatch, len(ids))]
			n, err := q.deleteByID(ctx, tenantID, chunk)
			if err != nil {
				return fmt.Errorf("sqlstore: delete customers: %w", err)
			}
			if n != len(chunk) {
				return customer.Errorf(customer.ENotFound, "%d of the customers to delete do not exist in this tenant.", len(chunk)-n)
			}
		}
		return nil
	})
}

// deleteByID deletes those of the given customers that are the tenant's, in the dialect's way
// of finding them, and returns how many it deleted.
func (q *queries) deleteByID(ctx context.Context, tenantID int64, ids []int64) (int, error) {
	if err := q.bumpCustomersVersion(ctx, tenantID); err != nil {
		return 0, err
	}
	if err := q.deleteMatchKeys(ctx, tenantID, ids); err != nil {
		return 0, err
	}
	return q.d.deleteByID(ctx, q, tenantID, ids)
}

// RestoreCustomers overwrites the values of existing customers, matched by ID and tenant, and
// sets each one's updated_at to its UpdatedAt: undo puts a customer back as it was before an
// import, time stamp included. It fails like UpdateCustomers: EConflict naming the key when a
// unique key is taken, ENotFound when a customer is not in the tenant, EInvalid for a blank
// account number, a zero UpdatedAt or an ID given twice.
func (s *Store) RestoreCustomers(ctx context.Context, tenantID int64, cs []customer.Customer) error {
	return s.write(ctx, func(q *queries) error { return q.RestoreCustomers(ctx, tenantID, cs) })
}

func (q *queries) RestoreCustomers(ctx context.Context, tenantID int64, cs []customer.Customer) error {
	if len(cs) == 0 {
		return nil
	}
	return q.atomic(ctx, func() error { return q.updateCustomers(ctx, tenantID, cs, true) })
}
