-- Column mappings a tenant confirmed in the web page's mapping step, remembered per header
-- signature (sheet.HeaderSignature) so that the next file with the same headers stages without
-- asking again. mapping is a JSON object from the file's header to a field key ("" ignores the
-- column). Types as in 00001: TEXT times.

-- +goose Up
CREATE TABLE column_mappings (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
	signature  TEXT NOT NULL,
	mapping    TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX column_mappings_uq ON column_mappings (tenant_id, signature);

-- +goose Down
DROP TABLE column_mappings;
