package importer

import "testing"

// TestBulkRows: a bulk edit's changed rows come back one slice, in the order added, whether they
// filled one block or spilled into more.
func TestBulkRows(t *testing.T) {
	for _, n := range []int{0, 1, bulkRowBlock, bulkRowBlock + 1, 2*bulkRowBlock + 7} {
		var b bulkRows
		for i := range n {
			b.add(BulkRow{Row: i + 2})
		}
		all := b.all()
		if len(all) != n || b.n != n {
			t.Fatalf("%d rows added: all() has %d, n %d", n, len(all), b.n)
		}
		for i := range all {
			if all[i].Row != i+2 {
				t.Fatalf("%d rows added: row %d at %d", n, all[i].Row, i)
			}
		}
	}
}
