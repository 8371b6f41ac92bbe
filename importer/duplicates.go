package importer

import (
	"context"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/match"
)

// Possible duplicates (issue #25): each row that would be written is compared, by package match,
// with the stored customers that share a blocking key with it (looked up in batches of keys,
// beside the identity lookups of checker.match, so that a chunk's comparisons run on the match
// workers) and with the rows of the file before it that share one (fileDupes, in file order in
// classify). A likely duplicate is a warning, not an error: the row stays importable. A row that
// updates a stored customer is not that customer's duplicate.

// chunkDupes is what checker.match found of a chunk's rows for the possible-duplicate check.
type chunkDupes struct {
	profiles []*match.Profile // each row's merged values, folded; nil for a row not compared
	keys     [][]string       // each row's blocking keys
	stored   []storedDupe     // each row's likeliest stored duplicate
	// What fileDupes needs of each row, made here on the match workers rather than in classify,
	// which takes the chunks one at a time: the row's kept fields and its keys' hashes.
	fields []string
	hashes [][]uint64
}

// storedDupe is a row's likeliest duplicate among the stored customers; c is nil for none.
type storedDupe struct {
	c   *customer.Customer
	res match.Result
}

// dupeCandidate reports whether a row is compared with others: a row with an error is not
// imported as it stands.
func dupeCandidate(c *customer.Checked) bool {
	return len(c.Errors) == 0
}

// storedDupes folds the chunk's rows (their merged values: what committing writes), looks up the
// stored customers that share a blocking key with any of them, and finds each row's likeliest
// stored duplicate. It reads the checker and changes nothing, as checker.match.
func (ck *checker) storedDupes(ctx context.Context, q lookups, checked []*customer.Checked) (*chunkDupes, error) {
	d := &chunkDupes{
		profiles: make([]*match.Profile, len(checked)),
		keys:     make([][]string, len(checked)),
		stored:   make([]storedDupe, len(checked)),
		fields:   make([]string, len(checked)),
		hashes:   make([][]uint64, len(checked)),
	}
	// Folding is most of the work and each row's is its own: a re-check of 30,000 edited rows
	// is one chunk, so the rows are folded in blocks on every core (as prepare does).
	lookup := make([][]string, len(checked))
	inBlocks(len(checked), func(i int) {
		c := checked[i]
		if !dupeCandidate(c) {
			return
		}
		d.profiles[i] = match.ProfileOf(&c.Merged)
		if ck.none {
			d.keys[i] = d.profiles[i].Keys()
		} else {
			d.keys[i], lookup[i] = d.profiles[i].KeysAndLookup()
		}
		d.fields[i] = keptFields(&c.Merged)
		d.hashes[i] = make([]uint64, len(d.keys[i]))
		for j, k := range d.keys[i] {
			d.hashes[i][j] = maphash.String(ck.dupes.seed, k)
		}
	})
	var all []string
	for _, ks := range lookup {
		all = append(all, ks...)
	}
	if len(all) == 0 {
		return d, nil
	}
	slices.Sort(all)
	all = slices.Compact(all)
	var cands []customer.Customer
	seen := map[int64]bool{}
	for lo := 0; lo < len(all); lo += lookupBatch {
		cs, err := q.CustomersByMatchKeys(ctx, ck.t.ID, all[lo:min(lo+lookupBatch, len(all))])
		if err != nil {
			return nil, err
		}
		if cs, err = ck.asBefore(ctx, q, cs); err != nil {
			return nil, err
		}
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				cands = append(cands, c)
			}
		}
	}
	if len(cands) == 0 {
		return d, nil
	}
	profiles := make([]*match.Profile, len(cands))
	byKey := make(map[string][]int32, len(cands)*4)
	for j := range cands {
		profiles[j] = match.ProfileOf(&cands[j].Values)
		for _, k := range profiles[j].Keys() {
			byKey[k] = append(byKey[k], int32(j))
		}
	}
	var compared []int32
	for i, p := range d.profiles {
		if p == nil {
			continue
		}
		var own int64
		if m := checked[i].Match; m != nil {
			own = m.ID
		}
		compared = compared[:0]
		best := &d.stored[i]
		for _, k := range d.keys[i] {
			for _, j := range byKey[k] {
				if cands[j].ID == own || slices.Contains(compared, j) {
					continue
				}
				compared = append(compared, j)
				if r := p.Compare(profiles[j]); r.Likely() && (best.c == nil || r.Score > best.res.Score) {
					best.c, best.res = &cands[j], r
				}
			}
		}
	}
	return d, nil
}

// dupeFields are the fields match reads, which fileDupes keeps of each row for the rows after it.
var dupeFields = [...]int{customer.FFirstName, customer.FLastName, customer.FEmail, customer.FMobile,
	customer.FPhone, customer.FAddress1, customer.FPostcode, customer.FCity}

// dupeFieldSet is dupeFields as a FieldSet, for telling edits that can change a possible duplicate.
var dupeFieldSet = func() (s customer.FieldSet) {
	for _, f := range dupeFields {
		s |= 1 << f
	}
	return s
}()

