package importer

import (
	"slices"
	"testing"
)

// TestIDSet adds chunks of IDs as a confirm does — ascending from a sequence, and also out of
// order, repeated, and already in the set — and requires the set to hold each ID once, sorted.
func TestIDSet(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks [][]int64
		want   []int64
	}{
		{"ascending chunks", [][]int64{{3, 1, 2}, {4, 6}, {9}}, []int64{1, 2, 3, 4, 6, 9}},
		{"a chunk below the set", [][]int64{{10, 11}, {2, 5}}, []int64{2, 5, 10, 11}},
		{"interleaved", [][]int64{{10, 20}, {15, 25, 5}}, []int64{5, 10, 15, 20, 25}},
		{"repeats within and across chunks", [][]int64{{7, 7, 3}, {3, 8, 7}, {}}, []int64{3, 7, 8}},
		{"nothing", [][]int64{nil, {}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s idSet
			for _, c := range tc.chunks {
				s.add(slices.Clone(c))
			}
			if !slices.Equal(s.ids, tc.want) {
				t.Fatalf("set = %v, want %v", s.ids, tc.want)
			}
			for id := int64(0); id <= 30; id++ {
				if got, want := s.has(id), slices.Contains(tc.want, id); got != want {
					t.Errorf("has(%d) = %v, want %v", id, got, want)
				}
			}
			if s.len() != len(tc.want) {
				t.Errorf("len = %d, want %d", s.len(), len(tc.want))
			}
		})
	}
}
