package duplicates

import (
	"context"
	"fmt"
	"time"

	"github.com/clientele/clientele/customer"
)

// The audit log's actions of merges.
const (
	ActionMerge     = "customer_merge"
	ActionUndoMerge = "customer_merge_undo"
)

// Store is what the customer base's duplicates need of the database.
type Store interface {
	// MergeCustomers merges m.FromID into m.IntoID in one transaction under the tenant's commit
	// lock: the kept customer gets the values decide returns, the other is deleted, the merge
	// is recorded (m completed) with revisions and the audit entry audit makes. ENotFound when
	// either is not the tenant's, EInvalid when they are one, EConflict when a key is taken.
	MergeCustomers(ctx context.Context, m *customer.Merge, decide func(into, from *customer.Customer) (customer.Values, error),
		audit func(m *customer.Merge) customer.AuditEntry) error
	// UndoMerge puts both customers of a merge back as they were; ENotFound when the tenant has
	// no such merge, EConflict when it was undone or the kept customer changed since.
	UndoMerge(ctx context.Context, tenantID, mergeID int64, actor string, at time.Time,
		audit func(m *customer.Merge) customer.AuditEntry) (customer.Merge, error)
	// Merges returns a page of the tenant's merges, newest first, with their total count.
	Merges(ctx context.Context, tenantID int64, offset, limit int) ([]customer.Merge, int, error)
	// DismissDuplicates records that two customers of the tenant are not one person; ENotFound
	// when either is not the tenant's.
	DismissDuplicates(ctx context.Context, tenantID, a, b int64, actor string, at time.Time) error
	// Dismissed returns the tenant's dismissed pairs, the lower id first.
	Dismissed(ctx context.Context, tenantID int64) ([][2]int64, error)
	// MatchKeyGroups calls fn with the ids of the customers of each blocking key of the tenant
	// that at least two and at most maxBlock customers hold, in one read; fn must copy ids to
	// keep them, and its error stops the walk.
	MatchKeyGroups(ctx context.Context, tenantID int64, maxBlock int, fn func(ids []int64) error) error
	// MatchCustomersByID returns the tenant's customers with the given ids, with the values
	// package match compares only, leaving out those that do not exist.
	MatchCustomersByID(ctx context.Context, tenantID int64, ids []int64) ([]customer.Customer, error)
	// CustomersByID returns the tenant's customers with the given ids, leaving out those that do
	// not exist.
	CustomersByID(ctx context.Context, tenantID int64, ids []int64) ([]customer.Customer, error)
}

// Service finds, merges and dismisses a tenant's duplicates.
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

// Merge merges customer from into customer into as user: choices are field keys to "into" or
// "from" (customer.ParseMergeSides), and a field not chosen keeps the newer non-blank value
// (customer.MergeValues). It returns the merge as recorded. It fails with EInvalid for a bad
// choice or a customer merged into itself, ENotFound when either customer is not the tenant's,
// and EConflict when the merged values would take a key another customer holds.
func (s *Service) Merge(ctx context.Context, t customer.Tenant, into, from int64, choices map[string]string, user string) (customer.Merge, error) {
	sides, err := customer.ParseMergeSides(choices)
	if err != nil {
		return customer.Merge{}, err
	}
	m := customer.Merge{TenantID: t.ID, IntoID: into, FromID: from, Actor: user, At: s.now()}
	err = s.Store.MergeCustomers(ctx, &m, func(a, b *customer.Customer) (customer.Values, error) {
		return customer.MergeValues(a, b, sides), nil
	}, func(m *customer.Merge) customer.AuditEntry {
		return customer.AuditEntry{TenantID: t.ID, Actor: user, Action: ActionMerge, At: m.At,
			Detail: fmt.Sprintf("Merged customer %s into %s (merge %d).", m.From[customer.FAccount], m.IntoBefore[customer.FAccount], m.ID)}
	})
	if err != nil {
		return customer.Merge{}, fmt.Errorf("merge customer %d into %d: %w", from, into, err)
	}
	return m, nil
}

// UndoMerge undoes a merge of the tenant as user, putting both customers back. It fails with
// ENotFound when the tenant has no such merge, and EConflict when it was undone already or the
// kept customer was changed since.
func (s *Service) UndoMerge(ctx context.Context, t customer.Tenant, mergeID int64, user string) (customer.Merge, error) {
	m, err := s.Store.UndoMerge(ctx, t.ID, mergeID, user, s.now(), func(m *customer.Merge) customer.AuditEntry {
		return customer.AuditEntry{TenantID: t.ID, Actor: user, Action: ActionUndoMerge, At: m.UndoneAt,
			Detail: fmt.Sprintf("Undid merge %d: customer %s is separate from %s again.", m.ID, m.From[customer.FAccount], m.IntoBefore[customer.FAccount])}
	})
	if err != nil {
		return customer.Merge{}, fmt.Errorf("undo merge %d: %w", mergeID, err)
	}
	return m, nil
}

// Merges returns a page of the tenant's merges, newest first, with their total count.
func (s *Service) Merges(ctx context.Context, t customer.Tenant, offset, limit int) ([]customer.Merge, int, error) {
	return s.Store.Merges(ctx, t.ID, offset, limit)
}

// Dismiss records as user that customers a and b are not one person: Clusters no longer pairs
// them. It fails with EInvalid for one customer twice and ENotFound when either is not the
// tenant's.
func (s *Service) Dismiss(ctx context.Context, t customer.Tenant, a, b int64, user string) error {
	if a == b {
		return customer.Errorf(customer.EInvalid, "A pair of duplicates needs two customers.")
	}
	return s.Store.DismissDuplicates(ctx, t.ID, a, b, user, s.now())
}
