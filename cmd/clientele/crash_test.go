package main

import (
	"bufio"
	"context"
	"fmt"
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

// buildCLI compiles the command once per test into a temp folder: crash tests kill a real
// process, which an in-process run() cannot show.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "clientele")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeCustomersCSV writes n valid, distinct customers.
func writeCustomersCSV(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "many.csv")
	var b strings.Builder
	b.WriteString("First Name,Last Name,Email,Mobile,Postcode,Country\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Kari,Nordmann %d,kari.%d@example.no,+47 4%07d,%04d,NO\n", i, i, i, i%9000+1000)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestKilledDuringConfirm kills the process (SIGKILL) while it commits a large import — as it
// starts the commit, and once it has written 1 MB and 8 MB, while the writes are under way (a
// commit of these rows writes about 16 MB to PostgreSQL and 70 MB to SQLite's log): afterwards
// the import has committed all of its rows or none, its state says which, and confirming it
// again commits every row exactly once.
func TestKilledDuringConfirm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 20,000 rows")
	}
	bin := buildCLI(t)
	const rows = 20000
	file := writeCustomersCSV(t, rows)
	for _, afterMB := range []int64{0, 1, 8} {
		t.Run(fmt.Sprintf("after %d MB written", afterMB), func(t *testing.T) { killDuringConfirm(t, bin, file, rows, afterMB<<20) })
	}
}

// killDuringConfirm stages file, confirms it and kills the confirm once it has written after
// bytes since its commit began (or, should the commit end first, after it).
func killDuringConfirm(t *testing.T, bin, file string, rows int, after int64) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		cli := func(args ...string) *exec.Cmd {
			cmd := exec.Command(bin, append([]string{"--db", dsn}, args...)...)
			cmd.Env = append(os.Environ(), "CLIENTELE_PROGRESS=plain")
			return cmd
		}
		// Stage without committing (no terminal, no --yes).
		out, err := cli("import", file).CombinedOutput()
		if err != nil {
			t.Fatalf("stage: %v\n%s", err, out)
		}
		var id int64
		if i := strings.Index(string(out), "clientele confirm "); i < 0 {
			t.Fatalf("no import id in %q", out)
		} else if _, err := fmt.Sscanf(string(out[i:]), "clientele confirm %d", &id); err != nil {
			t.Fatal(err)
		}

		// Confirm, and kill the process once its commit has begun and written after bytes.
		cmd := cli("confirm", fmt.Sprint(id))
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		committing := false
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "progress: committing 0/") {
				committing = true
				break
			}
		}
		// The rest of stderr is not read: Wait may run now, and says when the process ends.
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		if !committing {
			t.Fatalf("the confirm ended (%v) before it was seen writing", <-exited)
		}
		start, _ := wchar(cmd.Process.Pid)
		if !poll.Until(2*time.Minute, time.Millisecond, func() bool {
			select {
			case err := <-exited:
				exited <- err
				return true // the commit ended first: the kill comes after it
			default:
			}
			n, _ := wchar(cmd.Process.Pid)
			return n-start >= after
		}) {
			t.Fatalf("the confirm never wrote %d bytes", after)
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-exited

		ctx := context.Background()
		s, err := sqlstore.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		tn, err := s.Tenant(ctx, "default")
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.CountCustomers(ctx, tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		imp, err := s.Import(ctx, tn.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case n == 0 && imp.State == customer.StateStaged:
		case n == rows && imp.State == customer.StateCommitted:
			t.Logf("the kill came after the commit")
		default:
			t.Fatalf("after the kill: %d customers, state %s; want 0 and staged, or %d and committed", n, imp.State, rows)
		}

		// Confirm again, twice: every row once.
		for range 2 {
			if out, err := cli("confirm", fmt.Sprint(id)).CombinedOutput(); err != nil {
				t.Fatalf("confirm again: %v\n%s", err, out)
			}
		}
		if n, err = s.CountCustomers(ctx, tn.ID); err != nil {
			t.Fatal(err)
		}
		if imp, err = s.Import(ctx, tn.ID, id); err != nil {
			t.Fatal(err)
		}
		if n != rows || imp.State != customer.StateCommitted || imp.Summary.New != rows {
			t.Fatalf("after confirming again: %d customers, state %s, summary %+v; want %d committed once", n, imp.State, imp.Summary, rows)
		}
	})
}
