package importer

// JobKind names a kind of background work on an import.
type JobKind string

// The kinds of background work a state change asks for.
const (
	JobStage   JobKind = "stage_import"   // read and check the import's uploaded file
	JobConfirm JobKind = "confirm_import" // commit the import's valid rows
	JobUndo    JobKind = "undo_import"    // take a committed import back
)

// Job is background work that a change of an import's state asks for. The store enqueues it in
// the transaction that makes the change, so that the two commit together or not at all: no
// import waits in checking with no job to check it, and no job runs for a change rolled back.
type Job struct {
	Kind     JobKind
	TenantID int64
	ImportID int64
	// Large puts the job in the queue for large files, so that a shop's million-row file does
	// not hold up another shop's small one.
	Large bool
	User  string // who asked for it, for the audit log
	Key   string // a confirm's idempotency key
	Force bool   // an undo's "also undo conflicting customers"
	// Map and Note are a check's column mapping, confirmed by the user or saved for the file's
	// header row, and the warning saying it was a saved one (StageOptions).
	Map  map[string]string
	Note string
}
