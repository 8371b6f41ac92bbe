package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sqlstore"
)

// timings adds up the wall time of each store call, so that an import's time can be split into
// reading and checking (the rest) and the database's part, call by call.
type timings struct {
	mu sync.Mutex
	d  map[string]time.Duration
	n  map[string]int
}

func (t *timings) since(name string, start time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.d[name] += time.Since(start)
	t.n[name]++
}

type timedQueries struct {
	importer.Queries
	t *timings
}

func (q timedQueries) Customers(ctx context.Context, tenantID int64, keys []customer.Keys) ([]customer.Customer, error) {
	defer q.t.since("Customers", time.Now())
	return q.Queries.Customers(ctx, tenantID, keys)
}
func (q timedQueries) SaveRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	defer q.t.since("SaveRows", time.Now())
	return q.Queries.SaveRows(ctx, importID, rows)
}
func (q timedQueries) InsertCustomers(ctx context.Context, tenantID int64, cs []*customer.Customer) error {
	defer q.t.since("InsertCustomers", time.Now())
	return q.Queries.InsertCustomers(ctx, tenantID, cs)
}
func (q timedQueries) UpdateCustomers(ctx context.Context, tenantID int64, cs []customer.Customer) error {
	defer q.t.since("UpdateCustomers", time.Now())
	return q.Queries.UpdateCustomers(ctx, tenantID, cs)
}
func (q timedQueries) AddRevisions(ctx context.Context, revs []customer.Revision) error {
	defer q.t.since("AddRevisions", time.Now())
	return q.Queries.AddRevisions(ctx, revs)
}
func (q timedQueries) AddAudit(ctx context.Context, e *customer.AuditEntry) error {
	defer q.t.since("AddAudit", time.Now())
	return q.Queries.AddAudit(ctx, e)
}
func (q timedQueries) SaveImport(ctx context.Context, imp customer.Import, from customer.State) error {
	defer q.t.since("SaveImport", time.Now())
	return q.Queries.SaveImport(ctx, imp, from)
}

// RowsAhead times what the read ahead costs the commit itself: nothing much where the store reads
// beside the commit, the whole read where it reads in it.
func (q timedQueries) RowsAhead(ctx context.Context, importID int64, after, limit int) func() ([]customer.StagedRow, error) {
	defer q.t.since("RowsAhead", time.Now())
	return q.Queries.RowsAhead(ctx, importID, after, limit)
}
func (q timedQueries) SetRowCustomers(ctx context.Context, importID int64, rows []importer.RowCustomer) error {
	defer q.t.since("SetRowCustomers", time.Now())
	return q.Queries.SetRowCustomers(ctx, importID, rows)
}
func (q timedQueries) SaveRowKeys(ctx context.Context, importID int64, rows []importer.RowKeys) error {
	defer q.t.since("SaveRowKeys", time.Now())
	return q.Queries.SaveRowKeys(ctx, importID, rows)
}
func (q timedQueries) ReserveAccounts(ctx context.Context, importID int64) error {
	defer q.t.since("ReserveAccounts", time.Now())
	return q.Queries.ReserveAccounts(ctx, importID)
}

type timedStore struct {
	importer.Store
	t *timings
}

func (s timedStore) Customers(ctx context.Context, tenantID int64, keys []customer.Keys) ([]customer.Customer, error) {
	defer s.t.since("Customers", time.Now())
	return s.Store.Customers(ctx, tenantID, keys)
}
func (s timedStore) AddRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	defer s.t.since("AddRows", time.Now())
	return s.Store.AddRows(ctx, importID, rows)
}
func (s timedStore) Commit(ctx context.Context, tenantID int64, fn func(q importer.Queries) error) error {
	defer s.t.since("Commit (all)", time.Now())
	return s.Store.Commit(ctx, tenantID, func(q importer.Queries) error { return fn(timedQueries{q, s.t}) })
}

