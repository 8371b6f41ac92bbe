-- The audit log and the staff who log in. Types as in 00001: INTEGER ids, TEXT times.

-- +goose Up
-- import_id has no foreign key: the log outlives what it describes.
CREATE TABLE audit_log (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id       INTEGER NOT NULL REFERENCES tenants (id),
	at              TEXT NOT NULL,
	actor           TEXT NOT NULL DEFAULT '',
	action          TEXT NOT NULL,
	import_id       INTEGER,
	file_name       TEXT NOT NULL DEFAULT '',
	file_sha256     TEXT NOT NULL DEFAULT '',
	count_rows      INTEGER NOT NULL DEFAULT 0,
	count_new       INTEGER NOT NULL DEFAULT 0,
	count_update    INTEGER NOT NULL DEFAULT 0,
	count_unchanged INTEGER NOT NULL DEFAULT 0,
	count_error     INTEGER NOT NULL DEFAULT 0,
	detail          TEXT NOT NULL DEFAULT ''
);

-- email is stored lower-cased and is unique across tenants (00005), so that logging in needs
-- only email and password.
CREATE TABLE users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
	email         TEXT NOT NULL CHECK (email <> ''),
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL
);

-- Only hashes of session cookies and API tokens are stored.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	token_hash TEXT NOT NULL,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE audit_log;
