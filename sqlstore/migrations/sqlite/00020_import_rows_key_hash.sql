-- PostgreSQL turns import_rows' key indexes into hash indexes (see postgres/00020). SQLite has
-- none and keeps its (import_id, key) B-trees. The version exists so that both databases count
-- their migrations alike.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
