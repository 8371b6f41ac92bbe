package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// BenchmarkSearchCustomers times a search of bulkRows customers, on each database, the way the
// customer list asks: the count of matches and the first page of 50. The queries are a word,
// two words in the other order, a phone number as people write it, and one that finds nothing
// (every row is read); then, with no query, the first and a middle page in each order the list
// can be sorted in, descending (sort/…).
func BenchmarkSearchCustomers(b *testing.B) {
	for _, db := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(db.name, func(b *testing.B) {
			ctx := context.Background()
			s := opener(db.dsn(b))(b)
			tn := customer.Tenant{Slug: "search", Country: "NO", Language: "nb"}
			if err := s.CreateTenant(ctx, &tn); err != nil {
				b.Fatal(err)
			}
			if err := s.InsertCustomers(ctx, tn.ID, manyCustomers(bulkRows, "Nordmann")); err != nil {
				b.Fatal(err)
			}
			for _, q := range []struct{ name, query string }{
				{"word", "first4242"},
				{"words", "nordmann first4242"},
				{"phone", "+47 900 42 424"},
				{"none", "zzz"},
			} {
				b.Run(q.name, func(b *testing.B) {
					for b.Loop() {
						if _, _, err := s.SearchCustomers(ctx, tn.ID, q.query, customer.OrderName, 0, 50); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			for _, o := range customer.Orders {
				for _, offset := range []int{0, bulkRows / 2} {
					b.Run(fmt.Sprintf("sort/%s/offset=%d", o, offset), func(b *testing.B) {
						for b.Loop() {
							if _, _, err := s.SearchCustomers(ctx, tn.ID, "", "-"+o, offset, 50); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
			}
		})
	}
}
