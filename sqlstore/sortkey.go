package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/clientele/clientele/customer"
)

// The customer list can be sorted by name in the tenant's language (Norwegian Æ Ø Å after Z,
// Polish Ł after L). Neither database can do that the same way as the other — SQLite compares
// bytes, PostgreSQL collates by the server's locale — so each customer carries sort_key: its
// name's collation key, computed in Go by customer.NameSorter with every insert and update,
// stored as bytes (BLOB, BYTEA) that both compare byte by byte. ORDER BY sort_key is then the
// same order on both, and an index serves it.
//
// The key depends on the tenant's language: UpdateTenant recomputes every key of the tenant's
// customers when it changes (resortCustomers).

// tenantLanguage returns the language a tenant's customers are sorted in; ENotFound when the
// tenant does not exist.
func (q *queries) tenantLanguage(ctx context.Context, tenantID int64) (string, error) {
	var lang string
	err := q.queryRow(ctx, `SELECT language FROM tenants WHERE id = ?`, tenantID).Scan(&lang)
	if errors.Is(err, sql.ErrNoRows) {
		return "", tenantNotFound(tenantID)
	}
	if err != nil {
		return "", fmt.Errorf("sqlstore: tenant language: %w", err)
	}
	return lang, nil
}

// resortCustomers recomputes the sort keys of the tenant's customers for lang, in q's
// transaction: read every name first (one connection cannot read and write at once), then write
// the keys in multi-row statements.
func (q *queries) resortCustomers(ctx context.Context, tenantID int64, lang string) error {
	type key struct {
		id  int64
		key []byte
	}
	sorter := customer.NewNameSorter(lang)
	var keys []key
	rows, err := q.query(ctx, `SELECT id, first_name, last_name FROM customers WHERE tenant_id = ?`, tenantID)
	if err != nil {
		return fmt.Errorf("sqlstore: re-sort customers: %w", err)
	}
	for rows.Next() {
		var id int64
		var first, last string
		if err := rows.Scan(&id, &first, &last); err != nil {
			rows.Close()
			return fmt.Errorf("sqlstore: re-sort customers: %w", err)
		}
		keys = append(keys, key{id, sorter.Key(last, first)})
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("sqlstore: re-sort customers: %w", err)
	}
	tuple := "(CAST(? AS BIGINT), " + q.d.bytesParam() + ")"
	b := newBatch(q, 2, 1, func(n int) string {
		return `WITH v (id, sort_key) AS (VALUES ` + tuples(n, tuple) + `)
			UPDATE customers SET sort_key = v.sort_key
			FROM v
			WHERE customers.id = v.id AND customers.tenant_id = ?`
	})
	defer b.close()
	for lo := 0; lo < len(keys); lo += b.size {
		hi := min(lo+b.size, len(keys))
		args := make([]any, 0, 2*(hi-lo)+1)
		for _, k := range keys[lo:hi] {
			args = append(args, k.id, k.key)
		}
		if _, err := b.exec(ctx, hi-lo, append(args, tenantID)); err != nil {
			return fmt.Errorf("sqlstore: re-sort customers: %w", err)
		}
	}
	return nil
}
