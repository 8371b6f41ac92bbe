-- Each staged row keeps the identity keys of its last check (what the duplicate checks compare)
-- and whether its cells were edited since, so that validating after a few edits in the grid
-- re-checks only the edited rows and the rows sharing a key with them (importer.Validate),
-- instead of the whole import.
--
-- Rows staged before this migration have no keys: the rows of staged imports are marked edited,
-- which makes their next Validate re-check the whole import and fill the keys.

-- +goose Up
ALTER TABLE import_rows ADD COLUMN account_key TEXT NOT NULL DEFAULT '';
ALTER TABLE import_rows ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
ALTER TABLE import_rows ADD COLUMN mobile_key TEXT NOT NULL DEFAULT '';
ALTER TABLE import_rows ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE import_rows ADD COLUMN edited BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE import_rows SET edited = TRUE WHERE import_id IN (SELECT id FROM imports WHERE state = 'staged');

-- Empty keys collide with nothing, so they are left out, as in the customers' unique indexes.
CREATE INDEX import_rows_account_idx ON import_rows (import_id, account_key) WHERE account_key <> '';
CREATE INDEX import_rows_email_idx ON import_rows (import_id, email_key) WHERE email_key <> '';
CREATE INDEX import_rows_mobile_idx ON import_rows (import_id, mobile_key) WHERE mobile_key <> '';
CREATE INDEX import_rows_name_idx ON import_rows (import_id, name_key) WHERE name_key <> '';
CREATE INDEX import_rows_edited_idx ON import_rows (import_id, row_num) WHERE edited;

-- +goose Down
DROP INDEX import_rows_edited_idx;
DROP INDEX import_rows_name_idx;
DROP INDEX import_rows_mobile_idx;
DROP INDEX import_rows_email_idx;
DROP INDEX import_rows_account_idx;
ALTER TABLE import_rows DROP COLUMN edited;
ALTER TABLE import_rows DROP COLUMN name_key;
ALTER TABLE import_rows DROP COLUMN mobile_key;
ALTER TABLE import_rows DROP COLUMN email_key;
ALTER TABLE import_rows DROP COLUMN account_key;
