package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/internal/poll"
	"github.com/clientele/clientele/sqlstore"
)

// TestServeKilledDuringConfirm kills `clientele serve` (SIGKILL) while its job commits a large
// import confirmed through the API, restarts it on the same database, and checks what the issue
// promises: the import committed all of its valid rows or none, its state says which (committing
// or committed), nothing half-written is left, and the job, retried, finishes it exactly once; a
// confirm asked again changes nothing. Each database gets a few rounds, each killing at another
// moment after the commit's transaction was seen open.
func TestServeKilledDuringConfirm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 20,000 rows a round")
	}
	bin := buildCLI(t)
	const rows, bad = 20000, 20 // every 20th row has a broken email
	file, valid := writeMixedCSV(t, rows, bad)
	// The first round kills as soon as the commit's transaction opens (while it re-checks the
	// rows); the second the moment the transaction has committed, which measures what a whole
	// commit writes; the third once the commit is seen writing customers (see txWatch.writing)
	// and has written half of that.
	kills := []kill{{}, {committed: true}, {writing: true, share: 0.5}}
	for _, db := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return dbtest.SQLite(t) }},
		{"postgres", func(t *testing.T) string { return dbtest.Postgres(t) }},
	} {
		t.Run(db.name, func(t *testing.T) {
			var none, all, inside int
			var commit time.Duration
			var commitBytes int64
			for i, k := range kills {
				t.Run(fmt.Sprintf("round %d", i+1), func(t *testing.T) {
					k.bytes = int64(k.share * float64(commitBytes))
					r := killServeDuringConfirm(t, bin, db.dsn(t), file, valid, k)
					commit = max(commit, r.commit)
					if k.committed {
						commitBytes = r.wrote
					}
					if r.committed {
						all++
					} else {
						none++
					}
					if r.inside {
						inside++
					}
				})
			}
			t.Logf("%s: a restart commits %d rows within %v; %d kills, %d inside the commit's transaction; after the kill %d had committed nothing and %d everything; every one then committed %d rows exactly once",
				db.name, valid, commit.Round(time.Millisecond), len(kills), inside, none, all, valid)
		})
	}
}

// writeMixedCSV writes n distinct customers, every bad-th with an invalid email, and returns
// the file and how many rows are valid.
func writeMixedCSV(t *testing.T, n, bad int) (string, int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "customers.csv")
	var b strings.Builder
	b.WriteString("First Name,Last Name,Email,Mobile,Postcode,Country\n")
	valid := 0
	for i := 0; i < n; i++ {
		email := fmt.Sprintf("kari.%d@example.no", i)
		if i%bad == bad-1 {
			email = fmt.Sprintf("kari.%d(at)example.no", i)
		} else {
			valid++
		}
		fmt.Fprintf(&b, "Kari,Nordmann %d,%s,+47 4%07d,%04d,NO\n", i, email, i, i%9000+1000)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, valid
}

// server is a running `clientele serve` process.
type server struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	log  *bytes.Buffer
}

const crashOwner, crashPassword = "owner@example.no", "a long enough password"

// startServeWith starts `clientele serve` on dsn on a free port, with env added to its
// environment and args to its flags, and waits until it listens.
func startServeWith(t *testing.T, bin, dsn string, env []string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--db", dsn, "serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(append(os.Environ(), "CLIENTELE_ADMIN_EMAIL="+crashOwner, "CLIENTELE_ADMIN_PASSWORD="+crashPassword), env...)
	s := &server{cmd: cmd, log: &bytes.Buffer{}}
	cmd.Stderr = s.log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "http://"); i >= 0 && strings.Contains(line, "is running at") {
			s.base = strings.TrimSuffix(strings.Fields(line[i:])[0], "/")
			break
		}
	}
	if s.base == "" {
		_ = cmd.Wait()
		t.Fatalf("serve did not start: %s", s.log)
	}
	go io.Copy(io.Discard, stdout)
	return s
}

// api sends a request with the bearer token and decodes a JSON answer into out (when not nil),
// failing the test on any status but want.
func api(t *testing.T, method, url, token string, body io.Reader, contentType string, header http.Header, want int, out any) {
	t.Helper()
	if err := call(method, url, token, body, contentType, header, want, out); err != nil {
		t.Fatal(err)
	}
}

