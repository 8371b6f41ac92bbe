package duplicates_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/duplicates"
	"github.com/clientele/clientele/internal/bench"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sqlstore"
)

// BenchmarkClusters times the clusters of a customer base on PostgreSQL: 1,000,000 customers by
// default ($CLIENTELE_BENCH_CUSTOMERS sets another count), generated as the import benchmark's
// (internal/bench) with one in 50 stored a second time as a near-duplicate: a letter of the last
// name dropped, without account number, email or mobile. Seeding is bulk (COPY, in batches),
// followed by VACUUM ANALYZE as autovacuum would run it, and is not timed.
//
//	go test -run '^$' -bench Clusters -benchtime 1x ./duplicates
func BenchmarkClusters(b *testing.B) {
	n := 1_000_000
	if s := os.Getenv("CLIENTELE_BENCH_CUSTOMERS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, dbtest.Postgres(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tn := customer.Tenant{Slug: "bench", Name: "Bench", Country: "NO", Language: "nb"}
	if err := s.CreateTenant(ctx, &tn); err != nil {
		b.Fatal(err)
	}
	g := bench.NewGenerator(1)
	const batch = 10_000
	dups := 0
	for done := 0; done < n; {
		cs, err := g.Customers(min(batch, n-done))
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < len(cs) && done+len(cs) < n; i += 50 {
			d := &customer.Customer{Values: cs[i].Values}
			last := []rune(d.Values[customer.FLastName])
			if len(last) < 4 {
				continue
			}
			d.Values[customer.FLastName] = string(append(last[:2:2], last[3:]...))
			d.Values[customer.FAccount], d.Values[customer.FEmail], d.Values[customer.FMobile] = "", "", ""
			cs = append(cs, d)
			dups++
		}
		if err := s.InsertCustomers(ctx, tn.ID, cs); err != nil {
			b.Fatal(err)
		}
		done += len(cs)
	}
	// What autovacuum does after a bulk load: the visibility map, for index-only scans.
	if _, err := s.DB().ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	svc := &duplicates.Service{Store: s}
	var clusters []duplicates.Cluster
	b.ResetTimer()
	for b.Loop() {
		if clusters, err = svc.Clusters(ctx, tn); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(clusters)), "clusters")
	b.ReportMetric(float64(dups), "seeded-dups")
}
