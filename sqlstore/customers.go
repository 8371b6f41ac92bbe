package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clientele/clientele/customer"
)

// The customers table has one column per catalogue field, named by its key, so these lists
// follow customer.Fields: a new field needs its line there and its column in the schema.
var (
	// fieldColumns lists the field columns in catalogue order.
	fieldColumns = func() string {
		keys := make([]string, len(customer.Fields))
		for i, f := range customer.Fields {
			keys[i] = f.Key
		}
		return strings.Join(keys, ", ")
	}()
	// customerColumns is what scanCustomer reads.
	customerColumns = customerColumnsOf("")
)

// customerColumnsOf returns the columns scanCustomer reads, each prefixed (with a table alias).
func customerColumnsOf(prefix string) string {
	cols := []string{"id", "tenant_id"}
	for _, f := range customer.Fields {
		cols = append(cols, f.Key)
	}
	cols = append(cols, "updated_at")
	return prefix + strings.Join(cols, ", "+prefix)
}

type scanner interface{ Scan(dest ...any) error }

func scanCustomer(sc scanner) (customer.Customer, error) {
	var c customer.Customer
	dest := make([]any, 0, customer.NumFields+3)
	dest = append(dest, &c.ID, &c.TenantID)
	for i := range c.Values {
		dest = append(dest, &c.Values[i])
	}
	dest = append(dest, timeDest{&c.UpdatedAt})
	err := sc.Scan(dest...)
	return c, err
}

// lookupBatch is how many keys one Customers query takes: callers send at most 1,000 keys, and
// a larger slice is split here, so that the four IN lists stay under maxParams.
const lookupBatch = 1000

// Customers returns every customer of the tenant that matches any non-empty key of keys, in
// account-number order, each once. It fails with ENotFound when nothing matches and the tenant
// does not exist.
func (s *Store) Customers(ctx context.Context, tenantID int64, keys []customer.Keys) ([]customer.Customer, error) {
	var cs []customer.Customer
	err := s.read(ctx, func(q *queries) error {
		var err error
		cs, err = q.Customers(ctx, tenantID, keys)
		return err
	})
	return cs, err
}

// Customers looks keys up set-based: one query per 1,000 keys, a UNION ALL of one indexed lookup
// per key kind (the dialect's customersByKey; duplicates are dropped here, cheaper than UNION's
// comparison of whole rows).
func (q *queries) Customers(ctx context.Context, tenantID int64, keys []customer.Keys) ([]customer.Customer, error) {
	kinds := []struct {
		column  string
		partial bool // the column's unique index leaves out ''
		key     func(k *customer.Keys) string
	}{
		{"account_number", false, func(k *customer.Keys) string { return k.Account }},
		{"email_key", true, func(k *customer.Keys) string { return k.Email }},
		{"mobile_key", true, func(k *customer.Keys) string { return k.Mobile }},
		{"name_key", true, func(k *customer.Keys) string { return k.NamePostcode }},
	}
	var out []customer.Customer
	seen := map[int64]bool{}
	for lo := 0; lo < len(keys); lo += lookupBatch {
		chunk := keys[lo:min(lo+lookupBatch, len(keys))]
		var parts []string
		var args []any
		for _, kind := range kinds {
			vals := distinctKeys(chunk, kind.key)
			if len(vals) == 0 {
				continue
			}
			part, partArgs := q.d.customersByKey(kind.column, kind.partial, tenantID, vals)
			parts = append(parts, part)
			args = append(args, partArgs...)
		}
		if len(parts) == 0 {
			continue
		}
		rows, err := q.query(ctx, strings.Join(parts, "\nUNION ALL\n"), args...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find customers: %w", err)
		}
		for rows.Next() {
			c, err := scanCustomer(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlstore: find customers: %w", err)
			}
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("sqlstore: find customers: %w", err)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlstore: find customers: %w", err)
		}
	}
	if len(out) == 0 {
		return nil, q.requireTenant(ctx, tenantID)
	}
	slices.SortFunc(out, func(a, b customer.Customer) int {
		return strings.Compare(a.Values[customer.FAccount], b.Values[customer.FAccount])
	})
	return out, nil
}

