package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestCommit runs a commit that writes through every kind of call and sees its own writes;
// one that fails undoes them all; and a call that fails inside a commit undoes its own writes
// only.
func TestCommit(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := createImport(t, s, tn.ID)
		replaceRows(t, s, imp.ID, stagedRows(3))
		var created *customer.Customer
		err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
			created = &customer.Customer{Values: person("", "Ola", "Nordmann", "ola@example.no", "", "")}
			if err := q.InsertCustomers(ctx, tn.ID, []*customer.Customer{created}); err != nil {
				return err
			}
			// Writes inside the transaction are visible to its own reads.
			if got, err := q.Customers(ctx, tn.ID, []customer.Keys{{Email: "ola@example.no"}}); err != nil || len(got) != 1 {
				return fmt.Errorf("own insert not visible: %v, %v", got, err)
			}
			rows, err := q.RowsAhead(ctx, imp.ID, 0, 3)()
			if err != nil {
				return err
			}
			rows[0].CustomerID = created.ID
			if err := q.SaveRows(ctx, imp.ID, rows[:1]); err != nil {
				return err
			}
			imp.State = customer.StateCommitted
			imp.ConfirmedAt = time.Now()
			if err := q.SaveImport(ctx, imp, customer.StateStaged); err != nil {
				return err
			}
			return q.AddRevisions(ctx, []customer.Revision{{ImportID: imp.ID, CustomerID: created.ID, Created: true, After: created.Values}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Import(ctx, tn.ID, imp.ID); got.State != customer.StateCommitted {
			t.Errorf("import state %s after commit", got.State)
		}
		if n, _ := s.CountCustomers(ctx, tn.ID); n != 1 {
			t.Errorf("%d customers after commit, want 1", n)
		}

		t.Run("rolls back", func(t *testing.T) {
			imp2 := createImport(t, s, tn.ID)
			replaceRows(t, s, imp2.ID, stagedRows(3))
			boom := errors.New("boom")
			err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				c := &customer.Customer{Values: person("", "Kari", "Nordmann", "kari@example.no", "", "")}
				if err := q.InsertCustomers(ctx, tn.ID, []*customer.Customer{c}); err != nil {
					return err
				}
				upd := *created
				upd.Values[customer.FCity] = "Bergen"
				if err := q.UpdateCustomers(ctx, tn.ID, []customer.Customer{upd}); err != nil {
					return err
				}
				rows, _ := q.RowsAhead(ctx, imp2.ID, 0, 3)()
				rows[1].Status = customer.StatusError
				if err := q.SaveRows(ctx, imp2.ID, rows); err != nil {
					return err
				}
				imp2.State = customer.StateCommitted
				if err := q.SaveImport(ctx, imp2, customer.StateStaged); err != nil {
					return err
				}
				if err := q.AddRevisions(ctx, []customer.Revision{{ImportID: imp2.ID, CustomerID: c.ID, Created: true}}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("Commit returned %v, want fn's error", err)
			}
			if n, _ := s.CountCustomers(ctx, tn.ID); n != 1 {
				t.Errorf("%d customers after a failed commit, want 1", n)
			}
			got, _ := s.Customers(ctx, tn.ID, []customer.Keys{{Email: "ola@example.no"}})
			if len(got) != 1 || got[0].Values[customer.FCity] != "" {
				t.Errorf("update kept after a failed commit: %+v", got)
			}
			if got, _ := s.Import(ctx, tn.ID, imp2.ID); got.State != customer.StateStaged {
				t.Errorf("import state %s after a failed commit", got.State)
			}
			if rows, _, _ := rowsCounted(ctx, s, imp2.ID, customer.StatusError, 0, 0); len(rows) != 0 {
				t.Errorf("row edits kept after a failed commit: %v", rowNums(rows))
			}
			if revs, _ := s.Revisions(ctx, tn.ID, imp2.ID); len(revs) != 0 {
				t.Errorf("revisions kept after a failed commit: %+v", revs)
			}
			// The account sequence rolled back too.
			cs := insertValues(t, s, tn.ID, person("", "Per", "Hansen", "", "", ""))
			if got := cs[0].Values[customer.FAccount]; got != "C000002" {
				t.Errorf("account after a failed commit %q, want C000002", got)
			}
		})
		t.Run("a failed call inside leaves nothing and the commit goes on", func(t *testing.T) {
			before, _ := s.CountCustomers(ctx, tn.ID)
			var ok *customer.Customer
			err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				// More rows than one statement takes; the last one conflicts, so the first
				// statement succeeded before the call failed.
				cs := manyCustomers(600, "inside")
				cs[599].Values[customer.FEmail] = "ola@example.no"
				err := q.InsertCustomers(ctx, tn.ID, cs)
				if customer.ErrorCodeOf(err) != customer.EConflict {
					return fmt.Errorf("InsertCustomers = %v, want EConflict", err)
				}
				if cs[0].ID != 0 || cs[0].Values[customer.FAccount] != "" {
					return fmt.Errorf("failed insert left ID %d, account %q", cs[0].ID, cs[0].Values[customer.FAccount])
				}
				ok = &customer.Customer{Values: person("", "After", "Conflict", "after@example.no", "", "")}
				return q.InsertCustomers(ctx, tn.ID, []*customer.Customer{ok})
			})
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := s.CountCustomers(ctx, tn.ID); n != before+1 {
				t.Errorf("%d customers, want %d: the failed call's first batch was kept", n, before+1)
			}
			// Outside a commit, the same failure is the call's whole transaction.
			cs := manyCustomers(600, "outside")
			cs[599].Values[customer.FEmail] = "ola@example.no"
			checkConflict(t, s.InsertCustomers(ctx, tn.ID, cs), "email")
			if n, _ := s.CountCustomers(ctx, tn.ID); n != before+1 {
				t.Errorf("%d customers after a failed insert, want %d", n, before+1)
			}
		})
	})
}

