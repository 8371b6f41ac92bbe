package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// batchRows is how many rows one bulk statement of perRow arguments per row (and fixed others)
// carries: the boundaries the bulk writes split at.
func batchRows(perRow, fixed int) int { return (maxParams - fixed) / perRow }

// TestBulkBoundaries writes and reads back rows, customers and revisions in numbers around the
// batch size (one short, exactly, one over, where the last statement carries a single row), so
// that no row is lost or doubled where the batches split, and checks that what is read back is
// what was written on both databases: empty strings stay empty strings, a missing customer or
// time stays missing, and text of every script, JSON's special characters included, is kept.
func TestBulkBoundaries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		tn := customer.Tenant{Slug: "bulk", Name: "Bulk", Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			t.Fatal(err)
		}
		size := batchRows(13, 0) // AddRows (insertRows)
		for _, n := range []int{1, size, size + 1} {
			t.Run(fmt.Sprintf("staged rows %d", n), func(t *testing.T) {
				imp := customer.Import{TenantID: tn.ID, FileName: "bulk.csv", Mode: customer.ModeCreate}
				if err := s.CreateImport(ctx, &imp); err != nil {
					t.Fatal(err)
				}
				rows := oddRows(n)
				if err := s.AddRows(ctx, imp.ID, rows); err != nil {
					t.Fatalf("AddRows: %v", err)
				}
				got, total, err := rowsCounted(ctx, s, imp.ID, "", 0, 0)
				if err != nil || total != n {
					t.Fatalf("Rows: %d rows, total %d, %v; want %d", len(got), total, err, n)
				}
				sameRows(t, got, rows)

				// Confirm's save: every row changes status and customer; the last one is left
				// without a customer, so the last statement's customer column is all NULL.
				for i := range rows {
					rows[i].Status = customer.StatusNew
					rows[i].CustomerID = int64(500 + i)
					rows[i].Errors = nil
					rows[i].Edited = false
				}
				rows[n-1].CustomerID = 0
				if err := s.SaveRows(ctx, imp.ID, rows); err != nil {
					t.Fatalf("SaveRows: %v", err)
				}
				got, _, err = rowsCounted(ctx, s, imp.ID, "", 0, 0)
				if err != nil {
					t.Fatal(err)
				}
				sameRows(t, got, rows)

				// A row the import does not have fails the save, in the last statement too, and
				// the save then changes nothing.
				missing := append([]customer.StagedRow(nil), rows...)
				for i := range missing {
					missing[i].Status = customer.StatusError
				}
				missing[n-1].Row = n + 100
				if err := s.SaveRows(ctx, imp.ID, missing); customer.ErrorCodeOf(err) != customer.ENotFound {
					t.Fatalf("SaveRows with a missing row: %v, want ENotFound", err)
				}
				if sum, err := rowSummary(ctx, s, imp.ID); err != nil || sum.Error != 0 {
					t.Errorf("after a failed save: %+v, %v; want no error rows", sum, err)
				}
			})
		}

		custSize := batchRows(1+customer.NumFields+7, 0) // InsertCustomers
		t.Run(fmt.Sprintf("customers %d", custSize+1), func(t *testing.T) {
			n := custSize + 1
			cs := make([]*customer.Customer, n)
			for i := range cs {
				v := person("", fmt.Sprintf("Åsa %d", i), "Łęcka-O'Brien", fmt.Sprintf("b%d@example.no", i), fmt.Sprintf("+4791%06d", i), "0150")
				v[customer.FNote] = oddText(i)
				if i%2 == 0 {
					v[customer.FAccount] = fmt.Sprintf("B%07d", i)
				}
				cs[i] = &customer.Customer{Values: v}
			}
			if err := s.InsertCustomers(ctx, tn.ID, cs); err != nil {
				t.Fatalf("InsertCustomers: %v", err)
			}
			ids := map[int64]bool{}
			for _, c := range cs {
				if c.ID == 0 || ids[c.ID] {
					t.Fatalf("customer %q got id %d (twice or none)", c.Values[customer.FAccount], c.ID)
				}
				ids[c.ID] = true
				got, err := s.Customer(ctx, tn.ID, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Values != c.Values {
					t.Fatalf("customer %d reads back as\n%q\nwant\n%q", c.ID, got.Values, c.Values)
				}
			}
			if count, err := s.CountCustomers(ctx, tn.ID); err != nil || count != n {
				t.Errorf("CountCustomers = %d, %v; want %d", count, err, n)
			}

			upd := make([]customer.Customer, n)
			for i, c := range cs {
				upd[i] = *c
				upd[i].Values[customer.FCity] = "Kraków " + oddText(i+1)
				upd[i].Values[customer.FNote] = ""
			}
			if err := s.UpdateCustomers(ctx, tn.ID, upd); err != nil {
				t.Fatalf("UpdateCustomers: %v", err)
			}
			for _, i := range []int{0, n / 2, n - 1} {
				got, err := s.Customer(ctx, tn.ID, upd[i].ID)
				if err != nil || got.Values != upd[i].Values {
					t.Errorf("updated customer %d = %q, %v; want %q", upd[i].ID, got.Values, err, upd[i].Values)
				}
			}
			// A clash in the last statement fails the whole call and keeps nothing of it.
			clash := append([]customer.Customer(nil), upd...)
			for i := range clash {
				clash[i].Values[customer.FCity] = "Tromsø"
			}
			clash[n-1].Values[customer.FEmail] = clash[0].Values[customer.FEmail]
			checkConflict(t, s.UpdateCustomers(ctx, tn.ID, clash), "email")
			if got, err := s.Customer(ctx, tn.ID, upd[0].ID); err != nil || got.Values[customer.FCity] == "Tromsø" {
				t.Errorf("a failed update kept its first rows: %q, %v", got.Values[customer.FCity], err)
			}
		})

		revSize := batchRows(6, 0) // AddRevisions
		t.Run(fmt.Sprintf("revisions %d", revSize+1), func(t *testing.T) {
			imp := customer.Import{TenantID: tn.ID, FileName: "rev.csv", Mode: customer.ModeUpsert}
			if err := s.CreateImport(ctx, &imp); err != nil {
				t.Fatal(err)
			}
			stamp := time.Date(2026, 3, 1, 12, 30, 45, 123456000, time.UTC)
			n := revSize + 1
			revs := make([]customer.Revision, n)
			for i := range revs {
				r := &revs[i]
				r.ImportID, r.CustomerID = imp.ID, int64(i+1)
				r.After = person(fmt.Sprintf("R%d", i), oddText(i), "", "", "", "")
				// Updates carry the time they replace; the last one, alone in its statement, is
				// a creation without one.
				if i%3 == 0 || i == n-1 {
					r.Created = true
				} else {
					r.Before = person(fmt.Sprintf("R%d", i), "Before", oddText(i+2), "", "", "")
					r.BeforeUpdatedAt = stamp.Add(time.Duration(i) * time.Second)
				}
			}
			if err := s.AddRevisions(ctx, revs); err != nil {
				t.Fatalf("AddRevisions: %v", err)
			}
			got, err := s.Revisions(ctx, tn.ID, imp.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("Revisions: %d, want %d", len(got), n)
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], revs[i]) {
					t.Fatalf("revision %d reads back as\n%+v\nwant\n%+v", i, got[i], revs[i])
				}
			}
		})
	})
}

