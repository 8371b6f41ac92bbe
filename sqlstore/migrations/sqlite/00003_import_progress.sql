-- Imports read and checked in the background: their progress and failure live with the import,
-- so that any server process can show them; confirm_key binds an idempotency key to the import it
-- committed; updated_at tells a live background job from one whose process died.
--
-- SQLite cannot add a NOT NULL column without a default, so updated_at gets '' and is filled from
-- created_at at once; every write sets it from then on.

-- +goose Up
ALTER TABLE imports ADD COLUMN progress_phase TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN progress_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN progress_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN failure TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN confirm_key TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE imports SET updated_at = created_at;

-- +goose Down
ALTER TABLE imports DROP COLUMN updated_at;
ALTER TABLE imports DROP COLUMN confirm_key;
ALTER TABLE imports DROP COLUMN failure;
ALTER TABLE imports DROP COLUMN progress_total;
ALTER TABLE imports DROP COLUMN progress_done;
ALTER TABLE imports DROP COLUMN progress_phase;
