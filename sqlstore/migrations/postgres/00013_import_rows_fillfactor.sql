-- Confirm rewrites every staged row once (status, customer, changes), usually leaving the indexed
-- columns (status, keys, edited) as they were. With half of each page left free, PostgreSQL keeps
-- the new version on the same page as a heap-only tuple and touches none of import_rows' seven
-- indexes: measured on 100,000 rows, the UPDATE took a third of the time it takes on full pages.
-- The staging table takes up to twice the space in exchange.
-- Only pages written from now on are affected.

-- +goose Up
ALTER TABLE import_rows SET (fillfactor = 50);

-- +goose Down
ALTER TABLE import_rows RESET (fillfactor);
