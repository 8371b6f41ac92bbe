package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

var _ importer.Mappings = (*Store)(nil)

// SavedMapping returns the tenant's column mapping for a header signature; ENotFound when the
// tenant saved none for it.
func (s *Store) SavedMapping(ctx context.Context, tenantID int64, signature string) (importer.SavedMapping, error) {
	m := importer.SavedMapping{TenantID: tenantID, Signature: signature}
	err := s.read(ctx, func(q *queries) error {
		var text string
		err := q.queryRow(ctx, `
			SELECT mapping, created_by, updated_at
			FROM column_mappings
			WHERE tenant_id = ? AND signature = ?`, tenantID, signature).Scan(&text, &m.CreatedBy, timeDest{&m.UpdatedAt})
		if errors.Is(err, sql.ErrNoRows) {
			return customer.Errorf(customer.ENotFound, "No saved column mapping for these headers.")
		}
		if err != nil {
			return fmt.Errorf("sqlstore: saved mapping: %w", err)
		}
		if err := json.Unmarshal([]byte(text), &m.Map); err != nil {
			return fmt.Errorf("sqlstore: saved mapping of tenant %d: %w", tenantID, err)
		}
		return nil
	})
	return m, err
}

// SaveMapping stores m for its tenant and signature, replacing the mapping saved before for
// them, and sets m.UpdatedAt. It fails with EInvalid for an empty signature and ENotFound for a
// tenant that does not exist.
func (s *Store) SaveMapping(ctx context.Context, m *importer.SavedMapping) error {
	if strings.TrimSpace(m.Signature) == "" {
		return customer.Errorf(customer.EInvalid, "A saved mapping needs the signature of its headers.")
	}
	mapping := m.Map
	if mapping == nil {
		mapping = map[string]string{}
	}
	b, err := json.Marshal(mapping)
	if err != nil {
		return fmt.Errorf("sqlstore: save mapping: %w", err)
	}
	at := now()
	err = s.write(ctx, func(q *queries) error {
		var id int64
		err := q.queryRow(ctx, `SELECT id FROM tenants WHERE id = ?`, m.TenantID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return tenantNotFound(m.TenantID)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: save mapping: %w", err)
		}
		// Both databases take ON CONFLICT … DO UPDATE (SQLite since 3.24).
		_, err = q.exec(ctx, `
			INSERT INTO column_mappings (tenant_id, signature, mapping, created_by, updated_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (tenant_id, signature) DO UPDATE
			SET mapping = excluded.mapping, created_by = excluded.created_by, updated_at = excluded.updated_at`,
			m.TenantID, m.Signature, string(b), m.CreatedBy, q.d.timeArg(at))
		if err != nil {
			return fmt.Errorf("sqlstore: save mapping: %w", err)
		}
		return nil
	})
	if err == nil {
		m.UpdatedAt = at
	}
	return err
}
