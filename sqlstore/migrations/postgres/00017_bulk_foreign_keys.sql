-- The three tables an import fills in bulk — customers, import_rows and revisions — lose their
-- foreign keys to tenants and imports on PostgreSQL. PostgreSQL checks a foreign key by a
-- trigger per inserted row (a query on the parent taking a row lock), COPY included, and that
-- was a large part of the server's time of a committed import: INSERT … SELECT of 100,000 rows
-- into a revisions-shaped table took 1.34 s with the key against 0.62 s without it (0.78 s
-- against 0.43 s on a second run), and a 100,000-row import writes three such tables. The keys guarded nothing the store does not
-- already check itself: every write of these rows first reads its parent in the same
-- transaction (requireImport, tenantLanguage; a missing one fails with ENotFound, which the
-- contract tests hold on both databases), and no tenant or import is ever deleted, so no row
-- can lose its parent afterwards — which is also why the cascades were never used.
--
-- SQLite keeps its keys (see sqlite/00017).

-- +goose Up
ALTER TABLE customers DROP CONSTRAINT customers_tenant_id_fkey;
ALTER TABLE import_rows DROP CONSTRAINT import_rows_import_id_fkey;
ALTER TABLE revisions DROP CONSTRAINT revisions_import_id_fkey;

-- +goose Down
ALTER TABLE revisions ADD CONSTRAINT revisions_import_id_fkey FOREIGN KEY (import_id) REFERENCES imports (id) ON DELETE CASCADE;
ALTER TABLE import_rows ADD CONSTRAINT import_rows_import_id_fkey FOREIGN KEY (import_id) REFERENCES imports (id) ON DELETE CASCADE;
ALTER TABLE customers ADD CONSTRAINT customers_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id);
