package customer

import (
	"hash/maphash"
	"math/bits"
	"sort"
)

// FileKeys is what the checks of one file remember from row to row: which row first had each
// key, for the in-file duplicate check. A file is checked in chunks through one FileKeys, in
// file order, so that a million rows need not be in memory at once to be compared with each
// other.
//
// A million rows have up to four million keys, so how they are kept decides an import's memory.
// Keys are remembered by a 96-bit hash rather than as text: two different keys collide with a
// probability of about n²/2⁹⁷, 10⁻¹⁷ for a million rows. The hashes sit in one flat table per
// kind of key (keyTable), 16 bytes a key at most four fifths full, holding no pointers for the
// garbage collector to scan; a Go map, or the keys as strings, would take several times that.
type FileKeys struct {
	seeds [2]maphash.Seed
	first [4]keyTable // by kind: account, email, mobile, name + postcode
	size  int         // how many keys a table is made for at first
	names rowNames    // each row's customer name, for the message of a later row repeating it
}

// rowNames holds the name of each row checked, in one byte slice: a duplicate's message names
// the person on the row it repeats, which the user may not have open. About 8 bytes plus the
// name a row, no pointers; rows are added in file order, so a row is found by binary search.
type rowNames struct {
	rows []int32
	ends []uint32
	text []byte
}

func (n *rowNames) add(row int, name string) {
	if name == "" || len(n.text)+len(name) > 1<<32-1 {
		return
	}
	if k := len(n.rows); k > 0 && int(n.rows[k-1]) >= row {
		return // not in file order (a re-check of some rows): left unnamed
	}
	n.text = append(n.text, name...)
	n.rows = append(n.rows, int32(row))
	n.ends = append(n.ends, uint32(len(n.text)))
}

// of returns the name of row, "" when it had none.
func (n *rowNames) of(row int) string {
	i := sort.Search(len(n.rows), func(i int) bool { return int(n.rows[i]) >= row })
	if i == len(n.rows) || int(n.rows[i]) != row {
		return ""
	}
	start := uint32(0)
	if i > 0 {
		start = n.ends[i-1]
	}
	return string(n.text[start:n.ends[i]])
}

// NewFileKeys returns the memory of a file that has not been checked yet.
func NewFileKeys() *FileKeys {
	return NewFileKeysFor(0)
}

// NewFileKeysFor is NewFileKeys for a file of about rows rows: each kind's table is made for
// that many keys the first time it takes one, so that it never grows (growing holds the old
// table and the new, twice the size, at once). A kind no row has costs nothing.
func NewFileKeysFor(rows int) *FileKeys {
	return &FileKeys{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, size: rows}
}

// firstRow returns the row that first had key of kind slot, remembering row as that row when
// none had it before (ok false).
func (f *FileKeys) firstRow(slot int, key string, row int) (first int, ok bool) {
	t := &f.first[slot]
	if t.slots == nil {
		t.init(f.size)
	}
	return t.firstRow(maphash.String(f.seeds[0], key), uint32(maphash.String(f.seeds[1], key)), row)
}

// keySlot is one remembered key: its hash (h, and lo for 32 more bits) and the row that first
// had it, plus one (0: the slot is empty).
type keySlot struct {
	h   uint64
	lo  uint32
	row int32
}

// keyTable is a hash table of keySlots with open addressing and linear probing: a key's first
// slot is chosen by the high bits of h·len(slots), so that the table can have any size.
type keyTable struct {
	slots []keySlot
	n     int // slots in use
}

// keyTableLoad is how full a table may get, as a fraction (4/5): linear probing then looks at
// about thirteen slots, one or two cache lines, to find that a key is new.
const keyTableLoadNum, keyTableLoadDen = 4, 5

func (t *keyTable) init(keys int) {
	t.slots = make([]keySlot, max(16, keys*keyTableLoadDen/keyTableLoadNum+1))
	t.n = 0
}

func (t *keyTable) firstRow(h uint64, lo uint32, row int) (first int, ok bool) {
	if (t.n+1)*keyTableLoadDen > len(t.slots)*keyTableLoadNum {
		t.grow()
	}
	i := t.home(h)
	for {
		s := &t.slots[i]
		switch {
		case s.row == 0:
			*s = keySlot{h: h, lo: lo, row: int32(row) + 1}
			t.n++
			return 0, false
		case s.h == h && s.lo == lo:
			return int(s.row) - 1, true
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// home is the slot where the probe for hash h starts.
func (t *keyTable) home(h uint64) int {
	hi, _ := bits.Mul64(h, uint64(len(t.slots)))
	return int(hi)
}

// grow doubles the table. It only happens when a file has more keys of a kind than it was made
// for (NewFileKeys, or a file that grew between its two readings).
func (t *keyTable) grow() {
	old := t.slots
	t.slots = make([]keySlot, 2*len(old))
	for _, s := range old {
		if s.row == 0 {
			continue
		}
		i := t.home(s.h)
		for t.slots[i].row != 0 {
			if i++; i == len(t.slots) {
				i = 0
			}
		}
		t.slots[i] = s
	}
}
