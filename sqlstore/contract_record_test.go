package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// TestCustomerRecordContract: a customer's revisions as its history, and its erasure.
func TestCustomerRecordContract(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		ola := person("A-1", "Ola", "Nordmann", "ola@example.no", "+4791234567", "0150")
		kari := person("A-2", "Kari", "Hansen", "kari@example.no", "+4741234567", "5003")
		cs := insertValues(t, s, tn.ID, ola, kari)
		imp := createImport(t, s, tn.ID)
		moved := ola
		moved[customer.FCity] = "Bergen"
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		revs := []customer.Revision{
			{ImportID: imp.ID, CustomerID: cs[0].ID, Row: 2, Created: true, After: ola},
			{CustomerID: cs[0].ID, Action: customer.ActionEdit, Actor: "kari@butikk.no", At: at, Before: ola, After: moved},
			{ImportID: imp.ID, CustomerID: cs[1].ID, Row: 3, Created: true, After: kari},
		}
		if err := s.AddRevisions(ctx, revs); err != nil {
			t.Fatal(err)
		}
		rows := []customer.StagedRow{
			{Row: 2, Raw: ola, Status: customer.StatusNew, Keys: customer.KeysOf(&ola)},
			{Row: 3, Raw: kari, Status: customer.StatusNew, Keys: customer.KeysOf(&kari)},
		}
		// A row of another import that names Ola by his email only, in an error.
		other := createImport(t, s, tn.ID)
		dup := person("", "Per", "Lie", "OLA@example.no", "", "")
		errRow := customer.StagedRow{Row: 2, Raw: dup, Status: customer.StatusError, Keys: customer.KeysOf(&dup),
			Errors: []customer.Problem{customer.NewProblem(customer.FEmail, customer.CodeEmailExists, "Ola Nordmann has it.")}}
		if err := s.AddRows(ctx, imp.ID, rows); err != nil {
			t.Fatal(err)
		}
		if err := s.AddRows(ctx, other.ID, []customer.StagedRow{errRow}); err != nil {
			t.Fatal(err)
		}

		t.Run("history", func(t *testing.T) {
			got, err := s.CustomerRevisions(ctx, tn.ID, cs[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0].Action != "" || got[0].ImportID != imp.ID || !got[0].Created ||
				got[1].Action != customer.ActionEdit || got[1].ImportID != 0 || got[1].Actor != "kari@butikk.no" || !got[1].At.Equal(at) || got[1].After != moved {
				t.Errorf("CustomerRevisions = %+v", got)
			}
			// An import's own revisions are what undo reads; an edit is none of them.
			if own, err := s.Revisions(ctx, tn.ID, imp.ID); err != nil || len(own) != 2 {
				t.Errorf("Revisions = %d, %v", len(own), err)
			}
			if _, err := s.CustomerRevisions(ctx, tn.ID+1000, cs[0].ID); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("another tenant's customer: %v", err)
			}
		})

		t.Run("erase", func(t *testing.T) {
			v0, _ := s.CustomersVersion(ctx, tn.ID)
			got, err := s.EraseCustomer(ctx, tn.ID, cs[0].ID, func(c customer.Customer) customer.AuditEntry {
				return customer.AuditEntry{TenantID: tn.ID, Actor: "owner", Action: "customer_erase", Detail: c.Values[customer.FAccount]}
			})
			if err != nil || got.Values != ola {
				t.Fatalf("EraseCustomer = %+v, %v", got, err)
			}
			if _, err := s.Customer(ctx, tn.ID, cs[0].ID); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("the customer is still there: %v", err)
			}
			if v, _ := s.CustomersVersion(ctx, tn.ID); v <= v0 {
				t.Errorf("customers version %d, was %d", v, v0)
			}
			if own, _ := s.Revisions(ctx, tn.ID, imp.ID); len(own) != 1 || own[0].CustomerID != cs[1].ID {
				t.Errorf("revisions left %+v, want Kari's only", own)
			}
			staged, err := s.RowsAfter(ctx, imp.ID, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if staged[0].Raw != (customer.Values{}) || staged[0].Keys != (customer.Keys{}) || staged[0].CustomerID != 0 || staged[0].Status != customer.StatusNew {
				t.Errorf("Ola's row %+v, want it blank", staged[0])
			}
			if staged[1].Raw != kari || staged[1].CustomerID != cs[1].ID {
				t.Errorf("Kari's row %+v, want it as it was", staged[1])
			}
			named, _ := s.RowsAfter(ctx, other.ID, 0, 10)
			if named[0].Raw != (customer.Values{}) || len(named[0].Errors) != 0 {
				t.Errorf("the row naming Ola %+v, want it blank", named[0])
			}
			log, _, err := s.Audit(ctx, tn.ID, 0, 1)
			if err != nil || len(log) != 1 || log[0].Action != "customer_erase" || log[0].Detail != "A-1" {
				t.Errorf("audit %+v, %v", log, err)
			}
			if _, err := s.EraseCustomer(ctx, tn.ID, cs[0].ID, func(customer.Customer) customer.AuditEntry { return customer.AuditEntry{} }); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("erasing again: %v", err)
			}
		})
	})
}
