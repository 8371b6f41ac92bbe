package importer_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sqlstore"
)

// TestChunksCheckAsOne stages and confirms one file full of keys that repeat far apart — emails,
// mobiles, names + postcodes and account numbers shared between rows and with stored customers,
// an account number that the sequence also hands out — in chunks of 1, 3 and 7 rows and in one
// chunk, in both modes, and checks on both databases that every chunk size gives the same: the
// same status and problems for every row when staged and when committed, and the same customers.
// A row that repeats a key of a row in an earlier chunk is a duplicate of it, also at confirm,
// where that earlier row's customer is already stored. It runs on SQLite's ":memory:" too, whose
// one connection makes confirm read each next chunk on the commit's own connection rather than
// read it ahead on another (Queries.RowsAhead).
func TestChunksCheckAsOne(t *testing.T) {
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(7, 11))
	pick := func(pool ...string) string { return pool[rnd.IntN(len(pool))] }
	var rows []map[string]string
	for i := range 120 {
		r := map[string]string{
			"first_name":     pick("Kari", "Ola", "Åse", "Per", "Ingrid", "Nils", "Liv", "Jon", "Siri", "Tor"),
			"last_name":      pick("Nordmann", "Berg", "Hansen", "Lie", "Dahl", "Bakke"),
			"postcode":       pick("", "", "0150", "5003", "7010"),
			"email":          pick("", "", fmt.Sprintf("u%d@example.no", i), fmt.Sprintf("u%d@example.no", i), fmt.Sprintf("u%d@example.no", i%40), fmt.Sprintf("U%d@Example.no", i%13), "stored1@example.no"),
			"mobile":         pick("", "", "", fmt.Sprintf("412345%02d", i), fmt.Sprintf("412345%02d", i), fmt.Sprintf("412345%02d", i%30), "91234567", "not a phone"),
			"account_number": pick(append(make([]string, 25), "A-1", "A-2", "C000001", "C000003", "S-1")...),
		}
		rows = append(rows, r)
	}
	path := csvFile(t, "chunks.csv", rows...)
	stored := []map[int]string{
		{customer.FAccount: "S-1", customer.FFirstName: "Stein", customer.FLastName: "Lagret", customer.FEmail: "stored1@example.no"},
		{customer.FFirstName: "Siv", customer.FLastName: "Lagret", customer.FMobile: "+4741234563"},
		{customer.FFirstName: "Kari", customer.FLastName: "Berg", customer.FPostcode: "0150", customer.FEmail: "u3@example.no"},
	}

	type outcome struct {
		staged, committed []string
		customers         []string
	}
	describe := func(rows []customer.StagedRow) []string {
		var out []string
		for _, r := range rows {
			var ps []string
			for _, p := range r.Errors {
				ps = append(ps, p.Field+":"+string(p.Code)+":"+p.Args["row"])
			}
			out = append(out, fmt.Sprintf("row %d %s %v customer=%v", r.Row, r.Status, ps, r.CustomerID != 0))
		}
		return out
	}
	run := func(t *testing.T, sh *shop, mode customer.Mode, chunk int) outcome {
		t.Helper()
		var seed []*customer.Customer
		for _, v := range stored {
			c := &customer.Customer{}
			for i, x := range v {
				c.Values[i] = x
			}
			seed = append(seed, c)
		}
		if err := sh.s.InsertCustomers(ctx, sh.tn.ID, seed); err != nil {
			t.Fatal(err)
		}
		sh.im.Chunk = chunk
		imp := sh.stage(path, mode)
		var o outcome
		o.staged = describe(sh.rows(imp.ID))
		imp = sh.confirm(imp.ID)
		o.committed = describe(sh.rows(imp.ID))
		for _, c := range sh.customers() {
			o.customers = append(o.customers, strings.Join(c.Values[:], "|"))
		}
		slices.Sort(o.customers)
		return o
	}
	each := func(t *testing.T, s *sqlstore.Store) {
		for _, mode := range []customer.Mode{customer.ModeCreate, customer.ModeUpsert} {
			t.Run(string(mode), func(t *testing.T) {
				whole := run(t, newShop(t, s, "NO"), mode, 0)
				errs := 0
				for _, r := range whole.committed {
					if strings.Contains(r, " error ") {
						errs++
					}
				}
				if errs < 15 || errs > 90 || len(whole.customers) < len(stored)+20 {
					t.Fatalf("the file is not the mix it is meant to be: %d error rows, %d customers", errs, len(whole.customers))
				}
				for _, chunk := range []int{1, 3, 7} {
					got := run(t, newShop(t, s, "NO"), mode, chunk)
					for _, part := range []struct {
						name      string
						got, want []string
					}{{"staged", got.staged, whole.staged}, {"committed", got.committed, whole.committed}, {"customers", got.customers, whole.customers}} {
						if !reflect.DeepEqual(part.got, part.want) {
							t.Errorf("chunks of %d: %s differ from one chunk:", chunk, part.name)
							for _, d := range lineDiffs(part.got, part.want) {
								t.Errorf("  %s", d)
							}
						}
					}
				}
			})
		}
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		if !s.ReadsDuringCommit() {
			t.Fatalf("%s does not read during a commit", dsn)
		}
		each(t, s)
	})
	t.Run("memory", func(t *testing.T) {
		s := openStore(t, ":memory:")
		if s.ReadsDuringCommit() {
			t.Fatal(`":memory:" claims to read during a commit, on its one connection`)
		}
		each(t, s)
	})
}

// failingAdds is a store whose AddRows fails from its nth call on.
type failingAdds struct {
	importer.Store
	calls, n int
}

func (s *failingAdds) AddRows(ctx context.Context, importID int64, rows []customer.StagedRow) error {
	if s.calls++; s.calls >= s.n {
		return fmt.Errorf("disk full")
	}
	return s.Store.AddRows(ctx, importID, rows)
}

// TestStageStopsWhenStoringFails checks that when storing a chunk fails, Stage stops reading,
// returns that error, and leaves the import unconfirmable (checking, not staged), on both
// databases.
func TestStageStopsWhenStoringFails(t *testing.T) {
	ctx := context.Background()
	var rows []map[string]string
	for i := range 20 {
		rows = append(rows, map[string]string{"first_name": "Kari", "last_name": fmt.Sprintf("Nordmann%d", i)})
	}
	path := csvFile(t, "fails.csv", rows...)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		sh := newShop(t, s, "NO")
		store := &failingAdds{Store: s, n: 2}
		im := &importer.Importer{Store: store, Now: sh.im.Now, Chunk: 3}
		opt := stageOpts(customer.ModeCreate, 0)
		checked := 0
		opt.Progress = func(phase importer.Phase, done, total int) {
			if phase == importer.PhaseCheck {
				checked++
			}
		}
		_, err := im.Stage(ctx, sh.tn, path, opt)
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("Stage = %v, want the failed write's error", err)
		}
		if checked > 3 {
			t.Errorf("%d of the 7 chunks were checked: reading went on after the failure", checked)
		}
		imps, _, err := s.Imports(ctx, sh.tn.ID, 0, 10)
		if err != nil || len(imps) != 1 || imps[0].State != customer.StateChecking {
			t.Fatalf("imports after the failure: %+v, %v; want one, checking", imps, err)
		}
		if _, err := im.Confirm(ctx, sh.tn, imps[0].ID, "kari", nil); customer.ErrorCodeOf(err) != customer.EConflict {
			t.Errorf("Confirm of the half-staged import = %v, want EConflict", err)
		}
	})
}
