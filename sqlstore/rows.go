package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// rowArgs appends a staged row's columns from row_num on: row_num, raw, status, errors, warnings,
// customer_id, changes, account_key, email_key, mobile_key, name_key, skipped, problems, cells_text.
// The cells are a JSON object by field key; errors, warnings and changes JSON arrays; no
// customer is NULL; problems the filters' words (problemWords).
func rowArgs(args []any, r *customer.StagedRow) ([]any, error) {
	args = append(args, r.Row, encodeValues(&r.Raw))
	args, err := checkArgs(args, r)
	if err != nil {
		return nil, err
	}
	return append(args, r.Skipped, problemWords(r), customer.RowText(&r.Raw)), nil
}

// checkArgs appends the columns of a row's check from status to name_key (rowArgs' order).
func checkArgs(args []any, r *customer.StagedRow) ([]any, error) {
	errs, err := encodeList(r.Errors)
	if err != nil {
		return nil, err
	}
	warns, err := encodeList(r.Warnings)
	if err != nil {
		return nil, err
	}
	changes, err := encodeList(r.Changes)
	if err != nil {
		return nil, err
	}
	var cid any
	if r.CustomerID != 0 {
		cid = r.CustomerID
	}
	return append(args, string(r.Status), errs, warns, cid, changes,
		r.Keys.Account, r.Keys.Email, r.Keys.Mobile, r.Keys.NamePostcode), nil
}

// deleteRows deletes the import's staged rows; ENotFound when the import does not exist.
func (q *queries) deleteRows(ctx context.Context, importID int64) error {
	if err := q.requireImport(ctx, importID); err != nil {
		return err
	}
	// The bulk edits of the rows, the edited marks and the choices made about their possible
	// duplicates go with them: they cannot be taken back from, or hold for, other rows.
	for _, table := range []string{"import_edit_rows", "import_edits", "import_edited", "import_duplicate_choices", "import_rows"} {
		if _, err := q.exec(ctx, `DELETE FROM `+table+` WHERE import_id = ?`, importID); err != nil {
			return fmt.Errorf("sqlstore: delete rows: %w", err)
		}
	}
	return nil
}

// addRows adds staged rows to the import in the dialect's way of bulk loading.
func (q *queries) addRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	if len(rows) == 0 {
		return nil
	}
	if err := q.d.addRows(ctx, q, importID, rows); err != nil {
		return err
	}
	return q.markEdited(ctx, importID, editMarks(rows))
}

// insertRows adds staged rows to the import in multi-row INSERTs.
func (q *queries) insertRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	const perRow = 15
	tuple := "(" + placeholders(perRow) + ")"
	b := newBatch(q, perRow, 0, func(n int) string {
		return `INSERT INTO import_rows (import_id, row_num, raw, status, errors, warnings, customer_id, changes,
				account_key, email_key, mobile_key, name_key, skipped, problems, cells_text)
			VALUES ` + tuples(n, tuple)
	})
	defer b.close()
	args := make([]any, 0, b.size*perRow)
	for lo := 0; lo < len(rows); lo += b.size {
		hi := min(lo+b.size, len(rows))
		args = args[:0]
		for i := lo; i < hi; i++ {
			var err error
			args = append(args, importID)
			if args, err = rowArgs(args, &rows[i]); err != nil {
				return err
			}
		}
		if _, err := b.exec(ctx, hi-lo, args); err != nil {
			return fmt.Errorf("sqlstore: add rows: %w", err)
		}
	}
	return nil
}

// RowPage returns the import's staged rows that f selects, in row order, skipping offset rows and
// returning at most limit (all when limit <= 0). It does not count: the grid takes the counts of
// a status from the import's summary (importer.Rows), where a count on PostgreSQL without a vacuum
// since staging reads every row. An import that does not exist has no rows.
func (s *Store) RowPage(ctx context.Context, importID int64, f customer.RowFilter, offset, limit int) ([]customer.StagedRow, error) {
	var rows []customer.StagedRow
	err := s.read(ctx, func(q *queries) error {
		var err error
		rows, err = q.RowPage(ctx, importID, f, offset, limit)
		return err
	})
	return rows, err
}

func (q *queries) RowPage(ctx context.Context, importID int64, f customer.RowFilter, offset, limit int) ([]customer.StagedRow, error) {
	if inGo(f) {
		nums, err := q.filtered(ctx, importID, f)
		if err != nil {
			return nil, err
		}
		nums = nums[min(max(offset, 0), len(nums)):]
		if limit > 0 && limit < len(nums) {
			nums = nums[:limit]
		}
		return q.rowsByNums(ctx, importID, nums)
	}
	where, args := rowWhere(importID, f)
	return q.rowPage(ctx, where, args, offset, limit)
}

