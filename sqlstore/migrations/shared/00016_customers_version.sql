-- customers_version counts the transactions that wrote a tenant's customers, from 1; an import
-- keeps the count its rows were checked at (checked_version; 0: not known), so that a
-- confirm that finds the count unchanged knows that no stored customer can match a row that
-- matched none when it was checked, and looks up only the other rows (importer.Confirm).
-- Imports staged before this migration are not known: their confirm looks up every row.

-- +goose Up
ALTER TABLE tenant_sequences ADD COLUMN customers_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE imports ADD COLUMN checked_version BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE imports DROP COLUMN checked_version;
ALTER TABLE tenant_sequences DROP COLUMN customers_version;
