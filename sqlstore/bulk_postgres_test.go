package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// benchCommitRows is how many customers (and revisions) one benchmarked commit writes: a large
// import's worth, so the per-row cost dominates the per-call one.
const benchCommitRows = 10_000

// BenchmarkInsertCustomers times InsertCustomers and AddRevisions as importer.Confirm calls
// them, inside Commit, on each database; every iteration adds benchCommitRows new customers and
// their revisions to one growing tenant.
func BenchmarkInsertCustomers(b *testing.B) {
	for _, db := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(db.name, func(b *testing.B) {
			ctx := context.Background()
			s, err := Open(ctx, db.dsn(b))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			tn := customer.Tenant{Slug: "bench", Name: "Bench", Country: "NO", Language: "nb"}
			if err := s.CreateTenant(ctx, &tn); err != nil {
				b.Fatal(err)
			}
			imp := customer.Import{TenantID: tn.ID, FileName: "bench.csv", Mode: customer.ModeCreate}
			if err := s.CreateImport(ctx, &imp); err != nil {
				b.Fatal(err)
			}
			round := 0
			for b.Loop() {
				b.StopTimer()
				cs := manyCustomers(benchCommitRows, fmt.Sprintf("b%d", round))
				for i, c := range cs {
					n := round*benchCommitRows + i
					// manyCustomers' mobiles repeat from one call to the next.
					c.Values[customer.FMobile] = fmt.Sprintf("+47%d", 40_000_000+n)
					// Account numbers are given, as in most files: assignAccounts is another cost.
					c.Values[customer.FAccount] = fmt.Sprintf("B%07d", n)
				}
				round++
				b.StartTimer()
				err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
					if err := q.InsertCustomers(ctx, tn.ID, cs); err != nil {
						return err
					}
					revs := make([]customer.Revision, len(cs))
					for i, c := range cs {
						revs[i] = customer.Revision{ImportID: imp.ID, CustomerID: c.ID, Created: true, After: c.Values}
					}
					return q.AddRevisions(ctx, revs)
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchCommitRows), "ns/customer")
		})
	}
}

// TestCopyMatchesInsert checks that on PostgreSQL the COPY path of InsertCustomers and
// AddRevisions stores exactly what the multi-row INSERTs store: the same customers go into two
// tenants of one language, once each way, and every column but the ids and times must agree,
// the derived keys, search text and sort key included; the times must be the customer's
// UpdatedAt.
func TestCopyMatchesInsert(t *testing.T) {
	ctx := context.Background()
	s := opener(dbtest.Postgres(t))(t)
	cases := []struct {
		name string
		v    customer.Values
	}{
		{"blank account", person("", "Åse", "Ødegård", "Ase@Example.no", "+47 912 34 567", "0150")},
		{"given account", person("K-17", "Łucja", "Brzęczyszczykiewicz", "", "", "30-001")},
		{"odd text", person("", oddText(3), "O'Brien \"Jr\" \\ %", "", "", "")},
		{"empty but an account", person("E-1", "", "", "", "", "")},
	}
	// insert stores cs in a new tenant, by COPY or (q.conn nil) by INSERT, with a revision each.
	insert := func(slug string, byCopy bool) ([]*customer.Customer, []customer.Revision) {
		tn := customer.Tenant{Slug: slug, Name: slug, Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			t.Fatal(err)
		}
		imp := customer.Import{TenantID: tn.ID, FileName: slug + ".csv", Mode: customer.ModeCreate}
		if err := s.CreateImport(ctx, &imp); err != nil {
			t.Fatal(err)
		}
		cs := make([]*customer.Customer, len(cases))
		for i, c := range cases {
			cs[i] = &customer.Customer{Values: c.v}
		}
		err := s.write(ctx, func(q *queries) error {
			if q.conn == nil {
				t.Fatal("a PostgreSQL write has no connection to COPY on")
			}
			if !byCopy {
				q.conn = nil
			}
			if err := q.InsertCustomers(ctx, tn.ID, cs); err != nil {
				return err
			}
			revs := make([]customer.Revision, len(cs))
			for i, c := range cs {
				revs[i] = customer.Revision{ImportID: imp.ID, CustomerID: c.ID, Created: i%2 == 0, Before: cases[(i+1)%len(cases)].v, After: c.Values}
				if i%2 == 1 {
					revs[i].BeforeUpdatedAt = time.Date(2024, 5, 17, 12, 30, 15, 123456000, time.UTC)
				}
			}
			return q.AddRevisions(ctx, revs)
		})
		if err != nil {
			t.Fatalf("%s: %v", slug, err)
		}
		revs, err := s.Revisions(ctx, tn.ID, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		return cs, revs
	}
	copied, copiedRevs := insert("by-copy", true)
	inserted, insertedRevs := insert("by-insert", false)

	// stored reads what a customer's row holds beyond its id and tenant.
	stored := func(c *customer.Customer) (cols []any, created, updated time.Time) {
		cols = make([]any, len(customerCopyColumns)-4)
		dest := make([]any, len(cols))
		for i := range cols {
			dest[i] = &cols[i]
		}
		list := strings.Join(customerCopyColumns[1:len(customerCopyColumns)-3], ", ")
		err := s.db.QueryRowContext(ctx, `SELECT `+list+`, created_at, updated_at FROM customers WHERE id = $1`, c.ID).
			Scan(append(dest, &created, &updated)...)
		if err != nil {
			t.Fatalf("customer %d: %v", c.ID, err)
		}
		return cols, created.UTC(), updated.UTC()
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := copied[i], inserted[i]
			if a.ID == 0 || a.TenantID == 0 || a.UpdatedAt.IsZero() {
				t.Fatalf("COPY left ID %d, tenant %d, updated %v", a.ID, a.TenantID, a.UpdatedAt)
			}
			if a.Values != b.Values {
				t.Errorf("values (account assigned) by COPY %q, by INSERT %q", a.Values, b.Values)
			}
			ac, acreated, aupdated := stored(a)
			bc, _, _ := stored(b)
			if !reflect.DeepEqual(ac, bc) {
				t.Errorf("stored by COPY\n%q\nby INSERT\n%q", ac, bc)
			}
			if !acreated.Equal(a.UpdatedAt) || !aupdated.Equal(a.UpdatedAt) {
				t.Errorf("COPY stored created %v, updated %v; want both %v", acreated, aupdated, a.UpdatedAt)
			}
			ar, br := copiedRevs[i], insertedRevs[i]
			if ar.CustomerID != a.ID || br.CustomerID != b.ID {
				t.Errorf("revisions of customers %d, %d; want %d, %d", ar.CustomerID, br.CustomerID, a.ID, b.ID)
			}
			ar.ImportID, ar.CustomerID, br.ImportID, br.CustomerID = 0, 0, 0, 0
			if !reflect.DeepEqual(ar, br) {
				t.Errorf("revision by COPY\n%+v\nby INSERT\n%+v", ar, br)
			}
		})
	}
}
