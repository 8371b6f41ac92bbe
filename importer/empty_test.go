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

// lookupCounter is a store that counts the keys looked up, by the store itself (staging, a dry
// run) and inside its commits (confirm).
type lookupCounter struct {
	importer.Store
	keys *atomic.Int64
}

func (s lookupCounter) Customers(ctx context.Context, tenantID int64, keys []customer.Keys) ([]customer.Customer, error) {
	s.keys.Add(int64(len(keys)))
	return s.Store.Customers(ctx, tenantID, keys)
}

func (s lookupCounter) Commit(ctx context.Context, tenantID int64, fn func(q importer.Queries) error) error {
	return s.Store.Commit(ctx, tenantID, func(q importer.Queries) error { return fn(countingQueries{q, s.keys}) })
}

// TestEmptyShopMakesNoLookups checks that a shop with no customers yet — a first import — has its
// file checked, staged and confirmed without one lookup of a stored customer, and that the
// outcome of every row (status, problems, customer) is what it is for a shop whose one stored
// customer no row is about, where every row is looked up: duplicates inside the file, across the
// confirm's chunks too, are still found by the file's own keys. Both modes, both databases.
func TestEmptyShopMakesNoLookups(t *testing.T) {
	ctx := context.Background()
	var rows []map[string]string
	for i := range 25 {
		rows = append(rows, map[string]string{"first_name": "Ola", "last_name": fmt.Sprintf("Hansen%d", i),
			"email": fmt.Sprintf("ola%d@example.no", i), "mobile": fmt.Sprintf("4%07d", 1000000+i), "postcode": "0150"})
	}
	rows[9]["email"] = rows[2]["email"]                                              // same email, another chunk
	rows[16]["mobile"] = rows[15]["mobile"]                                          // same mobile, same chunk
	rows[20]["last_name"], rows[20]["email"], rows[20]["mobile"] = "Hansen1", "", "" // same name + postcode as row 1
	rows[22]["account_number"], rows[23]["account_number"] = "K-7", "K-7"            // same account number
	rows[24]["email"] = "ikke-en-epost"                                              // bad format
	path := csvFile(t, "first.csv", rows...)

	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		for _, mode := range []customer.Mode{customer.ModeCreate, customer.ModeUpsert} {
			t.Run(string(mode), func(t *testing.T) {
				var outcomes [2][]string
				var looked [2]int64
				for k, stored := range []bool{false, true} {
					sh := newShop(t, s, "NO")
					if stored {
						c := &customer.Customer{}
						c.Values[customer.FFirstName], c.Values[customer.FLastName] = "Per", "Annen"
						if err := s.InsertCustomers(ctx, sh.tn.ID, []*customer.Customer{c}); err != nil {
							t.Fatal(err)
						}
					}
					var keys atomic.Int64
					im := &importer.Importer{Store: lookupCounter{s, &keys}, Now: sh.im.Now, Chunk: 7}
					opt := stageOpts(mode, 0)
					var dry []string
					if _, err := im.Check(ctx, sh.tn, path, opt, func(r *customer.StagedRow) error {
						dry = append(dry, fmt.Sprintf("row %d %s %v", r.Row, r.Status, problems(r.Errors)))
						return nil
					}); err != nil {
						t.Fatal(err)
					}
					staged, err := im.Stage(ctx, sh.tn, path, opt)
					if err != nil {
						t.Fatal(err)
					}
					var stagedRows []string
					for _, r := range sh.rows(staged.ID) {
						stagedRows = append(stagedRows, fmt.Sprintf("row %d %s %v", r.Row, r.Status, problems(r.Errors)))
					}
					if !reflect.DeepEqual(dry, stagedRows) {
						t.Errorf("stored=%v: the dry run and staging differ:\n%v\n%v", stored, dry, stagedRows)
					}
					imp, err := im.Confirm(ctx, sh.tn, staged.ID, "kari", nil)
					if err != nil {
						t.Fatal(err)
					}
					if imp.Summary.Error != 5 || imp.Summary.New != 20 {
						t.Fatalf("stored=%v: confirmed %+v, want 20 new and the 5 faulty rows as errors", stored, imp.Summary)
					}
					looked[k] = keys.Load()
					for _, r := range sh.rows(imp.ID) {
						outcomes[k] = append(outcomes[k], fmt.Sprintf("row %d %s %v %v", r.Row, r.Status, problems(r.Errors), r.CustomerID != 0))
					}
					if n := len(sh.customers()); n != 20+btoi(stored) {
						t.Errorf("stored=%v: %d customers after the confirm, want %d", stored, n, 20+btoi(stored))
					}
				}
				if looked[0] != 0 {
					t.Errorf("empty shop: %d keys looked up, want none", looked[0])
				}
				// The dry run and staging look up every row, the confirm (customers changed
				// since staging: the dry run wrote none, but the store is as staged) at least the
				// rows that were not new.
				if looked[1] < 2*25 {
					t.Errorf("shop with a customer: %d keys looked up, want every row's at the dry run and at staging", looked[1])
				}
				if !reflect.DeepEqual(outcomes[0], outcomes[1]) {
					t.Errorf("the imports differ:\nempty shop:      %v\nwith a customer: %v", outcomes[0], outcomes[1])
				}
			})
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