// BenchmarkImportPhases measures where the time of a dry run (its lookups) and of a committed
// import goes, store call by store call. Each iteration checks, then stages and confirms, a
// generated file of CLIENTELE_BENCH_PHASES rows in a fresh database: SQLite, or a new database on
// the PostgreSQL server that CLIENTELE_BENCH_DB=postgres://… names (CLIENTELE_BENCH_PHASES_SEED=N
// stores N customers first; CLIENTELE_BENCH_LOG_MS=N logs PostgreSQL statements slower than N
// ms). For a large file run it once: -bench ImportPhases -benchtime 1x. The metrics are per
// import: the seconds of each phase and of each store call, the calls, and on PostgreSQL the
// write-ahead log each phase wrote and the size of the tables and indexes it filled.
func BenchmarkImportPhases(b *testing.B) {
	var rows int
	if _, err := fmt.Sscan(os.Getenv("CLIENTELE_BENCH_PHASES"), &rows); err != nil || rows <= 0 {
		b.Skip("set CLIENTELE_BENCH_PHASES=ROWS to run")
	}
	dir := b.TempDir()
	path := filepath.Join(dir, "customers.csv")
	g := NewGenerator(Seed)
	if err := writeFile(path, func(w io.Writer) error { return WriteCSV(w, g.Rows(rows)) }); err != nil {
		b.Fatal(err)
	}
	var seeds []*customer.Customer
	if n := os.Getenv("CLIENTELE_BENCH_PHASES_SEED"); n != "" {
		var count int
		if _, err := fmt.Sscan(n, &count); err != nil {
			b.Fatal(err)
		}
		var err error
		if seeds, err = g.Customers(count); err != nil {
			b.Fatal(err)
		}
	}
	var total phases
	total.dryCalls = &timings{d: map[string]time.Duration{}, n: map[string]int{}}
	total.importCalls = &timings{d: map[string]time.Duration{}, n: map[string]int{}}
	for i := 0; b.Loop(); i++ {
		importPhases(b, filepath.Join(dir, fmt.Sprint(i)), path, seeds, &total)
	}
	per := float64(b.N)
	b.ReportMetric(total.dryRun.Seconds()/per, "dry-run-s/op")
	b.ReportMetric(total.stage.Seconds()/per, "stage-s/op")
	b.ReportMetric(total.confirm.Seconds()/per, "confirm-s/op")
	for prefix, tm := range map[string]*timings{"dry-run": total.dryCalls, "import": total.importCalls} {
		for name, d := range tm.d {
			unit := prefix + "-" + strings.NewReplacer(" (", "-", ")", "").Replace(name)
			b.ReportMetric(d.Seconds()/per, unit+"-s/op")
			b.ReportMetric(float64(tm.n[name])/per, unit+"-calls/op")
		}
	}
	if total.measuredWAL {
		b.ReportMetric(total.stageWAL/per, "stage-WAL-MB/op")
		b.ReportMetric(total.confirmWAL/per, "confirm-WAL-MB/op")
		b.ReportMetric(total.tablesMB/per, "tables-MB/op")
		b.ReportMetric(total.indexesMB/per, "indexes-MB/op")
	}
}

// phases adds up what BenchmarkImportPhases measures over its iterations.
type phases struct {
	dryRun, stage, confirm time.Duration
	dryCalls, importCalls  *timings
	measuredWAL            bool
	stageWAL, confirmWAL   float64 // MB
	tablesMB, indexesMB    float64
}

