-- What an import's failure was made from: a customer.Notice as JSON (message, msg, args), or ''
-- when the failure has no message id, so that the page can say it in the user's language. The
-- English sentence stays in failure, for the CLI and for imports stored before this column.

-- +goose Up
ALTER TABLE imports ADD COLUMN failure_msg TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE imports DROP COLUMN failure_msg;
