-- Clientele's schema on SQLite. It differs from migrations/postgres/00001_schema.sql in:
--   - INTEGER PRIMARY KEY AUTOINCREMENT ids (never reused, so a revision never points at a later
--     customer that took a deleted one's id) and times as TEXT, RFC 3339 in UTC with microseconds,
--     which sorts in time order;
--   - the foreign keys of customers, import_rows and revisions, which PostgreSQL leaves out for
--     bulk loading: SQLite checks them cheaply, and the store behaves the same with or without;
--   - (import_id, key) indexes for import_rows' keys, which PostgreSQL goes without: SQLite has no
--     in-place update to lose by them (an update rewrites the row either way), and a pass over an
--     import's rows reads past their cells to the keys.

-- +goose Up
CREATE TABLE tenants (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	slug       TEXT NOT NULL,
	name       TEXT NOT NULL DEFAULT '',
	country    TEXT NOT NULL DEFAULT '',
	language   TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX tenants_slug_uq ON tenants (slug);

-- customers_version counts the transactions that wrote the tenant's customers, from 1 (see
-- version.go).
CREATE TABLE tenant_sequences (
	tenant_id         INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
	last_account      INTEGER NOT NULL DEFAULT 0,
	customers_version BIGINT NOT NULL DEFAULT 1
);

-- One TEXT column per catalogue field (customer.Fields), named by its key. search_text is what
-- SearchCustomers matches (search.go); sort_key the name's collation key in the tenant's language
-- (sortkey.go). Both are computed in Go on every write.
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
	email_consent_at TEXT NOT NULL DEFAULT '',
	sms_consent_at TEXT NOT NULL DEFAULT '',
	email_key      TEXT NOT NULL DEFAULT '',
	mobile_key     TEXT NOT NULL DEFAULT '',
	name_key       TEXT NOT NULL DEFAULT '',
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	search_text    TEXT NOT NULL DEFAULT '',
	sort_key       BLOB NOT NULL DEFAULT X''
);
-- The unique indexes are the last line of defence against duplicates: the importer checks keys
-- before it writes, but a constraint holds whatever the code above it does. Empty keys collide
-- with no one and are left out.
CREATE UNIQUE INDEX customers_account_uq ON customers (tenant_id, account_number);
CREATE UNIQUE INDEX customers_email_uq ON customers (tenant_id, email_key) WHERE email_key <> '';
CREATE UNIQUE INDEX customers_mobile_uq ON customers (tenant_id, mobile_key) WHERE mobile_key <> '';
CREATE UNIQUE INDEX customers_name_uq ON customers (tenant_id, name_key) WHERE name_key <> '';
CREATE INDEX customers_tenant_sort_key ON customers (tenant_id, sort_key, id);
-- The customer list's other orders (search.go's orderClause): an email-less customer sorts after
-- every email, and the list walks these instead of sorting the tenant's customers for each page.
CREATE INDEX customers_tenant_email ON customers (tenant_id, (email_key = ''), email_key, id);
CREATE INDEX customers_tenant_updated ON customers (tenant_id, updated_at, id);
CREATE INDEX customers_search ON customers (tenant_id, search_text);

-- The blocking keys of each customer (match.Keys), written with it: a row of an import is
-- compared for possible duplicates only with the customers that share a key with it. The key's
-- index holds the customer too, so that finding a block's customers reads the index alone.
CREATE TABLE customer_match_keys (
	tenant_id   INTEGER NOT NULL,
	customer_id INTEGER NOT NULL,
	key         TEXT NOT NULL,
	PRIMARY KEY (customer_id, key)
) WITHOUT ROWID;
-- The customer id in the key's index lets the list of duplicates (duplicates.Clusters) read
-- every key's customers from the index alone, in key order.
CREATE INDEX customer_match_keys_key ON customer_match_keys (tenant_id, key, customer_id);

