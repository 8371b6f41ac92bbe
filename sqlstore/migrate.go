package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"github.com/clientele/clientele/customer"
)

// migrationFiles holds the numbered migrations of each dialect, migrations/sqlite and
// migrations/postgres. Version 1 is the whole schema; a migration is added only to change a
// released schema. Each dialect counts its own versions: a change only one database needs (2:
// PostgreSQL's key collations) is a migration of that dialect alone.
//
//go:embed migrations
var migrationFiles embed.FS

// migrate applies the dialect's pending migrations with goose, each in its own transaction. It
// refuses a database whose version is above the last migration here: its schema is not one this
// code knows, and writing to it could damage it.
func migrate(ctx context.Context, db *sql.DB, d dialect) error {
	p, err := migrations(db, d)
	if err != nil {
		return err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	sources := p.ListSources()
	if last := sources[len(sources)-1].Version; current > last {
		return customer.Errorf(customer.EInvalid,
			"The database's schema version (%d) is newer than this Clientele's (%d); open it with the Clientele that made it.", current, last)
	}
	_, err = p.Up(ctx)
	return err
}

// migrations returns the goose provider of the dialect's migrations.
func migrations(db *sql.DB, d dialect) (*goose.Provider, error) {
	fsys, err := fs.Sub(migrationFiles, "migrations/"+d.name())
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations: %w", err)
	}
	gd, opts, err := d.goose()
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(gd, db, fsys, opts...)
}
