package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/clientele/clientele/customer"
)

func importNotFound(id int64) error {
	return customer.Errorf(customer.ENotFound, "Import %d not found.", id)
}

// CreateImport creates an import in imp.State — staged when empty; checking when the web reads
// the file in the background — setting its ID, State and CreatedAt (and Mode to create when
// empty). It fails with ENotFound when the tenant does not exist, and with EConflict when
// imp.ConfirmKey is already bound to another import of the tenant.
func (s *Store) CreateImport(ctx context.Context, imp *customer.Import) error {
	return s.write(ctx, func(q *queries) error { return q.CreateImport(ctx, imp) })
}

// CreateImport is atomic inside Commit.
func (q *queries) CreateImport(ctx context.Context, imp *customer.Import) error {
	return q.atomic(ctx, func() error {
		if err := q.requireTenant(ctx, imp.TenantID); err != nil {
			return err
		}
		warnings, failureMsg, err := encodeNotices(*imp)
		if err != nil {
			return err
		}
		defaults, err := encodeDefaults(imp.Defaults)
		if err != nil {
			return err
		}
		columns, err := encodeList(imp.Columns)
		if err != nil {
			return err
		}
		mode := imp.Mode
		if mode == "" {
			mode = customer.ModeCreate
		}
		state := imp.State
		if state == "" {
			state = customer.StateStaged
		}
		created := now()
		var id int64
		err = q.queryRow(ctx, `
			INSERT INTO imports (tenant_id, file_name, file_sha256, mode, state, created_by, created_at,
				count_rows, count_new, count_update, count_unchanged, count_error, count_skipped, count_possible_duplicates, warnings,
				progress_phase, progress_done, progress_total, failure, failure_msg, confirm_key, updated_at, checked_version,
				date_order, dry_run,
				defaults, columns)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`,
			imp.TenantID, imp.FileName, imp.FileSHA256, string(mode), string(state), imp.CreatedBy,
			q.d.timeArg(created), imp.Summary.Rows, imp.Summary.New, imp.Summary.Update,
			imp.Summary.Unchanged, imp.Summary.Error, imp.Summary.Skipped, imp.Summary.PossibleDuplicates, warnings,
			imp.Progress.Phase, imp.Progress.Done, imp.Progress.Total, imp.Failure, failureMsg, imp.ConfirmKey,
			q.d.timeArg(created), imp.CheckedVersion, string(imp.DateOrder), imp.DryRun,
			defaults, columns).Scan(&id)
		if e := conflict(err); e != nil {
			return e
		}
		if err != nil {
			return fmt.Errorf("sqlstore: create import: %w", err)
		}
		imp.ID, imp.Mode, imp.State, imp.CreatedAt, imp.UpdatedAt = id, mode, state, created, created
		return nil
	})
}

// importColumns is what scanImport reads.
const importColumns = `id, tenant_id, file_name, file_sha256, mode, state, created_by, created_at,
	confirmed_by, confirmed_at, count_rows, count_new, count_update, count_unchanged, count_error, count_skipped,
	count_possible_duplicates, warnings, progress_phase, progress_done, progress_total, failure, failure_msg, confirm_key, updated_at, checked_version,
	date_order, dry_run,
	defaults, columns`

func scanImport(sc scanner) (customer.Import, error) {
	var imp customer.Import
	var mode, state, warnings, failureMsg, dateOrder string
	var defaults, columns string
	err := sc.Scan(
		&imp.ID, &imp.TenantID, &imp.FileName, &imp.FileSHA256, &mode, &state, &imp.CreatedBy,
		timeDest{&imp.CreatedAt}, &imp.ConfirmedBy, timeDest{&imp.ConfirmedAt},
		&imp.Summary.Rows, &imp.Summary.New, &imp.Summary.Update, &imp.Summary.Unchanged,
		&imp.Summary.Error, &imp.Summary.Skipped, &imp.Summary.PossibleDuplicates, &warnings, &imp.Progress.Phase, &imp.Progress.Done, &imp.Progress.Total,
		&imp.Failure, &failureMsg, &imp.ConfirmKey, timeDest{&imp.UpdatedAt}, &imp.CheckedVersion, &dateOrder, &imp.DryRun,
		&defaults, &columns)
	if err != nil {
		return imp, err
	}
	if imp.Columns, err = decodeList[customer.ColumnUse](columns); err != nil {
		return imp, err
	}
	if imp.Defaults, err = decodeDefaults(defaults); err != nil {
		return imp, err
	}
	imp.Mode, imp.State, imp.DateOrder = customer.Mode(mode), customer.State(state), customer.DateOrder(dateOrder)
	if err := decodeNotices(&imp, warnings, failureMsg); err != nil {
		return imp, err
	}
	return imp, nil
}

// encodeDefaults writes an import's defaults for the defaults column: a JSON object by field key.
func encodeDefaults(d customer.Defaults) (string, error) {
	if len(d) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("sqlstore: encode defaults: %w", err)
	}
	return string(b), nil
}

