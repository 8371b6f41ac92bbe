package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/internal/poll"
)

// Several `clientele serve` processes on one database, each with its own temporary folder, as
// two machines behind a load balancer have: what they share is the database alone.

// startServeEnv starts `clientele serve` as startServe does, with a temporary folder of its own
// and env added to its environment.
func startServeEnv(t *testing.T, bin, dsn string, env ...string) *server {
	t.Helper()
	return startServeWith(t, bin, dsn, append([]string{"TMPDIR=" + t.TempDir()}, env...))
}

// tokenFor makes an API token of the first owner (made by the first serve) on dsn.
func tokenFor(t *testing.T, bin, dsn string) string {
	t.Helper()
	out, err := exec.Command(bin, "--db", dsn, "token", "create", "--email", crashOwner).Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// uploadTo posts the file at path to /api/imports of base and returns the created import.
func uploadTo(t *testing.T, base, token, path string) importJSON {
	t.Helper()
	imp, err := upload(base, token, path)
	if err != nil {
		t.Fatal(err)
	}
	return imp
}

// upload is uploadTo for goroutines.
func upload(base, token, path string) (importJSON, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("mode", "create")
	fw, _ := mw.CreateFormFile("file", filepath.Base(path))
	data, err := os.ReadFile(path)
	if err != nil {
		return importJSON{}, err
	}
	fw.Write(data)
	mw.Close()
	var imp importJSON
	err = call("POST", base+"/api/imports", token, &body, mw.FormDataContentType(), nil, http.StatusCreated, &imp)
	return imp, err
}

// waitState waits until the import, read through base, is in a state done accepts.
func waitState(t *testing.T, base, token string, id int64, within time.Duration, done func(importJSON) bool) importJSON {
	t.Helper()
	imp, err := awaitState(base, token, id, within, done)
	if err != nil {
		t.Fatal(err)
	}
	return imp
}

// awaitState is waitState for goroutines.
func awaitState(base, token string, id int64, within time.Duration, done func(importJSON) bool) (importJSON, error) {
	var imp importJSON
	var err error
	if !poll.Until(within, 20*time.Millisecond, func() bool {
		err = call("GET", fmt.Sprintf("%s/api/imports/%d", base, id), token, nil, "", nil, http.StatusOK, &imp)
		return err != nil || done(imp)
	}) {
		return imp, fmt.Errorf("import %d after %v: %+v", id, within, imp)
	}
	return imp, err
}

func settled(imp importJSON) bool { return imp.State != customer.StateChecking }

// checking says the import's file is being read or checked: its job has started.
func checking(imp importJSON) bool {
	return imp.State == customer.StateChecking && imp.Progress.Done > 0 || settled(imp)
}

// eachDatabase runs fn on a SQLite file and on PostgreSQL, two processes sharing either.
func eachDatabase(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, dbtest.SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, dbtest.Postgres(t)) })
}

