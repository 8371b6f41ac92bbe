-- PostgreSQL leaves room in import_rows' pages for confirm's updates (see postgres/00013). SQLite
-- has no such setting: its B-tree rewrites the row in place. The version exists so that both
-- databases count their migrations alike.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
