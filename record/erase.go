package record

import (
	"context"
	"fmt"

	"github.com/clientele/clientele/customer"
)

// ActionErase is the audit log's action for an erasure.
const ActionErase = "customer_erase"

// Erase deletes a customer as user, and every copy of their personal data that Clientele holds:
// the staged rows that carried or named them (blanked, in every import, staged or committed) and
// their revisions (deleted), all in one transaction under the tenant's commit lock. The audit log
// keeps that an erasure happened — who, when and the account number — and nothing personal. An
// import that carried the customer can no longer bring them back by an undo (there is no revision
// left to restore), and a later import of the same person creates a new customer. It returns the
// erased customer's account number; ENotFound when the tenant has no such customer.
//
// Only owners may erase (customer.PermEraseCustomers): the faces check that before calling.
func (s *Service) Erase(ctx context.Context, t customer.Tenant, id int64, user string) (string, error) {
	at := s.now()
	c, err := s.Store.EraseCustomer(ctx, t.ID, id, func(c customer.Customer) customer.AuditEntry {
		return customer.AuditEntry{TenantID: t.ID, Actor: user, Action: ActionErase, At: at,
			Detail: fmt.Sprintf("Erased customer %s and their personal data.", c.Values[customer.FAccount])}
	})
	if err != nil {
		return "", fmt.Errorf("erase customer %d: %w", id, err)
	}
	return c.Values[customer.FAccount], nil
}
