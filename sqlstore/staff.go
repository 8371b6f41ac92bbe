package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/clientele/clientele/customer"
)

// The changes an owner makes to the staff are each one transaction with their audit entry. A
// change that could leave a tenant without an active owner (a demotion, a deactivation) first
// locks the tenant's active owners (lockOwners), so that two owners demoting each other at once
// cannot both succeed: the second counts again after the first committed.

// AddStaff stores u as CreateUser does and records it in the tenant's audit log as done by actor
// (action "staff.add"). It fails as CreateUser does.
func (s *Store) AddStaff(ctx context.Context, u *customer.User, actor string) error {
	return s.write(ctx, func(q *queries) error {
		if err := q.createUser(ctx, u); err != nil {
			return err
		}
		return q.AddAudit(ctx, &customer.AuditEntry{TenantID: u.TenantID, Actor: actor, Action: "staff.add",
			Detail: fmt.Sprintf("%s (%s)", u.Email, u.Role)})
	})
}

// staffMember reads the tenant's user id inside q; ENotFound when the tenant has no such user.
func (q *queries) staffMember(ctx context.Context, tenantID, userID int64) (customer.User, error) {
	u, err := scanUser(q.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ? AND tenant_id = ?`, userID, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return u, customer.Errorf(customer.ENotFound, "This shop group has no user %d.", userID)
	}
	if err != nil {
		return u, fmt.Errorf("sqlstore: user: %w", err)
	}
	return u, nil
}

// keepOwner fails with EConflict when u is the tenant's last active owner: taking their role or
// access away would leave no one to manage the shop. It locks the active owners' rows first.
func (q *queries) keepOwner(ctx context.Context, u customer.User) error {
	if u.Role != customer.RoleOwner || !u.Active {
		return nil
	}
	if _, err := q.exec(ctx, `UPDATE users SET role = role WHERE tenant_id = ? AND role = 'owner' AND active`, u.TenantID); err != nil {
		return fmt.Errorf("sqlstore: lock owners: %w", err)
	}
	var others int
	err := q.queryRow(ctx, `SELECT count(*) FROM users WHERE tenant_id = ? AND role = 'owner' AND active AND id <> ?`,
		u.TenantID, u.ID).Scan(&others)
	if err != nil {
		return fmt.Errorf("sqlstore: count owners: %w", err)
	}
	if others == 0 {
		return customer.Errorf(customer.EConflict, "%s is the shop group's last owner: make someone else owner first.", u.Email)
	}
	return nil
}

// SetRole gives the tenant's user userID the role and records it in the audit log as done by
// actor (action "staff.role"); it returns the user as they now are. Nothing is written when the
// role is the same. It fails with EInvalid for an unknown role, ENotFound when the tenant has no
// such user, and EConflict when the user is the last active owner and the role is not owner.
func (s *Store) SetRole(ctx context.Context, tenantID, userID int64, role customer.Role, actor string) (customer.User, error) {
	role, err := customer.ParseRole(string(role))
	if err != nil {
		return customer.User{}, err
	}
	var u customer.User
	err = s.write(ctx, func(q *queries) error {
		var err error
		if u, err = q.staffMember(ctx, tenantID, userID); err != nil || u.Role == role {
			return err
		}
		if err := q.keepOwner(ctx, u); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `UPDATE users SET role = ? WHERE id = ?`, string(role), userID); err != nil {
			return fmt.Errorf("sqlstore: set role: %w", err)
		}
		old := u.Role
		u.Role = role
		return q.AddAudit(ctx, &customer.AuditEntry{TenantID: tenantID, Actor: actor, Action: "staff.role",
			Detail: fmt.Sprintf("%s: %s → %s", u.Email, old, role)})
	})
	return u, err
}

// SetActive activates or deactivates the tenant's user userID and records it in the audit log as
// done by actor (action "staff.activate" or "staff.deactivate"); it returns the user as they now
// are. Deactivating ends the user's sessions and deletes their API tokens in the same
// transaction, so that their next request is refused. Nothing is written when nothing changes.
// It fails with ENotFound when the tenant has no such user, and EConflict when deactivating the
// last active owner.
func (s *Store) SetActive(ctx context.Context, tenantID, userID int64, active bool, actor string) (customer.User, error) {
	var u customer.User
	err := s.write(ctx, func(q *queries) error {
		var err error
		if u, err = q.staffMember(ctx, tenantID, userID); err != nil || u.Active == active {
			return err
		}
		action := "staff.activate"
		if !active {
			action = "staff.deactivate"
			if err := q.keepOwner(ctx, u); err != nil {
				return err
			}
			if err := q.endSessions(ctx, userID, ""); err != nil {
				return err
			}
			if _, err := q.exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, userID); err != nil {
				return fmt.Errorf("sqlstore: delete tokens: %w", err)
			}
		}
		if _, err := q.exec(ctx, `UPDATE users SET active = ? WHERE id = ?`, active, userID); err != nil {
			return fmt.Errorf("sqlstore: set active: %w", err)
		}
		u.Active = active
		return q.AddAudit(ctx, &customer.AuditEntry{TenantID: tenantID, Actor: actor, Action: action, Detail: u.Email})
	})
	return u, err
}

// ResetPassword gives the tenant's user userID a one-time password (its hash), which they must
// change after logging in, ends their sessions, and records it in the audit log as done by actor
// (action "staff.password_reset"). It fails with ENotFound when the tenant has no such user, and
// with EConflict when the user is deactivated.
func (s *Store) ResetPassword(ctx context.Context, tenantID, userID int64, hash, actor string) (customer.User, error) {
	var u customer.User
	err := s.write(ctx, func(q *queries) error {
		var err error
		if u, err = q.staffMember(ctx, tenantID, userID); err != nil {
			return err
		}
		if !u.Active {
			return customer.Errorf(customer.EConflict, "%s is deactivated: activate them first.", u.Email)
		}
		if _, err := q.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = TRUE WHERE id = ?`, hash, userID); err != nil {
			return fmt.Errorf("sqlstore: reset password: %w", err)
		}
		if err := q.endSessions(ctx, userID, ""); err != nil {
			return err
		}
		u.PasswordHash, u.MustChangePassword = hash, true
		return q.AddAudit(ctx, &customer.AuditEntry{TenantID: tenantID, Actor: actor, Action: "staff.password_reset", Detail: u.Email})
	})
	return u, err
}

// ChangePassword sets a user's own new password (its hash), ends every session of theirs but
// the one whose token hash is keep ("" ends all), and records it in the audit log (action
// "password.change", by the user). It fails with ENotFound when the user does not exist.
func (s *Store) ChangePassword(ctx context.Context, userID int64, hash, keep string) error {
	return s.write(ctx, func(q *queries) error {
		u, err := scanUser(q.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, userID))
		if errors.Is(err, sql.ErrNoRows) {
			return userNotFound(userID)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: user: %w", err)
		}
		if _, err := q.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = FALSE WHERE id = ?`, hash, userID); err != nil {
			return fmt.Errorf("sqlstore: change password: %w", err)
		}
		if err := q.endSessions(ctx, userID, keep); err != nil {
			return err
		}
		return q.AddAudit(ctx, &customer.AuditEntry{TenantID: u.TenantID, Actor: u.Email, Action: "password.change", Detail: u.Email})
	})
}

// endSessions deletes the user's sessions but the one whose token hash is keep.
func (q *queries) endSessions(ctx context.Context, userID int64, keep string) error {
	if _, err := q.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keep); err != nil {
		return fmt.Errorf("sqlstore: end sessions: %w", err)
	}
	return nil
}