// call is api that says what went wrong instead of stopping the test: for goroutines.
func call(method, url, token string, body io.Reader, contentType string, header http.Header, want int, out any) error {
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s, want %d", method, url, res.StatusCode, b, want)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: %w in %s", method, url, err, b)
		}
	}
	return nil
}

type importJSON struct {
	ID       int64            `json:"id"`
	State    customer.State   `json:"state"`
	Failure  string           `json:"failure"`
	Summary  customer.Summary `json:"summary"`
	Progress struct {
		Phase string `json:"phase"`
		Done  int    `json:"done"`
	} `json:"progress"`
}

// kill says when to kill the server: as the commit's transaction is seen open; with writing,
// once it is seen writing and has written share of what a whole commit writes (bytes; or as
// the transaction ends, should it end first); with committed, as the transaction has ended.
type kill struct {
	writing   bool
	committed bool
	share     float64
	bytes     int64 // share of a whole commit's writes, in bytes
}

func (k kill) String() string {
	switch {
	case k.committed:
		return "as its transaction ended"
	case k.share > 0:
		return fmt.Sprintf("once it had written %.0f%% of a commit (%.1f MB)", 100*k.share, float64(k.bytes)/(1<<20))
	case k.writing:
		return "as its writes began"
	}
	return "as its transaction opened"
}

type killResult struct {
	committed bool          // after the restart, before confirming again
	inside    bool          // the commit's transaction was still open the moment before the kill
	commit    time.Duration // how long confirming again after the restart took: a whole commit
	wrote     int64         // what the server wrote from the confirm to the kill
}

