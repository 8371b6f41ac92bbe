-- SQLite tables. What differs from PostgreSQL: ids are INTEGER PRIMARY KEY AUTOINCREMENT (never
-- reused, so a revision never points at a later customer that took a deleted one's id) and times
-- are TEXT in RFC 3339 UTC with microseconds, which sorts in time order.

-- +goose Up
CREATE TABLE tenants (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	slug       TEXT NOT NULL,
	name       TEXT NOT NULL DEFAULT '',
	country    TEXT NOT NULL DEFAULT '',
	language   TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE TABLE tenant_sequences (
	tenant_id    INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
	last_account INTEGER NOT NULL DEFAULT 0
);

-- One TEXT column per catalogue field (customer.Fields), named by its key.
CREATE TABLE customers (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id      INTEGER NOT NULL REFERENCES tenants (id),
	account_number TEXT NOT NULL CHECK (account_number <> ''),
	title          TEXT NOT NULL DEFAULT '',
	first_name     TEXT NOT NULL DEFAULT '',
	last_name      TEXT NOT NULL DEFAULT '',
	company        TEXT NOT NULL DEFAULT '',
	email          TEXT NOT NULL DEFAULT '',
	mobile         TEXT NOT NULL DEFAULT '',
	phone          TEXT NOT NULL DEFAULT '',
	address_line1  TEXT NOT NULL DEFAULT '',
	address_line2  TEXT NOT NULL DEFAULT '',
	city           TEXT NOT NULL DEFAULT '',
	region         TEXT NOT NULL DEFAULT '',
	postcode       TEXT NOT NULL DEFAULT '',
	country        TEXT NOT NULL DEFAULT '',
	birth_date     TEXT NOT NULL DEFAULT '',
	email_opt_in   TEXT NOT NULL DEFAULT '',
	sms_opt_in     TEXT NOT NULL DEFAULT '',
	loyalty_points TEXT NOT NULL DEFAULT '',
	note           TEXT NOT NULL DEFAULT '',
	email_key      TEXT NOT NULL DEFAULT '',
	mobile_key     TEXT NOT NULL DEFAULT '',
	name_key       TEXT NOT NULL DEFAULT '',
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);

CREATE TABLE imports (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id       INTEGER NOT NULL REFERENCES tenants (id),
	file_name       TEXT NOT NULL DEFAULT '',
	file_sha256     TEXT NOT NULL DEFAULT '',
	mode            TEXT NOT NULL,
	state           TEXT NOT NULL,
	created_by      TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	confirmed_by    TEXT NOT NULL DEFAULT '',
	confirmed_at    TEXT,
	count_rows      INTEGER NOT NULL DEFAULT 0,
	count_new       INTEGER NOT NULL DEFAULT 0,
	count_update    INTEGER NOT NULL DEFAULT 0,
	count_unchanged INTEGER NOT NULL DEFAULT 0,
	count_error     INTEGER NOT NULL DEFAULT 0,
	warnings        TEXT NOT NULL DEFAULT '[]'
);

-- customer_id has no foreign key: undoing an import deletes the customers it created, and the
-- staged rows stay behind as the record of what was imported.
CREATE TABLE import_rows (
	import_id   INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	row_num     INTEGER NOT NULL,
	raw         TEXT NOT NULL,
	status      TEXT NOT NULL,
	errors      TEXT NOT NULL DEFAULT '[]',
	warnings    TEXT NOT NULL DEFAULT '[]',
	customer_id INTEGER,
	changes     TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (import_id, row_num)
);

-- The audit trail outlives the customers it describes, hence no foreign key on customer_id.
CREATE TABLE revisions (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	import_id   INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	customer_id INTEGER NOT NULL,
	created     BOOLEAN NOT NULL,
	before      TEXT NOT NULL,
	after       TEXT NOT NULL
);

-- +goose Down
DROP TABLE revisions;
DROP TABLE import_rows;
DROP TABLE imports;
DROP TABLE customers;
DROP TABLE tenant_sequences;
DROP TABLE tenants;