// rowPage reads a page of the rows where says, in row order.
func (q *queries) rowPage(ctx context.Context, where string, args []any, offset, limit int) ([]customer.StagedRow, error) {
	page, args := q.rowPageQuery(where, args, offset, limit)
	rs, err := q.query(ctx, page, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: rows: %w", err)
	}
	defer rs.Close()
	var out []customer.StagedRow
	for rs.Next() {
		r, err := scanRow(rs)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: rows: %w", err)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: rows: %w", err)
	}
	return out, nil
}

// rowPageQuery is rowPage's statement. The page is cut first and the rows' customers looked up
// after, for its rows alone: with rowColumns in the paged SELECT, PostgreSQL looked up the
// customer of every row the OFFSET skips too (a page deep in a million rows, as many probes).
func (q *queries) rowPageQuery(where string, args []any, offset, limit int) (string, []any) {
	page, args := q.page(`SELECT * FROM import_rows
		WHERE `+where+`
		ORDER BY row_num`, args, max(offset, 0), limit)
	return `SELECT ` + rowColumns + ` FROM (` + page + `) AS import_rows ORDER BY row_num`, args
}

// RowsAfter returns, in row order, at most limit of the import's staged rows whose row number is
// above after: a page that continues where the last one ended, so that walking a large import
// page by page reads each row once (an OFFSET would skip again every row before the page). It
// fails with ENotFound when the import does not exist.
func (s *Store) RowsAfter(ctx context.Context, importID int64, after, limit int) ([]customer.StagedRow, error) {
	var rows []customer.StagedRow
	err := s.read(ctx, func(q *queries) error {
		var err error
		rows, err = q.RowsAfter(ctx, importID, after, limit)
		return err
	})
	return rows, err
}

// RowsAfter asks for row-number ranges, never "the next limit rows": rows are numbered uniquely,
// so the range (after, after+limit] holds at most limit of them, and a range is read through the
// primary key whatever the planner believes. "row_num > ? ORDER BY row_num LIMIT ?" is planned,
// on PostgreSQL, from statistics that a freshly staged import does not have yet: it reads every
// row above after and sorts them to keep the first page, so that walking the import reads it
// many times over. A range whose rows have
// gaps (blank lines of the file, rows staged apart) is followed by the next, up to the import's
// last row.
func (q *queries) RowsAfter(ctx context.Context, importID int64, after, limit int) ([]customer.StagedRow, error) {
	limit = max(limit, 1)
	var last int
	if err := q.queryRow(ctx, `SELECT COALESCE(MAX(row_num), 0) FROM import_rows WHERE import_id = ?`, importID).Scan(&last); err != nil {
		return nil, fmt.Errorf("sqlstore: rows: %w", err)
	}
	var out []customer.StagedRow
	for lo := after; len(out) < limit && lo < last; {
		hi := lo + (limit - len(out))
		rs, err := q.query(ctx, `SELECT `+rowColumns+` FROM import_rows
			WHERE import_id = ? AND row_num > ? AND row_num <= ?
			ORDER BY row_num`, importID, lo, hi)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: rows: %w", err)
		}
		page, err := scanRows(rs)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: rows: %w", err)
		}
		out = append(out, page...)
		lo = hi
	}
	if len(out) == 0 {
		return nil, q.requireImport(ctx, importID)
	}
	return out, nil
}

// ReserveAccounts keeps the inserts of this transaction from assigning the account numbers that
// the import's staged rows give: a commit in chunks must not hand a number to a customer of an
// early chunk when a row of a later chunk brings that number itself. Only numbers of the form the
// sequence assigns (C000123) are read; no other can collide.
//
// A reservation lasts for its transaction: called on the Store, outside Commit, it reads the
// numbers and ends with its own transaction, changing nothing.
func (s *Store) ReserveAccounts(ctx context.Context, importID int64) error {
	return s.read(ctx, func(q *queries) error { return q.ReserveAccounts(ctx, importID) })
}

