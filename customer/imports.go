package customer

import "time"

// Mode says what an import may do with rows that match existing customers.
type Mode string

// The import modes.
const (
	ModeCreate Mode = "create" // every row must be a new customer; a match is an error
	ModeUpsert Mode = "upsert" // a row matched by account number, else email, else mobile, updates that customer
)

// IdentityFields are the fields by which a row of an update finds the stored customer it is for
// (see Rules.Resolve): Account Number, else Email, else Mobile.
var IdentityFields = [...]int{FAccount, FEmail, FMobile}

// MissingColumns returns the required fields (indexes into Fields) that a file's columns leave
// out; has reports whether a column fills field i. Required fields are required of new
// customers: in ModeUpsert a file with an identity column may update just the columns it has,
// and each of its rows that matches no stored customer is then an error of its own.
func MissingColumns(mode Mode, has func(i int) bool) []int {
	if mode == ModeUpsert {
		for _, i := range IdentityFields {
			if has(i) {
				return nil
			}
		}
	}
	var missing []int
	for i, f := range Fields {
		if f.Required && !has(i) {
			missing = append(missing, i)
		}
	}
	return missing
}

// ParseMode returns the Mode named s, accepting the web page's words too.
func ParseMode(s string) (Mode, bool) {
	switch s {
	case "", "create", "create_only", "create-only":
		return ModeCreate, true
	case "upsert", "update", "create_and_update", "create-and-update":
		return ModeUpsert, true
	}
	return "", false
}

// Status is what confirming an import will do, or did, with one row.
type Status string

// The row statuses.
const (
	StatusNew       Status = "new"
	StatusUpdate    Status = "update"
	StatusUnchanged Status = "unchanged"
	StatusError     Status = "error"
	// StatusSkipped is a row the user left out of the import: it is not committed, is no
	// error, and is not in the error file.
	StatusSkipped Status = "skipped"
)

// Statuses lists the row statuses in display order.
var Statuses = []Status{StatusNew, StatusUpdate, StatusUnchanged, StatusError, StatusSkipped}

// State is where an import is in its life.
type State string

// The import states.
const (
	StateChecking  State = "checking"  // the file is being read and checked in the background
	StateFailed    State = "failed"    // reading the file failed; Failure says why; nothing staged
	StateStaged    State = "staged"    // rows are staged and checked; nothing committed
	StateCommitted State = "committed" // the valid rows were written, once
	StateDiscarded State = "discarded" // the user threw the import away
	StateUndone    State = "undone"    // a committed import was taken back (see undo.go); final

	// StateMapping is an import whose file's columns were not all recognised: the file is kept
	// (for a day) and waits for the user to map its columns to fields; nothing is staged.
	StateMapping State = "mapping"

	// StateCommitting and StateUndoing are a confirm and an undo asked for and under way in
	// the background: the import goes on to committed (back to staged should it fail) and to
	// undone (back to committed).
	StateCommitting State = "committing"
	StateUndoing    State = "undoing"
)

// States lists the import states in the order an import goes through them.
var States = []State{StateMapping, StateChecking, StateFailed, StateStaged, StateCommitting, StateCommitted,
	StateDiscarded, StateUndoing, StateUndone}

// Summary counts an import's rows by status.
type Summary struct {
	Rows      int `json:"rows"`
	New       int `json:"new"`
	Update    int `json:"update"`
	Unchanged int `json:"unchanged"`
	Error     int `json:"error"`
	Skipped   int `json:"skipped"`
	// PossibleDuplicates counts the rows with a possible_duplicate warning, whatever their status.
	PossibleDuplicates int `json:"possible_duplicates"`
}

// AddRow counts one checked row: its status, and whether it may be a duplicate.
func (s *Summary) AddRow(r *StagedRow) {
	s.Add(r.Status)
	if IsPossibleDuplicate(r.Warnings) {
		s.PossibleDuplicates++
	}
}

// RemoveRow takes a row counted by AddRow out of the counts, as it was counted: status st and
// warnings ws.
func (s *Summary) RemoveRow(st Status, ws []Problem) {
	s.Remove(st)
	if IsPossibleDuplicate(ws) {
		s.PossibleDuplicates--
	}
}

// IsPossibleDuplicate reports whether warnings ws say that their row may be a duplicate.
func IsPossibleDuplicate(ws []Problem) bool {
	for i := range ws {
		if ws[i].Code == WarnPossibleDuplicate {
			return true
		}
	}
	return false
}

