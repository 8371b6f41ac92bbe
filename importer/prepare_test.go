package importer

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// TestPrepareMatchesOneByOne holds the parallel prepare to Rules.PrepareInto row by row: the same
// values, problems and keys for every row, in file order, whatever goroutine took it. Run with
// -race, it also checks that the rules share nothing writable between goroutines.
func TestPrepareMatchesOneByOne(t *testing.T) {
	rules := customer.Rules{Country: "NO", Language: "nb", Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	firsts := []string{"Ola", "  ÅSE ", "Zażółć", "", "Ingrid", "x\x00"}
	phones := []string{"91234567", "+47 912 34 567", "4.7912345E+09", "12", "", "0048 601 234 567"}
	for _, n := range []int{0, 1, prepareBlock, 3*prepareBlock + 7} {
		rows := make([]customer.StagedRow, n)
		for i := range rows {
			r := &rows[i]
			r.Row = i + 2
			r.Raw[customer.FFirstName] = firsts[i%len(firsts)]
			r.Raw[customer.FLastName] = fmt.Sprintf("Nordmann%d", i%50)
			r.Raw[customer.FEmail] = fmt.Sprintf("Person%d@Example.no", i)
			r.Raw[customer.FMobile] = phones[i%len(phones)]
			r.Raw[customer.FPostcode] = fmt.Sprintf("%04d", i%10000)
			r.Raw[customer.FBirthDate] = []string{"1980-02-29", "31.12.1999", "2030-01-01", ""}[i%4]
		}
		got := prepare(rules, rows)
		if len(got) != n {
			t.Fatalf("%d rows: prepare returned %d", n, len(got))
		}
		for i := range rows {
			want := new(customer.Checked)
			rules.PrepareInto(want, &rows[i])
			if !reflect.DeepEqual(got[i], want) {
				t.Fatalf("%d rows: row %d prepared as\n%+v\nwant\n%+v", n, rows[i].Row, got[i], want)
			}
		}
	}
}
