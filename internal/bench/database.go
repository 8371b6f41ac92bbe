package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sqlstore"
)

// isPostgres reports whether dsn names a PostgreSQL server rather than a SQLite file.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// freshDB is one step's empty database: a new SQLite file in dir, or a new database on the
// PostgreSQL server of server. drop removes it.
type freshDB struct {
	dsn  string
	drop func() error
}

func newDB(ctx context.Context, server, dir, name string) (freshDB, error) {
	if !isPostgres(server) {
		path := filepath.Join(dir, name+".db")
		return freshDB{dsn: path, drop: func() error {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
					return err
				}
			}
			return nil
		}}, nil
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return freshDB{}, fmt.Errorf("bench: %w", err)
	}
	var b [4]byte
	rand.Read(b[:])
	db := "clientele_bench_" + hex.EncodeToString(b[:]) + "_" + strings.NewReplacer("-", "_", " ", "_", `\`, "").Replace(name)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+db); err != nil {
		admin.Close()
		return freshDB{}, fmt.Errorf("bench: create database: %w", err)
	}
	u, err := url.Parse(server)
	if err != nil {
		admin.Close()
		return freshDB{}, fmt.Errorf("bench: %w", err)
	}
	u.Path = "/" + db
	return freshDB{dsn: u.String(), drop: func() error {
		defer admin.Close()
		_, err := admin.ExecContext(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)")
		return err
	}}, nil
}

// seedBatch is how many customers one InsertCustomers call stores while seeding.
const seedBatch = 1000

// seed migrates the database, creates the tenant and stores cs in it, in batches.
func seed(ctx context.Context, dsn string, cs []*customer.Customer) error {
	s, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := s.EnsureTenant(ctx, benchTenant, "NO", "en")
	if err != nil {
		return err
	}
	batch := make([]*customer.Customer, 0, seedBatch)
	for lo := 0; lo < len(cs); lo += seedBatch {
		batch = batch[:0]
		for _, c := range cs[lo:min(lo+seedBatch, len(cs))] {
			batch = append(batch, &customer.Customer{Values: c.Values}) // a fresh copy: InsertCustomers sets ids
		}
		if err := s.InsertCustomers(ctx, t.ID, batch); err != nil {
			return fmt.Errorf("bench: seed customers: %w", err)
		}
	}
	return nil
}

// baseBatch is how many customers one InsertCustomers call stores while seeding a large base.
const baseBatch = 20_000

// seedBase migrates the database, creates the tenant and stores n customers from g in it, a batch
// at a time, so that a million are never all in memory; then it has the database gather
// statistics (and on PostgreSQL vacuum), as a base that has grown over time has them.
func seedBase(ctx context.Context, dsn string, g *Generator, n int) error {
	s, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := s.EnsureTenant(ctx, benchTenant, "NO", "en")
	if err != nil {
		return err
	}
	for done := 0; done < n; {
		cs, err := g.Customers(min(baseBatch, n-done))
		if err != nil {
			return err
		}
		if err := s.InsertCustomers(ctx, t.ID, cs); err != nil {
			return fmt.Errorf("bench: seed customers: %w", err)
		}
		done += len(cs)
	}
	// On PostgreSQL a base that has been there a while is vacuumed as well, so that the step
	// does not run beside autovacuum's first pass over a million fresh rows, and the lookups
	// of blocking keys answer from their index alone (no heap fetches), as a shop's would.
	stmt := `ANALYZE`
	if isPostgres(dsn) {
		stmt = `VACUUM ANALYZE`
	}
	if _, err := s.DB().ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("bench: %s: %w", strings.ToLower(stmt), err)
	}
	return nil
}

// copyTable is the baseline's table: the 19 columns as text, and unique indexes on what the
// importer keeps unique (account number, email ignoring case, mobile, name + postcode), so that
// \copy pays for index upkeep as the import does. The mobile and name indexes compare the text as
// written; the importer compares E.164 numbers and folded names, which no index of \copy can.
func copyTable() string {
	var cols []string
	for _, f := range customer.Fields[:customer.TemplateFields] {
		cols = append(cols, f.Key+" text")
	}
	return `CREATE TABLE bench_copy (` + strings.Join(cols, ", ") + `);
CREATE UNIQUE INDEX ON bench_copy (account_number);
CREATE UNIQUE INDEX ON bench_copy (lower(email));
CREATE UNIQUE INDEX ON bench_copy (mobile);
CREATE UNIQUE INDEX ON bench_copy (lower(first_name), lower(last_name), postcode);`
}

func createCopyTable(ctx context.Context, dsn string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, copyTable()); err != nil {
		return fmt.Errorf("bench: create copy table: %w", err)
	}
	return nil
}
