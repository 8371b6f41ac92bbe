-- Indexes and unique constraints, the same on both databases.
--
-- The unique indexes on customers are the last line of defence against duplicates: the importer
-- checks keys before it writes, and commits of one tenant are serialised, but a constraint holds
-- whatever the code above it does. Empty keys are left out (partial indexes), since a customer
-- without an email or mobile collides with no one.

-- +goose Up
CREATE UNIQUE INDEX tenants_slug_uq ON tenants (slug);

CREATE UNIQUE INDEX customers_account_uq ON customers (tenant_id, account_number);
CREATE UNIQUE INDEX customers_email_uq ON customers (tenant_id, email_key) WHERE email_key <> '';
CREATE UNIQUE INDEX customers_mobile_uq ON customers (tenant_id, mobile_key) WHERE mobile_key <> '';
CREATE UNIQUE INDEX customers_name_uq ON customers (tenant_id, name_key) WHERE name_key <> '';

CREATE INDEX imports_tenant_idx ON imports (tenant_id, created_at);

-- The grid's "errors only" filter pages through one status of one import in row order.
CREATE INDEX import_rows_status_idx ON import_rows (import_id, status, row_num);

CREATE INDEX revisions_import_idx ON revisions (import_id);
CREATE INDEX revisions_customer_idx ON revisions (customer_id);

-- +goose Down
DROP INDEX revisions_customer_idx;
DROP INDEX revisions_import_idx;
DROP INDEX import_rows_status_idx;
DROP INDEX imports_tenant_idx;
DROP INDEX customers_name_uq;
DROP INDEX customers_mobile_uq;
DROP INDEX customers_email_uq;
DROP INDEX customers_account_uq;
DROP INDEX tenants_slug_uq;
