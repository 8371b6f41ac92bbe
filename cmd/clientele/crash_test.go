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
// starts writing customers, and a little later, while the writes are under way: afterwards the
// import has committed all of its rows or none, its state says which, and confirming it again
// commits every row exactly once.
func TestKilledDuringConfirm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 20,000 rows")
	}
	bin := buildCLI(t)
	const rows = 20000
	file := writeCustomersCSV(t, rows)
	for _, delay := range []time.Duration{0, 150 * time.Millisecond, 400 * time.Millisecond} {
		t.Run(fmt.Sprintf("after %v", delay), func(t *testing.T) { killDuringConfirm(t, bin, file, rows, delay) })
	}
}

func killDuringConfirm(t *testing.T, bin, file string, rows int, delay time.Duration) {
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

		// Confirm, and kill the process as soon as it starts writing customers.
		cmd := cli("confirm", fmt.Sprint(id))
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killed := false
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "progress: committing 0/") {
				time.Sleep(delay)
				_ = cmd.Process.Signal(syscall.SIGKILL)
				killed = true
				break
			}
		}
		err = cmd.Wait()
		if !killed {
			t.Fatalf("the confirm ended (%v) before it was seen writing", err)
		}

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
		deadline := time.Now().Add(5 * time.Second)
		for {
			if n, err = s.CountCustomers(ctx, tn.ID); err != nil {
				t.Fatal(err)
			}
			if n == rows || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if imp, err = s.Import(ctx, tn.ID, id); err != nil {
			t.Fatal(err)
		}
		if n != rows || imp.State != customer.StateCommitted || imp.Summary.New != rows {
			t.Fatalf("after confirming again: %d customers, state %s, summary %+v; want %d committed once", n, imp.State, imp.Summary, rows)
		}
	})
}
