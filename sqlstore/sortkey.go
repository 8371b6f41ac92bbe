package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/clientele/clientele/customer"
)

// The customer list can be sorted by name in the tenant's language (Norwegian Æ Ø Å after Z,
// Polish Ł after L). Neither database can do that the same way as the other — SQLite compares
// bytes, PostgreSQL collates by the server's locale — so each customer carries sort_key: its
// name's collation key, computed in Go by customer.NameSorter with every insert and update,
// stored as bytes (BLOB, BYTEA) that both compare byte by byte. ORDER BY sort_key is then the
// same order on both, and an index serves it.
//
// The key depends on the tenant's language. Tenants' languages do not change today; a feature
// that changes one must refill its customers' keys (fillSortKeys does that for all).

// sortKeyVersion is the Go migration that adds sort_key, its index, and fills it for the
// customers stored before it. It is Go, not SQL, because SQL cannot compute the keys.
const sortKeyVersion = 12

// addSortKey returns migration 12. It names the columns it reads rather than using the
// catalogue, so that it still runs on a fresh database after later migrations change the fields.
func addSortKey(d dialect) *goose.Migration {
	blob := "BLOB NOT NULL DEFAULT X''"
	if d.postgres() {
		blob = "BYTEA NOT NULL DEFAULT ''::bytea"
	}
	return goose.NewGoMigration(sortKeyVersion, &goose.GoFunc{
		RunTx: func(ctx context.Context, tx *sql.Tx) error {
			q := &queries{tx: tx, d: d}
			for _, stmt := range []string{
				`ALTER TABLE customers ADD COLUMN sort_key ` + blob,
				`CREATE INDEX customers_tenant_sort_key ON customers (tenant_id, sort_key, id)`,
			} {
				if _, err := q.exec(ctx, stmt); err != nil {
					return fmt.Errorf("sqlstore: add sort_key: %w", err)
				}
			}
			return q.fillSortKeys(ctx)
		},
	}, &goose.GoFunc{
		RunTx: func(ctx context.Context, tx *sql.Tx) error {
			q := &queries{tx: tx, d: d}
			for _, stmt := range []string{
				`DROP INDEX customers_tenant_sort_key`,
				`ALTER TABLE customers DROP COLUMN sort_key`,
			} {
				if _, err := q.exec(ctx, stmt); err != nil {
					return fmt.Errorf("sqlstore: drop sort_key: %w", err)
				}
			}
			return nil
		},
	})
}

// bytesArg is a placeholder for a []byte argument inside a VALUES list, where PostgreSQL cannot
// infer the type (it would take text).
func (d dialect) bytesArg() string {
	if d.postgres() {
		return "CAST(? AS BYTEA)"
	}
	return "CAST(? AS BLOB)"
}

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

// fillSortKeys computes the sort_key of every customer in its tenant's language, walking the
// customers by id 1,000 at a time with one multi-row update per 1,000.
func (q *queries) fillSortKeys(ctx context.Context) error {
	const chunk = 1000
	sorters := map[string]*customer.NameSorter{}
	var last int64
	for {
		rows, err := q.query(ctx, `
			SELECT c.id, t.language, c.last_name, c.first_name
			FROM customers c JOIN tenants t ON t.id = c.tenant_id
			WHERE c.id > ?
			ORDER BY c.id
			LIMIT ?`, last, chunk)
		if err != nil {
			return fmt.Errorf("sqlstore: fill sort keys: %w", err)
		}
		var args []any
		for rows.Next() {
			var lang, lastName, firstName string
			if err := rows.Scan(&last, &lang, &lastName, &firstName); err != nil {
				rows.Close()
				return fmt.Errorf("sqlstore: fill sort keys: %w", err)
			}
			s := sorters[lang]
			if s == nil {
				s = customer.NewNameSorter(lang)
				sorters[lang] = s
			}
			args = append(args, last, s.Key(lastName, firstName))
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("sqlstore: fill sort keys: %w", err)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: fill sort keys: %w", err)
		}
		if len(args) == 0 {
			return nil
		}
		_, err = q.exec(ctx, `
			WITH v (id, sort_key) AS (
				VALUES `+tuples(len(args)/2, "(CAST(? AS BIGINT), "+q.d.bytesArg()+")")+`
			)
			UPDATE customers SET sort_key = v.sort_key
			FROM v
			WHERE customers.id = v.id`, args...)
		if err != nil {
			return fmt.Errorf("sqlstore: fill sort keys: %w", err)
		}
	}
}
