-- On PostgreSQL the four key indexes of import_rows become hash indexes on the key alone. They
-- serve one query, RowsByKeys (a re-check of edited rows finding the rows that share a key), which
-- compares keys for equality only; and a B-tree entry of (import_id, text key) inserted at a
-- random place was most of staging's index work. INSERT … SELECT of 100,000 staged rows:
-- 1.7-2.0 s with the four B-trees, 1.1-1.5 s with four hash indexes, 0.66 s with neither.
--
-- The import is not in the index: RowsByKeys filters the rows the key finds by import
-- (`import_id + 0`, so that the planner does not also scan the import's rows in another index to
-- intersect them — on a table no statistics describe yet it did, reading all 100,000). The rows of
-- other imports with the same key, a few per key, are read and left out.
--
-- SQLite keeps its B-trees (it has no hash index); see sqlite/00020.

-- +goose Up
DROP INDEX import_rows_account_idx;
DROP INDEX import_rows_email_idx;
DROP INDEX import_rows_mobile_idx;
DROP INDEX import_rows_name_idx;
CREATE INDEX import_rows_account_idx ON import_rows USING hash (account_key) WHERE account_key <> '';
CREATE INDEX import_rows_email_idx ON import_rows USING hash (email_key) WHERE email_key <> '';
CREATE INDEX import_rows_mobile_idx ON import_rows USING hash (mobile_key) WHERE mobile_key <> '';
CREATE INDEX import_rows_name_idx ON import_rows USING hash (name_key) WHERE name_key <> '';

-- +goose Down
DROP INDEX import_rows_name_idx;
DROP INDEX import_rows_mobile_idx;
DROP INDEX import_rows_email_idx;
DROP INDEX import_rows_account_idx;
CREATE INDEX import_rows_account_idx ON import_rows (import_id, account_key) WHERE account_key <> '';
CREATE INDEX import_rows_email_idx ON import_rows (import_id, email_key) WHERE email_key <> '';
CREATE INDEX import_rows_mobile_idx ON import_rows (import_id, mobile_key) WHERE mobile_key <> '';
CREATE INDEX import_rows_name_idx ON import_rows (import_id, name_key) WHERE name_key <> '';
