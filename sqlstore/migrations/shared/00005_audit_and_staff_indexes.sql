-- Indexes for 00003 and 00004, the same on both databases.

-- +goose Up
-- An idempotency key belongs to the one import it confirmed; imports without one are left out.
CREATE UNIQUE INDEX imports_confirm_key_uq ON imports (tenant_id, confirm_key) WHERE confirm_key <> '';

-- The audit page reads one tenant's log newest first.
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, at);

CREATE UNIQUE INDEX users_email_uq ON users (email);
CREATE INDEX users_tenant_idx ON users (tenant_id, email);

-- Sessions and tokens are found by their hash (sessions' primary key); the user indexes serve
-- the foreign keys' cascades and the clean-up of a user's expired sessions.
CREATE INDEX sessions_user_idx ON sessions (user_id, expires_at);
CREATE UNIQUE INDEX api_tokens_hash_uq ON api_tokens (token_hash);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- +goose Down
DROP INDEX api_tokens_user_idx;
DROP INDEX api_tokens_hash_uq;
DROP INDEX sessions_user_idx;
DROP INDEX users_tenant_idx;
DROP INDEX users_email_uq;
DROP INDEX audit_log_tenant_idx;
DROP INDEX imports_confirm_key_uq;