func (q *queries) ReserveAccounts(ctx context.Context, importID int64) error {
	rs, err := q.query(ctx, `SELECT account_key FROM import_rows
		WHERE import_id = ? AND account_key LIKE 'C%'`, importID)
	if err != nil {
		return fmt.Errorf("sqlstore: reserve account numbers: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var a string
		if err := rs.Scan(&a); err != nil {
			return fmt.Errorf("sqlstore: reserve account numbers: %w", err)
		}
		if len(a) > 1 && onlyDigits(a[1:]) {
			if q.reserved == nil {
				q.reserved = map[string]bool{}
			}
			q.reserved[a] = true
		}
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("sqlstore: reserve account numbers: %w", err)
	}
	return nil
}

func onlyDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// rowColumns is what scanRow reads, from import_rows unaliased. A row's customer is the one its
// import's revision of the row names, once the import has written it, else the stored
// customer_id (the customer a staged row matched): confirm records the created customer in the
// revision alone rather than rewrite every created row for it, an update as large as the import.
// The subquery is one probe of the
// (import_id, row_num) index per row read.
const rowColumns = `row_num, raw, status, errors, warnings,
	COALESCE((SELECT v.customer_id FROM revisions v WHERE v.import_id = import_rows.import_id AND v.row_num = import_rows.row_num), customer_id),
	changes, account_key, email_key, mobile_key, name_key,
	EXISTS (SELECT 1 FROM import_edited e WHERE e.import_id = import_rows.import_id AND e.row_num = import_rows.row_num),
	skipped`

// rowsWith is a scanner of rowColumns followed by more columns, read into extra.
type rowsWith struct {
	sc    scanner
	extra []any
}

func (e rowsWith) Scan(dest ...any) error { return e.sc.Scan(append(dest, e.extra...)...) }

func scanRow(sc scanner) (customer.StagedRow, error) {
	var r customer.StagedRow
	var raw, st, errs, warns, changes string
	var cid sql.NullInt64
	if err := sc.Scan(&r.Row, &raw, &st, &errs, &warns, &cid, &changes,
		&r.Keys.Account, &r.Keys.Email, &r.Keys.Mobile, &r.Keys.NamePostcode, &r.Edited, &r.Skipped); err != nil {
		return r, err
	}
	r.Status, r.CustomerID = customer.Status(st), cid.Int64
	var err error
	if err = decodeValues(raw, &r.Raw); err != nil {
		return r, err
	}
	if r.Errors, err = decodeList[customer.Problem](errs); err != nil {
		return r, err
	}
	if r.Warnings, err = decodeList[customer.Problem](warns); err != nil {
		return r, err
	}
	if r.Changes, err = decodeList[customer.Change](changes); err != nil {
		return r, err
	}
	return r, nil
}

// Row returns one staged row of the import by its spreadsheet row number. It fails with
// ENotFound when the import has no such row (or does not exist). Callers check first that the
// import is in their tenant, as for Rows.
func (s *Store) Row(ctx context.Context, importID int64, rowNum int) (customer.StagedRow, error) {
	var r customer.StagedRow
	err := s.read(ctx, func(q *queries) error {
		var err error
		r, err = q.Row(ctx, importID, rowNum)
		return err
	})
	return r, err
}

func (q *queries) Row(ctx context.Context, importID int64, rowNum int) (customer.StagedRow, error) {
	r, err := scanRow(q.queryRow(ctx, `SELECT `+rowColumns+` FROM import_rows
		WHERE import_id = ? AND row_num = ?`, importID, rowNum))
	if errors.Is(err, sql.ErrNoRows) {
		return customer.StagedRow{}, customer.Errorf(customer.ENotFound, "Row %d not found in import %d.", rowNum, importID)
	}
	if err != nil {
		return customer.StagedRow{}, fmt.Errorf("sqlstore: row: %w", err)
	}
	return r, nil
}

// SaveRows updates the given staged rows (raw cells, status, errors, warnings, customer,
// changes, keys, edited and skipped flags), matched by row number. It fails with ENotFound when the import or one of the rows
// does not exist, and with EInvalid when a row number is given twice.
func (s *Store) SaveRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	return s.write(ctx, func(q *queries) error { return q.SaveRows(ctx, importID, rows) })
}

func (q *queries) SaveRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	if len(rows) == 0 {
		return nil
	}
	return q.atomic(ctx, func() error { return q.saveRows(ctx, importID, rows) })
}

// saveRows updates in multi-row statements: UPDATE … FROM a VALUES list (saveRowsQuery).
func (q *queries) saveRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	if err := q.requireImport(ctx, importID); err != nil {
		return err
	}
	seen := make(map[int]bool, len(rows))
	for i := range rows {
		if seen[rows[i].Row] {
			return customer.Errorf(customer.EInvalid, "Row %d is saved twice in one batch.", rows[i].Row)
		}
		seen[rows[i].Row] = true
	}
	b := newRowsBatch(q, saveRowsTypes, 3, q.saveRowsQuery)
	defer b.close()
	rows = inRowOrder(rows, stagedRowNum)
	err := execRuns(ctx, b, "save rows", importID, rows, stagedRowNum, func(args []any, lo, hi int) ([]any, error) {
		for i := lo; i < hi; i++ {
			var err error
			if args, err = rowArgs(args, &rows[i]); err != nil {
				return nil, err
			}
		}
		return args, nil
	})
	if err != nil {
		return err
	}
	return q.setEdited(ctx, importID, rows)
}

