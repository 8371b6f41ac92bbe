package importer

import (
	"context"
	"io"
	"time"

	"github.com/clientele/clientele/customer"
)

// Store is what the Importer needs of the database (SQLite or PostgreSQL, package sqlstore)
// outside a commit: each call runs in a transaction of its own. Everything that changes an
// import's state or a tenant's customers runs inside Commit, through Queries.
//
// Methods return *customer.Error with ENotFound for a missing tenant, import or customer, and
// wrap other failures with context.
type Store interface {
	// Commit runs fn in one transaction that holds the tenant's commit lock: commits of one
	// tenant run one at a time, so checks made inside fn still hold when fn's writes commit.
	// If fn returns an error, nothing fn wrote is kept.
	Commit(ctx context.Context, tenantID int64, fn func(q Queries) error) error
	lookups   // checking a file: Stage and Check
	undoReads // PreviewUndo
	stager
	rowPages
	Auditor
	// Imports returns a page of the tenant's imports, newest first, with the total count: the
	// import history (LastUndoable walks it).
	Imports(ctx context.Context, tenantID int64, offset, limit int) ([]customer.Import, int, error)
	jobReads
}

// jobReads are what the background jobs read outside a commit (jobs.go).
type jobReads interface {
	// TenantByID returns the tenant with the given ID.
	TenantByID(ctx context.Context, id int64) (customer.Tenant, error)
	// OpenFile returns a reader of the uploaded file an import keeps; ENotFound when it keeps
	// none.
	OpenFile(ctx context.Context, importID int64) (io.ReadCloser, error)
	// SetProgress records how far a job on an import has come, while the import is checking,
	// committing or undoing (and changes nothing once it has moved on).
	SetProgress(ctx context.Context, tenantID, importID int64, p customer.Progress) error
	// ImportsWaiting returns every tenant's imports in the state that last changed before the
	// given time.
	ImportsWaiting(ctx context.Context, state customer.State, before time.Time) ([]customer.Import, error)
}

// stager is what Stage and Check write outside a commit: the import and its rows are written
// before the import says "staged", in transactions of their own, so that a large file is
// staged in chunks.
type stager interface {
	// Import returns the import with the given id in the tenant.
	Import(ctx context.Context, tenantID, importID int64) (customer.Import, error)
	// CreateImport creates an import in state staged, setting its ID and CreatedAt.
	CreateImport(ctx context.Context, imp *customer.Import) error
	// DeleteRows deletes the import's staged rows.
	DeleteRows(ctx context.Context, importID int64) error
	// AddRows adds staged rows to the import, in a transaction of its own. It fails when a row
	// number is already staged.
	AddRows(ctx context.Context, importID int64, rows []customer.StagedRow) error
	// CustomersVersion returns the tenant's customers version: a count, from 1, of the
	// transactions that wrote its customers, each of which adds one.
	CustomersVersion(ctx context.Context, tenantID int64) (int64, error)
}

// importRecord reads and saves an import (not its rows).
type importRecord interface {
	// Import returns the import with the given id in the tenant.
	Import(ctx context.Context, tenantID, importID int64) (customer.Import, error)
	// SaveImport updates what may change of an import: its file name, file hash and mode (a new
	// upload into a staged import replaces them, and Confirm re-checks in the stored mode), its
	// state, confirmation, summary, warnings, progress, failure and confirm key — only while its
	// stored state is from (a compare-and-set): EConflict when it is no longer.
	SaveImport(ctx context.Context, imp customer.Import, from customer.State) error
}

// rowPages are the reads of staged rows that show them: Rows (a page of the grid) and EachRow
// (a walk through all of them, for a report).
type rowPages interface {
	// RowPage returns the import's staged rows that f selects, in row order, skipping offset
	// rows and returning at most limit (all when limit <= 0).
	RowPage(ctx context.Context, importID int64, f customer.RowFilter, offset, limit int) ([]customer.StagedRow, error)
	// CountRows counts the import's staged rows that f selects.
	CountRows(ctx context.Context, importID int64, f customer.RowFilter) (int, error)
	// ProblemCounts counts the rows f selects by kind of problem (code and field), biggest
	// first.
	ProblemCounts(ctx context.Context, importID int64, f customer.RowFilter) ([]customer.ProblemCount, error)
	// BulkEdits returns the import's record of its bulk edits, in the order made.
	BulkEdits(ctx context.Context, importID int64) ([]BulkRecord, error)
	filteredRows // counting what a bulk edit would change
	// RowsAfter returns, in row order, at most limit of the import's staged rows numbered above
	// after (none when there are no more): a page of a walk through all the rows that reads each
	// row once, however many there are.
	RowsAfter(ctx context.Context, importID int64, after, limit int) ([]customer.StagedRow, error)
}

// Auditor appends to the tenant's audit log.
type Auditor interface {
	// AddAudit appends an entry to the tenant's audit log, setting its ID (and At when zero).
	// Inside Store.Commit the entry commits (or not) with what it records.
	AddAudit(ctx context.Context, e *customer.AuditEntry) error
}