// distinctKeys returns the non-empty values key takes in keys, each once, in their first order.
func distinctKeys(keys []customer.Keys, key func(k *customer.Keys) string) []string {
	var vals []string
	dup := map[string]bool{}
	for i := range keys {
		if v := key(&keys[i]); v != "" && !dup[v] {
			dup[v] = true
			vals = append(vals, v)
		}
	}
	return vals
}

// InsertCustomers creates customers, setting each one's ID, TenantID and UpdatedAt; a blank
// account number is assigned from the tenant's sequence (C000123). It fails with EConflict,
// naming the key, when a unique key is taken (by a stored customer or by another of cs), with
// ENotFound when the tenant does not exist, and leaves cs unchanged when it fails.
func (s *Store) InsertCustomers(ctx context.Context, tenantID int64, cs []*customer.Customer) error {
	return s.write(ctx, func(q *queries) error { return q.InsertCustomers(ctx, tenantID, cs) })
}

func (q *queries) InsertCustomers(ctx context.Context, tenantID int64, cs []*customer.Customer) error {
	if len(cs) == 0 {
		return nil
	}
	// A failed insert must not leave ids of rolled-back rows or assigned numbers behind.
	type ident struct {
		id      int64
		account string
	}
	saved := make([]ident, len(cs))
	for i, c := range cs {
		saved[i] = ident{c.ID, c.Values[customer.FAccount]}
	}
	err := q.atomic(ctx, func() error { return q.insertCustomers(ctx, tenantID, cs) })
	if err != nil {
		for i, c := range cs {
			c.ID, c.Values[customer.FAccount] = saved[i].id, saved[i].account
		}
	}
	return err
}

// insertCustomers assigns blank account numbers and inserts in the dialect's way of bulk loading.
func (q *queries) insertCustomers(ctx context.Context, tenantID int64, cs []*customer.Customer) error {
	lang, err := q.tenantLanguage(ctx, tenantID)
	if err != nil {
		return err
	}
	sorter := customer.NewNameSorter(lang)
	if err := q.assignAccounts(ctx, tenantID, cs); err != nil {
		return err
	}

	ts := now()
	if err := q.d.insertCustomers(ctx, q, tenantID, cs, sorter, ts); err != nil {
		return err
	}
	if err := q.addMatchKeys(ctx, tenantID, cs); err != nil {
		return err
	}
	if err := q.bumpCustomersVersion(ctx, tenantID); err != nil {
		return err
	}
	for _, c := range cs {
		c.TenantID = tenantID
		c.UpdatedAt = ts
	}
	return nil
}

// customerArgs appends a new customer's columns: tenant_id, the fields in catalogue order,
// email_key, mobile_key, name_key, search_text, sort_key, created_at and updated_at (both ts).
func customerArgs(args []any, tenantID int64, c *customer.Customer, sorter *customer.NameSorter, ts any) []any {
	k := customer.KeysOf(&c.Values)
	args = append(args, tenantID)
	for _, v := range c.Values {
		args = append(args, v)
	}
	return append(args, k.Email, k.Mobile, k.NamePostcode, customer.SearchText(&c.Values),
		sorter.Key(c.Values[customer.FLastName], c.Values[customer.FFirstName]), ts, ts)
}

// insertCustomerRows inserts in multi-row statements, getting the new ids back with RETURNING.
// Neither database promises RETURNING's order, so rows are matched by account number, which is
// unique in the tenant and known for every row once blanks are assigned.
func (q *queries) insertCustomerRows(ctx context.Context, tenantID int64, cs []*customer.Customer, sorter *customer.NameSorter, ts time.Time) error {
	tsArg := q.d.timeArg(ts)
	const perRow = 1 + customer.NumFields + 7
	tuple := "(" + placeholders(perRow) + ")"
	b := newBatch(q, perRow, 0, func(n int) string {
		return `INSERT INTO customers (tenant_id, ` + fieldColumns + `, email_key, mobile_key, name_key, search_text, sort_key, created_at, updated_at)
			VALUES ` + tuples(n, tuple) + `
			RETURNING id, account_number`
	})
	defer b.close()

	args := make([]any, 0, b.size*perRow)
	byAccount := make(map[string]*customer.Customer, b.size)
	for lo := 0; lo < len(cs); lo += b.size {
		hi := min(lo+b.size, len(cs))
		args = args[:0]
		clear(byAccount)
		for _, c := range cs[lo:hi] {
			args = customerArgs(args, tenantID, c, sorter, tsArg)
			byAccount[c.Values[customer.FAccount]] = c
		}
		if err := q.insertCustomerBatch(ctx, b, hi-lo, args, byAccount); err != nil {
			return err
		}
	}
	return nil
}

