package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/clientele/clientele/customer"
)

// AddAudit appends an entry to the tenant's audit log, setting its ID, and At to now when it is
// zero (else to the time as stored: UTC, to the microsecond, so that the entry equals what Audit
// reads back). An ImportID of 0 is stored as NULL: the entry concerns no import. It fails with
// ENotFound when the tenant does not exist.
func (s *Store) AddAudit(ctx context.Context, e *customer.AuditEntry) error {
	return s.write(ctx, func(q *queries) error { return q.AddAudit(ctx, e) })
}

// AddAudit is Store.AddAudit inside a transaction: the commit writes its entry with its customers.
func (q *queries) AddAudit(ctx context.Context, e *customer.AuditEntry) error {
	if err := q.requireTenant(ctx, e.TenantID); err != nil {
		return err
	}
	at := e.At.UTC().Truncate(time.Microsecond)
	if e.At.IsZero() {
		at = now()
	}
	var importID any
	if e.ImportID != 0 {
		importID = e.ImportID
	}
	var id int64
	err := q.queryRow(ctx, `
		INSERT INTO audit_log (tenant_id, at, actor, action, import_id, file_name, file_sha256,
			count_rows, count_new, count_update, count_unchanged, count_error, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		e.TenantID, q.d.timeArg(at), e.Actor, e.Action, importID, e.FileName, e.FileSHA256,
		e.Summary.Rows, e.Summary.New, e.Summary.Update, e.Summary.Unchanged, e.Summary.Error,
		e.Detail).Scan(&id)
	if err != nil {
		return fmt.Errorf("sqlstore: add audit: %w", err)
	}
	e.ID, e.At = id, at
	return nil
}

// Audit returns a page of the tenant's audit log, newest first (entries of the same instant in
// the reverse order they were added), skipping offset and returning at most limit (all when
// limit <= 0), with the total count. It fails with ENotFound when the tenant does not exist.
func (s *Store) Audit(ctx context.Context, tenantID int64, offset, limit int) ([]customer.AuditEntry, int, error) {
	var out []customer.AuditEntry
	var total int
	err := s.read(ctx, func(q *queries) error {
		if err := q.queryRow(ctx, `SELECT count(*) FROM audit_log WHERE tenant_id = ?`, tenantID).Scan(&total); err != nil {
			return fmt.Errorf("sqlstore: count audit: %w", err)
		}
		if total == 0 {
			return q.requireTenant(ctx, tenantID)
		}
		if max(offset, 0) >= total {
			return nil
		}
		page, args := q.page(`
			SELECT id, tenant_id, at, actor, action, import_id, file_name, file_sha256,
				count_rows, count_new, count_update, count_unchanged, count_error, detail
			FROM audit_log
			WHERE tenant_id = ?
			ORDER BY at DESC, id DESC`, []any{tenantID}, offset, limit)
		rows, err := q.query(ctx, page, args...)
		if err != nil {
			return fmt.Errorf("sqlstore: audit: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e customer.AuditEntry
			var importID sql.NullInt64
			err := rows.Scan(&e.ID, &e.TenantID, timeDest{&e.At}, &e.Actor, &e.Action, &importID,
				&e.FileName, &e.FileSHA256, &e.Summary.Rows, &e.Summary.New, &e.Summary.Update,
				&e.Summary.Unchanged, &e.Summary.Error, &e.Detail)
			if err != nil {
				return fmt.Errorf("sqlstore: audit: %w", err)
			}
			e.ImportID = importID.Int64
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: audit: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}
