-- Failed logins, counted by every server process on the database, so that running two processes
-- does not double the attempts an attacker gets. client_key is the client address and the
-- lower-cased email; rows older than the limiter's window are pruned as failures are recorded
-- (login_limits.go). Types as in 00001: TEXT times.

-- +goose Up
CREATE TABLE login_failures (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	client_key TEXT NOT NULL,
	failed_at  TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (client_key, failed_at);
CREATE INDEX login_failures_at ON login_failures (failed_at);

-- +goose Down
DROP TABLE login_failures;