// Add counts one row of status s.
func (s *Summary) Add(st Status) {
	s.Rows++
	switch st {
	case StatusNew:
		s.New++
	case StatusUpdate:
		s.Update++
	case StatusUnchanged:
		s.Unchanged++
	case StatusError:
		s.Error++
	case StatusSkipped:
		s.Skipped++
	}
}

// Remove takes a row of status st out of the counts: Add's inverse.
func (s *Summary) Remove(st Status) {
	s.Rows--
	switch st {
	case StatusNew:
		s.New--
	case StatusUpdate:
		s.Update--
	case StatusUnchanged:
		s.Unchanged--
	case StatusError:
		s.Error--
	case StatusSkipped:
		s.Skipped--
	}
}

// Of returns how many rows have status st, all of them for "", and false for a status the
// summary does not count.
func (s Summary) Of(st Status) (int, bool) {
	switch st {
	case "":
		return s.Rows, true
	case StatusNew:
		return s.New, true
	case StatusUpdate:
		return s.Update, true
	case StatusUnchanged:
		return s.Unchanged, true
	case StatusError:
		return s.Error, true
	case StatusSkipped:
		return s.Skipped, true
	}
	return 0, false
}

// Import is a persisted batch of staged rows from one file.
type Import struct {
	ID          int64
	TenantID    int64
	FileName    string
	FileSHA256  string
	Mode        Mode
	State       State
	CreatedBy   string // who staged it: a user's email, or "os:NAME" for the CLI run by an OS user not named as staff
	CreatedAt   time.Time
	ConfirmedBy string
	ConfirmedAt time.Time // zero until committed
	Summary     Summary   // counts as of the last check, or as committed
	Warnings    []string  // file-level warnings (ignored columns, …), in English
	Notices     []Notice  // what Warnings were made from, to say them in another language (WarningsIn)
	Progress    Progress  // how far background reading and checking has come (state checking)
	Failure     string    // why reading the file failed (state failed), as a sentence for the user, in English
	FailureMsg  *Notice   // what Failure was made from, when it has other languages (FailureIn)
	ConfirmKey  string    // the idempotency key of the confirm request that committed it, if any
	UpdatedAt   time.Time // when its state or progress last changed: a checking import whose
	// progress stopped moving long ago lost the process that was checking it
	// CheckedVersion is the tenant's customers version (a count of the transactions that wrote
	// its customers, from 1) from before its rows were checked against them, or 0 when not known: a
	// confirm that finds the version unchanged needs not look up again the keys of rows that
	// matched no stored customer.
	CheckedVersion int64
	// DateOrder is how the file writes its dates of birth (DateEvidence, over the whole column):
	// its rows are checked, and checked again after edits, in that order.
	DateOrder DateOrder
	// DryRun marks the record of a dry run (the CLI's import --dry-run): discarded at once, with
	// no rows, kept for the audit log and left out of the history.
	DryRun bool
	// Defaults fill the blank cells of its rows (a file without the column too), as the user
	// gave them with its mapping or upload; checked (CheckDefault) and by field key.
	Defaults Defaults
	// Columns say what each column of its file became, in file order (empty until the file is
	// read): the CLI prints them, the page shows them.
	Columns []ColumnUse
}

// ColumnUse says what one column of an import's file became.
type ColumnUse struct {
	Letter string `json:"letter"` // the spreadsheet's name of the column: A, B, …
	Header string `json:"header"` // as in the file
	// Field is the key of the field the column is read into, "full_name" for a full name split
	// into first and last name, or "" when the column is ignored.
	Field string `json:"field"`
}

// Progress is how far a long operation on an import has come. It lives in the database with the
// import, so that any server process (and a reloaded page) can show it.
type Progress struct {
	Phase string `json:"phase"` // "reading", "checking", "staging", "committing"; "" when idle
	Done  int    `json:"done"`
	Total int    `json:"total"` // 0 when unknown (while a file is still being read)
}

// Change is one field an update row changes.
type Change struct {
	Field string `json:"field"` // catalogue key
	Old   string `json:"old"`
	New   string `json:"new"`
}