// lookups are the reads that check rows against the stored customers (checker).
type lookups interface {
	// Customers returns every customer of the tenant that matches any non-empty key of any of
	// keys (account number, email key, mobile, name+postcode key). Callers pass keys in batches
	// of at most 1,000; the store looks them up set-based, never one query per key.
	Customers(ctx context.Context, tenantID int64, keys []customer.Keys) ([]customer.Customer, error)
	// CustomersByMatchKeys returns the tenant's customers that have any of the blocking keys
	// (match.Keys), each once: the candidates of the possible-duplicate check. Callers pass at
	// most 1,000 keys at a time.
	CustomersByMatchKeys(ctx context.Context, tenantID int64, keys []string) ([]customer.Customer, error)
	// HasCustomers reports whether the tenant has any customer: a check that begins with none
	// has nothing to look up (checker.none). ENotFound when the tenant does not exist.
	HasCustomers(ctx context.Context, tenantID int64) (bool, error)
	// RevisionsOf returns the revisions the import recorded for the given customers (of any
	// tenant: the import is one tenant's), in the order they were added.
	RevisionsOf(ctx context.Context, importID int64, customerIDs []int64) ([]customer.Revision, error)
	// DuplicateChoices returns what the user chose for the import's rows with a possible
	// duplicate (merge into a stored customer, or keep as new), by row number.
	DuplicateChoices(ctx context.Context, importID int64) (map[int]customer.DuplicateChoice, error)
	// CustomersByID returns the tenant's customers with the given IDs; IDs that name no
	// customer of the tenant are left out.
	CustomersByID(ctx context.Context, tenantID int64, ids []int64) ([]customer.Customer, error)
}

// undoReads are the reads that plan an undo (planUndo).
type undoReads interface {
	// Revisions returns the revisions an import of the tenant recorded, in the order they were
	// added; ENotFound when the import is not in the tenant.
	Revisions(ctx context.Context, tenantID, importID int64) ([]customer.Revision, error)
	// CustomersByID returns the tenant's customers with the given IDs, in no particular order;
	// IDs of customers that do not exist (or are another tenant's) are left out.
	CustomersByID(ctx context.Context, tenantID int64, ids []int64) ([]customer.Customer, error)
	// Customers is lookups.Customers: who holds the keys an updated customer had before.
	Customers(ctx context.Context, tenantID int64, keys []customer.Keys) ([]customer.Customer, error)
}

// Queries are the reads and writes made inside Store.Commit, all in the commit's one
// transaction: confirm, validate, edit, discard and undo.
type Queries interface {
	importRecord
	Auditor
	lookups
	undoReads
	stagedRows
	bulkEdits
	customerWrites
	// CustomersVersion is stager.CustomersVersion, read under the commit lock.
	CustomersVersion(ctx context.Context, tenantID int64) (int64, error)
	uploads
}

// uploads are the writes that take an uploaded file in, inside the commit that changes the
// import's state (state.go).
type uploads interface {
	// CreateImport creates an import in imp.State (staged when empty), setting its ID and
	// CreatedAt.
	CreateImport(ctx context.Context, imp *customer.Import) error
	// PutFile stores the uploaded file of an import, read from r, in place of one stored before,
	// and returns its size and hex SHA-256.
	PutFile(ctx context.Context, importID int64, r io.Reader) (int64, string, error)
	// FileSize returns the size of the uploaded file an import keeps (0 when none).
	FileSize(ctx context.Context, importID int64) (int64, error)
	// DeleteFile deletes the uploaded file of an import, if it keeps one.
	DeleteFile(ctx context.Context, importID int64) error
	// Enqueue adds a job to the job engine's queue: it runs if, and only if, the commit's writes
	// are kept.
	Enqueue(ctx context.Context, job Job) error
}