-- progress and failure live with the import, so that any server process can show a background
-- job's; updated_at tells a live job from one whose process died. confirm_key binds an
-- idempotency key to the import it confirmed. checked_version is the tenant's customers_version
-- the rows were checked at (0: not known).
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
	count_skipped   INTEGER NOT NULL DEFAULT 0,
	count_possible_duplicates INTEGER NOT NULL DEFAULT 0,
	warnings        TEXT NOT NULL DEFAULT '[]',
	progress_phase  TEXT NOT NULL DEFAULT '',
	progress_done   INTEGER NOT NULL DEFAULT 0,
	progress_total  INTEGER NOT NULL DEFAULT 0,
	failure         TEXT NOT NULL DEFAULT '',
	confirm_key     TEXT NOT NULL DEFAULT '',
	updated_at      TEXT NOT NULL DEFAULT '',
	failure_msg     TEXT NOT NULL DEFAULT '',
	checked_version BIGINT NOT NULL DEFAULT 0,
	date_order      TEXT NOT NULL DEFAULT '',
	-- A dry run (the CLI's import --dry-run) is recorded for the audit log, not for the history.
	dry_run         BOOLEAN NOT NULL DEFAULT FALSE,
	-- The values for blank cells the import was given (--default, the mapping step), a JSON
	-- object by field key: a new file uploaded into the import is read with them too.
	defaults        TEXT NOT NULL DEFAULT '{}',
	-- What each column of the file became (customer.ColumnUse), a JSON list in file order.
	columns         TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX imports_tenant_idx ON imports (tenant_id, created_at);
CREATE UNIQUE INDEX imports_confirm_key_uq ON imports (tenant_id, confirm_key) WHERE confirm_key <> '';

-- customer_id has no foreign key: undoing an import deletes the customers it created, and the
-- staged rows stay behind as the record of what was imported. The keys are those of the row's
-- last check (import_edited marks the rows whose cells changed since).
CREATE TABLE import_rows (
	import_id   INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	row_num     INTEGER NOT NULL,
	raw         TEXT NOT NULL,
	status      TEXT NOT NULL,
	errors      TEXT NOT NULL DEFAULT '[]',
	warnings    TEXT NOT NULL DEFAULT '[]',
	customer_id INTEGER,
	changes     TEXT NOT NULL DEFAULT '[]',
	account_key TEXT NOT NULL DEFAULT '',
	email_key   TEXT NOT NULL DEFAULT '',
	mobile_key  TEXT NOT NULL DEFAULT '',
	name_key    TEXT NOT NULL DEFAULT '',
	-- skipped: the user left the row out of the import (status skipped from its next check).
	-- problems: one word per error and warning, "e:code:field" or "w:code:field", between
	-- spaces, for the grid's filters by cause (rowfilter.go).
	-- cells_text: the cells lower-cased, a line each (customer.RowText), for its text search.
	skipped     BOOLEAN NOT NULL DEFAULT FALSE,
	problems    TEXT NOT NULL DEFAULT '',
	cells_text  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (import_id, row_num)
);
-- The grid's "errors only" filter pages through one status of one import in row order.
CREATE INDEX import_rows_status_idx ON import_rows (import_id, status, row_num);
-- RowsByKeys looks staged rows up by key within their import.
CREATE INDEX import_rows_account_idx ON import_rows (import_id, account_key) WHERE account_key <> '';
CREATE INDEX import_rows_email_idx ON import_rows (import_id, email_key) WHERE email_key <> '';
CREATE INDEX import_rows_mobile_idx ON import_rows (import_id, mobile_key) WHERE mobile_key <> '';
CREATE INDEX import_rows_name_idx ON import_rows (import_id, name_key) WHERE name_key <> '';

-- The audit trail outlives the customers it describes, hence no foreign key on customer_id.
-- row_num is the staged row that wrote the revision: a committed row's customer is read from it
-- (rowColumns in rows.go) instead of being written back into import_rows. before_updated_at is
-- when an updated customer had last changed before the import, so that undo puts it back; NULL
-- for created customers. action is '' for an import's own revision; an edit or creation by hand
-- (edit, create: no import, row_num 0) and an undo (undo: the import undone, row_num 0) write
-- revisions too, with actor and at saying who and when (an import's are its confirmer's). A customer's
-- revisions are its history (customer.HistoryOf); erasing it deletes them.
CREATE TABLE revisions (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	import_id         INTEGER REFERENCES imports (id) ON DELETE CASCADE,
	customer_id       INTEGER NOT NULL,
	created           BOOLEAN NOT NULL,
	before            TEXT NOT NULL,
	after             TEXT NOT NULL,
	before_updated_at TEXT,
	row_num           INTEGER NOT NULL DEFAULT 0,
	action            TEXT NOT NULL DEFAULT '',
	actor             TEXT NOT NULL DEFAULT '',
	at                TEXT,
	-- merge_id is the merge (customer_merges) that wrote a merge revision, or whose undo wrote
	-- an undo revision; NULL otherwise.
	merge_id          INTEGER
);
CREATE INDEX revisions_import_idx ON revisions (import_id, row_num);
CREATE INDEX revisions_customer_idx ON revisions (customer_id);

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
-- The audit page reads one tenant's log newest first.
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, at);

