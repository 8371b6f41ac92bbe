package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The customer list can be sorted by name in the tenant's language (Norwegian Æ Ø Å after Z,
// Polish Ł after L). Neither database can do that the same way as the other — SQLite compares
// bytes, PostgreSQL collates by the server's locale — so each customer carries sort_key: its
// name's collation key, computed in Go by customer.NameSorter with every insert and update,
// stored as bytes (BLOB, BYTEA) that both compare byte by byte. ORDER BY sort_key is then the
// same order on both, and an index serves it.
//
// The key depends on the tenant's language. Tenants' languages do not change today; a feature
// that changes one must recompute its customers' keys.

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