// fileDupes indexes the rows of the file checked so far by their blocking keys. Memory is what a
// row's compared fields take, one string, and two words a key: a key is kept as its hash, and
// a hash shared by chance only costs a comparison.
type fileDupes struct {
	seed  maphash.Seed
	head  map[uint64]int32 // a key's hash → its last entry, +1 (0: none)
	links []keyLink
	rows  []fileRow
}

// keyLink is one row's entry under one key, chained to the key's entry before it.
type keyLink struct {
	row  int32 // index into rows
	prev int32 // the key's entry before, +1 (0: none)
}

// fileRow is a row of the file as fileDupes keeps it: its number and its dupeFields joined by
// the unit separator, which no folded cell holds.
type fileRow struct {
	num    int
	fields string
}

func newFileDupes() *fileDupes {
	return &fileDupes{seed: maphash.MakeSeed(), head: map[uint64]int32{}}
}

func (r *fileRow) values() customer.Values {
	var v customer.Values
	i := 0
	for f := range strings.SplitSeq(r.fields, "\x1f") {
		v[dupeFields[i]] = f
		i++
	}
	return v
}

// likeliest returns the likeliest duplicate of a row (p, with its keys' hashes) among the rows
// added before, and whether there is one.
func (fd *fileDupes) likeliest(p *match.Profile, hashes []uint64) (row int, other customer.Values, res match.Result, ok bool) {
	var compared []int32
	for _, h := range hashes {
		for e := fd.head[h]; e != 0; e = fd.links[e-1].prev {
			j := fd.links[e-1].row
			if slices.Contains(compared, j) {
				continue
			}
			compared = append(compared, j)
			v := fd.rows[j].values()
			if r := p.Compare(match.ProfileOf(&v)); r.Likely() && (!ok || r.Score > res.Score) {
				row, other, res, ok = fd.rows[j].num, v, r, true
			}
		}
	}
	return row, other, res, ok
}

// keptFields joins the dupeFields of v as fileRow keeps them.
func keptFields(v *customer.Values) string {
	var b strings.Builder
	for i, f := range dupeFields {
		if i > 0 {
			b.WriteByte('\x1f')
		}
		b.WriteString(strings.ReplaceAll(v[f], "\x1f", ""))
	}
	return b.String()
}

// add indexes a row (its number, keptFields and keys' hashes).
func (fd *fileDupes) add(num int, fields string, hashes []uint64) {
	if len(hashes) == 0 {
		return
	}
	fd.rows = append(fd.rows, fileRow{num: num, fields: fields})
	row := int32(len(fd.rows) - 1)
	for _, h := range hashes {
		fd.links = append(fd.links, keyLink{row: row, prev: fd.head[h]})
		fd.head[h] = int32(len(fd.links))
	}
}

// warnDupes adds the possible_duplicate warning to each row of a classified chunk that is
// likely the same person as a stored customer or an earlier row of the file (the likelier of the
// two; the stored customer when as likely), and adds the chunk's rows to the file's index. It
// runs in file order.
func (ck *checker) warnDupes(checked []*customer.Checked, d *chunkDupes) {
	if d == nil {
		return
	}
	for i, c := range checked {
		p := d.profiles[i]
		if p == nil || c.Status == customer.StatusError || c.Status == customer.StatusSkipped {
			continue
		}
		s := d.stored[i]
		if ck.fileDupes != nil {
			if kept, ok := ck.fileDupes[c.Row]; ok && (s.c == nil || kept.Match.Score > s.res.Score) {
				c.Warnings = append(c.Warnings, kept)
				continue
			}
		}
		row, other, res, inFile := ck.dupes.likeliest(p, d.hashes[i])
		switch {
		case s.c != nil && (!inFile || s.res.Score >= res.Score):
			c.Warnings = append(c.Warnings, customer.DuplicateWarning(customer.DuplicateMatch{
				CustomerID: s.c.ID, AccountNumber: s.c.Values[customer.FAccount], Score: s.res.Score, Reasons: s.res.Reasons,
			}, &s.c.Values))
		case inFile:
			c.Warnings = append(c.Warnings, customer.DuplicateWarning(customer.DuplicateMatch{
				Row: row, Score: res.Score, Reasons: res.Reasons,
			}, &other))
		}
		ck.dupes.add(c.Row, d.fields[i], d.hashes[i])
	}
}

// fileDupesOf returns the possible_duplicate warnings of rows that name another row of the file,
// by row number (checker.fileDupes).
func fileDupesOf(rows []customer.StagedRow) map[int]customer.Problem {
	kept := make(map[int]customer.Problem)
	for i := range rows {
		for _, p := range rows[i].Warnings {
			if p.Code == customer.WarnPossibleDuplicate && p.Match != nil && p.Match.Row != 0 {
				kept[rows[i].Row] = p
			}
		}
	}
	return kept
}