-- email is stored lower-cased and is unique across tenants, so that logging in needs only email
-- and password. language is one of customer.Languages, or '' to follow the tenant's.
CREATE TABLE users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
	email         TEXT NOT NULL CHECK (email <> ''),
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL,
	language      TEXT NOT NULL DEFAULT '',
	-- active is false for staff who left: they cannot log in, and their sessions and tokens
	-- are gone. must_change_password marks a one-time password an owner handed out.
	active        BOOLEAN NOT NULL DEFAULT TRUE,
	must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
	last_login_at TEXT
);
CREATE UNIQUE INDEX users_email_uq ON users (email);
CREATE INDEX users_tenant_idx ON users (tenant_id, email);

-- Only hashes of session cookies and API tokens are stored. The user indexes serve the cascades
-- and the clean-up of a user's expired sessions.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id, expires_at);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	token_hash TEXT NOT NULL,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	-- A token is named within its tenant (token revoke NAME) and ends at expires_at.
	tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
	name       TEXT NOT NULL CHECK (name <> ''),
	expires_at TEXT NOT NULL,
	last_used_at TEXT
);
CREATE UNIQUE INDEX api_tokens_hash_uq ON api_tokens (token_hash);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
CREATE UNIQUE INDEX api_tokens_name_uq ON api_tokens (tenant_id, name);

-- Login attempts, counted by every server process on the database against each limit's key
-- (an account, a client address, the two together; web/auth.go): the attempts in the window
-- that began at first_ms, and the growing delay before the next may start (next_ms). Times are
-- Unix milliseconds, so that one statement computes them alike on both databases
-- (login_throttle.go).
CREATE TABLE login_throttle (
	throttle_key TEXT PRIMARY KEY,
	attempts     INTEGER NOT NULL,
	first_ms     BIGINT NOT NULL,
	delay_ms     BIGINT NOT NULL,
	next_ms      BIGINT NOT NULL
);
CREATE INDEX login_throttle_first ON login_throttle (first_ms);

