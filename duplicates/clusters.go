package duplicates

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/match"
)

// MaxBlock is the most customers a blocking key may have for Clusters to compare them: a larger
// block is a common name at a busy postcode (or a shared family phone), whose pairs the
// customers' other keys find, and comparing all of its pairs would cost the square of its size.
const MaxBlock = 100

// Pair is two customers likely to be one person: how alike they are and why (match.Result).
type Pair struct {
	A, B    int64 // the customers' ids, A < B
	Score   float64
	Reasons []string
}

// Cluster is customers joined by likely pairs: each is likely one person with another of them.
type Cluster struct {
	Score     float64             // the best pair's score
	Customers []customer.Customer // in id order
	Pairs     []Pair              // the likely pairs, best first
}

// Clusters returns the tenant's clusters of likely duplicates, best first (by their best pair's
// score, then by their first customer), leaving out dismissed pairs.
//
// It reads the groups of customer ids that share a blocking key, then the compared fields of
// the customers in any group, each folded once (match.Profile), and compares the pairs of every
// group on all processors. Only the customers of likely pairs are read whole, at the end.
func (s *Service) Clusters(ctx context.Context, t customer.Tenant) ([]Cluster, error) {
	f := finder{dismissed: map[[2]int64]bool{}}
	ds, err := s.Store.Dismissed(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		f.dismissed[d] = true
	}
	if err := s.Store.MatchKeyGroups(ctx, t.ID, MaxBlock, func(ids []int64) error {
		f.ids = append(f.ids, ids...)
		f.ends = append(f.ends, len(f.ids))
		return nil
	}); err != nil {
		return nil, fmt.Errorf("duplicates: %w", err)
	}
	ids := slices.Clone(f.ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	f.profiles = make(map[int64]*match.Profile, len(ids))
	for lo := 0; lo < len(ids); lo += profileBatch {
		cs, err := s.Store.MatchCustomersByID(ctx, t.ID, ids[lo:min(lo+profileBatch, len(ids))])
		if err != nil {
			return nil, fmt.Errorf("duplicates: %w", err)
		}
		for i := range cs {
			f.profiles[cs[i].ID] = match.ProfileOf(&cs[i].Values)
		}
	}
	f.compare()
	f.profiles = nil
	var likely []int64
	for k := range f.pairs {
		likely = append(likely, k[0], k[1])
	}
	slices.Sort(likely)
	likely = slices.Compact(likely)
	// The store reads them in batches, in one transaction.
	cs, err := s.Store.CustomersByID(ctx, t.ID, likely)
	if err != nil {
		return nil, fmt.Errorf("duplicates: %w", err)
	}
	f.customers = make(map[int64]customer.Customer, len(cs))
	for _, c := range cs {
		f.customers[c.ID] = c
	}
	// A customer deleted between the reads leaves its pairs out.
	for k := range f.pairs {
		if _, ok := f.customers[k[0]]; !ok {
			delete(f.pairs, k)
		} else if _, ok := f.customers[k[1]]; !ok {
			delete(f.pairs, k)
		}
	}
	return f.clusters(), nil
}

// profileBatch is how many of the customers Clusters compares, read with the compared fields
// only, one read transaction asks for.
const profileBatch = 20_000

// finder compares the customers of each group that shares a blocking key and keeps the likely
// pairs.
type finder struct {
	dismissed map[[2]int64]bool
	ids       []int64 // the groups' customer ids, one group after another
	ends      []int   // where each group ends in ids
	profiles  map[int64]*match.Profile
	pairs     map[[2]int64]Pair
	customers map[int64]customer.Customer
}

// compare compares every pair of every group, the groups shared out among the processors. A pair
// that shares two keys is compared in both groups rather than remembered: most pairs are not
// alike, and remembering them all would cost more memory than comparing them twice costs time.
func (f *finder) compare() {
	workers := runtime.GOMAXPROCS(0)
	found := make([]map[[2]int64]Pair, workers)
	var wg sync.WaitGroup
	for w := range workers {
		found[w] = map[[2]int64]Pair{}
		wg.Go(func() {
			for g := w; g < len(f.ends); g += workers {
				lo := 0
				if g > 0 {
					lo = f.ends[g-1]
				}
				f.group(f.ids[lo:f.ends[g]], found[w])
			}
		})
	}
	wg.Wait()
	f.pairs = found[0]
	for _, m := range found[1:] {
		maps.Copy(f.pairs, m)
	}
}

// group compares the pairs of one group, adding the likely ones to found.
func (f *finder) group(ids []int64, found map[[2]int64]Pair) {
	for i := range ids {
		pa := f.profiles[ids[i]]
		if pa == nil {
			continue
		}
		for j := i + 1; j < len(ids); j++ {
			a, b := ids[i], ids[j]
			pb := f.profiles[b]
			if pb == nil || a == b {
				continue
			}
			if a > b {
				a, b = b, a
			}
			key := [2]int64{a, b}
			if f.dismissed[key] {
				continue
			}
			if _, ok := found[key]; ok {
				continue
			}
			if r := pa.Compare(pb); r.Likely() {
				found[key] = Pair{A: a, B: b, Score: r.Score, Reasons: r.Reasons}
			}
		}
	}
}

// clusters joins the likely pairs by union-find.
func (f *finder) clusters() []Cluster {
	parent := make(map[int64]int64, len(f.customers))
	var root func(id int64) int64
	root = func(id int64) int64 {
		p, ok := parent[id]
		if !ok || p == id {
			return id
		}
		r := root(p)
		parent[id] = r
		return r
	}
	for k := range f.pairs {
		ra, rb := root(k[0]), root(k[1])
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	byRoot := map[int64]*Cluster{}
	for _, p := range f.pairs {
		r := root(p.A)
		c := byRoot[r]
		if c == nil {
			c = &Cluster{}
			byRoot[r] = c
		}
		c.Pairs = append(c.Pairs, p)
		c.Score = max(c.Score, p.Score)
	}
	for id, cu := range f.customers {
		c := byRoot[root(id)]
		c.Customers = append(c.Customers, cu)
	}
	out := make([]Cluster, 0, len(byRoot))
	for _, c := range byRoot {
		slices.SortFunc(c.Customers, func(a, b customer.Customer) int { return cmp.Compare(a.ID, b.ID) })
		slices.SortFunc(c.Pairs, func(a, b Pair) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
		})
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Cluster) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Customers[0].ID, b.Customers[0].ID))
	})
	return out
}
