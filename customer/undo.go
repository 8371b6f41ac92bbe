package customer

import (
	"slices"
	"strings"
	"time"
)

// Undoing a committed import puts the customer base back as it was before the import, from the
// import's revisions: the customers it created are deleted, and the customers it updated get
// their values (and their time stamp) from before it back.
//
// Clientele keeps no sales, visits or other records that point at a customer, so deleting a
// created customer loses nothing but the customer itself. What undo never does silently is
// throw away somebody else's work: a customer changed after the import (by a later import, or
// by a later undo) is a conflict, and is left as it is unless the user asks to undo it anyway.

// ConflictReason says why undo would not touch a customer on its own.
type ConflictReason string

// The conflict reasons.
const (
	// ConflictChanged: the customer's stored values differ from what the import wrote, so it was
	// changed since. Forcing undo overwrites (or deletes) it all the same.
	ConflictChanged ConflictReason = "changed"
	// ConflictDeleted: the customer no longer exists. There is nothing to undo, forced or not.
	ConflictDeleted ConflictReason = "deleted"
	// ConflictKeyTaken: putting the values back would give the customer an account number,
	// email, mobile or name and postcode that another customer holds now. It cannot be forced.
	ConflictKeyTaken ConflictReason = "key_taken"
)

// UndoConflict is one customer that undo leaves alone unless forced.
type UndoConflict struct {
	CustomerID int64          `json:"customer_id"`
	Account    string         `json:"account_number"` // as stored now (as the import wrote it when deleted)
	Name       string         `json:"name"`           // first and last name, else the company: to recognise it
	Created    bool           `json:"created"`        // the import created it (undo would delete it), else updated it
	Reason     ConflictReason `json:"reason"`
	// Fields are the catalogue keys whose stored value differs from what the import wrote
	// (ConflictChanged, and ConflictKeyTaken when it was changed as well).
	Fields []string `json:"fields,omitempty"`
	// Forceable says that forcing undo would delete or restore this customer anyway.
	Forceable bool `json:"forceable"`
	// Forced says that this undo did delete or restore it, overriding the conflict.
	Forced bool `json:"forced"`
}

// UndoPlan is what undoing an import will do: the customers to delete and to put back, and the
// conflicts. With force, the forceable conflicts are in Delete and Restore too (marked Forced).
type UndoPlan struct {
	Delete    []int64    // created customers to delete
	Restore   []Customer // updated customers with their values and UpdatedAt from before the import
	Conflicts []UndoConflict
	// Revisions record what the undo does to each customer it deletes or restores (Action
	// ActionUndo, Before the values as stored now), for the customers' history; the caller sets
	// their import, actor and time.
	Revisions []Revision
}

// PlanUndo computes the undo of an import from its revisions, the tenant's current customers
// with the revisions' customer IDs (current; missing ones were deleted), and holders: current
// customers that hold any key of the revisions' Before values (who would collide with a
// restored customer). Conflicts come in revision order.
func PlanUndo(revs []Revision, current []Customer, holders []Customer, force bool) UndoPlan {
	byID := make(map[int64]*Customer, len(current))
	for i := range current {
		byID[current[i].ID] = &current[i]
	}
	var p UndoPlan
	deleting := map[int64]bool{}
	restoring := map[int64]bool{}
	type pending struct {
		rev      *Revision
		conflict *UndoConflict
	}
	var restores []pending
	for i := range revs {
		r := &revs[i]
		cur := byID[r.CustomerID]
		var conf *UndoConflict
		switch {
		case cur == nil:
			conf = &UndoConflict{CustomerID: r.CustomerID, Account: r.After[FAccount], Name: DisplayName(&r.After),
				Created: r.Created, Reason: ConflictDeleted}
		case cur.Values != r.After:
			conf = &UndoConflict{CustomerID: r.CustomerID, Account: cur.Values[FAccount], Name: DisplayName(&cur.Values),
				Created: r.Created, Reason: ConflictChanged, Fields: DifferentFields(&cur.Values, &r.After), Forceable: true}
		}
		if conf != nil && (!conf.Forceable || !force) {
			p.Conflicts = append(p.Conflicts, *conf)
			continue
		}
		if conf != nil {
			conf.Forced = true
		}
		if r.Created {
			deleting[r.CustomerID] = true
			p.Delete = append(p.Delete, r.CustomerID)
			p.Revisions = append(p.Revisions, Revision{CustomerID: r.CustomerID, Action: ActionUndo, Before: cur.Values,
				BeforeUpdatedAt: cur.UpdatedAt})
			if conf != nil {
				p.Conflicts = append(p.Conflicts, *conf)
			}
			continue
		}
		restoring[r.CustomerID] = true
		restores = append(restores, pending{r, conf})
	}
	// A restored customer's keys must be free once the deletes are done: a holder that this undo
	// deletes or restores itself is no obstacle (the store's unique keys catch what is left).
	held := holdersByKey(holders)
	for _, pr := range restores {
		r, conf := pr.rev, pr.conflict
		if held.taken(&r.Before, r.CustomerID, deleting, restoring) {
			cur := byID[r.CustomerID]
			kc := UndoConflict{CustomerID: r.CustomerID, Account: cur.Values[FAccount], Name: DisplayName(&cur.Values),
				Reason: ConflictKeyTaken}
			if conf != nil {
				kc.Fields = conf.Fields
			}
			p.Conflicts = append(p.Conflicts, kc)
			continue
		}
		cur := byID[r.CustomerID]
		p.Restore = append(p.Restore, Customer{ID: r.CustomerID, TenantID: cur.TenantID,
			Values: r.Before, UpdatedAt: r.BeforeUpdatedAt})
		p.Revisions = append(p.Revisions, Revision{CustomerID: r.CustomerID, Action: ActionUndo, Before: cur.Values,
			After: r.Before, BeforeUpdatedAt: cur.UpdatedAt})
		if conf != nil {
			p.Conflicts = append(p.Conflicts, *conf)
		}
	}
	order := make(map[int64]int, len(revs))
	for i := range revs {
		order[revs[i].CustomerID] = i
	}
	slices.SortStableFunc(p.Conflicts, func(a, b UndoConflict) int { return order[a.CustomerID] - order[b.CustomerID] })
	return p
}

