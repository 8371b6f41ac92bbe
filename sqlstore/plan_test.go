package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestPostgresPlansEachCall checks that every PostgreSQL connection plans each statement for its
// arguments (plan_cache_mode=force_custom_plan; see postgresDSN), also inside a write, and that a
// URL that chooses its own mode keeps it.
func TestPostgresPlansEachCall(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		if !strings.HasPrefix(dsn, "postgres") {
			t.Skip("a PostgreSQL setting")
		}
		ctx := context.Background()
		s := opener(dsn)(t)
		var mode string
		err := s.write(ctx, func(q *queries) error {
			return q.queryRow(ctx, `SHOW plan_cache_mode`).Scan(&mode)
		})
		if err != nil || mode != "force_custom_plan" {
			t.Errorf("plan_cache_mode in a write = %q, %v; want force_custom_plan", mode, err)
		}
		if got := postgresDSN("postgres://u@h:5432/db?plan_cache_mode=auto&sslmode=disable"); got != "postgres://u@h:5432/db?plan_cache_mode=auto&sslmode=disable" {
			t.Errorf("postgresDSN overrode the URL's own mode: %s", got)
		}
	})
}

// TestProbesReadOnlyTheirRows runs the batched lookups by account number, by customer ID and of
// an import's revisions by customer where a commit runs them: in the transaction that has just
// written thousands of customers and revisions, which no statistics describe yet. Each must
// reach the few rows it asks for through an index on what it asks for. Written as
// "tenant_id = ? AND x IN (…)", PostgreSQL read every customer of the tenant to filter them, and
// SQLite used the index on tenant_id: every such call of a million-row commit read the whole
// tenant.
func TestProbesReadOnlyTheirRows(t *testing.T) {
	const stored = 20000
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		tn, imp := stagedImport(t, s, "probes")
		err := s.write(ctx, func(q *queries) error {
			cs := make([]*customer.Customer, stored)
			revs := make([]customer.Revision, stored)
			for i := range cs {
				cs[i] = &customer.Customer{}
				cs[i].Values[customer.FFirstName] = fmt.Sprintf("Kari %d", i)
			}
			if err := q.InsertCustomers(ctx, tn.ID, cs); err != nil {
				return err
			}
			for i, c := range cs {
				revs[i] = customer.Revision{ImportID: imp.ID, CustomerID: c.ID, Created: true, After: c.Values}
			}
			if err := q.AddRevisions(ctx, revs); err != nil {
				return err
			}
			// A commit asks a thousand at a time, most of them for what is not there.
			var ids []int64
			var accounts []string
			for i := range 1000 {
				ids = append(ids, cs[i*7].ID, int64(1)<<40+int64(i))
				accounts = append(accounts, cs[i*13].Values[customer.FAccount], fmt.Sprintf("X%d", i))
			}
			for _, probe := range []struct {
				name   string
				column string // what an index must be searched by, for SQLite
				query  string
				args   []any
			}{
				{name: "accounts", column: "account_number"},
				{name: "customers by ID", column: "rowid"},
				{name: "revisions by customer", column: "customer_id"},
			} {
				switch probe.name {
				case "accounts":
					probe.query, probe.args = q.d.accountsQuery(tn.ID, accounts)
				case "customers by ID":
					probe.query, probe.args = q.d.byID("id", tn.ID, ids)
				default:
					probe.query, probe.args = q.d.revisionsOf(imp.ID, ids)
				}
				if q.d.name() == DialectPostgres {
					read, err := rowsRead(ctx, q, probe.query, probe.args)
					if err != nil {
						return fmt.Errorf("%s: %w", probe.name, err)
					}
					// Probing reads a row or two a key; reading the tenant, all of them.
					if read > stored/4 {
						t.Errorf("%s: the plan read %d rows to find 1,000 among %d", probe.name, read, stored)
					} else {
						t.Logf("%s: %d rows read", probe.name, read)
					}
					continue
				}
				details, err := sqlitePlan(ctx, q, probe.query, probe.args)
				if err != nil {
					return fmt.Errorf("%s: %w", probe.name, err)
				}
				for d := range details {
					if !strings.HasPrefix(d, "SEARCH") || !strings.Contains(d, probe.column+"=?") {
						t.Errorf("%s: SQLite plans %q; want a search by %s", probe.name, d, probe.column)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// stagedImport creates a tenant called slug and an empty staged import in it.
func stagedImport(t *testing.T, s *Store, slug string) (customer.Tenant, customer.Import) {
	t.Helper()
	ctx := context.Background()
	tn, err := s.EnsureTenant(ctx, slug, "NO", "nb")
	if err != nil {
		t.Fatal(err)
	}
	imp := customer.Import{TenantID: tn.ID, Mode: customer.ModeCreate, State: customer.StateStaged}
	if err := s.CreateImport(ctx, &imp); err != nil {
		t.Fatal(err)
	}
	return tn, imp
}

// rowsRead runs query under EXPLAIN ANALYZE on PostgreSQL and returns how many rows its plan's
// nodes produced and threw away, in all their loops: the work it did.
func rowsRead(ctx context.Context, q *queries, query string, args []any) (int, error) {
	read := 0.0
	err := eachPlanNode(ctx, q, query, args, func(n map[string]any) {
		num := func(k string) float64 { f, _ := n[k].(float64); return f }
		read += (num("Actual Rows") + num("Rows Removed by Filter") + num("Rows Removed by Index Recheck")) * max(num("Actual Loops"), 1)
	})
	return int(read), err
}

// relationLoops runs query under EXPLAIN ANALYZE on PostgreSQL and returns how many times its
// plan scanned relation: a correlated subquery's probes.
func relationLoops(ctx context.Context, q *queries, query string, args []any, relation string) (int, error) {
	loops := 0
	err := eachPlanNode(ctx, q, query, args, func(n map[string]any) {
		if n["Relation Name"] == relation {
			f, _ := n["Actual Loops"].(float64)
			loops += int(f)
		}
	})
	return loops, err
}

// eachPlanNode runs query under EXPLAIN (ANALYZE, FORMAT JSON) on PostgreSQL and calls fn with
// every node of its plan.
func eachPlanNode(ctx context.Context, q *queries, query string, args []any, fn func(n map[string]any)) error {
	var out string
	if err := q.queryRow(ctx, `EXPLAIN (ANALYZE, FORMAT JSON) `+query, args...).Scan(&out); err != nil {
		return err
	}
	var plans []struct{ Plan map[string]any }
	if err := json.Unmarshal([]byte(out), &plans); err != nil || len(plans) != 1 {
		return fmt.Errorf("EXPLAIN output %.200s: %v", out, err)
	}
	var walk func(n map[string]any)
	walk = func(n map[string]any) {
		fn(n)
		kids, _ := n["Plans"].([]any)
		for _, k := range kids {
			if m, ok := k.(map[string]any); ok {
				walk(m)
			}
		}
	}
	walk(plans[0].Plan)
	return nil
}

// sqlitePlan returns the detail lines of SQLite's EXPLAIN QUERY PLAN of query.
func sqlitePlan(ctx context.Context, q *queries, query string, args []any) (map[string]bool, error) {
	rows, err := q.query(ctx, `EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		out[detail] = true
	}
	return out, rows.Err()
}

// TestRowUpdatesReadOnlyTheirRows plans confirm's writes to staged rows — a chunk's customers
// (setRowCustomers) and whole rows (saveRows) — where confirm runs them: on an import staged a
// moment ago, which no statistics describe. Joined by row number alone, PostgreSQL hashed every
// row of the import for each chunk; it must read about the chunk's rows. SQLite must probe v
// through an index: with the row range in its search, it scanned v for each row of the range.
// Two rows far apart, as a re-check of an edit saves, must read about themselves on PostgreSQL.
func TestRowUpdatesReadOnlyTheirRows(t *testing.T) {
	const staged, chunk = 40000, 1000
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		_, imp := stagedImport(t, s, "row-updates")
		err := s.write(ctx, func(q *queries) error {
			rows := make([]customer.StagedRow, staged)
			for i := range rows {
				rows[i] = customer.StagedRow{Row: i + 2, Status: customer.StatusNew}
				rows[i].Raw[customer.FFirstName] = fmt.Sprintf("Kari %d", i)
			}
			if err := q.addRows(ctx, imp.ID, rows); err != nil {
				return err
			}
			mid := rows[staged/2 : staged/2+chunk]
			ids := make([]importer.RowCustomer, len(mid))
			for i, r := range mid {
				ids[i] = importer.RowCustomer{Row: r.Row, CustomerID: int64(i + 1)}
			}
			saveArgs := make([]any, 0, chunk*12+3)
			for i := range mid {
				var err error
				if saveArgs, err = rowArgs(saveArgs, &mid[i]); err != nil {
					return err
				}
			}
			saveArgs = appendRowRange(saveArgs, imp.ID, mid, func(r *customer.StagedRow) int { return r.Row })
			customersTypes := []rowType{rowInteger, rowBigint}
			for _, probe := range []struct {
				name  string
				types []rowType
				query func(rows string) string
				args  []any
			}{
				{"set row customers", customersTypes, q.setRowCustomersQuery,
					appendRowRange(setRowCustomersArgs(nil, ids), imp.ID, ids, func(r *importer.RowCustomer) int { return r.Row })},
				{"save rows", saveRowsTypes, q.saveRowsQuery, saveArgs},
			} {
				query, args, err := rowsStatement(q, probe.types, chunk, probe.query, probe.args)
				if err != nil {
					return fmt.Errorf("%s: %w", probe.name, err)
				}
				probe := struct {
					name, query string
					args        []any
				}{probe.name, query, args}
				if q.d.name() == DialectPostgres {
					read, err := rowsRead(ctx, q, probe.query, probe.args)
					if err != nil {
						return fmt.Errorf("%s: %w", probe.name, err)
					}
					// The chunk's rows, a few times over (v, the join, the update): 4,000 rows;
					// every row of the import, at least its 40,000.
					if read > staged/2 {
						t.Errorf("%s: the plan read %d rows to update %d of %d", probe.name, read, chunk, staged)
					} else {
						t.Logf("%s: %d rows read", probe.name, read)
					}
					continue
				}
				details, err := sqlitePlan(ctx, q, probe.query, probe.args)
				if err != nil {
					return fmt.Errorf("%s: %w", probe.name, err)
				}
				// v probed through an index for each row of the import, not scanned for each.
				probed := false
				for d := range details {
					probed = probed || (strings.HasPrefix(d, "SEARCH v ") && strings.Contains(d, "INDEX"))
				}
				if !probed {
					t.Errorf("%s: SQLite plans %v; want v searched through an index", probe.name, details)
				}
			}
			if q.d.name() == DialectPostgres {
				// A re-check of an edit saves a few rows far apart, in the runs saveRows cuts:
				// about the two rows, not the 40,000 between them (120,002 read as one range).
				num := func(r *customer.StagedRow) int { return r.Row }
				// Out of order, as a caller may give them.
				apart := inRowOrder([]customer.StagedRow{rows[staged-1], rows[0]}, num)
				read := 0
				for _, run := range rowRuns(apart, num, 1000) {
					var args []any
					for i := run[0]; i < run[1]; i++ {
						var err error
						if args, err = rowArgs(args, &apart[i]); err != nil {
							return err
						}
					}
					args = appendRowRange(args, imp.ID, apart[run[0]:run[1]], num)
					query, args, err := rowsStatement(q, saveRowsTypes, run[1]-run[0], q.saveRowsQuery, args)
					if err != nil {
						return err
					}
					n, err := rowsRead(ctx, q, query, args)
					if err != nil {
						return err
					}
					read += n
				}
				if read > 100 {
					t.Errorf("saving 2 rows far apart read %d rows", read)
				} else {
					t.Logf("saving 2 rows far apart read %d rows", read)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestRowReadsReadOnlyTheirRows plans the reads of staged rows that the grid and a re-check make
// on a committed import that no statistics describe yet, beside another import of the same
// keys: a page of rows, each with its customer from the import's revisions (rowColumns), and
// RowsByKeys. A page must reach about the rows it returns: not every row of the import, nor every
// revision. RowsByKeys finds a few keys on SQLite's key indexes; on PostgreSQL, which has none,
// in one pass over the import's rows, not one a kind of key.
func TestRowReadsReadOnlyTheirRows(t *testing.T) {
	const staged = 20000
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		tn, imp := stagedImport(t, s, "rowreads")
		other := customer.Import{TenantID: tn.ID, Mode: customer.ModeCreate, State: customer.StateStaged}
		if err := s.CreateImport(ctx, &other); err != nil {
			t.Fatal(err)
		}
		rows := make([]customer.StagedRow, staged)
		revs := make([]customer.Revision, staged)
		for i := range rows {
			rows[i] = customer.StagedRow{Row: i + 2, Status: customer.StatusNew, Keys: customer.Keys{
				Account: fmt.Sprintf("A-%d", i), Email: fmt.Sprintf("p%d@example.no", i),
				Mobile: fmt.Sprintf("+479%07d", i), NamePostcode: fmt.Sprintf("kari\x1fnordmann %d\x1f0150", i)}}
			rows[i].Raw[customer.FFirstName] = "Kari"
			revs[i] = customer.Revision{ImportID: imp.ID, CustomerID: int64(i + 1), Row: i + 2, Created: true}
		}
		const others = staged / 20
		if err := s.AddRows(ctx, imp.ID, rows); err != nil {
			t.Fatal(err)
		}
		if err := s.AddRows(ctx, other.ID, rows[:others]); err != nil {
			t.Fatal(err)
		}
		if err := s.AddRevisions(ctx, revs); err != nil {
			t.Fatal(err)
		}
		var keys []customer.Keys
		for i := range 10 {
			keys = append(keys, rows[i*1999].Keys)
		}
		err := s.read(ctx, func(q *queries) error {
			byKeys, byKeysArgs := q.rowsByKeysQuery(rowColumns, imp.ID, keys)
			page, pageArgs := q.rowPageQuery(`import_id = ?`, []any{imp.ID}, 5000, 100)
			if q.d.name() == DialectPostgres {
				// The import's rows once (and, as the planner likes, the other import's few),
				// and the revision of each row found. A bitmap scan counts each row twice, in
				// the index and in the table: 40,010 here, where a pass a kind counted 160,000.
				read, err := rowsRead(ctx, q, byKeys, byKeysArgs)
				if err != nil {
					return fmt.Errorf("rows by keys: %w", err)
				}
				if most := 2*(staged+others) + 2*len(keys); read > most {
					t.Errorf("rows by keys: the plan read %d rows, want at most %d", read, most)
				}
				// A page probes the revisions of its own rows only, not of those its OFFSET skips.
				probes, err := relationLoops(ctx, q, page, pageArgs, "revisions")
				if err != nil {
					return fmt.Errorf("page: %w", err)
				}
				if probes > 100 {
					t.Errorf("page of 100 rows at 5,000: %d probes of revisions, want 100", probes)
				}
				t.Logf("rows by keys: %d rows read; page: %d revision probes", read, probes)
				return nil
			}
			for _, probe := range []struct {
				name  string
				query string
				args  []any
			}{{"rows by keys", byKeys, byKeysArgs}, {"page", page, pageArgs}} {
				details, err := sqlitePlan(ctx, q, probe.query, probe.args)
				if err != nil {
					return fmt.Errorf("%s: %w", probe.name, err)
				}
				for d := range details {
					// A scan of the page's own rows (the co-routine that cut it) is no table scan.
					if name, ok := strings.CutPrefix(d, "SCAN "); ok && !strings.Contains(d, "USING") && !details["CO-ROUTINE "+name] {
						t.Errorf("%s: SQLite plans %q, a scan of the table", probe.name, d)
					}
					if strings.Contains(d, "revisions") || strings.HasPrefix(d, "SEARCH v ") {
						if !strings.Contains(d, "import_id=? AND row_num=?") {
							t.Errorf("%s: SQLite plans %q; want a search of revisions by import and row", probe.name, d)
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestRowRuns cuts rows into the runs of rowsInRange's statements: by size, and at gaps wider
// than rowRunGap.
func TestRowRuns(t *testing.T) {
	for _, tt := range []struct {
		name string
		rows []int
		size int
		want [][2]int
	}{
		{"none", nil, 10, nil},
		{"one", []int{7}, 10, [][2]int{{0, 1}}},
		{"consecutive, by size", []int{2, 3, 4, 5, 6}, 2, [][2]int{{0, 2}, {2, 4}, {4, 5}}},
		{"a gap within reach", []int{2, 2 + rowRunGap, 2 + 2*rowRunGap}, 10, [][2]int{{0, 3}}},
		{"far apart", []int{2, 50001}, 10, [][2]int{{0, 1}, {1, 2}}},
		{"a cluster, then one far", []int{2, 3, 5, 9000, 9001}, 10, [][2]int{{0, 3}, {3, 5}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := rowRuns(tt.rows, func(n *int) int { return *n }, tt.size)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rowRuns(%v, %d) = %v, want %v", tt.rows, tt.size, got, tt.want)
			}
		})
	}
	num := func(n *int) int { return *n }
	for _, tt := range []struct{ rows, want []int }{
		{nil, nil},
		{[]int{7}, []int{7}},
		{[]int{5, 2, 9}, []int{2, 5, 9}},
		{[]int{2, 3, 3, 8}, []int{2, 3, 3, 8}},
		{[]int{2, 3, 9, 4}, []int{2, 3, 4, 9}},
	} {
		in := slices.Clone(tt.rows)
		got := inRowOrder(in, num)
		if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(in, tt.rows) {
			t.Errorf("inRowOrder(%v) = %v (input now %v), want %v", tt.rows, got, in, tt.want)
		}
		if len(in) > 0 && slices.IsSorted(tt.rows) && &got[0] != &in[0] {
			t.Errorf("inRowOrder(%v) copied rows already in order", tt.rows)
		}
	}
}

// rowsStatement returns the statement text (a newRowsBatch's) for n rows and its arguments as
// the dialect sends them, from the rows' arguments in row order and the fixed ones after.
func rowsStatement(q *queries, types []rowType, n int, text func(rows string) string, args []any) (string, []any, error) {
	args, err := q.d.rowsArgs(types, n, args)
	return text(q.d.rowsOf(types, n)), args, err
}
