package importer_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/sqlstore"
)

// today is the tests' clock: fixed, so that "not in the future" has a known boundary
// (16.06.2024 is tomorrow).
var today = time.Date(2024, 6, 15, 12, 0, 0, 0, time.UTC)

// header is the template's header row as a Norwegian Excel writes it to CSV (";").
var header = func() string {
	h := make([]string, len(customer.Fields))
	for i, f := range customer.Fields {
		h[i] = f.Header
	}
	return strings.Join(h, ";")
}()

// openStore opens the test's database, closed when the test ends. Its job engine is a table the
// test reads itself (queued): a job is there if, and only if, the change that enqueued it
// committed.
func openStore(t *testing.T, dsn string) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.DB().ExecContext(ctx, `CREATE TABLE IF NOT EXISTS test_jobs (job TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	s.SetJobs(func(ctx context.Context, tx *sql.Tx, job importer.Job) error {
		b, err := json.Marshal(job)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO test_jobs (job) VALUES ('`+strings.ReplaceAll(string(b), "'", "''")+`')`)
		return err
	})
	return s
}

// queued takes the jobs enqueued on the store so far, oldest first.
func queued(t testing.TB, s *sqlstore.Store) []importer.Job {
	t.Helper()
	ctx := context.Background()
	rs, err := s.DB().QueryContext(ctx, `SELECT job FROM test_jobs`)
	if err != nil {
		t.Fatal(err)
	}
	var out []importer.Job
	for rs.Next() {
		var b string
		var job importer.Job
		if err := rs.Scan(&b); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(b), &job); err != nil {
			t.Fatal(err)
		}
		out = append(out, job)
	}
	if err := rs.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `DELETE FROM test_jobs`); err != nil {
		t.Fatal(err)
	}
	return out
}

// work runs the jobs enqueued on the shop's store, as a job engine would, failing the test on a
// job's error.
func (sh *shop) work() {
	sh.t.Helper()
	for _, job := range queued(sh.t, sh.s) {
		if err := sh.im.Run(context.Background(), job); err != nil {
			sh.t.Fatalf("job %s of import %d: %v", job.Kind, job.ImportID, err)
		}
	}
}

// shop is one tenant in a store, with an importer on a fixed clock: each subtest gets its own,
// so that subtests share a database but never see each other's customers.
type shop struct {
	t  *testing.T
	s  *sqlstore.Store
	im *importer.Importer
	tn customer.Tenant
}

var shops atomic.Int64

// newShop creates a tenant whose default country is country (Norwegian locale).
func newShop(t *testing.T, s *sqlstore.Store, country string) *shop {
	t.Helper()
	tn := customer.Tenant{Slug: fmt.Sprintf("butikk-%d", shops.Add(1)), Name: t.Name(), Country: country, Language: "nb"}
	if err := s.CreateTenant(context.Background(), &tn); err != nil {
		t.Fatalf("CreateTenant: %v", err)
	}
	return &shop{t: t, s: s, im: &importer.Importer{Store: s, Now: func() time.Time { return today }}, tn: tn}
}

// on returns the same shop seen through another store (another server process).
func (sh *shop) on(s *sqlstore.Store) *shop {
	return &shop{t: sh.t, s: s, im: &importer.Importer{Store: s, Now: sh.im.Now}, tn: sh.tn}
}

// stage stages the file at path (a name in testdata/ or a full path).
func (sh *shop) stage(path string, mode customer.Mode) customer.Import {
	sh.t.Helper()
	return sh.restage(path, mode, 0)
}

// restage stages the file at path into a new import (id 0), or uploads it again into import id
// and works the check that asks for.
func (sh *shop) restage(path string, mode customer.Mode, id int64) customer.Import {
	sh.t.Helper()
	ctx := context.Background()
	if !filepath.IsAbs(path) {
		path = filepath.Join("testdata", path)
	}
	if id != 0 {
		up := importer.Upload{Path: path, FileName: filepath.Base(path), Mode: mode, User: "kari@sykkelbutikken.no"}
		if _, err := sh.im.Reupload(ctx, sh.tn, id, up); err != nil {
			sh.t.Fatalf("Reupload %s: %v", path, err)
		}
		sh.work()
		imp, err := sh.im.Import(ctx, sh.tn, id)
		if err != nil {
			sh.t.Fatal(err)
		}
		return imp
	}
	opt := stageOpts(mode, id)
	opt.FileName = filepath.Base(path)
	imp, err := sh.im.Stage(ctx, sh.tn, path, opt)
	if err != nil {
		sh.t.Fatalf("Stage %s: %v", path, err)
	}
	return imp
}

// stageOpts returns the options the tests stage with: a file uploaded by the shop's manager into
// import id (0: a new import).
func stageOpts(mode customer.Mode, id int64) importer.StageOptions {
	return importer.StageOptions{Mode: mode, FileName: "kunder.csv", User: "kari@sykkelbutikken.no", ImportID: id}
}

// rows returns all staged rows of an import.
func (sh *shop) rows(id int64) []customer.StagedRow {
	sh.t.Helper()
	rows, total, err := sh.im.Rows(context.Background(), sh.tn, id, customer.RowFilter{}, 0, 0)
	if err != nil {
		sh.t.Fatalf("Rows: %v", err)
	}
	if total != len(rows) {
		sh.t.Fatalf("Rows: total %d for %d rows", total, len(rows))
	}
	return rows
}