// decodeDefaults reads what encodeDefaults wrote; none reads as nil.
func decodeDefaults(s string) (customer.Defaults, error) {
	if s == "" || s == "{}" {
		return nil, nil
	}
	var d customer.Defaults
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return nil, fmt.Errorf("sqlstore: read defaults: %w", err)
	}
	return d, nil
}

// encodeNotices writes an import's warnings and failure for the warnings and failure_msg columns.
// The warnings column is a JSON list of customer.Notice objects: the one of imp.Notices that a
// warning is the English rendering of, or a Notice with only Message for any other warning.
// failure_msg is imp.FailureMsg as JSON, or an empty string when there is none.
func encodeNotices(imp customer.Import) (warnings, failureMsg string, err error) {
	items := make([]customer.Notice, len(imp.Warnings))
	for i, w := range imp.Warnings {
		items[i] = customer.Notice{Message: w}
		for _, n := range imp.Notices {
			if n.Msg != "" && n.Message == w {
				items[i] = n
				break
			}
		}
	}
	if warnings, err = encodeList(items); err != nil {
		return "", "", err
	}
	if imp.FailureMsg != nil && imp.FailureMsg.Msg != "" {
		b, err := json.Marshal(imp.FailureMsg)
		if err != nil {
			return "", "", fmt.Errorf("sqlstore: encode failure: %w", err)
		}
		failureMsg = string(b)
	}
	return warnings, failureMsg, nil
}

