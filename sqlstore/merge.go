package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clientele/clientele/customer"
)

// Merges of stored customers (customer.Merge) and their undo, each one transaction under the
// tenant's commit lock, moving the customers version as a commit does.

// MergeCustomers merges customer m.FromID into m.IntoID in the tenant m.TenantID, as m.Actor at
// m.At: decide returns the values the kept customer gets from the two as stored; the merged one
// is deleted; both get a merge revision, the audit log the entry audit makes, and the merge is
// recorded with the values as they were (m is completed: ID, values and time stamps). It fails
// with ENotFound when either customer is not the tenant's, EInvalid when they are one, EConflict
// when the merged values would take a key another customer holds, and with decide's error.
func (s *Store) MergeCustomers(ctx context.Context, m *customer.Merge,
	decide func(into, from *customer.Customer) (customer.Values, error),
	audit func(m *customer.Merge) customer.AuditEntry) error {
	if m.IntoID == m.FromID {
		return customer.Errorf(customer.EInvalid, "A customer cannot be merged into itself.")
	}
	return s.locked(ctx, m.TenantID, func(q *queries) error {
		into, err := q.customer(ctx, m.TenantID, m.IntoID)
		if err != nil {
			return err
		}
		from, err := q.customer(ctx, m.TenantID, m.FromID)
		if err != nil {
			return err
		}
		after, err := decide(&into, &from)
		if err != nil {
			return err
		}
		if err := q.queryRow(ctx, `SELECT created_at FROM customers WHERE id = ?`, from.ID).Scan(timeDest{&m.FromCreatedAt}); err != nil {
			return fmt.Errorf("sqlstore: merge: %w", err)
		}
		m.IntoBefore, m.IntoAfter, m.From = into.Values, after, from.Values
		m.IntoUpdatedAt, m.FromUpdatedAt = into.UpdatedAt, from.UpdatedAt
		err = q.queryRow(ctx, `INSERT INTO customer_merges (tenant_id, into_id, from_id, actor, at, into_before, into_after,
				from_values, into_updated_at, from_updated_at, from_created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			m.TenantID, m.IntoID, m.FromID, m.Actor, q.d.timeArg(m.At), encodeValues(&m.IntoBefore), encodeValues(&m.IntoAfter),
			encodeValues(&m.From), q.d.timeArg(m.IntoUpdatedAt), q.d.timeArg(m.FromUpdatedAt), q.d.timeArg(m.FromCreatedAt)).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("sqlstore: record merge: %w", err)
		}
		// The merged customer goes first, so that the kept one may take its keys.
		if err := q.DeleteCustomers(ctx, m.TenantID, []int64{from.ID}); err != nil {
			return err
		}
		if err := q.UpdateCustomers(ctx, m.TenantID, []customer.Customer{{ID: into.ID, TenantID: m.TenantID, Values: after}}); err != nil {
			return err
		}
		revs := []customer.Revision{
			{CustomerID: into.ID, MergeID: m.ID, Action: customer.ActionMerge, Actor: m.Actor, At: m.At,
				Before: into.Values, After: after, BeforeUpdatedAt: into.UpdatedAt},
			{CustomerID: from.ID, MergeID: m.ID, Action: customer.ActionMerge, Actor: m.Actor, At: m.At,
				Before: from.Values, BeforeUpdatedAt: from.UpdatedAt},
		}
		if err := q.addRevisions(ctx, revs); err != nil {
			return err
		}
		e := audit(m)
		return q.AddAudit(ctx, &e)
	})
}

// UndoMerge undoes a merge of the tenant as actor: the kept customer gets its values and time
// stamp from before the merge back, and the merged one is created again under its own id, with
// its values and time stamps; both get an undo revision and the audit log the entry audit makes.
// It returns the merge as now recorded. It fails with ENotFound when the tenant has no such
// merge, and EConflict when it was undone already, when the kept customer was changed or deleted
// since (undo would throw that work away), or when another customer took a key of either.
func (s *Store) UndoMerge(ctx context.Context, tenantID, mergeID int64, actor string, at time.Time,
	audit func(m *customer.Merge) customer.AuditEntry) (customer.Merge, error) {
	var m customer.Merge
	err := s.locked(ctx, tenantID, func(q *queries) error {
		var err error
		if m, err = q.merge(ctx, tenantID, mergeID); err != nil {
			return err
		}
		if !m.UndoneAt.IsZero() {
			return customer.Errorf(customer.EConflict, "This merge was undone already.")
		}
		into, err := q.customer(ctx, tenantID, m.IntoID)
		if customer.ErrorCodeOf(err) == customer.ENotFound {
			return customer.Errorf(customer.EConflict, "Customer %s was deleted since the merge, which cannot be undone.", m.IntoAfter[customer.FAccount])
		}
		if err != nil {
			return err
		}
		if into.Values != m.IntoAfter {
			return customer.Errorf(customer.EConflict, "Customer %s was changed since the merge (%s): undoing it would throw that away.",
				into.Values[customer.FAccount], strings.Join(customer.DifferentFields(&into.Values, &m.IntoAfter), ", "))
		}
		m.UndoneAt, m.UndoneBy = at, actor
		res, err := q.exec(ctx, `UPDATE customer_merges SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL`,
			q.d.timeArg(m.UndoneAt), actor, m.ID)
		if err != nil {
			return fmt.Errorf("sqlstore: undo merge: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqlstore: undo merge: %w", err)
		}
		if n != 1 {
			return customer.Errorf(customer.EConflict, "This merge was undone already.")
		}
		if err := q.RestoreCustomers(ctx, tenantID, []customer.Customer{{ID: into.ID, TenantID: tenantID, Values: m.IntoBefore, UpdatedAt: m.IntoUpdatedAt}}); err != nil {
			return err
		}
		if err := q.reinsertCustomer(ctx, tenantID, customer.Customer{ID: m.FromID, TenantID: tenantID, Values: m.From, UpdatedAt: m.FromUpdatedAt}, m.FromCreatedAt); err != nil {
			return err
		}
		revs := []customer.Revision{
			{CustomerID: into.ID, MergeID: m.ID, Action: customer.ActionUndo, Actor: actor, At: at,
				Before: into.Values, After: m.IntoBefore, BeforeUpdatedAt: into.UpdatedAt},
			{CustomerID: m.FromID, MergeID: m.ID, Action: customer.ActionUndo, Actor: actor, At: at, Created: true, After: m.From},
		}
		if err := q.addRevisions(ctx, revs); err != nil {
			return err
		}
		e := audit(&m)
		return q.AddAudit(ctx, &e)
	})
	return m, err
}

// reinsertCustomer creates a customer again under its own id, with its time stamps.
func (q *queries) reinsertCustomer(ctx context.Context, tenantID int64, c customer.Customer, createdAt time.Time) error {
	lang, err := q.tenantLanguage(ctx, tenantID)
	if err != nil {
		return err
	}
	args := customerArgs([]any{c.ID}, tenantID, &c, customer.NewNameSorter(lang), nil)
	args[len(args)-2], args[len(args)-1] = q.d.timeArg(createdAt), q.d.timeArg(c.UpdatedAt)
	_, err = q.exec(ctx, `INSERT INTO customers (id, tenant_id, `+fieldColumns+`, email_key, mobile_key, name_key, search_text,
			sort_key, created_at, updated_at)
		VALUES (`+placeholders(len(args))+`)`, args...)
	if e := conflict(err); e != nil {
		return e
	}
	if err != nil {
		return fmt.Errorf("sqlstore: create merged customer again: %w", err)
	}
	if err := q.addMatchKeys(ctx, tenantID, []*customer.Customer{&c}); err != nil {
		return err
	}
	return q.bumpCustomersVersion(ctx, tenantID)
}

// mergeColumns are the columns scanMerge reads.
const mergeColumns = `id, tenant_id, into_id, from_id, actor, at, into_before, into_after, from_values, into_updated_at,
	from_updated_at, from_created_at, undone_at, undone_by`

func scanMerge(sc scanner) (customer.Merge, error) {
	var m customer.Merge
	var before, after, from string
	err := sc.Scan(&m.ID, &m.TenantID, &m.IntoID, &m.FromID, &m.Actor, timeDest{&m.At}, &before, &after, &from,
		timeDest{&m.IntoUpdatedAt}, timeDest{&m.FromUpdatedAt}, timeDest{&m.FromCreatedAt}, timeDest{&m.UndoneAt}, &m.UndoneBy)
	if err != nil {
		return m, err
	}
	for _, v := range []struct {
		s string
		v *customer.Values
	}{{before, &m.IntoBefore}, {after, &m.IntoAfter}, {from, &m.From}} {
		if err := decodeValues(v.s, v.v); err != nil {
			return m, err
		}
	}
	return m, nil
}

func (q *queries) merge(ctx context.Context, tenantID, mergeID int64) (customer.Merge, error) {
	m, err := scanMerge(q.queryRow(ctx, `SELECT `+mergeColumns+` FROM customer_merges WHERE id = ? AND tenant_id = ?`, mergeID, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, customer.Errorf(customer.ENotFound, "Merge %d not found.", mergeID)
	}
	if err != nil {
		return m, fmt.Errorf("sqlstore: merge: %w", err)
	}
	return m, nil
}

// Merges returns a page of the tenant's merges, newest first, with their total count.
func (s *Store) Merges(ctx context.Context, tenantID int64, offset, limit int) ([]customer.Merge, int, error) {
	var out []customer.Merge
	var total int
	err := s.read(ctx, func(q *queries) error {
		if err := q.queryRow(ctx, `SELECT COUNT(*) FROM customer_merges WHERE tenant_id = ?`, tenantID).Scan(&total); err != nil {
			return err
		}
		rows, err := q.query(ctx, `SELECT `+mergeColumns+` FROM customer_merges WHERE tenant_id = ?
			ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`, tenantID, limit, offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMerge(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("sqlstore: merges: %w", err)
	}
	return out, total, nil
}

// DismissDuplicates records that two customers of the tenant are not duplicates, as actor at
// at, so that the list of duplicates leaves the pair out; dismissing a pair again changes
// nothing. It fails with ENotFound when either is not the tenant's customer.
func (s *Store) DismissDuplicates(ctx context.Context, tenantID, a, b int64, actor string, at time.Time) error {
	if a > b {
		a, b = b, a
	}
	return s.write(ctx, func(q *queries) error {
		for _, id := range []int64{a, b} {
			if _, err := q.customer(ctx, tenantID, id); err != nil {
				return err
			}
		}
		_, err := q.exec(ctx, `INSERT INTO duplicate_dismissals (tenant_id, a_id, b_id, actor, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (tenant_id, a_id, b_id) DO NOTHING`, tenantID, a, b, actor, q.d.timeArg(at))
		if err != nil {
			return fmt.Errorf("sqlstore: dismiss duplicates: %w", err)
		}
		return nil
	})
}

// Dismissed returns the pairs of customers of the tenant dismissed as not duplicates, each
// with the lower id first.
func (s *Store) Dismissed(ctx context.Context, tenantID int64) ([][2]int64, error) {
	var out [][2]int64
	err := s.read(ctx, func(q *queries) error {
		rows, err := q.query(ctx, `SELECT a_id, b_id FROM duplicate_dismissals WHERE tenant_id = ?`, tenantID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p [2]int64
			if err := rows.Scan(&p[0], &p[1]); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: dismissed duplicates: %w", err)
	}
	return out, nil
}

// MatchKeyGroups calls fn with the ids of the customers of each blocking key
// (customer_match_keys) of the tenant that at least two and at most maxBlock customers hold, key
// by key, in one read transaction; fn's error stops the walk and is returned as is. The keys are
// counted and read from their index alone, in its order (no sort), and only the keys of groups
// leave the database: most keys are one customer's.
func (s *Store) MatchKeyGroups(ctx context.Context, tenantID int64, maxBlock int, fn func(ids []int64) error) error {
	var fnErr error
	err := s.read(ctx, func(q *queries) error {
		rows, err := q.query(ctx, `SELECT key, customer_id FROM (
				SELECT key, customer_id, COUNT(*) OVER (PARTITION BY key) AS n FROM customer_match_keys WHERE tenant_id = ?
			) AS k
			WHERE n BETWEEN 2 AND ?
			ORDER BY key`, tenantID, maxBlock)
		if err != nil {
			return err
		}
		defer rows.Close()
		var key, last string
		var group []int64
		flush := func() error {
			if len(group) > 0 {
				fnErr = fn(group)
			}
			group = group[:0]
			return fnErr
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&key, &id); err != nil {
				return err
			}
			if key != last {
				if err := flush(); err != nil {
					return err
				}
				last = key
			}
			group = append(group, id)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return flush()
	})
	if err != nil && err == fnErr {
		return err
	}
	if err != nil {
		return fmt.Errorf("sqlstore: match key groups: %w", err)
	}
	return nil
}

// MatchCustomersByID returns the tenant's customers with the given ids, in no particular order,
// each with its ID, TenantID, UpdatedAt and the values of matchFields only, as
// CustomersByMatchKeys: what duplicates.Clusters compares, for hundreds of thousands of
// customers at a time. Ids that name no customer of the tenant are left out.
func (s *Store) MatchCustomersByID(ctx context.Context, tenantID int64, ids []int64) ([]customer.Customer, error) {
	var out []customer.Customer
	err := s.read(ctx, func(q *queries) error {
		var err error
		out, err = q.customersByID(ctx, tenantID, ids, matchColumns, scanMatchCustomer)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: match customers by id: %w", err)
	}
	return out, nil
}