func (q *queries) insertCustomerBatch(ctx context.Context, b *batch, n int, args []any, byAccount map[string]*customer.Customer) error {
	fail := func(err error) error {
		// SQLite reports a violation while RETURNING rows are read, PostgreSQL at the query.
		if e := conflict(err); e != nil {
			return e
		}
		return fmt.Errorf("sqlstore: insert customers: %w", err)
	}
	rows, err := b.query(ctx, n, args)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	got := 0
	for rows.Next() {
		var id int64
		var account string
		if err := rows.Scan(&id, &account); err != nil {
			return fail(err)
		}
		if c := byAccount[account]; c != nil {
			c.ID = id
			got++
		}
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if got != n {
		return fmt.Errorf("sqlstore: insert customers: %d ids for %d rows", got, n)
	}
	return nil
}

// accountNumber formats the n-th assigned account number.
func accountNumber(n int64) string { return fmt.Sprintf("C%06d", n) }

// assignAccounts gives every customer of cs with a blank account number the next free number
// of the tenant's sequence, skipping numbers already taken, by stored customers or by cs itself.
//
// The sequence row is read with an upsert, which also locks it (PostgreSQL) until the
// transaction ends, so two inserts in one tenant cannot hand out the same number.
func (q *queries) assignAccounts(ctx context.Context, tenantID int64, cs []*customer.Customer) error {
	var blank []*customer.Customer
	given := map[string]bool{}
	for _, c := range cs {
		if a := c.Values[customer.FAccount]; strings.TrimSpace(a) == "" {
			blank = append(blank, c)
		} else {
			given[a] = true
		}
	}
	if len(blank) == 0 {
		return nil
	}
	var last int64
	err := q.queryRow(ctx, `
		INSERT INTO tenant_sequences (tenant_id, last_account) VALUES (?, 0)
		ON CONFLICT (tenant_id) DO UPDATE SET last_account = tenant_sequences.last_account
		RETURNING last_account`, tenantID).Scan(&last)
	if err != nil {
		return fmt.Errorf("sqlstore: account sequence: %w", err)
	}
	for next := 0; next < len(blank); {
		candidates := make([]string, min(len(blank)-next, lookupBatch))
		for i := range candidates {
			candidates[i] = accountNumber(last + 1 + int64(i))
		}
		taken, err := q.takenAccounts(ctx, tenantID, candidates)
		if err != nil {
			return fmt.Errorf("sqlstore: account numbers: %w", err)
		}
		for _, a := range candidates {
			last++
			if taken[a] || given[a] || q.reserved[a] {
				continue
			}
			blank[next].Values[customer.FAccount] = a
			next++
		}
	}
	_, err = q.exec(ctx, `UPDATE tenant_sequences SET last_account = ? WHERE tenant_id = ?`, last, tenantID)
	if err != nil {
		return fmt.Errorf("sqlstore: account sequence: %w", err)
	}
	return nil
}

// takenAccounts returns which of candidates are account numbers of the tenant's customers.
func (q *queries) takenAccounts(ctx context.Context, tenantID int64, candidates []string) (map[string]bool, error) {
	query, args := q.d.accountsQuery(tenantID, candidates)
	return q.strings(ctx, query, args...)
}

// strings returns the set of the first column's values.
func (q *queries) strings(ctx context.Context, query string, args ...any) (map[string]bool, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		set[s] = true
	}
	return set, rows.Err()
}

// UpdateCustomers overwrites the values of existing customers, matched by ID and tenant. It
// fails with EConflict, naming the key, when a unique key is taken, with ENotFound when a
// customer is not in the tenant, and with EInvalid for a blank account number or an ID given
// twice.
func (s *Store) UpdateCustomers(ctx context.Context, tenantID int64, cs []customer.Customer) error {
	return s.write(ctx, func(q *queries) error { return q.UpdateCustomers(ctx, tenantID, cs) })
}