// stagedRows are the reads and writes of an import's staged rows inside a commit.
type stagedRows interface {
	// Row returns one staged row by its spreadsheet row number; ENotFound when there is none.
	Row(ctx context.Context, importID int64, rowNum int) (customer.StagedRow, error)
	// EditedRows returns, in row order, the import's rows whose Edited flag is set: the rows
	// edited since their last check, each with Touched, what those edits changed.
	EditedRows(ctx context.Context, importID int64) ([]customer.StagedRow, error)
	// RowsByKeys returns, in row order and each once, the import's rows whose stored Keys match
	// any non-empty key of any of keys, kind by kind (an account number only matches account
	// numbers). The store looks them up set-based, never one query per key.
	RowsByKeys(ctx context.Context, importID int64, keys []customer.Keys) ([]customer.StagedRow, error)
	// RowNumsByKeys is RowsByKeys returning the rows' numbers only. For many keys the store
	// reads every row's keys rather than look each key up.
	RowNumsByKeys(ctx context.Context, importID int64, keys []customer.Keys) ([]int, error)
	// RowsByNums returns the import's rows numbered nums, in row order; a number the import has
	// no row of is left out.
	RowsByNums(ctx context.Context, importID int64, nums []int) ([]customer.StagedRow, error)
	// RowsAhead starts reading the rows RowsAfter(importID, after, limit) returns and returns a
	// function that waits for them (call it once), so that the read overlaps the caller's work
	// inside the commit. The store reads them beside the commit's transaction where it can (on a
	// connection of its own, seeing the rows as committed before the commit), and in it before
	// RowsAhead returns where it cannot. The caller must not change those rows until it has them.
	RowsAhead(ctx context.Context, importID int64, after, limit int) func() ([]customer.StagedRow, error)
	// SaveRows updates the given staged rows (raw cells, status, errors, warnings, customer,
	// changes, keys and edited flag), matched by row number. It fails with ENotFound when a row
	// is not in the import.
	SaveRows(ctx context.Context, importID int64, rows []customer.StagedRow) error
	// SaveChecks stores the outcome of the given rows' check (status, errors, warnings,
	// customer, changes and keys), matched by row number, leaving their cells, skip and edited
	// flag as stored. It fails with ENotFound when a row is not in the import.
	SaveChecks(ctx context.Context, importID int64, rows []customer.StagedRow) error
	// ClearEdited clears the Edited flag of every row of the import, leaving the rest of each
	// row as stored: after a re-check of every row, none is edited since.
	ClearEdited(ctx context.Context, importID int64) error
	// SetRowCustomers sets the CustomerID of staged rows, matched by row number, leaving the
	// rest of each row as stored. It fails with ENotFound when a row is not in the import.
	SetRowCustomers(ctx context.Context, importID int64, rows []RowCustomer) error
	// SaveRowKeys sets the Keys of staged rows, matched by row number, leaving the rest of each
	// row as stored. It fails with ENotFound when a row is not in the import.
	SaveRowKeys(ctx context.Context, importID int64, rows []RowKeys) error
	// SetDuplicateChoice stores what the user chose for a row with a possible duplicate, in
	// place of an earlier choice; ENotFound when the import has no such row.
	SetDuplicateChoice(ctx context.Context, importID int64, rowNum int, c customer.DuplicateChoice) error
	// ReserveAccounts keeps the InsertCustomers calls of the same transaction from assigning an
	// account number that a staged row of the import gives itself, so that an import committed
	// in chunks assigns the numbers it would assign committed at once.
	ReserveAccounts(ctx context.Context, importID int64) error
}

// customerWrites are the writes of customers that confirm and undo make.
type customerWrites interface {
	// InsertCustomers creates customers, setting each one's ID; a blank account number is
	// assigned from the tenant's sequence (C000123). It fails with EConflict, naming the key,
	// when a unique key is already taken.
	InsertCustomers(ctx context.Context, tenantID int64, cs []*customer.Customer) error
	// UpdateCustomers overwrites the values of existing customers (matched by ID and tenant).
	// It fails with EConflict when a unique key is already taken.
	UpdateCustomers(ctx context.Context, tenantID int64, cs []customer.Customer) error
	// AddRevisions records what an import did to customers, for audit and undo.
	AddRevisions(ctx context.Context, revs []customer.Revision) error
	// DeleteCustomers deletes the tenant's customers with the given IDs. It fails with ENotFound,
	// deleting nothing, when one of them is not in the tenant.
	DeleteCustomers(ctx context.Context, tenantID int64, ids []int64) error
	// RestoreCustomers overwrites the values of existing customers (matched by ID and tenant)
	// and sets their UpdatedAt to the one given (never zero): undo puts a customer back as
	// it was, time stamp included. It fails like UpdateCustomers.
	RestoreCustomers(ctx context.Context, tenantID int64, cs []customer.Customer) error
}

// RowKeys is a staged row's number and the keys it now has: what SaveRowKeys writes.
type RowKeys struct {
	Row  int
	Keys customer.Keys
}

// RowCustomer is a staged row's number and the customer it now has: what SetRowCustomers writes.
type RowCustomer struct {
	Row        int
	CustomerID int64
}

// SavedMapping is a column mapping a tenant confirmed for files whose header row has one
// signature (sheet.HeaderSignature), so that the next such file is read the same way without
// asking again.
type SavedMapping struct {
	TenantID  int64
	Signature string
	Map       map[string]string // a header as in the file → a target (sheet.Options.Map)
	CreatedBy string            // who confirmed it last
	UpdatedAt time.Time         // when it was last confirmed
}

// Mappings keeps the tenants' saved column mappings. It is apart from Store because only the
// mapping decision (PlanColumns) and the ways of saving a mapping (the page's mapping step, the
// CLI's --save-mapping) need it.
type Mappings interface {
	// SavedMapping returns the tenant's mapping for a header signature; ENotFound when none.
	SavedMapping(ctx context.Context, tenantID int64, signature string) (SavedMapping, error)
	// SaveMapping stores m for its tenant and signature, replacing one saved before, and sets
	// its UpdatedAt.
	SaveMapping(ctx context.Context, m *SavedMapping) error
}