// StagedRow is one row of an import as staged: the cells as the user gave them (and edited
// them), and the outcome of the last check.
type StagedRow struct {
	Row        int       // spreadsheet row number; the header is row 1
	Raw        Values    // the cells as given or edited, untrimmed
	Status     Status    // outcome of the last check
	Errors     []Problem // all errors of the row
	Warnings   []Problem // warnings: the row is accepted, but something was done to it
	CustomerID int64     // the matched customer (update, unchanged) or the created one once committed
	Changes    []Change  // for an update: the fields that will change
	// Keys are the identity keys of the row's values as of the last check (its merged values:
	// what FileKeys.Classify compares). They let a re-check after edits find the rows an edit can
	// affect without reading the whole import.
	Keys Keys
	// Edited says the cells were edited since the last check: Keys and Status are stale.
	Edited bool
	// Touched is, for an edited row, what the edits since its last check changed (the store
	// keeps it with the Edited mark; it reads it back in EditedRows only): a re-check of rows
	// whose edits touched no field their keys are made of affects no other row.
	Touched FieldSet
	// Skipped says the user left the row out of the import: its next check makes it
	// StatusSkipped, whatever its cells hold.
	Skipped bool
}

// FieldSet is a set of catalogue fields (a bit each, by index into Fields) and, in TouchSkip,
// whether a row's skip changed.
type FieldSet uint64

// TouchSkip is the member of a FieldSet saying that a row was skipped or taken back.
const TouchSkip FieldSet = 1 << 63

// The fields' bits must stay clear of TouchSkip's.
const _ = uint(63 - NumFields)

// TouchAll is a FieldSet holding every field and TouchSkip: what an edit whose changes are not
// known may have changed.
const TouchAll FieldSet = ^FieldSet(0)

// ChangedFields returns the fields whose cells differ between a and b.
func ChangedFields(a, b *Values) FieldSet {
	var s FieldSet
	for i := range a {
		if a[i] != b[i] {
			s |= 1 << i
		}
	}
	return s
}

// KeyKinds returns the kinds of identity key that edits which changed s can change, and whether
// a re-check by those kinds alone can take them (FileKeys.ClassifyKinds): not when they changed a
// first or last name, which every kind's duplicate messages name, or a row's skip, which takes
// the row out of or into every kind.
func (s FieldSet) KeyKinds() (KeyKinds, bool) {
	if s&(TouchSkip|1<<FFirstName|1<<FLastName) != 0 {
		return KeyKinds{}, false
	}
	has := func(i int) bool { return s&(1<<i) != 0 }
	return KeyKinds{has(FAccount), has(FEmail), has(FMobile), has(FPostcode)}, true
}

// Blank reports whether every cell of v is empty or white space: such rows are ignored. White
// space is what trimming a cell removes (trimCell), so that a row the rules would see as all
// blank cells (say, narrow no-break or zero-width spaces) is ignored rather than reported as a
// row without a name.
func (v *Values) Blank() bool {
	for _, s := range v {
		if !BlankCell(s) {
			return false
		}
	}
	return true
}

// BlankCell reports whether one cell is empty or white space, as Blank decides for a row. The
// file readers ask it of every cell of every row, where building a row of one cell for Blank
// would cost more than reading the cell.
func BlankCell(s string) bool { return trimCell(s) == "" }

// Revision records one change to one customer, with the values before and after it: what an
// import created or updated (so that the import can be audited and undone), an edit or creation
// by hand, or an undo. A customer's revisions, oldest first, are its history (HistoryOf).
type Revision struct {
	ImportID   int64 // the import that wrote it, or that the undo took back; 0 for an edit by hand
	CustomerID int64
	// MergeID is the merge (Merge) that wrote it, or whose undo wrote it; 0 for none.
	MergeID int64
	// Action is what wrote it: "" for the import's own rows (what undo takes back; ActionImport
	// in the history), ActionEdit, ActionCreate, ActionMerge or ActionUndo (of an import, or of
	// a merge when MergeID is set).
	Action Action
	// Actor and At are who wrote it and when. An import's revisions are read with its
	// confirmer and confirmation time.
	Actor string
	At    time.Time
	// Row is the staged row that wrote the customer (its spreadsheet row number), through which
	// the row's customer is known once committed.
	Row     int
	Created bool   // the import created the customer (Before is empty)
	Before  Values // the stored values before an update
	After   Values // the values the import wrote
	// BeforeUpdatedAt is when the updated customer had last changed before the import, so that
	// undo puts back its time stamp with its values; zero for created customers.
	BeforeUpdatedAt time.Time
}