// SaveChecks updates the outcome of the given rows' check, matched by row number, in
// multi-row statements: rewriting the cells too, unchanged by a check, was a third of what a
// re-check of 30,000 edited rows sent.
func (q *queries) SaveChecks(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	if len(rows) == 0 {
		return nil
	}
	return q.atomic(ctx, func() error {
		if err := q.requireImport(ctx, importID); err != nil {
			return err
		}
		types := []rowType{rowInteger, rowText, rowText, rowText, rowBigint, rowText,
			rowText, rowText, rowText, rowText, rowText}
		b := newRowsBatch(q, types, 3, func(rows string) string {
			return `WITH v (row_num, status, errors, warnings, customer_id, changes,
						account_key, email_key, mobile_key, name_key, problems) AS (` + rows + `)
					UPDATE import_rows SET status = v.status, errors = v.errors, warnings = v.warnings,
						customer_id = v.customer_id, changes = v.changes, account_key = v.account_key,
						email_key = v.email_key, mobile_key = v.mobile_key, name_key = v.name_key,
						problems = v.problems
					FROM v
					WHERE ` + q.d.rowsInRange()
		})
		defer b.close()
		rows = inRowOrder(rows, stagedRowNum)
		return execRuns(ctx, b, "save checks", importID, rows, stagedRowNum, func(args []any, lo, hi int) ([]any, error) {
			for i := lo; i < hi; i++ {
				args = append(args, rows[i].Row)
				var err error
				if args, err = checkArgs(args, &rows[i]); err != nil {
					return nil, err
				}
				args = append(args, problemWords(&rows[i]))
			}
			return args, nil
		})
	})
}

// saveRowsTypes are the types of a row's arguments to saveRowsQuery (rowArgs).
var saveRowsTypes = []rowType{rowInteger, rowText, rowText, rowText, rowText, rowBigint, rowText,
	rowText, rowText, rowText, rowText, rowBoolean, rowText, rowText}

// saveRowsQuery is the statement of saveRows for a source of rows (newRowsBatch).
func (q *queries) saveRowsQuery(rows string) string {
	return `WITH v (row_num, raw, status, errors, warnings, customer_id, changes,
				account_key, email_key, mobile_key, name_key, skipped, problems, cells_text) AS (` + rows + `)
			UPDATE import_rows SET raw = v.raw, status = v.status, errors = v.errors,
				warnings = v.warnings, customer_id = v.customer_id, changes = v.changes,
				account_key = v.account_key, email_key = v.email_key, mobile_key = v.mobile_key,
				name_key = v.name_key, skipped = v.skipped, problems = v.problems, cells_text = v.cells_text
			FROM v
			WHERE ` + q.d.rowsInRange()
}

// SetRowCustomers sets the customer of staged rows, matched by row number, and nothing else of
// them: confirm's one change to most rows is the id of the customer it created, and writing just
// that column spares sending every row's cells again and, on SQLite, touching the staging
// table's indexes. It fails with ENotFound when a row is not in the import.
func (s *Store) SetRowCustomers(ctx context.Context, importID int64, rows []importer.RowCustomer) error {
	return s.write(ctx, func(q *queries) error { return q.SetRowCustomers(ctx, importID, rows) })
}

func (q *queries) SetRowCustomers(ctx context.Context, importID int64, rows []importer.RowCustomer) error {
	if len(rows) == 0 {
		return nil
	}
	return q.atomic(ctx, func() error { return q.setRowCustomers(ctx, importID, rows) })
}

func (q *queries) setRowCustomers(ctx context.Context, importID int64, rows []importer.RowCustomer) error {
	b := newRowsBatch(q, []rowType{rowInteger, rowBigint}, 3, q.setRowCustomersQuery)
	defer b.close()
	byRow := func(r *importer.RowCustomer) int { return r.Row }
	rows = inRowOrder(rows, byRow)
	return execRuns(ctx, b, "set row customers", importID, rows, byRow, func(args []any, lo, hi int) ([]any, error) {
		return setRowCustomersArgs(args, rows[lo:hi]), nil
	})
}

// setRowCustomersQuery is the statement of setRowCustomers for n rows; setRowCustomersArgs
// gives its arguments.
func (q *queries) setRowCustomersQuery(rows string) string {
	return `WITH v (row_num, customer_id) AS (` + rows + `)
		UPDATE import_rows SET customer_id = v.customer_id
		FROM v
		WHERE ` + q.d.rowsInRange()
}

