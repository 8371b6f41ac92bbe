package record

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// Store is what the record of one customer needs of the database.
type Store interface {
	// Commit runs fn in one transaction holding the tenant's commit lock (importer.Store.Commit):
	// an edit is checked and written as one, never between a confirm's check and its writes.
	Commit(ctx context.Context, tenantID int64, fn func(q importer.Queries) error) error
	// Customer returns one customer of the tenant; ENotFound when there is none in that tenant.
	Customer(ctx context.Context, tenantID, customerID int64) (customer.Customer, error)
	// CustomerRevisions returns the customer's revisions, oldest first, an import's own with
	// the import's confirmer and time; ENotFound when the tenant has no such customer.
	CustomerRevisions(ctx context.Context, tenantID, customerID int64) ([]customer.Revision, error)
	// Import returns an import of the tenant; ENotFound when there is none.
	Import(ctx context.Context, tenantID, importID int64) (customer.Import, error)
	// EraseCustomer deletes the customer and blanks or deletes every copy of its values in
	// staged rows and revisions, in one transaction under the tenant's commit lock, adding the
	// audit entry that audit makes of the customer in it. It returns the customer as it was;
	// ENotFound when the tenant has no such customer.
	EraseCustomer(ctx context.Context, tenantID, customerID int64, audit func(c customer.Customer) customer.AuditEntry) (customer.Customer, error)
}

// Service answers for one customer at a time.
type Service struct {
	Store Store
	Now   func() time.Time // the clock; nil means time.Now
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// RowError is an edit or creation refused by the rules or the duplicate checks: the problems an
// import would report on the row, with their messages.
type RowError struct {
	Errors   []customer.Problem
	Warnings []customer.Problem
}

func (e *RowError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, p := range e.Errors {
		msgs[i] = p.Message
	}
	return strings.Join(msgs, " ")
}

// cellIndexes returns the field indexes of cells' keys; EInvalid naming unknown keys.
func cellIndexes(cells map[string]string) (map[int]string, error) {
	out := make(map[int]string, len(cells))
	var unknown []string
	for k, v := range cells {
		i := customer.FieldByKey(k)
		if i < 0 {
			unknown = append(unknown, k)
			continue
		}
		out[i] = v
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, customer.Errorf(customer.EInvalid, "Unknown field %s.", strings.Join(unknown, ", "))
	}
	return out, nil
}

// Edit changes fields of a customer by hand (field keys to new text; a field left out keeps its
// value, a blank one is cleared, a blank account number keeps the stored one) as user, and
// returns the customer as now stored. It fails with a *RowError when a rule or a duplicate check
// refuses the values, with ENotFound when the tenant has no such customer and EInvalid for an
// unknown field. An edit that changes nothing writes nothing.
func (s *Service) Edit(ctx context.Context, t customer.Tenant, id int64, cells map[string]string, user string) (customer.Customer, error) {
	byField, err := cellIndexes(cells)
	if err != nil {
		return customer.Customer{}, err
	}
	var out customer.Customer
	err = s.Store.Commit(ctx, t.ID, func(q importer.Queries) error {
		cs, err := q.CustomersByID(ctx, t.ID, []int64{id})
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return customer.Errorf(customer.ENotFound, "Customer %d not found.", id)
		}
		stored := cs[0]
		raw := stored.Values
		for i, v := range byField {
			raw[i] = v
		}
		if strings.TrimSpace(raw[customer.FAccount]) == "" {
			raw[customer.FAccount] = stored.Values[customer.FAccount]
		}
		now := s.now()
		c, err := check(ctx, q, t, now, &raw, &stored)
		if err != nil {
			return err
		}
		if c.Status == customer.StatusUnchanged {
			out = stored
			return nil
		}
		if err := q.UpdateCustomers(ctx, t.ID, []customer.Customer{{ID: id, TenantID: t.ID, Values: c.Merged}}); err != nil {
			return err
		}
		rev := customer.Revision{CustomerID: id, Action: customer.ActionEdit, Actor: user, At: now,
			Before: stored.Values, After: c.Merged, BeforeUpdatedAt: stored.UpdatedAt}
		if err := q.AddRevisions(ctx, []customer.Revision{rev}); err != nil {
			return err
		}
		fields := customer.DifferentFields(&stored.Values, &c.Merged)
		if err := q.AddAudit(ctx, &customer.AuditEntry{TenantID: t.ID, Actor: user, Action: "customer_edit", At: now,
			Detail: fmt.Sprintf("Edited customer %s: %s.", c.Merged[customer.FAccount], strings.Join(fields, ", "))}); err != nil {
			return err
		}
		cs, err = q.CustomersByID(ctx, t.ID, []int64{id})
		if err != nil {
			return err
		}
		out = cs[0]
		return nil
	})
	return out, err
}

// Create adds a customer by hand from field keys to text, as user, and returns it as stored (a
// blank account number is assigned). It fails with a *RowError when a rule or a duplicate check
// refuses the values, and EInvalid for an unknown field.
func (s *Service) Create(ctx context.Context, t customer.Tenant, cells map[string]string, user string) (customer.Customer, error) {
	byField, err := cellIndexes(cells)
	if err != nil {
		return customer.Customer{}, err
	}
	var raw customer.Values
	for i, v := range byField {
		raw[i] = v
	}
	var out customer.Customer
	err = s.Store.Commit(ctx, t.ID, func(q importer.Queries) error {
		now := s.now()
		c, err := check(ctx, q, t, now, &raw, nil)
		if err != nil {
			return err
		}
		nc := &customer.Customer{TenantID: t.ID, Values: c.Merged}
		if err := q.InsertCustomers(ctx, t.ID, []*customer.Customer{nc}); err != nil {
			return err
		}
		rev := customer.Revision{CustomerID: nc.ID, Action: customer.ActionCreate, Actor: user, At: now, Created: true, After: nc.Values}
		if err := q.AddRevisions(ctx, []customer.Revision{rev}); err != nil {
			return err
		}
		if err := q.AddAudit(ctx, &customer.AuditEntry{TenantID: t.ID, Actor: user, Action: "customer_create", At: now,
			Detail: fmt.Sprintf("Created customer %s.", nc.Values[customer.FAccount])}); err != nil {
			return err
		}
		out = *nc
		return nil
	})
	return out, err
}

// check checks raw, the values a customer would have, as an import checks a row (stored: the
// customer edited, nil for a new one), looking up who holds its keys through q; a *RowError when
// it has errors.
func check(ctx context.Context, q importer.Queries, t customer.Tenant, now time.Time, raw *customer.Values, stored *customer.Customer) (customer.Checked, error) {
	rules := customer.Rules{Country: t.Country, Language: t.Language, Today: now}
	var c customer.Checked
	rules.PrepareInto(&c, &customer.StagedRow{Raw: *raw})
	x := customer.NewIndex()
	holders, err := q.Customers(ctx, t.ID, []customer.Keys{c.NormKeys})
	if err != nil && customer.ErrorCodeOf(err) != customer.ENotFound {
		return c, err
	}
	x.Add(holders...)
	rules.CheckOne(&c, stored, x)
	if len(c.Errors) > 0 {
		return c, &RowError{Errors: c.Errors, Warnings: c.Warnings}
	}
	return c, nil
}
