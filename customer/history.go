package customer

import "time"

// Action says what wrote a revision of a customer.
type Action string

// The actions of a customer's history.
const (
	ActionImport Action = "import" // a committed import created or updated the customer
	ActionEdit   Action = "edit"   // a user changed fields by hand
	ActionCreate Action = "create" // a user created the customer by hand
	ActionUndo   Action = "undo"   // undoing an import or a merge put the customer back (or deleted it)
	ActionMerge  Action = "merge"  // another customer was merged into this one, or this one into another
)

// HistoryEntry is one change of a customer, as the customer's page and the access report show it.
type HistoryEntry struct {
	At       time.Time
	Actor    string
	Action   Action
	ImportID int64    // the import that made the change, or that the undo took back; 0 for an edit
	MergeID  int64    // the merge that made the change, or that the undo took back; 0 for none
	Changes  []Change // the fields that changed, in catalogue order; Old is "" for a creation
}

// HistoryOf returns a customer's history from its revisions, oldest first as given.
func HistoryOf(revs []Revision) []HistoryEntry {
	out := make([]HistoryEntry, 0, len(revs))
	for i := range revs {
		r := &revs[i]
		var before Values
		if !r.Created {
			before = r.Before
		}
		e := HistoryEntry{At: r.At, Actor: r.Actor, Action: r.Action, ImportID: r.ImportID, MergeID: r.MergeID, Changes: []Change{}}
		if e.Action == "" {
			e.Action = ActionImport
		}
		for f := range r.After {
			if before[f] != r.After[f] {
				e.Changes = append(e.Changes, Change{Field: Fields[f].Key, Old: before[f], New: r.After[f]})
			}
		}
		out = append(out, e)
	}
	return out
}

// CheckOne finishes the check of one customer edited or created by hand, c being prepared
// (PrepareInto) from every value the customer would have: stored is the customer edited, nil
// for a new one, and x holds the stored customers that hold any of c's keys. The rules and the
// duplicate checks are an import's, with the same messages: an edit is checked as a row that
// updates stored, a creation as a row of a create-only import. A blank field of an edit clears
// it, except a required one, which is an error.
func (r Rules) CheckOne(c *Checked, stored *Customer, x *Index) {
	if stored == nil {
		r.Resolve(ModeCreate, c, x)
	} else {
		c.Match = stored
		c.Merged = c.Norm
		if c.NormKeys.Email == emailKey(stored.Values[FEmail]) {
			c.Merged[FEmail] = stored.Values[FEmail]
		}
		// The edit's values hold the stored date: a consent changed without a new date of its
		// own is dated now.
		for _, cf := range ConsentFields {
			if c.Merged[cf.Consent] != stored.Values[cf.Consent] && c.Merged[cf.Date] == stored.Values[cf.Date] {
				c.Merged[cf.Date] = FormatTime(r.today())
			}
		}
		c.Keys = KeysOf(&c.Merged)
	}
	NewFileKeys().Classify([]*Checked{c}, x)
}
