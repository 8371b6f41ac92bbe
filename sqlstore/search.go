package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/clientele/clientele/customer"
)

// Customer search matches a substring of the column search_text, which holds the searched
// fields lower-cased in Go, one per line, written with every insert and update. Lower-casing in
// Go makes the search case-insensitive for every script on both databases: SQLite's lower() and
// LIKE fold only A-Z, and PostgreSQL's depend on the server's locale.
//
// A substring search cannot use a B-tree index, so a search reads the tenant's customers through
// the (tenant_id, account_number) index and filters them: a few tens of milliseconds for 100,000
// customers, which a back office searching by hand does not notice.

// searchText returns the search_text of a customer with the given field values: account
// number, full name (first and last, so that "ola nordmann" matches), company, email, mobile,
// postcode and city.
func searchText(account, first, last, company, email, mobile, postcode, city string) string {
	name := strings.TrimSpace(first + " " + last)
	return strings.ToLower(strings.Join([]string{account, name, company, email, mobile, postcode, city}, "\n"))
}

func searchTextOf(v *customer.Values) string {
	return searchText(v[customer.FAccount], v[customer.FFirstName], v[customer.FLastName], v[customer.FCompany],
		v[customer.FEmail], v[customer.FMobile], v[customer.FPostcode], v[customer.FCity])
}

// likeContains returns the LIKE pattern (with escape character \) for text containing s.
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// SearchCustomers returns a page of the tenant's customers whose account number, name, company,
// email, mobile, postcode or city contains query, ignoring case and the spaces around query (all
// customers when it is empty), skipping offset and returning at most limit (all when limit <= 0),
// with the total count of matches. The order is customer.OrderAccount (account number), or
// customer.OrderName: last name, then first name, as the tenant's language sorts them (see
// sortkey.go), customers with the same name by id. It fails with EInvalid for another order and
// ENotFound when the tenant does not exist.
func (s *Store) SearchCustomers(ctx context.Context, tenantID int64, query string, order customer.Order, offset, limit int) ([]customer.Customer, int, error) {
	orderBy := `account_number`
	switch order {
	case customer.OrderAccount, "":
	case customer.OrderName:
		orderBy = `sort_key, id`
	default:
		return nil, 0, customer.Errorf(customer.EInvalid, "Customers can be sorted by account or name, not %q.", order)
	}
	where := `tenant_id = ?`
	args := []any{tenantID}
	if q := strings.ToLower(strings.TrimSpace(query)); q != "" {
		where += ` AND search_text LIKE ? ESCAPE '\'`
		args = append(args, likeContains(q))
	}
	var out []customer.Customer
	var total int
	err := s.read(ctx, func(q *queries) error {
		if err := q.queryRow(ctx, `SELECT count(*) FROM customers WHERE `+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("sqlstore: count customers: %w", err)
		}
		if total == 0 {
			return q.requireTenant(ctx, tenantID)
		}
		if max(offset, 0) >= total {
			return nil
		}
		page, pageArgs := q.page(`SELECT `+customerColumns+` FROM customers
			WHERE `+where+`
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
