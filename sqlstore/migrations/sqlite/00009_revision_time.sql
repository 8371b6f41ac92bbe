-- Undo puts an updated customer back as it was, its updated_at included: each revision keeps
-- when the customer had last changed before the import. NULL for created customers, and for
-- revisions recorded before this migration (undo then stamps the time of the undo).
-- Types as in 00001: TEXT times on SQLite.

-- +goose Up
ALTER TABLE revisions ADD COLUMN before_updated_at TEXT;

-- +goose Down
ALTER TABLE revisions DROP COLUMN before_updated_at;
