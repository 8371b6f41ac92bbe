package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/clientele/clientele/customer"
)

// Customer search matches substrings of the column search_text, which holds
// customer.SearchText — the searched fields lower-cased in Go, one per line — written with every
// insert and update. Lower-casing in Go makes the search case-insensitive for every script on
// both databases: SQLite's lower() and LIKE fold only A-Z, and PostgreSQL's depend on the
// server's locale. What a query means (its words, a phone number's forms) is
// customer.ParseSearch's; here each of its terms becomes LIKEs OR-ed, and the terms are AND-ed.
//
// A substring search cannot seek in a B-tree index, so a search reads all of the tenant's
// search_text and filters it: on SQLite from the index customers_search (tenant_id,
// search_text), which holds nothing else and so reads a third of the time the table takes; on
// PostgreSQL by a scan of the table (an index entry is limited to 2.7 kB, which a long
// search_text can pass). BenchmarkSearchCustomers, 100,000 customers on a shared 2-core machine:
// 30-45 ms to count the matches of a query, 85-160 ms with the first page of 50 — fast enough
// for a person typing. A trigram index (pg_trgm, FTS5) would make it faster at the price of an
// extension and a second copy of every write.

// fewMatches is the most matches a search sorts after finding them all; more are found walking
// the order's index, which stops at the page's end.
const fewMatches = 2000

// likeContains returns the LIKE pattern (with escape character \) for text containing s.
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// SearchCustomers returns a page of the tenant's customers that query finds, as
// customer.ParseSearch reads it with the tenant's country: every word of it in the account
// number, name, company, email, mobile, phone, postcode or city, or a phone number in any way it
// is written, ignoring case (all customers when query is blank), skipping offset and returning at most limit (all when limit <= 0),
// with the total count of matches. The order is one of customer.Orders, ascending or
// descending: the account number; last name, then first name, as the tenant's language sorts them
// (see sortkey.go); the email, lower-cased, customers without one after every email; or when
// the customer last changed. Customers equal in the order come by id. It fails with EInvalid for
// another order and ENotFound when the tenant does not exist.
func (s *Store) SearchCustomers(ctx context.Context, tenantID int64, query string, order customer.Order, offset, limit int) ([]customer.Customer, int, error) {
	orderBy, err := orderClause(order)
	if err != nil {
		return nil, 0, err
	}
	var out []customer.Customer
	var total int
	err = s.read(ctx, func(q *queries) error {
		where := `tenant_id = ?`
		args := []any{tenantID}
		matched := strings.TrimSpace(query) != ""
		if matched {
			var country string
			err := q.queryRow(ctx, `SELECT country FROM tenants WHERE id = ?`, tenantID).Scan(&country)
			if errors.Is(err, sql.ErrNoRows) {
				return tenantNotFound(tenantID)
			}
			if err != nil {
				return fmt.Errorf("sqlstore: search customers: %w", err)
			}
			for _, term := range customer.ParseSearch(query, country).Terms {
				likes := make([]string, len(term))
				for i, alt := range term {
					likes[i] = `search_text LIKE ? ESCAPE '\'`
					args = append(args, likeContains(alt))
				}
				where += ` AND (` + strings.Join(likes, ` OR `) + `)`
			}
		}
		if err := q.queryRow(ctx, `SELECT count(*) FROM customers WHERE `+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("sqlstore: count customers: %w", err)
		}
		if total == 0 {
			return q.requireTenant(ctx, tenantID)
		}
		if max(offset, 0) >= total {
			return nil
		}
		from := `customers WHERE ` + where
		if matched && total <= fewMatches {
			// Few matches: find them first, then sort them, rather than walk the whole order's
			// index for them (BenchmarkSearchCustomers: 180 → 85 ms for a word on SQLite).
			from = `customers WHERE id IN (SELECT id FROM ` + from + `)`
		}
		page, pageArgs := q.page(`SELECT `+customerColumns+` FROM `+from+`
			ORDER BY `+orderBy, append([]any(nil), args...), offset, limit)
		rows, err := q.query(ctx, page, pageArgs...)
		if err != nil {
			return fmt.Errorf("sqlstore: search customers: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCustomer(rows)
			if err != nil {
				return fmt.Errorf("sqlstore: search customers: %w", err)
			}
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: search customers: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// orderClause returns the ORDER BY list of a customer.Order. The columns compare the same way on
// both databases: account_number and email_key byte by byte (COLLATE "C" on PostgreSQL, SQLite's
// default), sort_key as bytes, updated_at as a time (SQLite's fixed-width text sorts as one). A
// customer without an email sorts after every email, so first when descending: each order is the
// other's exact reverse, and an index (customers_tenant_*) serves both.
func orderClause(order customer.Order) (string, error) {
	field, desc, ok := order.Field()
	if !ok {
		return "", customer.Errorf(customer.EInvalid, "Customers can be sorted by account, name, email or updated (descending with - before it), not %q.", order)
	}
	dir := ``
	if desc {
		dir = ` DESC`
	}
	switch field {
	case customer.OrderName:
		return `sort_key` + dir + `, id` + dir, nil
	case customer.OrderEmail:
		return `(email_key = '')` + dir + `, email_key` + dir + `, id` + dir, nil
	case customer.OrderUpdated:
		return `updated_at` + dir + `, id` + dir, nil
	default:
		return `account_number` + dir, nil
	}
}