// oddText returns cell text that is hard to keep intact: scripts, emoji, JSON's and SQL's
// special characters, spaces at the ends, and sometimes the empty string.
func oddText(i int) string {
	texts := []string{"", "Ærlig Øystein Åsen", "Zażółć gęślą jaźń", "漢字かな 😀👍🏽", ` "quoted" \back\ `,
		"<b>&amp;</b>", "line\nbreak\ttab", "it's -- ; DROP", "\u2028\u2029", "e\u0301 (decomposed)", "{}[],:"}
	return texts[i%len(texts)]
}

// oddRows returns n staged rows numbered from 2 with odd text in their cells, problems and
// changes, some cells and keys empty, some rows with a customer and some edited; the last row has
// no customer, so the last statement of a batch split just before it has an all-NULL column.
func oddRows(n int) []customer.StagedRow {
	rows := make([]customer.StagedRow, n)
	for i := range rows {
		r := &rows[i]
		r.Row = i + 2
		r.Raw[customer.FFirstName] = oddText(i)
		r.Raw[customer.FLastName] = oddText(i + 3)
		r.Raw[customer.FEmail] = fmt.Sprintf("o%d@example.no", i)
		r.Status = customer.Statuses[i%len(customer.Statuses)]
		if i%4 != 0 {
			r.Keys = customer.Keys{Account: fmt.Sprintf("K%d", i%7), Email: fmt.Sprintf("o%d@example.no", i), NamePostcode: oddText(i)}
		}
		r.Edited = i%5 == 1
		switch r.Status {
		case customer.StatusError:
			r.Errors = []customer.Problem{customer.NewProblem(customer.FEmail, customer.CodeEmailExists, "E-posten «"+oddText(i)+"» finnes allerede.")}
		case customer.StatusUpdate, customer.StatusUnchanged:
			r.CustomerID = int64(1000 + i)
			r.Changes = []customer.Change{{Field: customer.Fields[customer.FCity].Key, Old: oddText(i), New: "Oslo"}}
		}
		if i%6 == 0 {
			r.Warnings = []customer.Problem{customer.NewProblem(customer.FPostcode, customer.WarnLeadingZero, oddText(i+1))}
		}
	}
	rows[n-1].CustomerID = 0
	return rows
}