// keyHolders are the customers holding each key, kind by kind, so that checking a restore is a
// few map lookups rather than a walk over every holder (an import may update 100,000 customers).
type keyHolders [4]map[string][]int64

func holdersByKey(holders []Customer) keyHolders {
	var h keyHolders
	for i := range h {
		h[i] = map[string][]int64{}
	}
	for i := range holders {
		for kind, k := range keyList(KeysOf(&holders[i].Values)) {
			if k != "" {
				h[kind][k] = append(h[kind][k], holders[i].ID)
			}
		}
	}
	return h
}

// taken reports whether a customer other than id, and not deleted or restored by the same undo,
// holds one of v's keys now.
func (h keyHolders) taken(v *Values, id int64, deleting, restoring map[int64]bool) bool {
	for kind, k := range keyList(KeysOf(v)) {
		if k == "" {
			continue
		}
		for _, other := range h[kind][k] {
			if other != id && !deleting[other] && !restoring[other] {
				return true
			}
		}
	}
	return false
}

func keyList(k Keys) [4]string { return [4]string{k.Account, k.Email, k.Mobile, k.NamePostcode} }

// DifferentFields returns the catalogue keys of the fields whose values differ between a and b,
// in catalogue order.
func DifferentFields(a, b *Values) []string {
	var out []string
	for i := range a {
		if a[i] != b[i] {
			out = append(out, Fields[i].Key)
		}
	}
	return out
}

// DisplayName returns how a person recognises a customer: first and last name, else the
// company, else the account number.
func DisplayName(v *Values) string {
	if n := strings.TrimSpace(v[FFirstName] + " " + v[FLastName]); n != "" {
		return n
	}
	if v[FCompany] != "" {
		return v[FCompany]
	}
	return v[FAccount]
}

// UndoReport tells what undoing an import will do (a preview) or did.
type UndoReport struct {
	ImportID int64
	State    State // the import's state: committed in a preview, undone after the undo
	Done     bool  // the undo ran (false in a preview, and when the import was undone before)
	Force    bool  // conflicts that can be overridden were (or, previewed, would be)
	Delete   int   // customers deleted (previewed: to delete)
	Restore  int   // customers put back (previewed: to put back)
	// Conflicts are the customers changed since the import, each marked Forced when undo
	// deleted or restored it anyway.
	Conflicts []UndoConflict
	At        time.Time // when the undo ran; zero in a preview
}

// Kept counts the conflicts that undo leaves (or left) as they are.
func (r *UndoReport) Kept() int {
	n := 0
	for _, c := range r.Conflicts {
		if !c.Forced {
			n++
		}
	}
	return n
}

// Forceable counts the conflicts that forcing the undo would override.
func (r *UndoReport) Forceable() int {
	n := 0
	for _, c := range r.Conflicts {
		if c.Forceable {
			n++
		}
	}
	return n
}

// ReportOf returns the report of plan for an import.
func ReportOf(imp Import, plan UndoPlan, force bool) UndoReport {
	return UndoReport{ImportID: imp.ID, State: imp.State, Force: force, Delete: len(plan.Delete),
		Restore: len(plan.Restore), Conflicts: plan.Conflicts}
}

// UndoExplanation says in a sentence what undo does to the customers of an import, for the
// preview in every face of Clientele.
const UndoExplanation = "Undo deletes the customers this import created and puts back the values " +
	"of the customers it updated. Clientele keeps no sales or other records that refer to a " +
	"customer, so nothing else is deleted. A customer changed since the import (say, by a later " +
	"import) is a conflict: undo leaves it as it is unless you choose to undo it anyway, which " +
	"deletes it or overwrites the later changes."
