package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/clientele/clientele/customer"
)

// problemWords returns what the problems column of a staged row holds: a word per error
// ("e:code:field") and warning ("w:code:field"), each between spaces, so that the grid's filters
// by cause are LIKE patterns (rowWhere) and the chips' counts a GROUP BY (ProblemCounts). Codes
// and field keys are lower-case words with underscores, never a colon or a space. A row with no
// problem has "" (the partial scans skip it).
func problemWords(r *customer.StagedRow) string {
	if len(r.Errors) == 0 && len(r.Warnings) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte(' ')
	add := func(kind byte, ps []customer.Problem) {
		for _, p := range ps {
			b.WriteByte(kind)
			b.WriteByte(':')
			b.WriteString(string(p.Code))
			b.WriteByte(':')
			b.WriteString(p.Field)
			b.WriteByte(' ')
		}
	}
	add('e', r.Errors)
	add('w', r.Warnings)
	return b.String()
}

// likeEscape escapes LIKE's wildcards (and its escape character) in s: codes hold underscores.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// rowWhere returns the SQL condition and arguments of the parts of f the database can test:
// the import, the status, the cause and the query's words. The row numbers of f are tested in Go
// (filtered).
func rowWhere(importID int64, f customer.RowFilter) (string, []any) {
	where := `import_id = ?`
	args := []any{importID}
	switch f.Status {
	case "":
	case customer.FilterWarnings:
		where += ` AND problems LIKE '% w:%'`
	default:
		where += ` AND status = ?`
		args = append(args, string(f.Status))
	}
	if f.Code != "" || f.Field != "" {
		// ":code:field " names one problem; ":code:" any of the code; ":field " any on the field.
		pattern := ":" + likeEscape(string(f.Code)) + ":"
		switch {
		case f.Code == "":
			pattern = ":" + likeEscape(f.Field) + " "
		case f.Field != "":
			pattern += likeEscape(f.Field) + " "
		}
		where += ` AND problems LIKE ? ESCAPE '\'`
		args = append(args, "%"+pattern+"%")
	}
	// Each word is a plain substring of the row's lower-cased cells (customer.RowText): no
	// lower() per row, which was most of a search's time, and the same in both databases, as the
	// text and the word are lower-cased in Go (SQLite's LIKE folds ASCII, which then finds
	// nothing more).
	for _, w := range f.Words() {
		where += ` AND cells_text LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape(w)+"%")
	}
	return where, args
}

// inGo reports whether part of f is tested in Go rather than in SQL: a list of rows.
func inGo(f customer.RowFilter) bool {
	return len(f.Rows) > 0
}

// filtered returns, in row order, the numbers of the import's rows that f selects, when part of f
// is tested in Go: the database reads the row numbers of the rows its part selects, and Go keeps
// those among f's rows.
func (q *queries) filtered(ctx context.Context, importID int64, f customer.RowFilter) ([]int, error) {
	where, args := rowWhere(importID, f)
	var only map[int]bool
	if len(f.Rows) > 0 {
		only = make(map[int]bool, len(f.Rows))
		for _, r := range f.Rows {
			only[r] = true
		}
	}
	rs, err := q.query(ctx, `SELECT row_num FROM import_rows WHERE `+where+` ORDER BY row_num`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: filter rows: %w", err)
	}
	defer rs.Close()
	var out []int
	for rs.Next() {
		var n int
		if err := rs.Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlstore: filter rows: %w", err)
		}
		if only != nil && !only[n] {
			continue
		}
		out = append(out, n)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: filter rows: %w", err)
	}
	return out, nil
}

// rowNumBatch bounds the row numbers of one rowsByNums statement.
const rowNumBatch = 1000

// rowNumArgs is the arguments of "import_id = ? AND row_num IN (…)" for a batch of row numbers.
func rowNumArgs(importID int64, nums []int) []any {
	args := make([]any, 0, len(nums)+1)
	args = append(args, importID)
	for _, n := range nums {
		args = append(args, n)
	}
	return args
}

// rowsByNums reads the import's rows numbered nums (in row order), a batch at a time.
func (q *queries) rowsByNums(ctx context.Context, importID int64, nums []int) ([]customer.StagedRow, error) {
	out := make([]customer.StagedRow, 0, len(nums))
	for lo := 0; lo < len(nums); lo += rowNumBatch {
		batch := nums[lo:min(lo+rowNumBatch, len(nums))]
		rs, err := q.query(ctx, `SELECT `+rowColumns+` FROM import_rows
			WHERE import_id = ? AND row_num IN (`+placeholders(len(batch))+`)
			ORDER BY row_num`, rowNumArgs(importID, batch)...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: rows: %w", err)
		}
		rows, err := scanRows(rs)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: rows: %w", err)
		}
		out = append(out, rows...)
	}
	return out, nil
}

// ProblemCounts counts, for each error and warning code and field, the rows of the import that f
// selects with such a problem (a row with the same problem twice counts once), biggest first, then
// by code and field: the grid's filter chips. The rows without a problem are not read.
func (s *Store) ProblemCounts(ctx context.Context, importID int64, f customer.RowFilter) ([]customer.ProblemCount, error) {
	var out []customer.ProblemCount
	err := s.read(ctx, func(q *queries) error {
		if err := q.requireImport(ctx, importID); err != nil {
			return err
		}
		counts := map[customer.ProblemCount]int{}
		count := func(words string, n int) {
			seen := map[string]bool{}
			for _, w := range strings.Fields(words) {
				if seen[w] {
					continue
				}
				seen[w] = true
				kind, rest, _ := strings.Cut(w, ":")
				code, field, _ := strings.Cut(rest, ":")
				k := customer.ProblemCount{Code: customer.Code(code), Field: field, Warning: kind == "w"}
				counts[k] += n
			}
		}
		if inGo(f) {
			nums, err := q.filtered(ctx, importID, f)
			if err != nil {
				return err
			}
			if err := q.problemsOf(ctx, importID, nums, func(words string) { count(words, 1) }); err != nil {
				return err
			}
		} else {
			where, args := rowWhere(importID, f)
			rs, err := q.query(ctx, `SELECT problems, count(*) FROM import_rows
				WHERE `+where+` AND problems <> ''
				GROUP BY problems`, args...)
			if err != nil {
				return fmt.Errorf("sqlstore: count problems: %w", err)
			}
			defer rs.Close()
			for rs.Next() {
				var words string
				var n int
				if err := rs.Scan(&words, &n); err != nil {
					return fmt.Errorf("sqlstore: count problems: %w", err)
				}
				count(words, n)
			}
			if err := rs.Err(); err != nil {
				return fmt.Errorf("sqlstore: count problems: %w", err)
			}
		}
		for k, n := range counts {
			k.Count = n
			out = append(out, k)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b customer.ProblemCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if c := strings.Compare(string(a.Code), string(b.Code)); c != 0 {
			return c
		}
		return strings.Compare(a.Field, b.Field)
	})
	return out, err
}

// problemsOf calls fn with the problems column of each of the import's rows numbered nums.
func (q *queries) problemsOf(ctx context.Context, importID int64, nums []int, fn func(string)) error {
	for lo := 0; lo < len(nums); lo += rowNumBatch {
		batch := nums[lo:min(lo+rowNumBatch, len(nums))]
		rs, err := q.query(ctx, `SELECT problems FROM import_rows
			WHERE import_id = ? AND problems <> '' AND row_num IN (`+placeholders(len(batch))+`)`, rowNumArgs(importID, batch)...)
		if err != nil {
			return fmt.Errorf("sqlstore: count problems: %w", err)
		}
		for rs.Next() {
			var words string
			if err := rs.Scan(&words); err != nil {
				rs.Close()
				return fmt.Errorf("sqlstore: count problems: %w", err)
			}
			fn(words)
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return fmt.Errorf("sqlstore: count problems: %w", err)
		}
	}
	return nil
}