// confirm confirms an import and fails the test on an error.
func (sh *shop) confirm(id int64) customer.Import {
	sh.t.Helper()
	imp, err := sh.im.Confirm(context.Background(), sh.tn, id, "kari@sykkelbutikken.no", nil)
	if err != nil {
		sh.t.Fatalf("Confirm: %v", err)
	}
	if imp.State != customer.StateCommitted {
		sh.t.Fatalf("Confirm: state %s, want committed", imp.State)
	}
	return imp
}

// load stages files in create mode and confirms them, failing unless every row is new: the
// customers a test starts from.
func (sh *shop) load(files ...string) {
	sh.t.Helper()
	for _, f := range files {
		imp := sh.stage(f, customer.ModeCreate)
		if imp.Summary.New != imp.Summary.Rows || imp.Summary.Rows == 0 {
			sh.t.Fatalf("loading %s: %+v, want every row new; rows: %+v", f, imp.Summary, sh.rows(imp.ID))
		}
		sh.confirm(imp.ID)
	}
}

// customers returns the tenant's customers, in account-number order.
func (sh *shop) customers() []customer.Customer {
	sh.t.Helper()
	var cs []customer.Customer
	err := sh.s.AllCustomers(context.Background(), sh.tn.ID, func(c customer.Customer) error {
		cs = append(cs, c)
		return nil
	})
	if err != nil {
		sh.t.Fatalf("AllCustomers: %v", err)
	}
	return cs
}

// customer returns the stored customer whose field has value v (compared as stored).
func (sh *shop) customer(field int, v string) customer.Customer {
	sh.t.Helper()
	var found []customer.Customer
	for _, c := range sh.customers() {
		if c.Values[field] == v {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		sh.t.Fatalf("%d customers with %s %q, want 1: %+v", len(found), customer.Fields[field].Key, v, found)
	}
	return found[0]
}

// want is what one staged row should be: its status and every error it carries, each as
// "field:code" (order does not matter).
type want struct {
	status customer.Status
	errs   []string
}

// checkRows compares staged rows with want by spreadsheet row number: the same rows, each with
// the status and exactly the errors wanted, every error naming its column by header and reading
// as a sentence.
func checkRows(t *testing.T, rows []customer.StagedRow, wants map[int]want) {
	t.Helper()
	var got, wanted []int
	for _, r := range rows {
		got = append(got, r.Row)
	}
	for n := range wants {
		wanted = append(wanted, n)
	}
	slices.Sort(wanted)
	if !slices.Equal(got, wanted) {
		t.Errorf("row numbers %v, want %v", got, wanted)
	}
	for _, r := range rows {
		w, ok := wants[r.Row]
		if !ok {
			continue
		}
		if r.Status != w.status {
			t.Errorf("row %d: status %s, want %s (errors %v)", r.Row, r.Status, w.status, problems(r.Errors))
		}
		if g := problems(r.Errors); !slices.Equal(g, sorted(w.errs)) {
			t.Errorf("row %d: errors %v, want %v", r.Row, g, sorted(w.errs))
		}
		for _, p := range r.Errors {
			i := customer.FieldByKey(p.Field)
			if i < 0 || p.Column != customer.Fields[i].Header {
				t.Errorf("row %d: error %+v names no catalogue column", r.Row, p)
			}
			if !strings.HasSuffix(p.Message, ".") || len(p.Message) < 20 {
				t.Errorf("row %d: error message %q is not a sentence", r.Row, p.Message)
			}
		}
	}
}

// problems returns ps as sorted "field:code" strings.
func problems(ps []customer.Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Field+":"+string(p.Code))
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	slices.Sort(out)
	return out
}

// rowNum returns the staged row with spreadsheet row number n.
func rowNum(t *testing.T, rows []customer.StagedRow, n int) customer.StagedRow {
	t.Helper()
	for _, r := range rows {
		if r.Row == n {
			return r
		}
	}
	t.Fatalf("no row %d among %d rows", n, len(rows))
	return customer.StagedRow{}
}

// problem returns the row's error with the given code.
func problem(t *testing.T, r customer.StagedRow, code customer.Code) customer.Problem {
	t.Helper()
	for _, p := range r.Errors {
		if p.Code == code {
			return p
		}
	}
	t.Fatalf("row %d has no %s error: %+v", r.Row, code, r.Errors)
	return customer.Problem{}
}

// csvFile writes a semicolon CSV, UTF-8 with a BOM and CR LF line ends as Excel's "CSV UTF-8"
// writes it, of the template's header and the given rows (cells by field key), and returns its
// path.
func csvFile(t *testing.T, name string, rows ...map[string]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("\ufeff" + header + "\r\n")
	for _, r := range rows {
		cells := make([]string, len(customer.Fields))
		for k, v := range r {
			i := customer.FieldByKey(k)
			if i < 0 {
				t.Fatalf("csvFile: no field %q", k)
			}
			if strings.ContainsAny(v, ";\"\r\n") {
				v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
			cells[i] = v
		}
		b.WriteString(strings.Join(cells, ";") + "\r\n")
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// lineDiffs lists, a line each, the places where got and want differ, index by index: "i: got
// g, want w".
func lineDiffs(got, want []string) []string {
	var out []string
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			out = append(out, fmt.Sprintf("%d:\n  got  %s\n  want %s", i, g, w))
		}
	}
	return out
}
