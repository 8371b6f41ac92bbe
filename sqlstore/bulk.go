package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// EachFiltered is queries.EachFiltered in a read transaction of its own.
func (s *Store) EachFiltered(ctx context.Context, importID int64, f customer.RowFilter, fn func(*customer.StagedRow) error) error {
	return s.read(ctx, func(q *queries) error { return q.EachFiltered(ctx, importID, f, fn) })
}

// EachFiltered calls fn with each staged row of the import that f selects, in row order, read in
// one statement: the parts of f the database can test in SQL, the others in Go. The rows hold
// what a bulk edit reads and writes (their number, cells, skip and warnings) and nothing else:
// reading whole rows, their errors and customers too, was a third of a bulk edit of 30,000 rows.
func (q *queries) EachFiltered(ctx context.Context, importID int64, f customer.RowFilter, fn func(*customer.StagedRow) error) error {
	if err := q.requireImport(ctx, importID); err != nil {
		return err
	}
	where, args := rowWhere(importID, f)
	var only map[int]bool
	if len(f.Rows) > 0 {
		// The span of the rows asked for: a selection is usually a block of the grid.
		only = make(map[int]bool, len(f.Rows))
		lo, hi := f.Rows[0], f.Rows[0]
		for _, n := range f.Rows {
			only[n] = true
			lo, hi = min(lo, n), max(hi, n)
		}
		where += ` AND row_num BETWEEN ? AND ?`
		args = append(args, lo, hi)
	}
	rs, err := q.query(ctx, `SELECT row_num, raw, skipped, warnings FROM import_rows WHERE `+where+` ORDER BY row_num`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: filter rows: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var r customer.StagedRow
		var raw, warns string
		if err := rs.Scan(&r.Row, &raw, &r.Skipped, &warns); err != nil {
			return fmt.Errorf("sqlstore: filter rows: %w", err)
		}
		if only != nil && !only[r.Row] {
			continue
		}
		if err := decodeValues(raw, &r.Raw); err != nil {
			return fmt.Errorf("sqlstore: filter rows: %w", err)
		}
		if r.Warnings, err = decodeList[customer.Problem](warns); err != nil {
			return fmt.Errorf("sqlstore: filter rows: %w", err)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("sqlstore: filter rows: %w", err)
	}
	return nil
}

// SaveBulkEdit records the edit and what its rows were before, then writes the rows' new cells
// and skip, marked edited, in multi-row statements.
func (q *queries) SaveBulkEdit(ctx context.Context, importID int64, rec *importer.BulkRecord, rows []importer.BulkRow) error {
	return q.atomic(ctx, func() error {
		if err := q.requireImport(ctx, importID); err != nil {
			return err
		}
		op, err := json.Marshal(rec.Edit)
		if err != nil {
			return fmt.Errorf("sqlstore: save bulk edit: %w", err)
		}
		if err := q.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM import_edits WHERE import_id = ?`, importID).Scan(&rec.Seq); err != nil {
			return fmt.Errorf("sqlstore: save bulk edit: %w", err)
		}
		rec.At = rec.At.UTC().Truncate(time.Microsecond)
		if rec.At.IsZero() {
			rec.At = now()
		}
		if _, err := q.exec(ctx, `INSERT INTO import_edits (import_id, seq, at, actor, operation, changed)
			VALUES (?, ?, ?, ?, ?, ?)`, importID, rec.Seq, q.d.timeArg(rec.At), rec.Actor, string(op), rec.Changed); err != nil {
			return fmt.Errorf("sqlstore: save bulk edit: %w", err)
		}
		// What the rows were before is copied from them in the database, which holds them as
		// the edit read them (in this transaction): sending each row's old cells again doubled
		// what a bulk edit of 30,000 rows sent.
		byRow := func(r *importer.BulkRow) int { return r.Row }
		rows = inRowOrder(rows, byRow)
		// The rows' new cells are encoded while the database copies what they were (the channel
		// holds them, so that the goroutine ends when a copy fails too).
		cells := make(chan []rowCells, 1)
		go func() { cells <- encodeCells(rows) }()
		// The range of row numbers, as for updates (rowsInRange), keeps PostgreSQL from joining
		// the rows with every row of the import (0.5 s a statement).
		before := newRowsBatch(q, []rowType{rowInteger, rowBigint}, 4, func(rows string) string {
			return `WITH v (row_num, fields) AS (` + rows + `)
				INSERT INTO import_edit_rows (import_id, seq, row_num, raw, skipped, cells_text, fields)
				SELECT import_rows.import_id, CAST(? AS INTEGER), import_rows.row_num, import_rows.raw, import_rows.skipped,
					import_rows.cells_text, v.fields
				FROM import_rows, v
				WHERE ` + q.d.rowsInRange()
		})
		defer before.close()
		err = execRuns(ctx, before, "save bulk edit", importID, rows, byRow, func(args []any, lo, hi int) ([]any, error) {
			for i := lo; i < hi; i++ {
				args = append(args, rows[i].Row, int64(rows[i].Touched))
			}
			return append(args, rec.Seq), nil
		})
		if err != nil {
			return err
		}
		return q.setRowCells(ctx, importID, rows, <-cells)
	})
}

// rowCells is a row's cells as stored: encoded, and lower-cased for the text search.
type rowCells struct{ raw, text string }

func encodeCells(rows []importer.BulkRow) []rowCells {
	out := make([]rowCells, len(rows))
	for i := range rows {
		out[i] = rowCells{encodeValues(&rows[i].Raw), customer.RowText(&rows[i].Raw)}
	}
	return out
}

// setRowCells writes rows' cells and skip, matched by row number, and marks them edited: rows in
// row order, with their cells encoded (encodeCells).
func (q *queries) setRowCells(ctx context.Context, importID int64, rows []importer.BulkRow, cells []rowCells) error {
	b := newRowsBatch(q, []rowType{rowInteger, rowText, rowBoolean, rowText}, 3, func(rows string) string {
		return `WITH v (row_num, raw, skipped, cells_text) AS (` + rows + `)
			UPDATE import_rows SET raw = v.raw, skipped = v.skipped, cells_text = v.cells_text
			FROM v
			WHERE ` + q.d.rowsInRange()
	})
	defer b.close()
	byRow := func(r *importer.BulkRow) int { return r.Row }
	err := execRuns(ctx, b, "save bulk edit", importID, rows, byRow, func(args []any, lo, hi int) ([]any, error) {
		for i := lo; i < hi; i++ {
			args = append(args, rows[i].Row, cells[i].raw, rows[i].Skipped, cells[i].text)
		}
		return args, nil
	})
	if err != nil {
		return err
	}
	marks := make([]editMark, len(rows))
	for i := range rows {
		marks[i] = editMark{rows[i].Row, rows[i].Touched}
	}
	return q.markEdited(ctx, importID, marks)
}

// UndoBulkEdit puts back, set-based, the rows of the import's last bulk edit not undone.
func (q *queries) UndoBulkEdit(ctx context.Context, importID int64) (importer.BulkRecord, error) {
	var rec importer.BulkRecord
	err := q.atomic(ctx, func() error {
		if err := q.requireImport(ctx, importID); err != nil {
			return err
		}
		var op string
		err := q.queryRow(ctx, `SELECT seq, at, actor, operation, changed FROM import_edits
			WHERE import_id = ? AND NOT undone
			ORDER BY seq DESC LIMIT 1`, importID).Scan(&rec.Seq, timeDest{&rec.At}, &rec.Actor, &op, &rec.Changed)
		if errors.Is(err, sql.ErrNoRows) {
			return customer.Errorf(customer.ENotFound, "Import %d has no bulk edit to take back.", importID)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: undo bulk edit: %w", err)
		}
		if err := json.Unmarshal([]byte(op), &rec.Edit); err != nil {
			return fmt.Errorf("sqlstore: undo bulk edit %d: %w", rec.Seq, err)
		}
		if _, err := q.exec(ctx, `UPDATE import_rows SET raw = b.raw, skipped = b.skipped, cells_text = b.cells_text
			FROM import_edit_rows b
			WHERE b.import_id = ? AND b.seq = ? AND import_rows.import_id = b.import_id AND import_rows.row_num = b.row_num`,
			importID, rec.Seq); err != nil {
			return fmt.Errorf("sqlstore: undo bulk edit: %w", err)
		}
		if _, err := q.exec(ctx, `INSERT INTO import_edited (import_id, row_num, fields)
			SELECT import_id, row_num, fields FROM import_edit_rows WHERE import_id = ? AND seq = ?
			ON CONFLICT (import_id, row_num) DO UPDATE SET fields = import_edited.fields | excluded.fields`, importID, rec.Seq); err != nil {
			return fmt.Errorf("sqlstore: undo bulk edit: %w", err)
		}
		if _, err := q.exec(ctx, `DELETE FROM import_edit_rows WHERE import_id = ? AND seq = ?`, importID, rec.Seq); err != nil {
			return fmt.Errorf("sqlstore: undo bulk edit: %w", err)
		}
		if _, err := q.exec(ctx, `UPDATE import_edits SET undone = TRUE WHERE import_id = ? AND seq = ?`, importID, rec.Seq); err != nil {
			return fmt.Errorf("sqlstore: undo bulk edit: %w", err)
		}
		rec.Undone = true
		return nil
	})
	return rec, err
}

// BulkEdits returns the import's record of its bulk edits, in the order made.
func (s *Store) BulkEdits(ctx context.Context, importID int64) ([]importer.BulkRecord, error) {
	var out []importer.BulkRecord
	err := s.read(ctx, func(q *queries) error {
		rs, err := q.query(ctx, `SELECT seq, at, actor, operation, changed, undone FROM import_edits
			WHERE import_id = ? ORDER BY seq`, importID)
		if err != nil {
			return fmt.Errorf("sqlstore: bulk edits: %w", err)
		}
		defer rs.Close()
		for rs.Next() {
			var rec importer.BulkRecord
			var op string
			if err := rs.Scan(&rec.Seq, timeDest{&rec.At}, &rec.Actor, &op, &rec.Changed, &rec.Undone); err != nil {
				return fmt.Errorf("sqlstore: bulk edits: %w", err)
			}
			if err := json.Unmarshal([]byte(op), &rec.Edit); err != nil {
				return fmt.Errorf("sqlstore: bulk edit %d: %w", rec.Seq, err)
			}
			out = append(out, rec)
		}
		return rs.Err()
	})
	return out, err
}
