package customer

import (
	"reflect"
	"testing"
	"time"
)

func TestPlanUndo(t *testing.T) {
	before := time.Date(2026, 3, 4, 5, 6, 7, 8000, time.UTC)
	ola := cellsOf("account_number", "A-1", "first_name", "Ola", "last_name", "Nordmann", "email", "ola@example.no")
	olaNew := cellsOf("account_number", "A-1", "first_name", "Ola", "last_name", "Nordmann", "email", "ola@butikk.no")
	olaLater := cellsOf("account_number", "A-1", "first_name", "Ola", "last_name", "Nordmann", "email", "ola@butikk.no", "city", "Bergen")
	kari := cellsOf("account_number", "C000001", "first_name", "Kari", "last_name", "Hansen")
	kariLater := cellsOf("account_number", "C000001", "first_name", "Kari", "last_name", "Hansen", "mobile", "+4791234567", "note", "VIP")
	firma := cellsOf("account_number", "C000002", "company", "Fjord AS")
	thief := cellsOf("account_number", "C000009", "first_name", "Per", "email", "ola@example.no")

	updated := Revision{CustomerID: 1, Before: ola, After: olaNew, BeforeUpdatedAt: before}
	createdKari := Revision{CustomerID: 2, Created: true, After: kari}
	createdFirma := Revision{CustomerID: 3, Created: true, After: firma}

	tests := []struct {
		name    string
		revs    []Revision
		current []Customer
		holders []Customer
		force   bool
		want    UndoPlan
	}{
		{
			name:    "nothing changed since: delete the created, restore the updated with its time",
			revs:    []Revision{updated, createdKari, createdFirma},
			current: []Customer{{ID: 1, TenantID: 7, Values: olaNew}, {ID: 2, TenantID: 7, Values: kari}, {ID: 3, TenantID: 7, Values: firma}},
			want: UndoPlan{Delete: []int64{2, 3},
				Restore: []Customer{{ID: 1, TenantID: 7, Values: ola, UpdatedAt: before}}},
		},
		{
			name:    "a created customer changed since is kept",
			revs:    []Revision{createdKari, createdFirma},
			current: []Customer{{ID: 2, Values: kariLater}, {ID: 3, Values: firma}},
			want: UndoPlan{Delete: []int64{3}, Conflicts: []UndoConflict{{CustomerID: 2, Account: "C000001", Name: "Kari Hansen",
				Created: true, Reason: ConflictChanged, Fields: []string{"mobile", "note"}, Forceable: true}}},
		},
		{
			name:    "forced, a created customer changed since is deleted too",
			revs:    []Revision{createdKari, createdFirma},
			current: []Customer{{ID: 2, Values: kariLater}, {ID: 3, Values: firma}},
			force:   true,
			want: UndoPlan{Delete: []int64{2, 3}, Conflicts: []UndoConflict{{CustomerID: 2, Account: "C000001", Name: "Kari Hansen",
				Created: true, Reason: ConflictChanged, Fields: []string{"mobile", "note"}, Forceable: true, Forced: true}}},
		},
		{
			name:    "an updated customer changed since (a later import) is kept",
			revs:    []Revision{updated},
			current: []Customer{{ID: 1, Values: olaLater}},
			want: UndoPlan{Conflicts: []UndoConflict{{CustomerID: 1, Account: "A-1", Name: "Ola Nordmann",
				Reason: ConflictChanged, Fields: []string{"city"}, Forceable: true}}},
		},
		{
			name:    "forced, an updated customer changed since gets its values from before the import",
			revs:    []Revision{updated},
			current: []Customer{{ID: 1, TenantID: 7, Values: olaLater}},
			force:   true,
			want: UndoPlan{Restore: []Customer{{ID: 1, TenantID: 7, Values: ola, UpdatedAt: before}},
				Conflicts: []UndoConflict{{CustomerID: 1, Account: "A-1", Name: "Ola Nordmann",
					Reason: ConflictChanged, Fields: []string{"city"}, Forceable: true, Forced: true}}},
		},
		{
			name:    "customers deleted since are conflicts, even forced",
			revs:    []Revision{updated, createdFirma},
			current: nil,
			force:   true,
			want: UndoPlan{Conflicts: []UndoConflict{
				{CustomerID: 1, Account: "A-1", Name: "Ola Nordmann", Reason: ConflictDeleted},
				{CustomerID: 3, Account: "C000002", Name: "Fjord AS", Created: true, Reason: ConflictDeleted},
			}},
		},
		{
			name:    "the old email is another customer's now: cannot be restored",
			revs:    []Revision{updated},
			current: []Customer{{ID: 1, Values: olaNew}},
			holders: []Customer{{ID: 1, Values: olaNew}, {ID: 9, Values: thief}},
			force:   true,
			want:    UndoPlan{Conflicts: []UndoConflict{{CustomerID: 1, Account: "A-1", Name: "Ola Nordmann", Reason: ConflictKeyTaken}}},
		},
		{
			name:    "the old email held by a customer the same undo deletes is free",
			revs:    []Revision{updated, {CustomerID: 9, Created: true, After: thief}},
			current: []Customer{{ID: 1, Values: olaNew}, {ID: 9, Values: thief}},
			holders: []Customer{{ID: 9, Values: thief}},
			want:    UndoPlan{Delete: []int64{9}, Restore: []Customer{{ID: 1, Values: ola, UpdatedAt: before}}},
		},
		{
			name:    "a revision from before time stamps were kept restores with a zero time",
			revs:    []Revision{{CustomerID: 1, Before: ola, After: olaNew}},
			current: []Customer{{ID: 1, Values: olaNew}},
			want:    UndoPlan{Restore: []Customer{{ID: 1, Values: ola}}},
		},
		{
			name: "an import that wrote nothing undoes nothing",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PlanUndo(tt.revs, tt.current, tt.holders, tt.force)
			// Each deleted or restored customer has its undo revision: from its values now to
			// none, or to the values restored.
			if len(got.Revisions) != len(got.Delete)+len(got.Restore) {
				t.Errorf("%d revisions for %d deletes and %d restores", len(got.Revisions), len(got.Delete), len(got.Restore))
			}
			for _, r := range got.Revisions {
				if r.Action != ActionUndo || r.Before == (Values{}) {
					t.Errorf("revision %+v", r)
				}
			}
			got.Revisions = nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("PlanUndo =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestUndoReport(t *testing.T) {
	plan := UndoPlan{Delete: []int64{2, 3}, Restore: []Customer{{ID: 1}}, Conflicts: []UndoConflict{
		{CustomerID: 4, Reason: ConflictChanged, Forceable: true, Forced: true},
		{CustomerID: 5, Reason: ConflictChanged, Forceable: true},
		{CustomerID: 6, Reason: ConflictDeleted},
	}}
	r := ReportOf(Import{ID: 12, State: StateCommitted}, plan, false)
	if r.ImportID != 12 || r.State != StateCommitted || r.Delete != 2 || r.Restore != 1 || len(r.Conflicts) != 3 {
		t.Errorf("ReportOf = %+v", r)
	}
	if r.Kept() != 2 || r.Forceable() != 2 {
		t.Errorf("Kept = %d, Forceable = %d; want 2, 2", r.Kept(), r.Forceable())
	}
}

func TestDisplayName(t *testing.T) {
	tests := []struct {
		name string
		v    Values
		want string
	}{
		{"person", cellsOf("first_name", "Åse", "last_name", "Berg", "company", "Fjord AS"), "Åse Berg"},
		{"last name only", cellsOf("last_name", "Berg"), "Berg"},
		{"company", cellsOf("company", "Fjord AS", "account_number", "C1"), "Fjord AS"},
		{"nothing but the account", cellsOf("account_number", "C1"), "C1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DisplayName(&tt.v); got != tt.want {
				t.Errorf("DisplayName = %q, want %q", got, tt.want)
			}
		})
	}
}