// importPhases runs one iteration of BenchmarkImportPhases in a new database in dir, timing the
// dry run, the stage and the confirm of the file at path, and adds them to total. The database
// is made and dropped with the timer stopped.
func importPhases(b *testing.B, dir, path string, seeds []*customer.Customer, total *phases) {
	b.StopTimer()
	ctx := context.Background()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	db, err := newDB(ctx, os.Getenv("CLIENTELE_BENCH_DB"), dir, "phases")
	if err != nil {
		b.Fatal(err)
	}
	defer db.drop()
	if err := seed(ctx, db.dsn, seeds); err != nil {
		b.Fatal(err)
	}
	if ms := os.Getenv("CLIENTELE_BENCH_LOG_MS"); ms != "" && isPostgres(db.dsn) {
		// Statements slower than this go to the server's log with their duration.
		adm, err := sql.Open("pgx", db.dsn)
		if err != nil {
			b.Fatal(err)
		}
		_, err = adm.ExecContext(ctx, `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET log_min_duration_statement = `+ms+`', current_database()); END $$`)
		adm.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	s, err := sqlstore.Open(ctx, db.dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tn, err := s.Tenant(ctx, benchTenant)
	if err != nil {
		b.Fatal(err)
	}
	wal := newWALMeter(b, db.dsn)
	defer wal.close()
	opt := importer.StageOptions{Mode: customer.ModeCreate, FileName: path, User: "bench"}
	b.StartTimer()

	// The dry run first: its lookups are the only store calls it makes.
	start := time.Now()
	dry := &importer.Importer{Store: timedStore{s, total.dryCalls}}
	if _, err := dry.Check(ctx, tn, path, opt, func(*customer.StagedRow) error { return nil }); err != nil {
		b.Fatal(err)
	}
	total.dryRun += time.Since(start)
	im := &importer.Importer{Store: timedStore{s, total.importCalls}}
	start = time.Now()
	imp, err := im.Stage(ctx, tn, path, opt)
	if err != nil {
		b.Fatal(err)
	}
	total.stage += time.Since(start)
	b.StopTimer()
	total.stageWAL += wal.wrote()
	b.StartTimer()
	start = time.Now()
	if _, err := im.Confirm(ctx, tn, imp.ID, "bench", nil); err != nil {
		b.Fatal(err)
	}
	total.confirm += time.Since(start)
	b.StopTimer()
	total.confirmWAL += wal.wrote()
	if wal.db != nil {
		total.measuredWAL = true
		tables, indexes := wal.sizes()
		total.tablesMB += tables
		total.indexesMB += indexes
	}
	b.StartTimer()
}

// walMeter reports, on PostgreSQL, the write-ahead log an import's steps wrote and the size of
// the tables (with their indexes) they filled. Unlike the timings, these do not depend on how
// busy the machine is: the server writes every byte of the log to disk and fsyncs it at commit,
// so it is a steady measure of what a change to the tables or their indexes saves.
type walMeter struct {
	t    testing.TB
	db   *sql.DB
	last int64
}

func newWALMeter(t testing.TB, dsn string) *walMeter {
	m := &walMeter{t: t}
	if !isPostgres(dsn) {
		return m
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	m.db = db
	m.last = m.lsn()
	return m
}

func (m *walMeter) lsn() int64 {
	var n int64
	if err := m.db.QueryRow(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint`).Scan(&n); err != nil {
		m.t.Fatal(err)
	}
	return n
}

// wrote returns the MB of log written since the last call (0 without PostgreSQL).
func (m *walMeter) wrote() float64 {
	if m.db == nil {
		return 0
	}
	now := m.lsn()
	mb := float64(now-m.last) / 1e6
	m.last = now
	return mb
}

// sizes returns the MB of the tables of over 1 MB and of their indexes, and logs each table's
// size and its indexes' sizes, largest first, and then each index's.
func (m *walMeter) sizes() (tablesMB, indexesMB float64) {
	rows, err := m.db.Query(`SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_total_relation_size(c.oid) > 1000000
		ORDER BY pg_total_relation_size(c.oid) DESC`)
	if err != nil {
		m.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var table, indexes int64
		if err := rows.Scan(&name, &table, &indexes); err != nil {
			m.t.Fatal(err)
		}
		m.t.Logf("%-16s table %6.1f MB, indexes %6.1f MB", name, float64(table)/1e6, float64(indexes)/1e6)
		tablesMB += float64(table) / 1e6
		indexesMB += float64(indexes) / 1e6
	}
	if err := rows.Err(); err != nil {
		m.t.Fatal(err)
	}
	idx, err := m.db.Query(`SELECT i.relname, pg_relation_size(i.oid) FROM pg_class i
		JOIN pg_namespace n ON n.oid = i.relnamespace
		WHERE n.nspname = 'public' AND i.relkind = 'i' AND pg_relation_size(i.oid) > 1000000
		ORDER BY pg_relation_size(i.oid) DESC`)
	if err != nil {
		m.t.Fatal(err)
	}
	defer idx.Close()
	for idx.Next() {
		var name string
		var size int64
		if err := idx.Scan(&name, &size); err != nil {
			m.t.Fatal(err)
		}
		m.t.Logf("  index %-30s %6.1f MB", name, float64(size)/1e6)
	}
	if err := idx.Err(); err != nil {
		m.t.Fatal(err)
	}
	return tablesMB, indexesMB
}

func (m *walMeter) close() {
	if m.db != nil {
		m.db.Close()
	}
}
