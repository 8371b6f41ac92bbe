package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// TestMergeContract: merging one customer into another, its record and history, its undo, and
// dismissed pairs.
func TestMergeContract(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		kari := person("A-1", "Kari", "Nordmann", "kari@example.no", "", "0150")
		kari2 := person("A-2", "Kari", "Nordman", "kari.nordmann@example.no", "+4791234567", "0150")
		cs := insertValues(t, s, tn.ID, kari, kari2)
		into, from := *cs[0], *cs[1]
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		audit := func(action string) func(m *customer.Merge) customer.AuditEntry {
			return func(m *customer.Merge) customer.AuditEntry {
				return customer.AuditEntry{TenantID: tn.ID, Actor: "kari@butikk.no", Action: action, At: at, Detail: m.IntoAfter[customer.FAccount]}
			}
		}
		merged := kari
		merged[customer.FMobile], merged[customer.FEmail] = kari2[customer.FMobile], kari2[customer.FEmail]
		m := customer.Merge{TenantID: tn.ID, IntoID: into.ID, FromID: from.ID, Actor: "kari@butikk.no", At: at}
		decide := func(a, b *customer.Customer) (customer.Values, error) {
			if a.Values != kari || b.Values != kari2 {
				t.Errorf("decide got %v and %v", a.Values, b.Values)
			}
			return merged, nil
		}

		t.Run("refused", func(t *testing.T) {
			other := m
			other.TenantID = tn.ID + 1000
			if err := s.MergeCustomers(ctx, &other, decide, audit("customer_merge")); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("another tenant: %v", err)
			}
			self := m
			self.FromID = self.IntoID
			if err := s.MergeCustomers(ctx, &self, decide, audit("customer_merge")); customer.ErrorCodeOf(err) != customer.EInvalid {
				t.Errorf("into itself: %v", err)
			}
		})

		t.Run("merge", func(t *testing.T) {
			v0, _ := s.CustomersVersion(ctx, tn.ID)
			if err := s.MergeCustomers(ctx, &m, decide, audit("customer_merge")); err != nil {
				t.Fatal(err)
			}
			if m.ID == 0 || m.IntoBefore != kari || m.From != kari2 || m.IntoAfter != merged || m.FromCreatedAt.IsZero() {
				t.Errorf("merge recorded as %+v", m)
			}
			if got, err := s.Customer(ctx, tn.ID, into.ID); err != nil || got.Values != merged {
				t.Errorf("kept customer = %v, %v", got.Values, err)
			}
			if _, err := s.Customer(ctx, tn.ID, from.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("merged customer still there: %v", err)
			}
			if v, _ := s.CustomersVersion(ctx, tn.ID); v <= v0 {
				t.Errorf("customers version %d, was %d", v, v0)
			}
			revs, err := s.CustomerRevisions(ctx, tn.ID, into.ID)
			if err != nil || len(revs) != 1 || revs[0].Action != customer.ActionMerge || revs[0].MergeID != m.ID || revs[0].After != merged {
				t.Errorf("kept customer's revisions = %+v, %v", revs, err)
			}
			got, n, err := s.Merges(ctx, tn.ID, 0, 10)
			if err != nil || n != 1 || len(got) != 1 || got[0].ID != m.ID || got[0].From != kari2 || !got[0].UndoneAt.IsZero() {
				t.Errorf("Merges = %+v, %d, %v", got, n, err)
			}
			page, _, err := s.Audit(ctx, tn.ID, 0, 10)
			if err != nil || len(page) == 0 || page[0].Action != "customer_merge" {
				t.Errorf("audit = %+v, %v", page, err)
			}
		})

		t.Run("undo", func(t *testing.T) {
			if _, err := s.UndoMerge(ctx, tn.ID+1000, m.ID, "kari@butikk.no", at, audit("customer_merge_undo")); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("another tenant's merge: %v", err)
			}
			got, err := s.UndoMerge(ctx, tn.ID, m.ID, "kari@butikk.no", at.Add(time.Hour), audit("customer_merge_undo"))
			if err != nil || got.UndoneAt.IsZero() || got.UndoneBy != "kari@butikk.no" {
				t.Fatalf("UndoMerge = %+v, %v", got, err)
			}
			a, err := s.Customer(ctx, tn.ID, into.ID)
			if err != nil || a.Values != kari || !a.UpdatedAt.Equal(into.UpdatedAt) {
				t.Errorf("kept customer = %+v, %v; want %v at %v", a, err, kari, into.UpdatedAt)
			}
			b, err := s.Customer(ctx, tn.ID, from.ID)
			if err != nil || b.Values != kari2 || !b.UpdatedAt.Equal(from.UpdatedAt) {
				t.Errorf("merged customer = %+v, %v; want %v", b, err, kari2)
			}
			revs, err := s.CustomerRevisions(ctx, tn.ID, from.ID)
			if err != nil || len(revs) != 2 || revs[1].Action != customer.ActionUndo || revs[1].MergeID != m.ID || !revs[1].Created {
				t.Errorf("merged customer's revisions = %+v, %v", revs, err)
			}
			if _, err := s.UndoMerge(ctx, tn.ID, m.ID, "kari@butikk.no", at, audit("customer_merge_undo")); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("undone twice: %v", err)
			}
		})

		t.Run("undo after a change", func(t *testing.T) {
			m2 := customer.Merge{TenantID: tn.ID, IntoID: into.ID, FromID: from.ID, Actor: "kari@butikk.no", At: at}
			if err := s.MergeCustomers(ctx, &m2, decide, audit("customer_merge")); err != nil {
				t.Fatal(err)
			}
			changed := merged
			changed[customer.FCity] = "Oslo"
			if err := s.UpdateCustomers(ctx, tn.ID, []customer.Customer{{ID: into.ID, Values: changed}}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.UndoMerge(ctx, tn.ID, m2.ID, "kari@butikk.no", at, audit("customer_merge_undo")); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("undo over a later change: %v", err)
			}
			if _, err := s.Customer(ctx, tn.ID, from.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("a refused undo brought the merged customer back: %v", err)
			}
		})

		t.Run("dismiss", func(t *testing.T) {
			third := insertValues(t, s, tn.ID, person("A-3", "Per", "Lie", "", "", ""))[0]
			if err := s.DismissDuplicates(ctx, tn.ID, third.ID, into.ID, "kari@butikk.no", at); err != nil {
				t.Fatal(err)
			}
			if err := s.DismissDuplicates(ctx, tn.ID, into.ID, third.ID, "kari@butikk.no", at); err != nil {
				t.Errorf("dismissed again: %v", err)
			}
			if err := s.DismissDuplicates(ctx, tn.ID, into.ID, from.ID, "kari@butikk.no", at); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("a deleted customer: %v", err)
			}
			got, err := s.Dismissed(ctx, tn.ID)
			if err != nil || len(got) != 1 || got[0] != [2]int64{into.ID, third.ID} {
				t.Errorf("Dismissed = %v, %v", got, err)
			}
		})

		t.Run("undo after the kept customer is deleted", func(t *testing.T) {
			var m3 customer.Merge // the merge the refused undo left
			list, _, err := s.Merges(ctx, tn.ID, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range list {
				if m.UndoneAt.IsZero() {
					m3 = m
				}
			}
			if m3.ID == 0 {
				t.Fatal("no merge left to undo")
			}
			if err := s.DeleteCustomers(ctx, tn.ID, []int64{into.ID}); err != nil {
				t.Fatal(err)
			}
			_, err = s.UndoMerge(ctx, tn.ID, m3.ID, "kari@butikk.no", at, audit("customer_merge_undo"))
			if customer.ErrorCodeOf(err) != customer.EConflict || !strings.Contains(err.Error(), "was deleted since the merge, which cannot be undone") {
				t.Errorf("undo of a merge into a deleted customer: %v", err)
			}
		})
	})
}
