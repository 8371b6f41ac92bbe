-- A user's own language for the page, the template and messages: one of customer.Languages, or
-- '' for the tenant's language, so that a user who never chose one follows the shop when the
-- owner changes the shop's language.

-- +goose Up
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN language;
