package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/match"
)

// matchFields are the fields CustomersByMatchKeys reads: those package match compares, and the
// account number that names a customer.
var matchFields = []int{customer.FAccount, customer.FFirstName, customer.FLastName, customer.FEmail,
	customer.FMobile, customer.FPhone, customer.FAddress1, customer.FPostcode, customer.FCity}

// matchColumns are the columns scanMatchCustomer reads.
var matchColumns = func() string {
	cols := []string{"id", "tenant_id"}
	for _, i := range matchFields {
		cols = append(cols, customer.Fields[i].Key)
	}
	return strings.Join(append(cols, "updated_at"), ", ")
}()

func scanMatchCustomer(sc scanner) (customer.Customer, error) {
	var c customer.Customer
	dest := make([]any, 0, len(matchFields)+3)
	dest = append(dest, &c.ID, &c.TenantID)
	for _, i := range matchFields {
		dest = append(dest, &c.Values[i])
	}
	dest = append(dest, timeDest{&c.UpdatedAt})
	return c, sc.Scan(dest...)
}

// matchKey is one row of customer_match_keys: one of a customer's blocking keys (match.Keys).
type matchKey struct {
	tenantID, customerID int64
	key                  string
}

// matchKeysOf returns the blocking keys of the customers, one row each.
func matchKeysOf(tenantID int64, cs []*customer.Customer) []matchKey {
	out := make([]matchKey, 0, len(cs)*5)
	for _, c := range cs {
		for _, k := range match.Keys(&c.Values) {
			out = append(out, matchKey{tenantID, c.ID, k})
		}
	}
	return out
}

// addMatchKeys writes the blocking keys of new customers, in the dialect's way of bulk loading.
func (q *queries) addMatchKeys(ctx context.Context, tenantID int64, cs []*customer.Customer) error {
	if err := q.d.addMatchKeys(ctx, q, matchKeysOf(tenantID, cs)); err != nil {
		return fmt.Errorf("sqlstore: add match keys: %w", err)
	}
	return nil
}

// replaceMatchKeys rewrites the blocking keys of updated customers.
func (q *queries) replaceMatchKeys(ctx context.Context, tenantID int64, cs []customer.Customer) error {
	ids := make([]int64, len(cs))
	ptrs := make([]*customer.Customer, len(cs))
	for i := range cs {
		ids[i], ptrs[i] = cs[i].ID, &cs[i]
	}
	if err := q.deleteMatchKeys(ctx, tenantID, ids); err != nil {
		return err
	}
	return q.addMatchKeys(ctx, tenantID, ptrs)
}

// deleteMatchKeys deletes the blocking keys of the tenant's customers with the given ids.
func (q *queries) deleteMatchKeys(ctx context.Context, tenantID int64, ids []int64) error {
	for lo := 0; lo < len(ids); lo += lookupBatch {
		chunk := ids[lo:min(lo+lookupBatch, len(ids))]
		_, err := q.exec(ctx, `DELETE FROM customer_match_keys
			WHERE tenant_id = ? AND customer_id IN (`+placeholders(len(chunk))+`)`, inArgs(tenantID, chunk)...)
		if err != nil {
			return fmt.Errorf("sqlstore: delete match keys: %w", err)
		}
	}
	return nil
}

// insertMatchKeys writes blocking keys in multi-row INSERTs.
func (q *queries) insertMatchKeys(ctx context.Context, keys []matchKey) error {
	const perRow = 3
	b := newBatch(q, perRow, 0, func(n int) string {
		return `INSERT INTO customer_match_keys (tenant_id, customer_id, key) VALUES ` + tuples(n, "(?, ?, ?)")
	})
	defer b.close()
	args := make([]any, 0, b.size*perRow)
	for lo := 0; lo < len(keys); lo += b.size {
		hi := min(lo+b.size, len(keys))
		args = args[:0]
		for _, k := range keys[lo:hi] {
			args = append(args, k.tenantID, k.customerID, k.key)
		}
		if _, err := b.exec(ctx, hi-lo, args); err != nil {
			return err
		}
	}
	return nil
}

// CustomersByMatchKeys returns the tenant's customers that have any of the blocking keys
// (match.Keys), each once, in id order: the candidates a row is compared with for possible
// duplicates. Each has its ID, TenantID, UpdatedAt and the values of matchFields only (the
// others blank): a million customers' blocks hold hundreds of thousands of candidates, and
// reading every column of each was most of a dry run's lookups. Keys are looked up 1,000 to a
// query. It fails with ENotFound when nothing matches and the tenant does not exist.
func (s *Store) CustomersByMatchKeys(ctx context.Context, tenantID int64, keys []string) ([]customer.Customer, error) {
	var cs []customer.Customer
	err := s.read(ctx, func(q *queries) error {
		var err error
		cs, err = q.CustomersByMatchKeys(ctx, tenantID, keys)
		return err
	})
	return cs, err
}

// CustomersByMatchKeys is Store.CustomersByMatchKeys inside a transaction.
func (q *queries) CustomersByMatchKeys(ctx context.Context, tenantID int64, keys []string) ([]customer.Customer, error) {
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	if len(keys) > 0 && keys[0] == "" {
		keys = keys[1:]
	}
	var out []customer.Customer
	seen := map[int64]bool{}
	for lo := 0; lo < len(keys); lo += lookupBatch {
		chunk := keys[lo:min(lo+lookupBatch, len(keys))]
		query, args := q.d.matchKeyCustomers(tenantID, chunk)
		rows, err := q.query(ctx, query, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: customers by match keys: %w", err)
		}
		for rows.Next() {
			c, err := scanMatchCustomer(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlstore: customers by match keys: %w", err)
			}
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("sqlstore: customers by match keys: %w", err)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlstore: customers by match keys: %w", err)
		}
	}
	if len(out) == 0 {
		return nil, q.requireTenant(ctx, tenantID)
	}
	slices.SortFunc(out, func(a, b customer.Customer) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}
