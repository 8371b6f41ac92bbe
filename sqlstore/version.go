package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// A tenant's customers version counts the transactions that wrote its customers, from 1 (so that
// an import's zero CheckedVersion means "not known"): every insert, update, restore and delete
// adds one, in the transaction that writes. An import keeps the version
// its rows were checked at (customer.Import.CheckedVersion), and a confirm that finds it unchanged
// knows that the stored customers are those the check saw (importer.Confirm skips the lookups
// that cannot find anything new). Writes of one tenant's customers run under its commit lock, or
// (a seed, a test) in a transaction of their own; the update of the version's row orders them.

// CustomersVersion returns the tenant's customers version: 1 before its customers are first
// written.
func (s *Store) CustomersVersion(ctx context.Context, tenantID int64) (int64, error) {
	var v int64
	err := s.read(ctx, func(q *queries) error {
		var err error
		v, err = q.CustomersVersion(ctx, tenantID)
		return err
	})
	return v, err
}

// CustomersVersion is Store.CustomersVersion inside a transaction: confirm reads it under the
// commit lock.
func (q *queries) CustomersVersion(ctx context.Context, tenantID int64) (int64, error) {
	var v int64
	err := q.queryRow(ctx, `SELECT customers_version FROM tenant_sequences WHERE tenant_id = ?`, tenantID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlstore: customers version: %w", err)
	}
	return v, nil
}

// bumpCustomersVersion adds one to the tenant's customers version, in q's transaction.
func (q *queries) bumpCustomersVersion(ctx context.Context, tenantID int64) error {
	_, err := q.exec(ctx, `
		INSERT INTO tenant_sequences (tenant_id, last_account, customers_version) VALUES (?, 0, 2)
		ON CONFLICT (tenant_id) DO UPDATE SET customers_version = tenant_sequences.customers_version + 1`, tenantID)
	if err != nil {
		return fmt.Errorf("sqlstore: customers version: %w", err)
	}
	return nil
}