func killServeDuringConfirm(t *testing.T, bin, dsn, file string, valid int, k kill) killResult {
	ctx := context.Background()
	// A job cut off by the kill is worked again 20 s after it began (its time is up).
	env := []string{"CLIENTELE_JOB_TIMEOUT=20s", "CLIENTELE_JOB_LARGE_TIMEOUT=20s", "CLIENTELE_JOB_RESCUE_AFTER=21s"}
	srv := startServeWith(t, bin, dsn, env)
	token := tokenFor(t, bin, dsn)

	// Upload and wait until the rows are staged and checked.
	imp := uploadTo(t, srv.base, token, file)
	id := imp.ID
	if imp = waitState(t, srv.base, token, id, 2*time.Minute, settled); imp.State != customer.StateStaged {
		t.Fatalf("staging: %+v", imp)
	}
	if imp.Summary.New != valid {
		t.Fatalf("staged summary %+v, want %d new", imp.Summary, valid)
	}

	// Confirm, and kill the server once its job's commit transaction is open, after delay.
	watch, err := newTxWatch(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.close()
	// Staging's last progress write may still be landing: start from a quiet database, no
	// write transaction seen on five checks in a row.
	quiet := 0
	if !poll.Until(time.Minute, 20*time.Millisecond, func() bool {
		if busy, err := watch.open(ctx); err != nil {
			t.Fatal(err)
		} else if busy {
			quiet = 0
		} else {
			quiet++
		}
		return quiet == 5
	}) {
		t.Fatal("the database never went quiet after staging")
	}
	written0 := written(t, srv.cmd.Process.Pid)
	key := http.Header{"Idempotency-Key": {fmt.Sprintf("crash-%d", id)}}
	var asked importJSON
	api(t, "POST", fmt.Sprintf("%s/api/imports/%d/confirm", srv.base, id), token, nil, "", key, http.StatusAccepted, &asked)
	if asked.State != customer.StateCommitting {
		t.Fatalf("confirm answered %+v, want the import committing", asked)
	}
	pid := srv.cmd.Process.Pid
	open := func() bool {
		open, err := watch.open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return open
	}
	if !poll.Until(time.Minute, time.Millisecond, open) {
		t.Fatal("the confirm's transaction was never seen open")
	}
	if k.writing && !poll.Until(2*time.Minute, time.Millisecond, func() bool { return watch.writing(ctx, written(t, pid)-written0) }) {
		t.Fatal("the confirm was never seen writing")
	}
	if k.share > 0 && !poll.Until(2*time.Minute, time.Millisecond, func() bool { return written(t, pid)-written0 >= k.bytes || !open() }) {
		t.Fatalf("the confirm never wrote %d bytes", k.bytes)
	}
	if k.committed && !poll.Until(2*time.Minute, time.Millisecond, func() bool { return !open() }) {
		t.Fatal("the confirm's transaction never ended")
	}
	var r killResult
	if r.inside, err = watch.open(ctx); err != nil {
		t.Fatal(err)
	}
	r.wrote = written(t, pid) - written0
	doing := watch.doing(ctx) + fmt.Sprintf(", %.1f MB written since the confirm", float64(r.wrote)/(1<<20))
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.cmd.Wait()
	watch.close()

	// After the kill, before anything else: all or nothing, and the state says which.
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tn, err := st.Tenant(ctx, "default")
	if err != nil {
		t.Fatal(err)
	}
	after, err := st.Import(ctx, tn.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	n := checkNothingHalfWritten(t, dsn, id)
	switch {
	case n == 0 && after.State == customer.StateCommitting:
	case n == valid && after.State == customer.StateCommitted:
		r.committed = true
	default:
		t.Fatalf("after the kill (%v): %d customers, state %s; want 0 and committing, or %d and committed",
			k, n, after.State, valid)
	}
	t.Logf("killed the server %v (transaction still open: %v%s): %d customers, state %s", k, r.inside, doing, n, after.State)

	// Restart: the job, retried, commits every valid row exactly once; a confirm asked again
	// (a retry with the same key, then a plain double click) changes nothing.
	start := time.Now()
	srv = startServeWith(t, bin, dsn, env)
	if imp = waitState(t, srv.base, token, id, 3*time.Minute, func(imp importJSON) bool { return imp.State != customer.StateCommitting }); imp.State != customer.StateCommitted || imp.Summary.New != valid {
		t.Fatalf("after the restart: %+v, want committed with %d new", imp, valid)
	}
	r.commit = time.Since(start)
	for _, h := range []http.Header{key, nil} {
		api(t, "POST", fmt.Sprintf("%s/api/imports/%d/confirm", srv.base, id), token, nil, "", h, http.StatusOK, &imp)
		if imp.State != customer.StateCommitted || imp.Summary.New != valid {
			t.Fatalf("confirm after the restart: %+v, want committed with %d new", imp, valid)
		}
	}
	if n := checkNothingHalfWritten(t, dsn, id); n != valid {
		t.Fatalf("after confirming again: %d customers, want %d", n, valid)
	}
	_ = srv.cmd.Process.Signal(syscall.SIGTERM)
	_ = srv.cmd.Wait()
	return r
}

// checkNothingHalfWritten counts the import's customers straight from the database and fails
// the test unless everything a commit writes is there together or not at all: each customer
// complete (names, email, keys, search text, sort key), one revision and one committed staged
// row (the revision's) per customer, no email, mobile or account number twice.
func checkNothingHalfWritten(t *testing.T, dsn string, importID int64) int {
	t.Helper()
	db := openRaw(t, dsn)
	defer db.Close()
	one := func(query string, args ...any) int {
		t.Helper()
		if strings.HasPrefix(dsn, "postgres") {
			for i := 1; strings.Contains(query, "?"); i++ {
				query = strings.Replace(query, "?", fmt.Sprintf("$%d", i), 1)
			}
		}
		var n int
		if err := db.QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	customers := one(`SELECT count(*) FROM customers`)
	checks := []struct {
		what string
		n    int
	}{
		{"incomplete customers", one(`SELECT count(*) FROM customers WHERE first_name = '' OR last_name = '' OR email = '' OR email_key = '' OR mobile_key = '' OR search_text = '' OR length(sort_key) = 0`)},
		{"customers without their revision", customers - one(`SELECT count(*) FROM revisions WHERE import_id = ? AND created`, importID)},
		// A committed row's customer is its revision's (rowColumns in sqlstore): each created
		// customer's revision must name a staged row of the import.
		{"customers without their committed row", customers - one(`SELECT count(*) FROM revisions v
			JOIN import_rows r ON r.import_id = v.import_id AND r.row_num = v.row_num
			WHERE v.import_id = ? AND v.created AND r.status = 'new'`, importID)},
		{"emails stored twice", customers - one(`SELECT count(DISTINCT email_key) FROM customers`)},
		{"mobiles stored twice", customers - one(`SELECT count(DISTINCT mobile_key) FROM customers`)},
		{"account numbers stored twice", customers - one(`SELECT count(DISTINCT account_number) FROM customers`)},
	}
	for _, c := range checks {
		if c.n != 0 {
			t.Errorf("%d %s (of %d customers)", c.n, c.what, customers)
		}
	}
	return customers
}

// written returns how many bytes the process has written with write(2) and its kind so far
// (/proc/PID/io wchar): files, the SQLite WAL, sockets to PostgreSQL.
func written(t *testing.T, pid int) int64 {
	t.Helper()
	n, ok := wchar(pid)
	if !ok {
		t.Fatalf("no I/O counters for the server (/proc/%d/io)", pid)
	}
	return n
}

// wchar returns the process's wchar from /proc/PID/io; ok is false once the process has ended.
func wchar(pid int) (n int64, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, found := strings.CutPrefix(line, "wchar: "); found {
			_, err := fmt.Sscan(v, &n)
			return n, err == nil
		}
	}
	return 0, false
}

func openRaw(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver, source := "sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)"
	if strings.HasPrefix(dsn, "postgres") {
		driver, source = "pgx", dsn
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// txWatch tells from outside the server whether a write transaction is open on the database:
// on PostgreSQL a backend with a transaction id (the commit locks the tenant's row first, which
// takes one), on SQLite the write lock (BEGIN IMMEDIATE fails at once while another holds it).
// Between staging and the kill the confirm is the only writer.
type txWatch struct {
	db       *sql.DB
	conn     *sql.Conn
	postgres bool
}

func newTxWatch(ctx context.Context, dsn string) (*txWatch, error) {
	w := &txWatch{postgres: strings.HasPrefix(dsn, "postgres")}
	driver, source := "sqlite", "file:"+dsn+"?_pragma=busy_timeout(0)"
	if w.postgres {
		driver, source = "pgx", dsn
	}
	var err error
	if w.db, err = sql.Open(driver, source); err != nil {
		return nil, err
	}
	if w.conn, err = w.db.Conn(ctx); err != nil {
		w.db.Close()
		return nil, err
	}
	return w, nil
}

func (w *txWatch) open(ctx context.Context) (bool, error) {
	if w.postgres {
		var n int
		err := w.conn.QueryRowContext(ctx, `
			SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`).Scan(&n)
		return n > 0, err
	}
	if _, err := w.conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		if strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked") {
			return true, nil
		}
		return false, err
	}
	_, err := w.conn.ExecContext(ctx, `ROLLBACK`)
	return false, err
}

// writing reports whether the confirm is writing customers. On PostgreSQL the transaction's
// statement says so (the account numbers are assigned just before the customers are inserted);
// on SQLite, which cannot be asked, the server has written more than 1 MB (wrote is its write(2)
// bytes since the confirm began): re-checking only reads, and SQLite writes pages to its WAL
// only once the inserted rows overflow its page cache.
func (w *txWatch) writing(ctx context.Context, wrote int64) bool {
	if !w.postgres {
		return wrote > 1<<20
	}
	var n int
	err := w.conn.QueryRowContext(ctx, `
		SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
		AND (query LIKE '%tenant_sequences%' OR query LIKE '%INSERT INTO customers%'
			OR query LIKE '%revisions%' OR query LIKE '%DELETE FROM import_rows%' OR query LIKE '%INSERT INTO import_rows%' OR query LIKE '%UPDATE imports%')`).Scan(&n)
	return err == nil && n > 0
}

// doing describes what the open transaction was running just now, for the test's log: on
// PostgreSQL the start of its statement, on SQLite nothing (it cannot tell).
func (w *txWatch) doing(ctx context.Context) string {
	if !w.postgres {
		return ""
	}
	var query string
	err := w.conn.QueryRowContext(ctx, `
		SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 40) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`).Scan(&query)
	if err != nil {
		return ""
	}
	return ", running " + strings.TrimSpace(query)
}

func (w *txWatch) close() {
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
	if w.db != nil {
		w.db.Close()
		w.db = nil
	}
}