func setRowCustomersArgs(args []any, rows []importer.RowCustomer) []any {
	for _, r := range rows {
		var cid any
		if r.CustomerID != 0 {
			cid = r.CustomerID
		}
		args = append(args, r.Row, cid)
	}
	return args
}

// SaveRowKeys sets the keys of staged rows, matched by row number, and nothing else of them. It
// fails with ENotFound when a row is not in the import.
func (s *Store) SaveRowKeys(ctx context.Context, importID int64, rows []importer.RowKeys) error {
	return s.write(ctx, func(q *queries) error { return q.SaveRowKeys(ctx, importID, rows) })
}

func (q *queries) SaveRowKeys(ctx context.Context, importID int64, rows []importer.RowKeys) error {
	if len(rows) == 0 {
		return nil
	}
	return q.atomic(ctx, func() error {
		if err := q.requireImport(ctx, importID); err != nil {
			return err
		}
		b := newRowsBatch(q, []rowType{rowInteger, rowText, rowText, rowText, rowText}, 3, func(rows string) string {
			return `WITH v (row_num, account_key, email_key, mobile_key, name_key) AS (` + rows + `)
				UPDATE import_rows SET account_key = v.account_key, email_key = v.email_key,
					mobile_key = v.mobile_key, name_key = v.name_key
				FROM v
				WHERE ` + q.d.rowsInRange()
		})
		defer b.close()
		byRow := func(r *importer.RowKeys) int { return r.Row }
		rows = inRowOrder(rows, byRow)
		return execRuns(ctx, b, "save row keys", importID, rows, byRow, func(args []any, lo, hi int) ([]any, error) {
			for _, r := range rows[lo:hi] {
				args = append(args, r.Row, r.Keys.Account, r.Keys.Email, r.Keys.Mobile, r.Keys.NamePostcode)
			}
			return args, nil
		})
	})
}

