package importer_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// customerTable returns every row of the customers table, every column, as text, in id order:
// the database's own view, not the store's, so that undo is compared on what is stored
// (keys, search text, created and updated times) and not only on what the store reads back.
func customerTable(t *testing.T, dsn string) []string {
	t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT * FROM customers ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, c := range cols {
			v := vals[i]
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%s=%v|", c, v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// undo undoes an import as the shop's manager and fails the test on an error.
func (sh *shop) undo(id int64, force bool) customer.UndoReport {
	sh.t.Helper()
	rep, err := sh.im.Undo(context.Background(), sh.tn, id, "kari@sykkelbutikken.no", importer.UndoOptions{Force: force})
	if err != nil {
		sh.t.Fatalf("Undo: %v", err)
	}
	return rep
}

// undoAudit returns the tenant's audit entries of action undo.
func (sh *shop) undoAudit() []customer.AuditEntry {
	sh.t.Helper()
	entries, _, err := sh.s.Audit(context.Background(), sh.tn.ID, 0, 0)
	if err != nil {
		sh.t.Fatal(err)
	}
	var out []customer.AuditEntry
	for _, e := range entries {
		if e.Action == "undo" {
			out = append(out, e)
		}
	}
	return out
}

// TestUndoRestoresTheWholeTable is the promise of undo: the whole customers table — every row,
// every column — is after the undo what it was before the import. Each database is new, so the
// table holds nothing but the shop's customers.
func TestUndoRestoresTheWholeTable(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		sh := newShop(t, s, "NO")
		sh.load("kunder-i-butikken.csv")

		t.Run("create mode", func(t *testing.T) {
			before := customerTable(t, dsn)
			imp := sh.confirm(sh.stage("klienci-pl.csv", customer.ModeCreate).ID)
			if imp.Summary.New == 0 {
				t.Fatalf("the import created nothing: %+v", imp.Summary)
			}
			if reflect.DeepEqual(customerTable(t, dsn), before) {
				t.Fatal("the import changed nothing")
			}
			preview, err := sh.im.PreviewUndo(ctx, sh.tn, imp.ID)
			if err != nil {
				t.Fatal(err)
			}
			if preview.Delete != imp.Summary.New || preview.Restore != 0 || len(preview.Conflicts) != 0 || preview.Done {
				t.Errorf("preview %+v, want %d to delete and nothing else", preview, imp.Summary.New)
			}
			rep := sh.undo(imp.ID, false)
			if !rep.Done || rep.State != customer.StateUndone || rep.Delete != imp.Summary.New || rep.Restore != 0 {
				t.Errorf("undo report %+v", rep)
			}
			if after := customerTable(t, dsn); !reflect.DeepEqual(after, before) {
				t.Errorf("customers table after undo:\n%s\nbefore the import:\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
			}
		})

		t.Run("upsert mode: updates, blanks that keep stored values, new customers", func(t *testing.T) {
			before := customerTable(t, dsn)
			imp := sh.confirm(sh.stage("oppdatering.csv", customer.ModeUpsert).ID)
			if imp.Summary.Update == 0 || imp.Summary.New == 0 {
				t.Fatalf("want updates and new customers: %+v", imp.Summary)
			}
			rep := sh.undo(imp.ID, false)
			if rep.Delete != imp.Summary.New || rep.Restore != imp.Summary.Update || len(rep.Conflicts) != 0 {
				t.Errorf("undo report %+v for %+v", rep, imp.Summary)
			}
			if after := customerTable(t, dsn); !reflect.DeepEqual(after, before) {
				t.Errorf("customers table after undo:\n%s\nbefore the import:\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
			}
			got, err := s.Import(ctx, sh.tn.ID, imp.ID)
			if err != nil || got.State != customer.StateUndone || got.Summary != imp.Summary || !got.ConfirmedAt.Equal(imp.ConfirmedAt) {
				t.Errorf("import after undo %+v, %v", got, err)
			}
			audit := sh.undoAudit()
			if len(audit) == 0 || audit[0].ImportID != imp.ID || audit[0].Actor != "kari@sykkelbutikken.no" ||
				!strings.Contains(audit[0].Detail, fmt.Sprintf("Deleted %d created customers, restored %d updated", imp.Summary.New, imp.Summary.Update)) {
				t.Errorf("undo audit entries %+v", audit)
			}
		})

		t.Run("the same file imported again after undo", func(t *testing.T) {
			before := customerTable(t, dsn)
			first := sh.confirm(sh.stage("oppdatering.csv", customer.ModeUpsert).ID)
			sh.undo(first.ID, false)
			second := sh.confirm(sh.stage("oppdatering.csv", customer.ModeUpsert).ID)
			if second.Summary != first.Summary {
				t.Errorf("after undo the file checks as %+v, first %+v", second.Summary, first.Summary)
			}
			sh.undo(second.ID, false)
			if after := customerTable(t, dsn); !reflect.DeepEqual(after, before) {
				t.Errorf("customers table differs after two imports and two undos")
			}
		})
	})
}

// TestUndo checks conflicts, force, idempotency, refusals and concurrency.
func TestUndo(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)

		// later is an upsert file that changes Ola (A-1001) again after oppdatering.csv.
		later := func(t *testing.T) string {
			return csvFile(t, "senere.csv", map[string]string{"account_number": "A-1001", "first_name": "Ola", "last_name": "Nordmann", "note": "Flyttet igjen"})
		}

		t.Run("a customer a later import changed is a conflict, kept", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			sh.load("kunder-i-butikken.csv")
			olaBefore := sh.customer(customer.FAccount, "A-1001")
			imp := sh.confirm(sh.stage("oppdatering.csv", customer.ModeUpsert).ID)
			sh.confirm(sh.stage(later(t), customer.ModeUpsert).ID)
			olaNow := sh.customer(customer.FAccount, "A-1001")

			preview, err := sh.im.PreviewUndo(ctx, sh.tn, imp.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantConflict := customer.UndoConflict{CustomerID: olaNow.ID, Account: "A-1001", Name: "Ola Nordmann",
				Reason: customer.ConflictChanged, Fields: []string{"note"}, Forceable: true}
			if len(preview.Conflicts) != 1 || !reflect.DeepEqual(preview.Conflicts[0], wantConflict) {
				t.Errorf("preview conflicts %+v, want %+v", preview.Conflicts, wantConflict)
			}
			if preview.Restore != imp.Summary.Update-1 || preview.Delete != imp.Summary.New {
				t.Errorf("preview %+v for %+v", preview, imp.Summary)
			}
			rep := sh.undo(imp.ID, false)
			if rep.Kept() != 1 || rep.Restore != imp.Summary.Update-1 {
				t.Errorf("undo report %+v", rep)
			}
			if got := sh.customer(customer.FAccount, "A-1001"); !reflect.DeepEqual(got, olaNow) {
				t.Errorf("the conflicting customer was touched: %+v, want %+v", got, olaNow)
			}
			if olaNow.Values == olaBefore.Values {
				t.Fatal("test is wrong: Ola did not change")
			}
			// The others are back as before; the created are gone.
			if _, err := s.Customers(ctx, sh.tn.ID, []customer.Keys{{Account: "A-9999"}}); err != nil {
				t.Fatal(err)
			}
			for _, c := range sh.customers() {
				if a := c.Values[customer.FAccount]; a == "A-9999" || a == "C000001" {
					t.Errorf("created customer %s still there", a)
				}
			}
		})

		t.Run("forced, a customer changed since gets its values from before the import", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			sh.load("kunder-i-butikken.csv")
			olaBefore := sh.customer(customer.FAccount, "A-1001")
			imp := sh.confirm(sh.stage("oppdatering.csv", customer.ModeUpsert).ID)
			sh.confirm(sh.stage(later(t), customer.ModeUpsert).ID)
			rep := sh.undo(imp.ID, true)
			if len(rep.Conflicts) != 1 || !rep.Conflicts[0].Forced || rep.Kept() != 0 || rep.Restore != imp.Summary.Update {
				t.Errorf("forced undo report %+v", rep)
			}
			if got := sh.customer(customer.FAccount, "A-1001"); !reflect.DeepEqual(got, olaBefore) {
				t.Errorf("Ola after forced undo %+v, want %+v", got, olaBefore)
			}
		})

		t.Run("a created customer changed since is kept unless forced", func(t *testing.T) {
			for _, force := range []bool{false, true} {
				sh := newShop(t, s, "NO")
				created := sh.confirm(sh.stage(csvFile(t, "nye.csv",
					map[string]string{"first_name": "Åse", "last_name": "Berg", "email": "ase@example.no"},
					map[string]string{"first_name": "Per", "last_name": "Dahl"},
				), customer.ModeCreate).ID)
				sh.confirm(sh.stage(csvFile(t, "endring.csv",
					map[string]string{"email": "ase@example.no", "first_name": "Åse", "last_name": "Berg", "city": "Tromsø"},
				), customer.ModeUpsert).ID)
				rep := sh.undo(created.ID, force)
				cs := sh.customers()
				if force {
					if len(cs) != 0 || rep.Delete != 2 || len(rep.Conflicts) != 1 || !rep.Conflicts[0].Forced {
						t.Errorf("forced: customers %+v, report %+v", cs, rep)
					}
					continue
				}
				if len(cs) != 1 || cs[0].Values[customer.FCity] != "Tromsø" || rep.Delete != 1 {
					t.Errorf("customers %+v, report %+v; want Åse kept", cs, rep)
				}
				if len(rep.Conflicts) != 1 || !rep.Conflicts[0].Created || !reflect.DeepEqual(rep.Conflicts[0].Fields, []string{"city"}) {
					t.Errorf("conflicts %+v", rep.Conflicts)
				}
			}
		})

		t.Run("an old email another customer holds now cannot be put back, even forced", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			sh.load("kunder-i-butikken.csv")
			moved := sh.confirm(sh.stage(csvFile(t, "ny-epost.csv",
				map[string]string{"account_number": "A-1001", "first_name": "Ola", "last_name": "Nordmann", "email": "ola@ny.no"},
				map[string]string{"account_number": "A-1002", "first_name": "Åse", "last_name": "Berg", "note": "Ny kunde"},
			), customer.ModeUpsert).ID)
			sh.confirm(sh.stage(csvFile(t, "per.csv",
				map[string]string{"first_name": "Per", "last_name": "Hansen", "email": "ola.nordmann@example.no"},
			), customer.ModeCreate).ID)
			ola := sh.customer(customer.FAccount, "A-1001")
			preview, err := sh.im.PreviewUndo(ctx, sh.tn, moved.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := []customer.UndoConflict{{CustomerID: ola.ID, Account: "A-1001", Name: "Ola Nordmann", Reason: customer.ConflictKeyTaken}}
			if !reflect.DeepEqual(preview.Conflicts, want) || preview.Restore != 1 {
				t.Errorf("preview %+v, want Åse restored and conflicts %+v", preview, want)
			}
			rep := sh.undo(moved.ID, true)
			if rep.Restore != 1 || rep.Kept() != 1 {
				t.Errorf("forced undo %+v", rep)
			}
			if got := sh.customer(customer.FAccount, "A-1001"); !reflect.DeepEqual(got, ola) {
				t.Errorf("Ola was touched: %+v, want %+v", got, ola)
			}
			if got := sh.customer(customer.FAccount, "A-1002"); got.Values[customer.FNote] != "" {
				t.Errorf("Åse not put back: %q", got.Values)
			}
		})

		t.Run("undoing twice undoes once", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			sh.load("kunder-i-butikken.csv")
			imp := sh.confirm(sh.stage("oppdatering.csv", customer.ModeUpsert).ID)
			sh.undo(imp.ID, false)
			before := sh.customers()
			again := sh.undo(imp.ID, true)
			if again.Done || again.State != customer.StateUndone || again.Delete != 0 || again.Restore != 0 {
				t.Errorf("second undo %+v, want nothing done", again)
			}
			if !reflect.DeepEqual(sh.customers(), before) {
				t.Error("the second undo changed customers")
			}
			if n := len(sh.undoAudit()); n != 1 {
				t.Errorf("%d undo audit entries, want 1", n)
			}
			if p, err := sh.im.PreviewUndo(ctx, sh.tn, imp.ID); err != nil || p.State != customer.StateUndone || p.Delete+p.Restore != 0 {
				t.Errorf("preview of an undone import %+v, %v", p, err)
			}
			// An undone import cannot be confirmed or discarded back into life.
			if _, err := sh.im.Confirm(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no", nil); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("confirming an undone import: %v, want EConflict", err)
			}
			if _, err := sh.im.Discard(ctx, sh.tn, imp.ID, "kari@sykkelbutikken.no"); customer.ErrorCodeOf(err) != customer.EConflict {
				t.Errorf("discarding an undone import: %v, want EConflict", err)
			}
			if !reflect.DeepEqual(sh.customers(), before) {
				t.Error("confirm or discard of an undone import changed customers")
			}
		})

		t.Run("an import that committed nothing cannot be undone", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			staged := sh.stage("kunder-i-butikken.csv", customer.ModeCreate)
			discarded := sh.stage("klienci-pl.csv", customer.ModeCreate)
			if _, err := sh.im.Discard(ctx, sh.tn, discarded.ID, "kari@sykkelbutikken.no"); err != nil {
				t.Fatal(err)
			}
			for _, id := range []int64{staged.ID, discarded.ID} {
				if _, err := sh.im.Undo(ctx, sh.tn, id, "kari@sykkelbutikken.no", importer.UndoOptions{}); customer.ErrorCodeOf(err) != customer.EConflict {
					t.Errorf("Undo(import %d) = %v, want EConflict", id, err)
				}
				if _, err := sh.im.PreviewUndo(ctx, sh.tn, id); customer.ErrorCodeOf(err) != customer.EConflict {
					t.Errorf("PreviewUndo(import %d) = %v, want EConflict", id, err)
				}
			}
			if imp, _ := s.Import(ctx, sh.tn.ID, staged.ID); imp.State != customer.StateStaged {
				t.Errorf("a refused undo changed the import: %+v", imp)
			}
			if n := len(sh.undoAudit()); n != 0 {
				t.Errorf("%d undo audit entries for refused undos", n)
			}
		})

		t.Run("another tenant's import is not found", func(t *testing.T) {
			a, b := newShop(t, s, "NO"), newShop(t, s, "NO")
			imp := a.confirm(a.stage("kunder-i-butikken.csv", customer.ModeCreate).ID)
			if _, err := b.im.Undo(ctx, b.tn, imp.ID, "kari@sykkelbutikken.no", importer.UndoOptions{Force: true}); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("Undo(another tenant's) = %v, want ENotFound", err)
			}
			if _, err := b.im.PreviewUndo(ctx, b.tn, imp.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("PreviewUndo(another tenant's) = %v, want ENotFound", err)
			}
			if n := len(a.customers()); n != 5 {
				t.Errorf("tenant A has %d customers, want its 5", n)
			}
		})

		t.Run("two undos at once undo once", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			sh.load("kunder-i-butikken.csv")
			before := sh.customers()
			imp := sh.confirm(sh.stage("oppdatering.csv", customer.ModeUpsert).ID)
			views := []*shop{sh, sh.on(openStore(t, dsn))}
			reps := make([]customer.UndoReport, len(views))
			errs := make([]error, len(views))
			var wg sync.WaitGroup
			for i, v := range views {
				wg.Go(func() {
					reps[i], errs[i] = v.im.Undo(ctx, v.tn, imp.ID, "kari@sykkelbutikken.no", importer.UndoOptions{})
				})
			}
			wg.Wait()
			done := 0
			for i := range views {
				if errs[i] != nil {
					t.Errorf("undo %d: %v", i, errs[i])
				}
				if reps[i].Done {
					done++
				}
			}
			if done != 1 {
				t.Errorf("%d undos did the work, want 1: %+v", done, reps)
			}
			if !reflect.DeepEqual(sh.customers(), before) {
				t.Error("customers differ from before the import")
			}
			if n := len(sh.undoAudit()); n != 1 {
				t.Errorf("%d undo audit entries, want 1", n)
			}
		})

		t.Run("the last undoable import", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			if _, err := sh.im.LastUndoable(ctx, sh.tn); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("LastUndoable(no imports) = %v, want ENotFound", err)
			}
			first := sh.confirm(sh.stage("kunder-i-butikken.csv", customer.ModeCreate).ID)
			second := sh.confirm(sh.stage("klienci-pl.csv", customer.ModeCreate).ID)
			sh.stage("oppdatering.csv", customer.ModeUpsert) // staged, newer: not undoable
			if got, err := sh.im.LastUndoable(ctx, sh.tn); err != nil || got.ID != second.ID {
				t.Errorf("LastUndoable = %d, %v; want %d", got.ID, err, second.ID)
			}
			sh.undo(second.ID, false)
			if got, err := sh.im.LastUndoable(ctx, sh.tn); err != nil || got.ID != first.ID {
				t.Errorf("LastUndoable after undo = %d, %v; want %d", got.ID, err, first.ID)
			}
		})
	})
}
