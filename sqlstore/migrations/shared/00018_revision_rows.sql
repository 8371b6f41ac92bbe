-- A revision names the staged row that wrote it (row_num; 0 for revisions recorded before), and
-- a staged row's customer is read from its import's revision of that row when there is one
-- (rowColumns in rows.go). Confirm then no longer rewrites every created row of import_rows
-- only to store the new customer's id: on 100,000 rows that update took 0.9-1.1 s on PostgreSQL
-- and 1.2-2.0 s on SQLite, for a value the revision holds anyway. The (import_id, row_num) index
-- serves that read and, through its first column, everything the (import_id) index served.

-- +goose Up
ALTER TABLE revisions ADD COLUMN row_num INTEGER NOT NULL DEFAULT 0;
DROP INDEX revisions_import_idx;
CREATE INDEX revisions_import_idx ON revisions (import_id, row_num);

-- +goose Down
DROP INDEX revisions_import_idx;
CREATE INDEX revisions_import_idx ON revisions (import_id);
ALTER TABLE revisions DROP COLUMN row_num;
