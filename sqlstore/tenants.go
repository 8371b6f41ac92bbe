package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/clientele/clientele/customer"
)

func tenantNotFound(id int64) error {
	return customer.Errorf(customer.ENotFound, "Tenant %d not found.", id)
}

// Tenant returns the tenant with the given slug, or an ENotFound error.
func (s *Store) Tenant(ctx context.Context, slug string) (customer.Tenant, error) {
	var t customer.Tenant
	err := s.read(ctx, func(q *queries) error {
		var err error
		t, err = q.tenant(ctx, slug)
		return err
	})
	return t, err
}

func (q *queries) tenant(ctx context.Context, slug string) (customer.Tenant, error) {
	return q.tenantWhere(ctx, `slug = ?`, slug, customer.Errorf(customer.ENotFound, "Tenant %q not found.", slug))
}

// tenantWhere reads the tenant the condition where (with its one argument) finds, or notFound.
func (q *queries) tenantWhere(ctx context.Context, where string, arg any, notFound error) (customer.Tenant, error) {
	var t customer.Tenant
	err := q.queryRow(ctx, `
		SELECT id, slug, name, country, language
		FROM tenants
		WHERE `+where, arg).Scan(&t.ID, &t.Slug, &t.Name, &t.Country, &t.Language)
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound
	}
	if err != nil {
		return t, fmt.Errorf("sqlstore: tenant: %w", err)
	}
	return t, nil
}

// TenantByID returns the tenant with the given id, or an ENotFound error.
func (s *Store) TenantByID(ctx context.Context, id int64) (customer.Tenant, error) {
	var t customer.Tenant
	err := s.read(ctx, func(q *queries) error {
		var err error
		t, err = q.tenantByID(ctx, id)
		return err
	})
	return t, err
}

func (q *queries) tenantByID(ctx context.Context, id int64) (customer.Tenant, error) {
	return q.tenantWhere(ctx, `id = ?`, id, tenantNotFound(id))
}

// CreateTenant creates a tenant, setting its ID. It fails with EInvalid for an empty slug and
// with EConflict when the slug is taken.
func (s *Store) CreateTenant(ctx context.Context, t *customer.Tenant) error {
	if strings.TrimSpace(t.Slug) == "" {
		return customer.Errorf(customer.EInvalid, "A tenant needs a slug.")
	}
	return s.write(ctx, func(q *queries) error {
		err := q.queryRow(ctx, `
			INSERT INTO tenants (slug, name, country, language, created_at)
			VALUES (?, ?, ?, ?, ?)
			RETURNING id`,
			t.Slug, t.Name, t.Country, t.Language, q.d.timeArg(now())).Scan(&t.ID)
		if e := conflict(err); e != nil {
			return e
		}
		if err != nil {
			return fmt.Errorf("sqlstore: create tenant: %w", err)
		}
		return nil
	})
}

// EnsureTenant returns the tenant with the given slug, creating it (named after its slug, with
// the given default country and language) when it does not exist. The CLI uses it for its
// default tenant, so that a fresh database works without a setup step; two processes ensuring
// the same tenant at once get the same one.
func (s *Store) EnsureTenant(ctx context.Context, slug, country, language string) (customer.Tenant, error) {
	if strings.TrimSpace(slug) == "" {
		return customer.Tenant{}, customer.Errorf(customer.EInvalid, "A tenant needs a slug.")
	}
	if t, err := s.Tenant(ctx, slug); err == nil || customer.ErrorCodeOf(err) != customer.ENotFound {
		return t, err
	}
	var t customer.Tenant
	err := s.write(ctx, func(q *queries) error {
		_, err := q.exec(ctx, `
			INSERT INTO tenants (slug, name, country, language, created_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (slug) DO NOTHING`,
			slug, slug, country, language, q.d.timeArg(now()))
		if err != nil {
			return fmt.Errorf("sqlstore: ensure tenant: %w", err)
		}
		t, err = q.tenant(ctx, slug)
		return err
	})
	return t, err
}

// requireTenant returns ENotFound unless the tenant exists.
func (q *queries) requireTenant(ctx context.Context, tenantID int64) error {
	var one int
	err := q.queryRow(ctx, `SELECT 1 FROM tenants WHERE id = ?`, tenantID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return tenantNotFound(tenantID)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: find tenant: %w", err)
	}
	return nil
}

// UpdateTenant makes change to the tenant's settings and records what changed in its audit log
// as done by actor (action "settings"), in one transaction, and returns the tenant as it now is.
// A change of country or language counts as a write of the tenant's customers (their customers
// version goes up), so that a staged import confirmed later is checked again in full with the
// new rules; a change of language also re-sorts the customers (sortkey.go). Nothing is written
// when nothing changes. It fails with EInvalid for a change customer.TenantChange.Apply refuses
// and ENotFound when the tenant does not exist.
func (s *Store) UpdateTenant(ctx context.Context, id int64, change customer.TenantChange, actor string) (customer.Tenant, error) {
	var t customer.Tenant
	err := s.write(ctx, func(q *queries) error {
		// Under the tenant's commit lock, so that no commit writes customers with the rules (the
		// sort language) of before while their keys are recomputed, and two changes audit in turn.
		var locked int64
		err := q.queryRow(ctx, q.d.commitLock(), id).Scan(&locked)
		if errors.Is(err, sql.ErrNoRows) {
			return tenantNotFound(id)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: lock tenant: %w", err)
		}
		old, err := q.tenantByID(ctx, id)
		if err != nil {
			return err
		}
		if t, err = change.Apply(old); err != nil {
			return err
		}
		detail := customer.TenantChanges(old, t)
		if detail == "" {
			return nil
		}
		_, err = q.exec(ctx, `UPDATE tenants SET name = ?, country = ?, language = ? WHERE id = ?`,
			t.Name, t.Country, t.Language, id)
		if err != nil {
			return fmt.Errorf("sqlstore: update tenant: %w", err)
		}
		if t.Language != old.Language {
			if err := q.resortCustomers(ctx, id, t.Language); err != nil {
				return err
			}
		}
		if t.Country != old.Country || t.Language != old.Language {
			if err := q.bumpCustomersVersion(ctx, id); err != nil {
				return err
			}
		}
		return q.AddAudit(ctx, &customer.AuditEntry{TenantID: id, Actor: actor, Action: "settings", Detail: detail})
	})
	if err != nil {
		return customer.Tenant{}, err
	}
	return t, nil
}
