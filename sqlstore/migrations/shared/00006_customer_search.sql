-- search_text is what SearchCustomers matches: the searched fields lower-cased in Go, one per
-- line (see search.go). Lower-casing in Go rather than with SQL's lower() is what makes the
-- search case-insensitive beyond ASCII on SQLite, whose lower() folds only A-Z (Åse, Łukasz).
--
-- Version 7 is a Go migration (search.go) that fills the column for existing customers, as SQL
-- cannot compute it.

-- +goose Up
ALTER TABLE customers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE customers DROP COLUMN search_text;
