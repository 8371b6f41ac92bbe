package importer_test

import (
	"context"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// countingLookups is a store that counts the keys the commits' lookups ask for.
type countingLookups struct {
	importer.Store
	keys *atomic.Int64
}

type countingQueries struct {
	importer.Queries
	keys *atomic.Int64
}

func (q countingQueries) Customers(ctx context.Context, tenantID int64, keys []customer.Keys) ([]customer.Customer, error) {
	q.keys.Add(int64(len(keys)))
	return q.Queries.Customers(ctx, tenantID, keys)
}

func (s countingLookups) Commit(ctx context.Context, tenantID int64, fn func(q importer.Queries) error) error {
	return s.Store.Commit(ctx, tenantID, func(q importer.Queries) error { return fn(countingQueries{q, s.keys}) })
}

// TestConfirmLooksUpOnlyWhatCanHaveChanged checks that a confirm that finds the tenant's customers
// as they were checked (no write since staging) looks up only the keys of the rows that were not
// new — the updates, unchanged and error rows — and that after any write of the tenant's
// customers, even one that touches no row's keys, it looks up every row; and that both confirms
// commit the same, in both modes, on both databases.
func TestConfirmLooksUpOnlyWhatCanHaveChanged(t *testing.T) {
	ctx := context.Background()
	var rows []map[string]string
	for i := range 30 {
		rows = append(rows, map[string]string{"first_name": "Kari", "last_name": fmt.Sprintf("Nordmann%d", i),
			"email": fmt.Sprintf("kari%d@example.no", i)})
	}
	rows[3]["email"] = "stored@example.no"                      // an update (upsert) or an error (create)
	rows[4]["email"], rows[5]["email"] = "dup@x.no", "dup@x.no" // the second an error inside the file
	path := csvFile(t, "tretti.csv", rows...)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		for _, mode := range []customer.Mode{customer.ModeCreate, customer.ModeUpsert} {
			t.Run(string(mode), func(t *testing.T) {
				var outcomes [2][]string
				for k, writeBetween := range []bool{false, true} {
					sh := newShop(t, s, "NO")
					stored := &customer.Customer{}
					stored.Values[customer.FFirstName], stored.Values[customer.FLastName], stored.Values[customer.FEmail] = "Stein", "Lagret", "stored@example.no"
					if err := s.InsertCustomers(ctx, sh.tn.ID, []*customer.Customer{stored}); err != nil {
						t.Fatal(err)
					}
					staged := sh.stage(path, mode)
					if staged.Summary.New != 28 {
						t.Fatalf("staged %+v: not the file the test needs", staged.Summary)
					}
					if writeBetween {
						// The till creates a customer no row is about.
						c := &customer.Customer{}
						c.Values[customer.FFirstName], c.Values[customer.FLastName] = "Per", "Annen"
						if err := s.InsertCustomers(ctx, sh.tn.ID, []*customer.Customer{c}); err != nil {
							t.Fatal(err)
						}
					}
					var keys atomic.Int64
					im := &importer.Importer{Store: countingLookups{s, &keys}, Now: sh.im.Now, Chunk: 7}
					imp, err := im.Confirm(ctx, sh.tn, staged.ID, "kari", nil)
					if err != nil {
						t.Fatal(err)
					}
					// Lookups dedupe keys (rows 5 and 6 have the same), so a row costs one key, or
					// two when its merged values differ from its own (an update).
					if looked := keys.Load(); writeBetween && looked < 29 {
						t.Errorf("after a write: %d keys looked up, want every row's (29 or more)", looked)
					} else if !writeBetween && (looked < 2 || looked > 4) {
						t.Errorf("unchanged: %d keys looked up, want those of the 2 rows that were not new", looked)
					}
					for _, r := range sh.rows(imp.ID) {
						outcomes[k] = append(outcomes[k], fmt.Sprintf("row %d %s %v %v", r.Row, r.Status, problems(r.Errors), r.CustomerID != 0))
					}
				}
				if !reflect.DeepEqual(outcomes[0], outcomes[1]) {
					t.Errorf("the confirms differ:\nunchanged:   %v\nafter write: %v", outcomes[0], outcomes[1])
				}
			})
		}
	})
}