-- Column mappings a tenant confirmed, by header signature (sheet.HeaderSignature): mapping is a
-- JSON object from the file's header to a field key ("" ignores the column).
CREATE TABLE column_mappings (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
	signature  TEXT NOT NULL,
	mapping    TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX column_mappings_uq ON column_mappings (tenant_id, signature);

-- The uploaded file of an import, kept until its rows are staged (or it is discarded or expires),
-- so that any server process can read it: chunks of at most a megabyte, in order of seq.
CREATE TABLE import_files (
	import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	seq       INTEGER NOT NULL,
	data      BLOB NOT NULL,
	PRIMARY KEY (import_id, seq)
);

-- The bulk edits of an import's staged rows, numbered from 1 in the order made: the import's
-- record of them. operation is the edit as JSON (customer.BulkEdit); undone marks one taken back.
CREATE TABLE import_edits (
	import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	seq       INTEGER NOT NULL,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL DEFAULT '',
	operation TEXT NOT NULL,
	changed   INTEGER NOT NULL,
	undone    BOOLEAN NOT NULL DEFAULT FALSE,
	PRIMARY KEY (import_id, seq)
);

-- What a bulk edit changed each row from (its cells and skip), to take the edit back; deleted
-- when it is taken back and with the import's staged rows.
CREATE TABLE import_edit_rows (
	import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	seq       INTEGER NOT NULL,
	row_num   INTEGER NOT NULL,
	raw       TEXT NOT NULL,
	skipped   BOOLEAN NOT NULL,
	cells_text TEXT NOT NULL,
	fields    BIGINT NOT NULL, -- what the edit changed of the row (import_edited.fields)
	PRIMARY KEY (import_id, seq, row_num)
);

-- A merge of customer from_id into into_id (customer.Merge): both customers' values as they
-- were, as JSON objects by field key, and their time stamps, so that undoing it puts both back,
-- the merged one under its own id. No foreign keys: the merged customer is deleted, and the
-- record outlives both; erasing either customer deletes it.
CREATE TABLE customer_merges (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id       INTEGER NOT NULL,
	into_id         INTEGER NOT NULL,
	from_id         INTEGER NOT NULL,
	actor           TEXT NOT NULL DEFAULT '',
	at              TEXT NOT NULL,
	into_before     TEXT NOT NULL,
	into_after      TEXT NOT NULL,
	from_values     TEXT NOT NULL,
	into_updated_at TEXT NOT NULL,
	from_updated_at TEXT NOT NULL,
	from_created_at TEXT NOT NULL,
	undone_at       TEXT,
	undone_by       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX customer_merges_tenant_idx ON customer_merges (tenant_id, at);
CREATE INDEX customer_merges_into_idx ON customer_merges (into_id);
CREATE INDEX customer_merges_from_idx ON customer_merges (from_id);

-- Pairs of customers a user said are not duplicates (a_id < b_id), so that the list of
-- duplicates does not show them again.
CREATE TABLE duplicate_dismissals (
	tenant_id INTEGER NOT NULL,
	a_id      INTEGER NOT NULL,
	b_id      INTEGER NOT NULL,
	actor     TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	PRIMARY KEY (tenant_id, a_id, b_id)
);

-- What the user chose for a staged row with a possible duplicate (issue #25): merge_into, the
-- stored customer the row updates instead (0: none), or keep, the row stays new and the warning
-- goes. Re-checks read it; a new upload of the file deletes it with the rows.
CREATE TABLE import_duplicate_choices (
	import_id  INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	row_num    INTEGER NOT NULL,
	merge_into INTEGER NOT NULL DEFAULT 0,
	keep       BOOLEAN NOT NULL DEFAULT FALSE,
	PRIMARY KEY (import_id, row_num)
);

-- The staged rows whose cells changed since their last check (an edit, a bulk edit or its undo),
-- so that a validate after a few edits re-checks only those rows and the rows sharing a key with
-- them. A table of its own rather than a flag of import_rows: setting and clearing a flag of
-- 30,000 rows rewrote each wide row with every index entry (1.6 s on PostgreSQL), where adding and
-- deleting these narrow rows is a tenth of that.
-- fields is what the edits changed (customer.FieldSet as a signed 64-bit integer): a validate
-- after edits that changed no key field re-checks the edited rows alone.
CREATE TABLE import_edited (
	import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	row_num   INTEGER NOT NULL,
	fields    BIGINT NOT NULL,
	PRIMARY KEY (import_id, row_num)
);

-- +goose Down
DROP TABLE import_duplicate_choices;
DROP TABLE duplicate_dismissals;
DROP TABLE customer_merges;
DROP TABLE import_edited;
DROP TABLE import_edit_rows;
DROP TABLE import_edits;
DROP TABLE import_files;
DROP TABLE column_mappings;
DROP TABLE login_throttle;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE audit_log;
DROP TABLE revisions;
DROP TABLE import_rows;
DROP TABLE imports;
DROP TABLE customer_match_keys;
DROP TABLE customers;
DROP TABLE tenant_sequences;
DROP TABLE tenants;
