package bench

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// StepWrites is the import's own floor, measured after import-csv on PostgreSQL: psql's \copy of
// what that import wrote — its staged rows, the customers it created and their revisions — into
// copies of those three tables with the same indexes, in one transaction. It is what the server
// must do to store the import's result at all, however the rows reach it, so import-csv's ratio
// to the \copy baseline cannot fall below this step's (the baseline's one table has four of the
// customers' six indexes and none of the staged rows' seven or the revisions' three).
const StepWrites = "import-writes"

// writeTables are the tables an import writes, in the order it fills them.
var writeTables = []string{"import_rows", "customers", "revisions"}

// runWrites times StepWrites in dsn, the database import-csv has just run in, in a child process
// as the baseline is (so that psql's peak memory is not the parent's, see runChild). The tables
// are dumped to files beside file (the generated CSV) and the copies made first, untimed; the
// files are removed after.
func runWrites(ctx context.Context, dsn, file string) (StepResult, error) {
	var prepare, timed strings.Builder
	var files []string
	for _, t := range writeTables {
		f := filepath.Join(filepath.Dir(file), "writes_"+t+".copy")
		files = append(files, f)
		fmt.Fprintf(&prepare, "\\copy %s TO %s\nCREATE TABLE floor_%s (LIKE %s INCLUDING ALL);\n", t, sqlString(f), t, t)
		fmt.Fprintf(&timed, "\\copy floor_%s FROM %s\n", t, sqlString(f))
	}
	defer func() {
		for _, f := range files {
			os.Remove(f)
		}
	}()
	if _, err := psqlScript(ctx, dsn, prepare.String()); err != nil {
		return StepResult{}, fmt.Errorf("bench: %s: %w", StepWrites, err)
	}
	start := time.Now()
	ps, err := psqlScript(ctx, dsn, timed.String())
	secs := time.Since(start).Seconds()
	if err != nil {
		return StepResult{}, fmt.Errorf("bench: %s: %w", StepWrites, err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return StepResult{}, fmt.Errorf("bench: %w", err)
	}
	defer db.Close()
	var rows int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM floor_import_rows`).Scan(&rows); err != nil {
		return StepResult{}, fmt.Errorf("bench: %s: %w", StepWrites, err)
	}
	return StepResult{Rows: rows, Seconds: secs, PeakMB: peakMB(ps)}, nil
}

// psqlScript runs script with psql in one transaction (--single-transaction), stopping at the
// first error, and returns psql's process state for its peak memory. The error holds what psql
// printed.
func psqlScript(ctx context.Context, dsn, script string) (*os.ProcessState, error) {
	cmd := exec.CommandContext(ctx, "psql", "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1",
		"-d", dsn, "-f", "-")
	cmd.Stdin = strings.NewReader(script)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("psql: %v: %s", err, strings.TrimSpace(out.String()))
	}
	return cmd.ProcessState, nil
}

// sqlString quotes s as an SQL string literal, as psql's \copy takes a file name.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