// TestCommitMissingTenant checks that a commit of a missing tenant is ENotFound and does not
// call fn.
func TestCommitMissingTenant(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		called := false
		err := s.Commit(ctx, 1<<40, func(importer.Queries) error { called = true; return nil })
		if customer.ErrorCodeOf(err) != customer.ENotFound || called {
			t.Errorf("Commit(missing tenant) = %v, fn called %v; want ENotFound, not called", err, called)
		}
	})
}

// TestCommitPanicRollsBack checks that a panic in fn undoes its writes.
func TestCommitPanicRollsBack(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		before, _ := s.CountCustomers(ctx, tn.ID)
		func() {
			defer func() { recover() }()
			s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				c := &customer.Customer{Values: person("", "Panic", "Person", "", "", "")}
				if err := q.InsertCustomers(ctx, tn.ID, []*customer.Customer{c}); err != nil {
					return err
				}
				panic("boom")
			})
		}()
		if n, _ := s.CountCustomers(ctx, tn.ID); n != before {
			t.Errorf("%d customers after a panicking commit, want %d", n, before)
		}
	})
}

// TestCommitsSerialised runs two commits of one tenant at once, each inserting a customer unless
// it finds the other's, from two handles on the database as two processes would: the lock must
// be in the database. The first to take the lock holds it until the other provably waits for it
// (awaitLockWaiter), so the two always overlap; the second must then find the first's customer,
// and never run while the first does.
func TestCommitsSerialised(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		open := opener(dsn)
		s := open(t)
		tn := newTenant(t, s)
		stores := []*Store{s, open(t)}
		for round := range 5 {
			email := fmt.Sprintf("race%d@example.no", round)
			var wg sync.WaitGroup
			var mu sync.Mutex
			inside, saw := 0, 0
			overlap := make(chan struct{}) // closed once both commits' fn run at once
			overlapped := false
			errs := make([]error, 2)
			for g := range 2 {
				wg.Go(func() {
					errs[g] = stores[g].Commit(ctx, tn.ID, func(q importer.Queries) error {
						mu.Lock()
						if inside++; inside == 2 && !overlapped {
							overlapped = true
							close(overlap)
						}
						mu.Unlock()
						defer func() {
							mu.Lock()
							inside--
							mu.Unlock()
						}()
						found, err := q.Customers(ctx, tn.ID, []customer.Keys{{Email: email}})
						if err != nil {
							return err
						}
						if len(found) > 0 {
							mu.Lock()
							saw++
							mu.Unlock()
							return nil
						}
						if err := awaitLockWaiter(ctx, s, q, overlap); err != nil {
							return err
						}
						c := &customer.Customer{Values: person("", "Race", fmt.Sprint(g), email, "", "")}
						return q.InsertCustomers(ctx, tn.ID, []*customer.Customer{c})
					})
				})
			}
			wg.Wait()
			for g, err := range errs {
				if err != nil {
					t.Errorf("round %d, commit %d: %v", round, g, err)
				}
			}
			found, _ := s.Customers(ctx, tn.ID, []customer.Keys{{Email: email}})
			if len(found) != 1 || saw != 1 {
				t.Errorf("round %d: %d customers, %d commits saw the other's; want 1 and 1", round, len(found), saw)
			}
		}
	})
}

// awaitLockWaiter returns once another transaction waits for the commit lock that q's
// transaction holds. It fails if overlap is closed first (the other commit got past the lock)
// or after ten seconds. s is any store on the database, for looking on from outside q's
// transaction.
func awaitLockWaiter(ctx context.Context, s *Store, q importer.Queries, overlap <-chan struct{}) error {
	waiting := sqliteWaiting
	if s.d.name() == DialectPostgres {
		var pid int
		if err := q.(*queries).queryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return err
		}
		waiting = func() (bool, error) {
			var blocked bool
			err := s.db.QueryRowContext(ctx, `SELECT EXISTS (
					SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid)))`, pid).Scan(&blocked)
			return blocked, err
		}
	}
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		if ok, err := waiting(); ok || err != nil {
			return err
		}
		select {
		case <-overlap:
			return errors.New("the other commit ran while this one held the lock")
		case <-deadline:
			return errors.New("the other commit never waited for the lock")
		case <-tick.C:
		}
	}
}

// sqliteWaiting reports whether a goroutine of this process is in a Commit whose BEGIN waits for
// SQLite's write lock. SQLite shows no one who waits for a lock (as pg_locks does), but a waiting
// connection sleeps and retries in its busy handler: the modernc driver's busyHandler, or SQLite's
// own sqliteDefaultBusyCallback when the call's context cannot end.
func sqliteWaiting() (bool, error) {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		if strings.Contains(g, "sqlstore.(*Store).Commit(") &&
			(strings.Contains(g, "modernc.org/sqlite.busyHandler(") || strings.Contains(g, "DefaultBusyCallback(")) {
			return true, nil
		}
	}
	return false, nil
}
