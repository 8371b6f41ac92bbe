package duplicates

import (
	"cmp"
	"context"
	"fmt"
	"slices"

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
func (s *Service) Clusters(ctx context.Context, t customer.Tenant) ([]Cluster, error) {
	dismissed := map[[2]int64]bool{}
	ds, err := s.Store.Dismissed(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		dismissed[d] = true
	}
	var f finder
	f.dismissed = dismissed
	if err := s.Store.Blocks(ctx, t.ID, MaxBlock, func(block []customer.Customer) error {
		f.block(block)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("duplicates: %w", err)
	}
	return f.clusters(), nil
}

// finder compares the customers of blocks and keeps the likely pairs and their customers.
type finder struct {
	dismissed map[[2]int64]bool
	pairs     map[[2]int64]Pair
	customers map[int64]customer.Customer
}

// block compares every pair of a block's customers. A pair that shares two keys is met twice and
// compared again rather than remembered: most pairs are not alike, and remembering them all
// would cost more memory than comparing them twice costs time.
func (f *finder) block(cs []customer.Customer) {
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			a, b := &cs[i], &cs[j]
			if a.ID > b.ID {
				a, b = b, a
			}
			key := [2]int64{a.ID, b.ID}
			if a.ID == b.ID || f.dismissed[key] {
				continue
			}
			if _, ok := f.pairs[key]; ok {
				continue
			}
			r := match.Compare(&a.Values, &b.Values)
			if !r.Likely() {
				continue
			}
			if f.pairs == nil {
				f.pairs, f.customers = map[[2]int64]Pair{}, map[int64]customer.Customer{}
			}
			f.pairs[key] = Pair{A: a.ID, B: b.ID, Score: r.Score, Reasons: r.Reasons}
			f.customers[a.ID], f.customers[b.ID] = *a, *b
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
