package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrationFiles holds the numbered migrations: migrations/shared for SQL both databases accept,
// migrations/sqlite and migrations/postgres for what differs (mostly CREATE TABLE: id and time
// types). A version number is used once across the three folders. Go migrations, for what SQL
// cannot compute, are registered in migrate and take version numbers of their own.
//
//go:embed migrations
var migrationFiles embed.FS

// migrate applies the dialect's pending migrations with goose, each in its own transaction. On
// PostgreSQL an advisory lock keeps two processes starting at once from migrating together.
func migrate(ctx context.Context, db *sql.DB, d dialect) error {
	p, err := migrations(db, d)
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// migrations returns the goose provider of the dialect's migrations, SQL and Go.
func migrations(db *sql.DB, d dialect) (*goose.Provider, error) {
	fsys, err := migrationsFor(d.name)
	if err != nil {
		return nil, err
	}
	gd := goose.DialectSQLite3
	opts := []goose.ProviderOption{goose.WithGoMigrations(fillSearchText(d), addSortKey(d))}
	if d.postgres() {
		gd = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(gd, db, fsys, opts...)
}

// migrationsFor returns the migrations of one dialect: the shared files and the dialect's own,
// as one flat folder, the way goose reads them.
func migrationsFor(dialectName string) (fs.FS, error) {
	shared, err := fs.Sub(migrationFiles, "migrations/shared")
	if err != nil {
		return nil, err
	}
	own, err := fs.Sub(migrationFiles, "migrations/"+dialectName)
	if err != nil {
		return nil, err
	}
	return unionFS{own, shared}, nil
}

// unionFS overlays flat file systems: Open takes the first that has the name, ReadDir lists them
// all. A name in two layers is an error, so a dialect file cannot shadow a shared one by mistake.
type unionFS []fs.FS

func (u unionFS) Open(name string) (fs.File, error) {
	if name == "." {
		// goose only lists and reads files; a directory handle is never needed.
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.ErrUnsupported}
	}
	for _, f := range u {
		file, err := f.Open(name)
		if err == nil {
			return file, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (u unionFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	var all []fs.DirEntry
	seen := map[string]bool{}
	for _, f := range u {
		entries, err := fs.ReadDir(f, ".")
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if seen[e.Name()] {
				return nil, fmt.Errorf("sqlstore: migration %s is both shared and dialect-specific", e.Name())
			}
			seen[e.Name()] = true
			all = append(all, e)
		}
	}
	slices.SortFunc(all, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return all, nil
}