// execRuns runs b's statement on rows, which are in row order, a run of them (rowRuns) a
// statement, with the arguments args appends for rows[lo:hi] followed by the run's range
// (appendRowRange, for rowsInRange). Every row must be written: one the import does not have
// fails the call with ENotFound. what names the write in other errors.
func execRuns[R any](ctx context.Context, b *batch, what string, importID int64, rows []R, num func(*R) int,
	args func(args []any, lo, hi int) ([]any, error)) error {
	for _, run := range rowRuns(rows, num, b.size) {
		lo, hi := run[0], run[1]
		a, err := args(make([]any, 0, (hi-lo)*b.perRow+b.fixed), lo, hi)
		if err != nil {
			return err
		}
		res, err := b.exec(ctx, hi-lo, appendRowRange(a, importID, rows[lo:hi], num))
		if err != nil {
			return fmt.Errorf("sqlstore: %s: %w", what, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqlstore: %s: %w", what, err)
		}
		if int(n) != hi-lo {
			return customer.Errorf(customer.ENotFound, "%d of the rows to save are not in import %d.", hi-lo-int(n), importID)
		}
	}
	return nil
}

// stagedRowNum is a staged row's number, as rowRuns and the others take it.
func stagedRowNum(r *customer.StagedRow) int { return r.Row }

// rowRunGap is the widest gap between two row numbers that one statement of rowsInRange spans.
const rowRunGap = 64

// rowRuns splits rows, in row order, into the [lo, hi) index ranges of the statements that
// update them: at most size rows each, and no gap of more than rowRunGap row numbers inside one,
// so that the row range a statement names holds about its own rows. A re-check of an edit saves
// a few rows far apart (rows 2 and 50,001, say), and one statement for both would read the
// 50,000 rows between them on PostgreSQL; confirm's
// chunks of consecutive rows are cut by size alone.
func rowRuns[R any](rows []R, num func(*R) int, size int) [][2]int {
	var runs [][2]int
	lo := 0
	for i := 1; i <= len(rows); i++ {
		if i == len(rows) || i-lo == size || num(&rows[i])-num(&rows[i-1]) > rowRunGap {
			runs = append(runs, [2]int{lo, i})
			lo = i
		}
	}
	return runs
}

// inRowOrder returns rows sorted by row number: rows itself when they are, else a sorted copy.
func inRowOrder[R any](rows []R, num func(*R) int) []R {
	// By index rather than slices.IsSortedFunc, whose comparison copies both rows: a bulk
	// edit's rows hold their cells twice, and checking 30,000 of them took 60 ms.
	sorted := true
	for i := 1; i < len(rows) && sorted; i++ {
		sorted = num(&rows[i-1]) <= num(&rows[i])
	}
	if sorted {
		return rows
	}
	return slices.SortedFunc(slices.Values(rows), func(a, b R) int { return num(&a) - num(&b) })
}

// appendRowRange appends rowsInRange's arguments for rows: the import and the lowest and highest
// row number.
func appendRowRange[R any](args []any, importID int64, rows []R, num func(*R) int) []any {
	lo, hi := num(&rows[0]), num(&rows[0])
	for i := range rows {
		lo, hi = min(lo, num(&rows[i])), max(hi, num(&rows[i]))
	}
	return append(args, importID, lo, hi)
}

// EditedRows returns, in row order, the import's staged rows whose cells were edited since they
// were last checked (import_edited), with what the edits touched. It fails with ENotFound when
// the import does not exist.
func (s *Store) EditedRows(ctx context.Context, importID int64) ([]customer.StagedRow, error) {
	var out []customer.StagedRow
	err := s.read(ctx, func(q *queries) error {
		var err error
		out, err = q.EditedRows(ctx, importID)
		return err
	})
	return out, err
}

func (q *queries) EditedRows(ctx context.Context, importID int64) ([]customer.StagedRow, error) {
	if err := q.requireImport(ctx, importID); err != nil {
		return nil, err
	}
	// rowColumns with the row's number from m, and the mark as read: from the marks to the rows,
	// a probe of the primary key each, where reading the import's rows for the marks (with two
	// more probes a row) took 0.37 s for 30,000 marks of 100,000 rows on PostgreSQL. The
	// customer is the row's own: only a staged import's rows are edited, and its revisions are
	// written by the confirm that ends its staging. The rows are put in order here: PostgreSQL
	// sorted 30,000 of them on disk (work_mem).
	rs, err := q.query(ctx, `SELECT m.row_num, raw, status, errors, warnings, customer_id,
			changes, account_key, email_key, mobile_key, name_key, TRUE, skipped, m.fields
		FROM import_edited m JOIN import_rows ON import_rows.import_id = m.import_id AND import_rows.row_num = m.row_num
		WHERE m.import_id = ?`, importID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: edited rows: %w", err)
	}
	defer rs.Close()
	var out []customer.StagedRow
	for rs.Next() {
		var touched int64
		r, err := scanRow(rowsWith{rs, []any{&touched}})
		if err != nil {
			return nil, fmt.Errorf("sqlstore: edited rows: %w", err)
		}
		r.Touched = customer.FieldSet(touched)
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: edited rows: %w", err)
	}
	slices.SortFunc(out, func(a, b customer.StagedRow) int { return a.Row - b.Row })
	return out, nil
}

// rowKeyBatch bounds the key values of one RowsByKeys statement (four kinds of 1,000 each,
// under maxParams).
const rowKeyBatch = 1000

// RowsByKeys returns, in row order and each once, the import's staged rows whose stored keys
// (from their last check) match any non-empty key of any of keys: account number, email key,
// mobile or name+postcode key, each compared with the same kind only. Up to rowKeyBatch keys are
// looked up in one statement (rowsByKeysQuery); more are found by number (RowNumsByKeys), then
// read. It fails with ENotFound when the import does not exist.
func (s *Store) RowsByKeys(ctx context.Context, importID int64, keys []customer.Keys) ([]customer.StagedRow, error) {
	var out []customer.StagedRow
	err := s.read(ctx, func(q *queries) error {
		var err error
		out, err = q.RowsByKeys(ctx, importID, keys)
		return err
	})
	return out, err
}

func (q *queries) RowsByKeys(ctx context.Context, importID int64, keys []customer.Keys) ([]customer.StagedRow, error) {
	if len(keys) > rowKeyBatch {
		nums, err := q.RowNumsByKeys(ctx, importID, keys)
		if err != nil {
			return nil, err
		}
		return q.rowsByNums(ctx, importID, nums)
	}
	if err := q.requireImport(ctx, importID); err != nil {
		return nil, err
	}
	query, args := q.rowsByKeysQuery(rowColumns, importID, keys)
	if query == "" {
		return nil, nil
	}
	rs, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: rows by keys: %w", err)
	}
	found, err := scanRows(rs)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: rows by keys: %w", err)
	}
	// A row with keys of two kinds looked up is found twice where each kind is a SELECT.
	slices.SortFunc(found, func(a, b customer.StagedRow) int { return a.Row - b.Row })
	return slices.CompactFunc(found, func(a, b customer.StagedRow) bool { return a.Row == b.Row }), nil
}

