package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/clientele/clientele/customer"
)

func importNotFound(id int64) error {
	return customer.Errorf(customer.ENotFound, "Import %d not found.", id)
}

// CreateImport creates an import in state staged, setting its ID, State and CreatedAt (and Mode
// to create when empty). It fails with ENotFound when the tenant does not exist.
func (s *Store) CreateImport(ctx context.Context, imp *customer.Import) error {
	return s.write(ctx, func(q *queries) error {
		if err := q.requireTenant(ctx, imp.TenantID); err != nil {
			return err
		}
		warnings, err := encodeList(imp.Warnings)
		if err != nil {
			return err
		}
		mode := imp.Mode
		if mode == "" {
			mode = customer.ModeCreate
		}
		created := now()
		var id int64
		err = q.queryRow(ctx, `
			INSERT INTO imports (tenant_id, file_name, file_sha256, mode, state, created_by, created_at,
				count_rows, count_new, count_update, count_unchanged, count_error, warnings)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`,
			imp.TenantID, imp.FileName, imp.FileSHA256, string(mode), string(customer.StateStaged), imp.CreatedBy,
			q.d.timeArg(created), imp.Summary.Rows, imp.Summary.New, imp.Summary.Update,
			imp.Summary.Unchanged, imp.Summary.Error, warnings).Scan(&id)
		if err != nil {
			return fmt.Errorf("sqlstore: create import: %w", err)
		}
		imp.ID, imp.Mode, imp.State, imp.CreatedAt = id, mode, customer.StateStaged, created
		return nil
	})
}

// Import returns the import with the given id in the tenant; ENotFound when there is none, or
// when it belongs to another tenant.
func (s *Store) Import(ctx context.Context, tenantID, importID int64) (customer.Import, error) {
	var imp customer.Import
	err := s.read(ctx, func(q *queries) error {
		var err error
		imp, err = q.Import(ctx, tenantID, importID)
		return err
	})
	return imp, err
}

func (q *queries) Import(ctx context.Context, tenantID, importID int64) (customer.Import, error) {
	var imp customer.Import
	var mode, state, warnings string
	err := q.queryRow(ctx, `
		SELECT id, tenant_id, file_name, file_sha256, mode, state, created_by, created_at,
			confirmed_by, confirmed_at, count_rows, count_new, count_update, count_unchanged,
			count_error, warnings
		FROM imports
		WHERE id = ? AND tenant_id = ?`, importID, tenantID).Scan(
		&imp.ID, &imp.TenantID, &imp.FileName, &imp.FileSHA256, &mode, &state, &imp.CreatedBy,
		timeDest{&imp.CreatedAt}, &imp.ConfirmedBy, timeDest{&imp.ConfirmedAt},
		&imp.Summary.Rows, &imp.Summary.New, &imp.Summary.Update, &imp.Summary.Unchanged,
		&imp.Summary.Error, &warnings)
	if errors.Is(err, sql.ErrNoRows) {
		return imp, importNotFound(importID)
	}
	if err != nil {
		return imp, fmt.Errorf("sqlstore: import: %w", err)
	}
	imp.Mode, imp.State = customer.Mode(mode), customer.State(state)
	if imp.Warnings, err = decodeList[string](warnings); err != nil {
		return imp, err
	}
	return imp, nil
}

// SaveImport updates an import's state, confirmation, summary and warnings. The import is found
// by ID and TenantID; ENotFound when it is not in that tenant.
func (s *Store) SaveImport(ctx context.Context, imp customer.Import) error {
	return s.write(ctx, func(q *queries) error { return q.SaveImport(ctx, imp) })
}

func (q *queries) SaveImport(ctx context.Context, imp customer.Import) error {
	warnings, err := encodeList(imp.Warnings)
	if err != nil {
		return err
	}
	res, err := q.exec(ctx, `
		UPDATE imports SET state = ?, confirmed_by = ?, confirmed_at = ?,
			count_rows = ?, count_new = ?, count_update = ?, count_unchanged = ?, count_error = ?,
			warnings = ?
		WHERE id = ? AND tenant_id = ?`,
		string(imp.State), imp.ConfirmedBy, q.d.timeArg(imp.ConfirmedAt),
		imp.Summary.Rows, imp.Summary.New, imp.Summary.Update, imp.Summary.Unchanged, imp.Summary.Error,
		warnings, imp.ID, imp.TenantID)
	if err != nil {
		return fmt.Errorf("sqlstore: save import: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("sqlstore: save import: %w", err)
	} else if n == 0 {
		return importNotFound(imp.ID)
	}
	return nil
}

// requireImport returns ENotFound unless the import exists.
func (q *queries) requireImport(ctx context.Context, importID int64) error {
	var one int
	err := q.queryRow(ctx, `SELECT 1 FROM imports WHERE id = ?`, importID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return importNotFound(importID)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: find import: %w", err)
	}
	return nil
}