// decodeNotices reads what encodeNotices wrote into imp's Warnings, Notices and FailureMsg.
func decodeNotices(imp *customer.Import, warnings, failureMsg string) error {
	ns, err := decodeList[customer.Notice](warnings)
	if err != nil {
		return err
	}
	imp.Warnings, imp.Notices = nil, nil
	for _, n := range ns {
		imp.Warnings = append(imp.Warnings, n.Message)
		if n.Msg != "" {
			imp.Notices = append(imp.Notices, n)
		}
	}
	if failureMsg != "" {
		var n customer.Notice
		if err := json.Unmarshal([]byte(failureMsg), &n); err != nil {
			return fmt.Errorf("sqlstore: read failure: %w", err)
		}
		imp.FailureMsg = &n
	}
	return nil
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
	imp, err := scanImport(q.queryRow(ctx, `SELECT `+importColumns+` FROM imports
		WHERE id = ? AND tenant_id = ?`, importID, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return customer.Import{}, importNotFound(importID)
	}
	if err != nil {
		return customer.Import{}, fmt.Errorf("sqlstore: import: %w", err)
	}
	return imp, nil
}

// Imports returns a page of the tenant's import history, newest first, skipping offset and
// returning at most limit (all when limit <= 0), with the total count. Dry runs are not in it
// (AllImports). It fails with ENotFound when the tenant does not exist.
func (s *Store) Imports(ctx context.Context, tenantID int64, offset, limit int) ([]customer.Import, int, error) {
	return s.imports(ctx, tenantID, offset, limit, `AND NOT dry_run`)
}

// AllImports is Imports with the dry runs among the imports.
func (s *Store) AllImports(ctx context.Context, tenantID int64, offset, limit int) ([]customer.Import, int, error) {
	return s.imports(ctx, tenantID, offset, limit, ``)
}

// imports is Imports of the imports that also meet and, SQL for a WHERE clause.
func (s *Store) imports(ctx context.Context, tenantID int64, offset, limit int, and string) ([]customer.Import, int, error) {
	var out []customer.Import
	var total int
	err := s.read(ctx, func(q *queries) error {
		if err := q.queryRow(ctx, `SELECT count(*) FROM imports WHERE tenant_id = ? `+and, tenantID).Scan(&total); err != nil {
			return fmt.Errorf("sqlstore: count imports: %w", err)
		}
		if total == 0 {
			return q.requireTenant(ctx, tenantID)
		}
		if max(offset, 0) >= total {
			return nil
		}
		query, args := q.page(`SELECT `+importColumns+` FROM imports
			WHERE tenant_id = ? `+and+`
			ORDER BY created_at DESC, id DESC`, []any{tenantID}, offset, limit)
		rows, err := q.query(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("sqlstore: imports: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			imp, err := scanImport(rows)
			if err != nil {
				return fmt.Errorf("sqlstore: imports: %w", err)
			}
			out = append(out, imp)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: imports: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// SaveImport updates what may change of an import: its file (name, SHA-256 and columns) and
// mode, which a new upload into the import replaces, its state, confirmation, summary, warnings, progress,
// failure and confirm key. Tenant, creator and creation time stay. The import is found by ID and
// TenantID, and is saved only while its stored state is from: a compare-and-set, so that a save
// based on a reading the import has since moved on from changes nothing. It fails with ENotFound
// when the import is not in that tenant, and with EConflict when its state is no longer from or
// its ConfirmKey is already bound to another import of the tenant.
func (s *Store) SaveImport(ctx context.Context, imp customer.Import, from customer.State) error {
	return s.write(ctx, func(q *queries) error { return q.SaveImport(ctx, imp, from) })
}

// SaveImport is atomic inside Commit, so that a confirm key taken by another import (EConflict)
// leaves the commit's transaction usable on PostgreSQL.
func (q *queries) SaveImport(ctx context.Context, imp customer.Import, from customer.State) error {
	warnings, failureMsg, err := encodeNotices(imp)
	if err != nil {
		return err
	}
	defaults, err := encodeDefaults(imp.Defaults)
	if err != nil {
		return err
	}
	columns, err := encodeList(imp.Columns)
	if err != nil {
		return err
	}
	return q.atomic(ctx, func() error {
		res, err := q.exec(ctx, `
			UPDATE imports SET file_name = ?, file_sha256 = ?, mode = ?, state = ?, confirmed_by = ?, confirmed_at = ?,
				count_rows = ?, count_new = ?, count_update = ?, count_unchanged = ?, count_error = ?, count_skipped = ?,
				count_possible_duplicates = ?, warnings = ?, progress_phase = ?, progress_done = ?, progress_total = ?,
				failure = ?, failure_msg = ?, confirm_key = ?, updated_at = ?, checked_version = ?, date_order = ?,
				defaults = ?, columns = ?
			WHERE id = ? AND tenant_id = ? AND state = ?`,
			imp.FileName, imp.FileSHA256, string(imp.Mode), string(imp.State), imp.ConfirmedBy, q.d.timeArg(imp.ConfirmedAt),
			imp.Summary.Rows, imp.Summary.New, imp.Summary.Update, imp.Summary.Unchanged, imp.Summary.Error, imp.Summary.Skipped,
			imp.Summary.PossibleDuplicates, warnings, imp.Progress.Phase, imp.Progress.Done, imp.Progress.Total,
			imp.Failure, failureMsg, imp.ConfirmKey, q.d.timeArg(now()), imp.CheckedVersion, string(imp.DateOrder),
			defaults, columns,
			imp.ID, imp.TenantID, string(from))
		if e := conflict(err); e != nil {
			return e
		}
		if err != nil {
			return fmt.Errorf("sqlstore: save import: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlstore: save import: %w", err)
		} else if n == 0 {
			return q.stateConflict(ctx, imp, from)
		}
		return nil
	})
}

// stateConflict explains why SaveImport changed nothing: the import is not in the tenant
// (ENotFound), or is no longer in state from (EConflict).
func (q *queries) stateConflict(ctx context.Context, imp customer.Import, from customer.State) error {
	var state string
	err := q.queryRow(ctx, `SELECT state FROM imports WHERE id = ? AND tenant_id = ?`, imp.ID, imp.TenantID).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return importNotFound(imp.ID)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: save import: %w", err)
	}
	return customer.Errorf(customer.EConflict, "Import %d is %s now, no longer %s.", imp.ID, state, from)
}

// SetProgress records how far background work on an import has come, while the import is in a
// state of background work (checking, committing, undoing). It writes the progress columns and
// updated_at only, so that a job reporting progress never overwrites a state or summary saved
// meanwhile, nor gives progress to an import that has moved on. It fails with ENotFound when the
// import is not in the tenant.
func (s *Store) SetProgress(ctx context.Context, tenantID, importID int64, p customer.Progress) error {
	return s.write(ctx, func(q *queries) error {
		res, err := q.exec(ctx, `
			UPDATE imports SET progress_phase = ?, progress_done = ?, progress_total = ?, updated_at = ?
			WHERE id = ? AND tenant_id = ? AND state IN ('checking', 'committing', 'undoing')`,
			p.Phase, p.Done, p.Total, q.d.timeArg(now()), importID, tenantID)
		if err != nil {
			return fmt.Errorf("sqlstore: set progress: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlstore: set progress: %w", err)
		} else if n == 0 {
			var one int
			err := q.queryRow(ctx, `SELECT 1 FROM imports WHERE id = ? AND tenant_id = ?`, importID, tenantID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return importNotFound(importID)
			}
			return err
		}
		return nil
	})
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

// ImportsWaiting returns the imports of every tenant in the given state whose last change is
// before the given time: what the clean-up looks for.
func (s *Store) ImportsWaiting(ctx context.Context, state customer.State, before time.Time) ([]customer.Import, error) {
	var out []customer.Import
	err := s.read(ctx, func(q *queries) error {
		rs, err := q.query(ctx, `SELECT `+importColumns+` FROM imports WHERE state = ? AND updated_at < ? ORDER BY id`,
			string(state), q.d.timeArg(before))
		if err != nil {
			return fmt.Errorf("sqlstore: imports waiting: %w", err)
		}
		defer rs.Close()
		for rs.Next() {
			imp, err := scanImport(rs)
			if err != nil {
				return err
			}
			out = append(out, imp)
		}
		return rs.Err()
	})
	return out, err
}
