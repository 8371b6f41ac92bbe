-- PostgreSQL drops the foreign keys of the bulk-written tables (see postgres/00017). SQLite keeps
-- them: it has no DROP CONSTRAINT, so dropping them would mean rebuilding the three tables, and
-- the store behaves the same with or without them. The version exists so that both databases
-- count their migrations alike.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