func (q *queries) UpdateCustomers(ctx context.Context, tenantID int64, cs []customer.Customer) error {
	if len(cs) == 0 {
		return nil
	}
	return q.atomic(ctx, func() error { return q.updateCustomers(ctx, tenantID, cs, false) })
}

// updateCustomers updates in multi-row statements: UPDATE … FROM a VALUES list, which both
// databases accept. The casts give PostgreSQL the types of the id, the sort key and the time,
// which it cannot infer inside VALUES. Each row carries its own updated_at: now for an update; for a restore
// (undo), the customer's UpdatedAt, so that it is put back as it was, time stamp included.
func (q *queries) updateCustomers(ctx context.Context, tenantID int64, cs []customer.Customer, restore bool) error {
	verb := "update"
	if restore {
		verb = "restore"
	}
	ids := make(map[int64]bool, len(cs))
	for i := range cs {
		if ids[cs[i].ID] {
			return customer.Errorf(customer.EInvalid, "Customer %d is given twice in one batch to %s.", cs[i].ID, verb)
		}
		ids[cs[i].ID] = true
		if strings.TrimSpace(cs[i].Values[customer.FAccount]) == "" {
			return customer.Errorf(customer.EInvalid, "Customer %d has no account number.", cs[i].ID)
		}
		if restore && cs[i].UpdatedAt.IsZero() {
			return customer.Errorf(customer.EInvalid, "Customer %d has no time stamp to restore.", cs[i].ID)
		}
	}
	// The sort key follows the name, in the tenant's language, as on every write.
	lang, err := q.tenantLanguage(ctx, tenantID)
	if err != nil {
		return err
	}
	sorter := customer.NewNameSorter(lang)
	sets := make([]string, 0, customer.NumFields+6)
	for _, f := range customer.Fields {
		sets = append(sets, f.Key+" = v."+f.Key)
	}
	sets = append(sets, "email_key = v.email_key", "mobile_key = v.mobile_key", "name_key = v.name_key",
		"search_text = v.search_text", "sort_key = v.sort_key", "updated_at = v.updated_at")
	const perRow = 1 + customer.NumFields + 6
	tuple := "(CAST(? AS BIGINT), " + placeholders(perRow-3) + ", " + q.d.bytesParam() + ", " + q.d.timeParam() + ")"
	b := newBatch(q, perRow, 1, func(n int) string {
		return `WITH v (id, ` + fieldColumns + `, email_key, mobile_key, name_key, search_text, sort_key, updated_at) AS (
				VALUES ` + tuples(n, tuple) + `
			)
			UPDATE customers SET ` + strings.Join(sets, ", ") + `
			FROM v
			WHERE customers.id = v.id AND customers.tenant_id = ?`
	})
	defer b.close()

	ts := now()
	for lo := 0; lo < len(cs); lo += b.size {
		hi := min(lo+b.size, len(cs))
		args := make([]any, 0, (hi-lo)*perRow+1)
		for i := lo; i < hi; i++ {
			c := &cs[i]
			k := customer.KeysOf(&c.Values)
			args = append(args, c.ID)
			for _, v := range c.Values {
				args = append(args, v)
			}
			at := ts
			if restore {
				at = c.UpdatedAt
			}
			args = append(args, k.Email, k.Mobile, k.NamePostcode, customer.SearchText(&c.Values),
				sorter.Key(c.Values[customer.FLastName], c.Values[customer.FFirstName]), q.d.timeArg(at))
		}
		args = append(args, tenantID)
		res, err := b.exec(ctx, hi-lo, args)
		if e := conflict(err); e != nil {
			return e
		}
		if err != nil {
			return fmt.Errorf("sqlstore: %s customers: %w", verb, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqlstore: %s customers: %w", verb, err)
		}
		if int(n) != hi-lo {
			return customer.Errorf(customer.ENotFound, "%d of the customers to %s do not exist in this tenant.", hi-lo-int(n), verb)
		}
	}
	if err := q.replaceMatchKeys(ctx, tenantID, cs); err != nil {
		return err
	}
	return q.bumpCustomersVersion(ctx, tenantID)
}

// Customer returns one customer of the tenant. It fails with ENotFound when there is no such
// customer in that tenant, whether it does not exist or belongs to another.
func (s *Store) Customer(ctx context.Context, tenantID, customerID int64) (customer.Customer, error) {
	var c customer.Customer
	err := s.read(ctx, func(q *queries) error {
		var err error
		c, err = q.customer(ctx, tenantID, customerID)
		return err
	})
	return c, err
}

func (q *queries) customer(ctx context.Context, tenantID, customerID int64) (customer.Customer, error) {
	c, err := scanCustomer(q.queryRow(ctx, `SELECT `+customerColumns+` FROM customers
		WHERE id = ? AND tenant_id = ?`, customerID, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, customer.Errorf(customer.ENotFound, "Customer %d not found.", customerID)
	}
	if err != nil {
		return c, fmt.Errorf("sqlstore: customer: %w", err)
	}
	return c, nil
}

// allCustomersPage is how many customers AllCustomers reads in one transaction.
const allCustomersPage = 1000

// AllCustomers calls fn for every customer of the tenant in account-number order. It reads them
// a page at a time, each page in a short read transaction of its own, and calls fn outside any
// transaction: an export to a slow client would otherwise hold a transaction open for as long as
// the download takes, pinning PostgreSQL's vacuum horizon and SQLite's WAL. The walk is
// therefore not one snapshot: a customer committed meanwhile is seen if its account number
// comes after the page being read. An error from fn stops the walk and is returned as is. It
// fails with ENotFound when the tenant does not exist.
func (s *Store) AllCustomers(ctx context.Context, tenantID int64, fn func(customer.Customer) error) error {
	page := make([]customer.Customer, 0, allCustomersPage)
	after, first := "", true
	for {
		page = page[:0]
		err := s.read(ctx, func(q *queries) error {
			if first {
				if err := q.requireTenant(ctx, tenantID); err != nil {
					return err
				}
			}
			rows, err := q.query(ctx, `SELECT `+customerColumns+` FROM customers
				WHERE tenant_id = ? AND account_number > ?
				ORDER BY account_number
				LIMIT ?`, tenantID, after, allCustomersPage)
			if err != nil {
				return fmt.Errorf("sqlstore: all customers: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				c, err := scanCustomer(rows)
				if err != nil {
					return fmt.Errorf("sqlstore: all customers: %w", err)
				}
				page = append(page, c)
			}
			if err := rows.Err(); err != nil {
				return fmt.Errorf("sqlstore: all customers: %w", err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		first = false
		for _, c := range page {
			if err := fn(c); err != nil {
				return err
			}
		}
		if len(page) < allCustomersPage {
			return nil
		}
		after = page[len(page)-1].Values[customer.FAccount]
	}
}

// HasCustomers reports whether the tenant has a customer at all; ENotFound when the tenant
// does not exist. It is one probe of the
// account-number index, however many customers there are: a check that begins with none makes
// no lookups (importer's checker), where a new shop's first import of 100,000 rows made 100.
func (s *Store) HasCustomers(ctx context.Context, tenantID int64) (bool, error) {
	var has bool
	err := s.read(ctx, func(q *queries) error {
		var err error
		has, err = q.HasCustomers(ctx, tenantID)
		return err
	})
	return has, err
}

// HasCustomers is Store.HasCustomers inside a transaction: confirm asks under the commit lock.
func (q *queries) HasCustomers(ctx context.Context, tenantID int64) (bool, error) {
	var n int
	err := q.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM customers WHERE tenant_id = ? LIMIT 1) AS one`, tenantID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("sqlstore: has customers: %w", err)
	}
	if n == 0 {
		return false, q.requireTenant(ctx, tenantID)
	}
	return true, nil
}

// CountCustomers returns how many customers the tenant has. It fails with ENotFound when the
// tenant does not exist.
func (s *Store) CountCustomers(ctx context.Context, tenantID int64) (int, error) {
	var n int
	err := s.read(ctx, func(q *queries) error {
		if err := q.queryRow(ctx, `SELECT count(*) FROM customers WHERE tenant_id = ?`, tenantID).Scan(&n); err != nil {
			return fmt.Errorf("sqlstore: count customers: %w", err)
		}
		if n == 0 {
			return q.requireTenant(ctx, tenantID)
		}
		return nil
	})
	return n, err
}
