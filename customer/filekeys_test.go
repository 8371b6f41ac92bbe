package customer

import (
	"fmt"
	"testing"
)

// TestFileKeysFirstRow feeds keys of every kind through tables made for too few keys (so that
// they grow, several times) and for enough, and requires each key's first row back every time it
// repeats, however the table was laid out.
func TestFileKeysFirstRow(t *testing.T) {
	for _, size := range []int{0, 10, 3000} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			f := NewFileKeysFor(size)
			want := map[[2]string]int{}
			row := 2
			for pass := range 3 {
				for i := range 2500 {
					for slot, kind := range []string{"account", "email", "mobile", "name"} {
						if slot == 0 && i%3 != 0 {
							continue // not every row has an account number
						}
						key := fmt.Sprintf("%s-%d", kind, i)
						first, ok := f.firstRow(slot, key, row)
						w, seen := want[[2]string{kind, key}]
						if ok != seen || first != w {
							t.Fatalf("pass %d: firstRow(%d, %q, %d) = %d, %v; want %d, %v", pass, slot, key, row, first, ok, w, seen)
						}
						if !seen {
							want[[2]string{kind, key}] = row
						}
					}
					row++
				}
			}
			if n := f.first[0].n; n != 834 {
				t.Errorf("account table holds %d keys, want 834", n)
			}
			for slot, tb := range f.first {
				if tb.n*keyTableLoadDen > len(tb.slots)*keyTableLoadNum {
					t.Errorf("table %d: %d keys in %d slots, fuller than allowed", slot, tb.n, len(tb.slots))
				}
			}
		})
	}
}

// TestFileKeysSameKeyAcrossKinds: a value that is one row's email and another row's mobile is
// no duplicate; each kind has its own table.
func TestFileKeysSameKeyAcrossKinds(t *testing.T) {
	f := NewFileKeysFor(4)
	if _, ok := f.firstRow(1, "x", 2); ok {
		t.Fatal("first key reported as seen")
	}
	if _, ok := f.firstRow(2, "x", 3); ok {
		t.Error("a mobile was reported as a duplicate of an email")
	}
	if first, ok := f.firstRow(1, "x", 4); !ok || first != 2 {
		t.Errorf("repeated email: first row %d, %v; want 2, true", first, ok)
	}
}

// TestKeyTableWrapsAround puts keys whose home is the last slot into a small table, so that the
// probe runs past the end and must continue at the start.
func TestKeyTableWrapsAround(t *testing.T) {
	var tb keyTable
	tb.init(10)
	last := ^uint64(0) // its home is the last slot
	for i := range 4 {
		if _, ok := tb.firstRow(last, uint32(i), 10+i); ok {
			t.Fatalf("key %d reported as seen", i)
		}
	}
	if tb.slots[0].row == 0 {
		t.Fatal("no key wrapped around to slot 0")
	}
	for i := range 4 {
		if first, ok := tb.firstRow(last, uint32(i), 99); !ok || first != 10+i {
			t.Errorf("key %d: first row %d, %v; want %d, true", i, first, ok, 10+i)
		}
	}
}

// BenchmarkFileKeys is the in-file duplicate check's memory of a 100,000-row file with four
// keys a row: its allocations are the tables' (B/op).
func BenchmarkFileKeys(b *testing.B) {
	keys := make([]string, 100000)
	for i := range keys {
		keys[i] = fmt.Sprintf("someone.%d@example.com", i)
	}
	b.ReportAllocs()
	for b.Loop() {
		f := NewFileKeysFor(len(keys))
		for slot := range 4 {
			for i, k := range keys {
				f.firstRow(slot, k, i+2)
			}
		}
	}
}