// RowNumsByKeys is RowsByKeys returning row numbers, in row order. Up to rowKeyBatch keys are
// looked up in one statement; more are matched in Go against every row's keys, read in one narrow
// scan: the 60,000 old and new emails of a bulk edit of 30,000 rows took 60 lookups of several
// seconds in all on PostgreSQL's hash indexes of the keys, where reading 100,000 rows' keys
// takes a tenth of a second.
func (q *queries) RowNumsByKeys(ctx context.Context, importID int64, keys []customer.Keys) ([]int, error) {
	if err := q.requireImport(ctx, importID); err != nil {
		return nil, err
	}
	var out []int
	if len(keys) <= rowKeyBatch {
		query, args := q.rowsByKeysQuery(`row_num`, importID, keys)
		if query == "" {
			return nil, nil
		}
		rs, err := q.query(ctx, query, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: rows by keys: %w", err)
		}
		defer rs.Close()
		for rs.Next() {
			var n int
			if err := rs.Scan(&n); err != nil {
				return nil, fmt.Errorf("sqlstore: rows by keys: %w", err)
			}
			out = append(out, n)
		}
		if err := rs.Err(); err != nil {
			return nil, fmt.Errorf("sqlstore: rows by keys: %w", err)
		}
		slices.Sort(out)
		return slices.Compact(out), nil
	}
	// Only the kinds of key asked for are read: a bulk replace of emails asks for email keys
	// alone, and reading the four of every row was most of the scan's time on PostgreSQL.
	var want []map[string]bool
	cols := "row_num"
	for _, kind := range rowKinds {
		m := map[string]bool{}
		for _, k := range keys {
			if v := kind.key(&k); v != "" {
				m[v] = true
			}
		}
		if len(m) > 0 {
			want = append(want, m)
			cols += ", " + kind.column
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	// In the order read, the few rows found sorted after: sorting every row of the import spilled
	// to disk on PostgreSQL.
	rs, err := q.query(ctx, `SELECT `+cols+` FROM import_rows WHERE import_id = ?`, importID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: rows by keys: %w", err)
	}
	defer rs.Close()
	var n int
	k := make([]string, len(want))
	dest := []any{&n}
	for i := range k {
		dest = append(dest, &k[i])
	}
	for rs.Next() {
		if err := rs.Scan(dest...); err != nil {
			return nil, fmt.Errorf("sqlstore: rows by keys: %w", err)
		}
		for i := range k {
			if k[i] != "" && want[i][k[i]] {
				out = append(out, n)
				break
			}
		}
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: rows by keys: %w", err)
	}
	slices.Sort(out)
	return out, nil
}

// RowsByNums returns the import's rows numbered nums, in row order.
func (q *queries) RowsByNums(ctx context.Context, importID int64, nums []int) ([]customer.StagedRow, error) {
	if err := q.requireImport(ctx, importID); err != nil {
		return nil, err
	}
	nums = slices.Sorted(slices.Values(nums))
	return q.rowsByNums(ctx, importID, slices.Compact(nums))
}

// rowKinds are the four keys of a staged row, by column.
var rowKinds = []struct {
	column string
	key    func(k *customer.Keys) string
}{
	{"account_key", func(k *customer.Keys) string { return k.Account }},
	{"email_key", func(k *customer.Keys) string { return k.Email }},
	{"mobile_key", func(k *customer.Keys) string { return k.Mobile }},
	{"name_key", func(k *customer.Keys) string { return k.NamePostcode }},
}

// rowsByKeysQuery is RowsByKeys' statement for a batch of keys, reading cols; "" when none of
// keys has a key. Where the keys are indexed, one SELECT a kind of key in a UNION ALL, each on its
// index; else one pass over the import's rows testing every kind (a UNION ALL would read them once
// a kind).
func (q *queries) rowsByKeysQuery(cols string, importID int64, keys []customer.Keys) (string, []any) {
	var conds []string
	var args []any
	for _, kind := range rowKinds {
		vals := distinctKeys(keys, kind.key)
		if len(vals) == 0 {
			continue
		}
		if q.d.rowKeysIndexed() {
			args = append(args, importID)
		}
		// The <> '' repeats the partial index's predicate, so that the planner may use it.
		conds = append(conds, kind.column+` <> '' AND `+kind.column+` IN (`+placeholders(len(vals))+`)`)
		for _, v := range vals {
			args = append(args, v)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	if !q.d.rowKeysIndexed() {
		return `SELECT ` + cols + ` FROM import_rows WHERE import_id = ? AND (` + strings.Join(conds, "\n\t\tOR ") + `)`,
			append([]any{importID}, args...)
	}
	parts := make([]string, len(conds))
	for i, c := range conds {
		parts[i] = `SELECT ` + cols + ` FROM import_rows WHERE import_id = ? AND ` + c
	}
	return strings.Join(parts, "\nUNION ALL\n"), args
}

// scanRows reads every row of rs and closes it.
func scanRows(rs *sql.Rows) ([]customer.StagedRow, error) {
	defer rs.Close()
	var out []customer.StagedRow
	for rs.Next() {
		r, err := scanRow(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// ClearEdited clears the edited mark of the import's rows.
func (q *queries) ClearEdited(ctx context.Context, importID int64) error {
	if _, err := q.exec(ctx, `DELETE FROM import_edited WHERE import_id = ?`, importID); err != nil {
		return fmt.Errorf("sqlstore: clear edited: %w", err)
	}
	return nil
}

// editMark is an edited row and what the edits changed of it.
type editMark struct {
	row    int
	fields customer.FieldSet
}

// markEdited marks rows of the import edited (import_edited: see the schema), in multi-row
// statements; a row marked already adds the fields to those it had. marks name each row once.
func (q *queries) markEdited(ctx context.Context, importID int64, marks []editMark) error {
	if len(marks) == 0 {
		return nil
	}
	marked, err := q.editMarked(ctx, importID)
	if err != nil {
		return err
	}
	return q.addEditMarks(ctx, importID, marks, marked)
}

// editMarked reports whether any row of the import is marked edited.
func (q *queries) editMarked(ctx context.Context, importID int64) (bool, error) {
	var marked bool
	if err := q.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM import_edited WHERE import_id = ?)`, importID).Scan(&marked); err != nil {
		return false, fmt.Errorf("sqlstore: edited rows: %w", err)
	}
	return marked, nil
}

// addEditMarks is markEdited once editMarked has said whether the import has marked rows. An
// import usually has none (a check clears them all): then the rows are inserted without ON
// CONFLICT, whose check of each row took 0.22 s of 30,000 rows' 0.11-0.15 s on PostgreSQL.
func (q *queries) addEditMarks(ctx context.Context, importID int64, marks []editMark, marked bool) error {
	onConflict := ""
	if marked {
		onConflict = ` ON CONFLICT (import_id, row_num) DO UPDATE SET fields = import_edited.fields | excluded.fields`
	}
	b := newRowsBatch(q, []rowType{rowInteger, rowBigint}, 1, func(rows string) string {
		// WHERE TRUE: SQLite would read ON CONFLICT after a bare FROM as a join's ON.
		return `WITH v (row_num, fields) AS (` + rows + `)
			INSERT INTO import_edited (import_id, row_num, fields)
			SELECT CAST(? AS BIGINT), v.row_num, v.fields FROM v WHERE TRUE` + onConflict
	})
	defer b.close()
	for lo := 0; lo < len(marks); lo += b.size {
		hi := min(lo+b.size, len(marks))
		args := make([]any, 0, 1+2*(hi-lo))
		for _, m := range marks[lo:hi] {
			args = append(args, m.row, int64(m.fields))
		}
		args = append(args, importID)
		if _, err := b.exec(ctx, hi-lo, args); err != nil {
			return fmt.Errorf("sqlstore: mark edited: %w", err)
		}
	}
	return nil
}

// setEdited marks the saved rows with Edited edited and takes the mark off the others. Most saves
// are of checked rows in an import with no row marked, which one probe tells; it serves both the
// marking and the unmarking, as the rows marked here are not among those unmarked.
func (q *queries) setEdited(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	var off []int
	on := editMarks(rows)
	for i := range rows {
		if !rows[i].Edited {
			off = append(off, rows[i].Row)
		}
	}
	marked, err := q.editMarked(ctx, importID)
	if err != nil {
		return err
	}
	if len(on) > 0 {
		if err := q.addEditMarks(ctx, importID, on, marked); err != nil {
			return err
		}
	}
	for lo := 0; marked && lo < len(off); lo += maxParams - 1 {
		hi := min(lo+maxParams-1, len(off))
		if _, err := q.exec(ctx, `DELETE FROM import_edited WHERE import_id = ? AND row_num IN (`+placeholders(hi-lo)+`)`,
			inArgs(importID, off[lo:hi])...); err != nil {
			return fmt.Errorf("sqlstore: unmark edited: %w", err)
		}
	}
	return nil
}

// editMarks returns the marks of the rows with Edited set: their Touched, or, when that is not
// known, every field.
func editMarks(rows []customer.StagedRow) []editMark {
	var marks []editMark
	for i := range rows {
		if r := &rows[i]; r.Edited {
			m := editMark{r.Row, r.Touched}
			if m.fields == 0 {
				m.fields = customer.TouchAll
			}
			marks = append(marks, m)
		}
	}
	return marks
}