// TestMappingOnAnotherServer: a file that needs the mapping step, uploaded to one server, is
// mapped and checked through the other: the file waits in the database, not on a disk.
func TestMappingOnAnotherServer(t *testing.T) {
	bin := buildCLI(t)
	eachDatabase(t, func(t *testing.T, dsn string) {
		a := startServeEnv(t, bin, dsn)
		b := startServeEnv(t, bin, dsn)
		token := tokenFor(t, bin, dsn)
		path := filepath.Join(t.TempDir(), "contacts.csv")
		if err := os.WriteFile(path, []byte("Given name;Family;Contact;Cell phone;Zip\nOla;Nordmann;ola@example.no;+47 912 34 567;0150\nKari;Berg;kari@example.no;+47 412 34 567;5003\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		imp := uploadTo(t, a.base, token, path)
		if imp.State != customer.StateMapping {
			t.Fatalf("uploaded: %+v, want it waiting for its mapping", imp)
		}
		var answer struct {
			Columns []struct{ Header string }
		}
		api(t, "GET", fmt.Sprintf("%s/api/imports/%d/mapping", b.base, imp.ID), token, nil, "", nil, http.StatusOK, &answer)
		if len(answer.Columns) != 5 {
			t.Fatalf("the other server previews %d columns, want 5", len(answer.Columns))
		}
		m := `{"map": {"Given name": "first_name", "Family": "last_name", "Contact": "email", "Cell phone": "mobile", "Zip": "postcode"}}`
		api(t, "POST", fmt.Sprintf("%s/api/imports/%d/mapping", b.base, imp.ID), token, strings.NewReader(m), "application/json", nil, http.StatusOK, nil)
		got := waitState(t, a.base, token, imp.ID, time.Minute, settled)
		if got.State != customer.StateStaged || got.Summary.New != 2 {
			t.Fatalf("mapped on the other server: %+v", got)
		}
	})
}

// TestServeKilledWhileChecking kills (SIGKILL) the server whose job is checking an upload: the
// other server takes the job over once its time is up, and the import reaches staged with every
// row of the file, without a new upload.
func TestServeKilledWhileChecking(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and waits for a killed job to be rescued")
	}
	bin := buildCLI(t)
	const rows = 30000
	file := writeCustomersCSV(t, rows)
	// A job not finished 15 s after it began is taken to have lost its process.
	env := []string{"CLIENTELE_JOB_TIMEOUT=15s", "CLIENTELE_JOB_LARGE_TIMEOUT=15s", "CLIENTELE_JOB_RESCUE_AFTER=16s"}
	eachDatabase(t, func(t *testing.T, dsn string) {
		// Only a works jobs until it is killed; b works none until then.
		a := startServeEnv(t, bin, dsn, env...)
		token := tokenFor(t, bin, dsn)
		imp := uploadTo(t, a.base, token, file)
		if got := waitState(t, a.base, token, imp.ID, time.Minute, checking); got.State != customer.StateChecking {
			t.Fatalf("the check ended before the kill: %+v", got)
		}
		if err := a.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = a.cmd.Wait()
		b := startServeEnv(t, bin, dsn, env...)
		got := waitState(t, b.base, token, imp.ID, 3*time.Minute, settled)
		if got.State != customer.StateStaged || got.Summary.Rows != rows || got.Summary.New != rows {
			t.Fatalf("after the kill: %+v, want staged with %d new rows", got, rows)
		}
		var page struct{ Total int }
		api(t, "GET", fmt.Sprintf("%s/api/imports/%d/rows?limit=1", b.base, imp.ID), token, nil, "", nil, http.StatusOK, &page)
		if page.Total != rows {
			t.Errorf("%d staged rows, want the file's %d", page.Total, rows)
		}
	})
}

// TestServeStoppedWhileChecking stops (SIGTERM, as a rolling deploy does) the server whose job
// is checking an upload: it exits promptly, handing the job back, and the other server finishes
// it.
func TestServeStoppedWhileChecking(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	const rows = 30000
	file := writeCustomersCSV(t, rows)
	eachDatabase(t, func(t *testing.T, dsn string) {
		// a lets a running job go on for a moment only when it stops, so that this one is
		// handed back rather than finished.
		a := startServeEnv(t, bin, dsn, "CLIENTELE_JOB_STOP_WITHIN=100ms")
		token := tokenFor(t, bin, dsn)
		imp := uploadTo(t, a.base, token, file)
		if got := waitState(t, a.base, token, imp.ID, time.Minute, checking); got.State != customer.StateChecking {
			t.Fatalf("the check ended before the stop: %+v", got)
		}
		b := startServeEnv(t, bin, dsn)
		stopped := time.Now()
		if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := a.cmd.Wait(); err != nil {
			t.Fatalf("the stopped server exited with %v: %s", err, a.log)
		}
		if d := time.Since(stopped); d > 30*time.Second {
			t.Errorf("the stopped server took %v to exit", d)
		}
		got := waitState(t, b.base, token, imp.ID, 2*time.Minute, settled)
		if got.State != customer.StateStaged || got.Summary.Rows != rows {
			t.Fatalf("after the stop: %+v, want staged with %d rows", got, rows)
		}
	})
}

// TestTenantsAtOnce: five shops upload and confirm at the same time, through both servers; every
// import is committed, and no request fails.
func TestTenantsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	file := writeCustomersCSV(t, 2000)
	dsn := dbtest.Postgres(t)
	servers := []*server{startServeEnv(t, bin, dsn), startServeEnv(t, bin, dsn)}
	tokens := make([]string, 5)
	for i := range tokens {
		slug := fmt.Sprintf("shop-%d", i)
		email := fmt.Sprintf("manager@%s.no", slug)
		for _, args := range [][]string{
			{"tenant", "add", slug, "--country", "NO"},
			{"--tenant", slug, "user", "add", "--email", email, "--role", "manager", "--password-stdin"},
		} {
			cmd := exec.Command(bin, append([]string{"--db", dsn}, args...)...)
			cmd.Stdin = strings.NewReader(crashPassword + "\n")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, out)
			}
		}
		out, err := exec.Command(bin, "--db", dsn, "--tenant", slug, "token", "create", "--email", email).Output()
		if err != nil {
			t.Fatalf("token create: %v", err)
		}
		tokens[i] = strings.TrimSpace(string(out))
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(tokens))
	for i, token := range tokens {
		wg.Go(func() {
			up, confirm := servers[i%2], servers[(i+1)%2]
			if err := uploadAndConfirm(up.base, confirm.base, token, file, 2000); err != nil {
				errs <- fmt.Errorf("shop %d: %w", i, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// uploadAndConfirm uploads the file through one server and confirms it through the other,
// waiting for each job, and says what went wrong: any answer but the expected, or an import that
// does not end committed with want new customers. It is for goroutines, where a test must not
// stop.
func uploadAndConfirm(upBase, confirmBase, token, path string, want int) error {
	imp, err := upload(upBase, token, path)
	if err != nil {
		return err
	}
	if imp, err = awaitState(confirmBase, token, imp.ID, 2*time.Minute, settled); err != nil {
		return err
	}
	if imp.State != customer.StateStaged {
		return fmt.Errorf("checked: %+v", imp)
	}
	if err := call("POST", fmt.Sprintf("%s/api/imports/%d/confirm", confirmBase, imp.ID), token, nil, "", nil, http.StatusAccepted, &imp); err != nil {
		return err
	}
	imp, err = awaitState(confirmBase, token, imp.ID, 2*time.Minute, func(imp importJSON) bool { return imp.State != customer.StateCommitting })
	if err != nil {
		return err
	}
	if imp.State != customer.StateCommitted || imp.Summary.New != want {
		return fmt.Errorf("confirmed: %+v", imp)
	}
	return nil
}

// TestWorkerWithoutHTTP: a server run with --workers 0 serves the page and leaves its uploads'
// jobs waiting in the queue; `clientele worker` works them.
func TestWorkerWithoutHTTP(t *testing.T) {
	bin := buildCLI(t)
	dsn := dbtest.Postgres(t)
	srv := startServeWith(t, bin, dsn, []string{"TMPDIR=" + t.TempDir()}, "--workers", "0")
	token := tokenFor(t, bin, dsn)
	file := writeCustomersCSV(t, 100)
	imp := uploadTo(t, srv.base, token, file)
	res, err := http.Get(srv.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(metrics), `clientele_jobs_waiting{queue="small"} 1`) {
		t.Fatalf("after the upload, no check waits in the queue:\n%s", metrics)
	}

	worker := exec.Command(bin, "--db", dsn, "worker", "--workers", "1")
	worker.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	var log bytes.Buffer
	worker.Stdout, worker.Stderr = &log, &log
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = worker.Process.Signal(syscall.SIGTERM)
		_ = worker.Wait()
	})
	got := waitState(t, srv.base, token, imp.ID, time.Minute, settled)
	if got.State != customer.StateStaged || got.Summary.New != 100 {
		t.Fatalf("after the worker started: %+v\n%s", got, log.String())
	}
}