// sameRows fails the test unless got are want, in order.
func sameRows(t *testing.T, got, want []customer.StagedRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("row %d reads back as\n%+v\nwant\n%+v", want[i].Row, got[i], want[i])
		}
	}
}

// bulkRows is how many rows and customers BenchmarkBulk writes and reads in one call.
const bulkRows = 100_000

// BenchmarkBulk times the store's calls on bulkRows staged rows and customers, on each database:
// staging, reading and saving rows; inserting, finding, updating and walking customers. The
// reads and updates run on rows and customers stored before the timing starts.
func BenchmarkBulk(b *testing.B) {
	for _, db := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(db.name, func(b *testing.B) { benchBulk(b, opener(db.dsn(b))(b)) })
	}
}

func benchBulk(b *testing.B, s *Store) {
	ctx := context.Background()
	tenants := 0
	newBulkTenant := func() customer.Tenant {
		b.Helper()
		tenants++
		tn := customer.Tenant{Slug: fmt.Sprintf("bulk-%d", tenants), Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			b.Fatal(err)
		}
		return tn
	}
	perRow := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bulkRows), "ns/row")
	}

	tn := newBulkTenant()
	imp := customer.Import{TenantID: tn.ID, FileName: "big.csv"}
	if err := s.CreateImport(ctx, &imp); err != nil {
		b.Fatal(err)
	}
	rows := stagedRows(bulkRows)
	replaceRows(b, s, imp.ID, rows)
	cs := manyCustomers(bulkRows, "bulk")
	if err := s.InsertCustomers(ctx, tn.ID, cs); err != nil {
		b.Fatal(err)
	}

	b.Run("AddRows", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			if err := s.DeleteRows(ctx, imp.ID); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if err := s.AddRows(ctx, imp.ID, rows); err != nil {
				b.Fatal(err)
			}
		}
		perRow(b)
	})
	b.Run("Rows", func(b *testing.B) {
		for b.Loop() {
			got, total, err := rowsCounted(ctx, s, imp.ID, "", 0, 0)
			if err != nil || len(got) != bulkRows || total != bulkRows {
				b.Fatalf("Rows = %d rows, total %d, %v; want %d", len(got), total, err, bulkRows)
			}
		}
		perRow(b)
	})
	b.Run("RowsErrorPage", func(b *testing.B) {
		for b.Loop() {
			if got, _, err := rowsCounted(ctx, s, imp.ID, customer.StatusError, 20_000, 100); err != nil || len(got) != 100 {
				b.Fatalf("Rows(error, 20,000, 100) = %d rows, %v; want 100", len(got), err)
			}
		}
	})
	b.Run("SaveRows", func(b *testing.B) {
		saved := slices.Clone(rows)
		for i := range saved {
			saved[i].Status = customer.StatusNew
		}
		for b.Loop() {
			if err := s.SaveRows(ctx, imp.ID, saved); err != nil {
				b.Fatal(err)
			}
		}
		perRow(b)
	})
	b.Run("InsertCustomers", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			other := newBulkTenant()
			more := manyCustomers(bulkRows, "bulk")
			b.StartTimer()
			if err := s.InsertCustomers(ctx, other.ID, more); err != nil {
				b.Fatal(err)
			}
		}
		perRow(b)
	})
	b.Run("Customers", func(b *testing.B) {
		keys := make([]customer.Keys, len(cs))
		for i, c := range cs {
			keys[i] = customer.KeysOf(&c.Values)
		}
		for b.Loop() {
			for lo := 0; lo < len(keys); lo += 1000 {
				got, err := s.Customers(ctx, tn.ID, keys[lo:lo+1000])
				if err != nil || len(got) != 1000 {
					b.Fatalf("Customers(1,000 keys) found %d, %v; want 1000", len(got), err)
				}
			}
		}
		perRow(b)
	})
	b.Run("UpdateCustomers", func(b *testing.B) {
		upd := make([]customer.Customer, len(cs))
		for i, c := range cs {
			upd[i] = *c
			upd[i].Values[customer.FCity] = "Bergen"
		}
		for b.Loop() {
			if err := s.UpdateCustomers(ctx, tn.ID, upd); err != nil {
				b.Fatal(err)
			}
		}
		perRow(b)
	})
	b.Run("AllCustomers", func(b *testing.B) {
		for b.Loop() {
			count := 0
			err := s.AllCustomers(ctx, tn.ID, func(customer.Customer) error { count++; return nil })
			if err != nil || count != bulkRows {
				b.Fatalf("AllCustomers walked %d, %v; want %d", count, err, bulkRows)
			}
		}
		perRow(b)
	})
}
