package match

import (
	"encoding/csv"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
)

type corpusRow struct {
	variant, expect, account string
	v                        customer.Values
}

func readCorpus(t *testing.T) (stored, incoming []corpusRow) {
	t.Helper()
	f, err := os.Open("testdata/corpus.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], corpusColumns) {
		t.Fatalf("columns %q, want %q", recs[0], corpusColumns)
	}
	for _, r := range recs[1:] {
		row := corpusRow{variant: r[1], expect: r[2], account: r[3]}
		row.v[customer.FAccount] = r[3]
		row.v[customer.FFirstName], row.v[customer.FLastName] = r[4], r[5]
		row.v[customer.FEmail], row.v[customer.FMobile] = r[6], r[7]
		row.v[customer.FAddress1], row.v[customer.FPostcode], row.v[customer.FCity] = r[8], r[9], r[10]
		if r[0] == "stored" {
			stored = append(stored, row)
		} else {
			incoming = append(incoming, row)
		}
	}
	return stored, incoming
}

// TestCorpus finds, for each incoming row of the labelled corpus, the stored customers that share
// a blocking key with it, and takes the best likely one as its duplicate: precision and recall over
// the corpus, and the share of each variant found, must stay above the bars. A row looks
// up what an import looks up: its lookup keys (KeysAndLookup), and its own mobile, which the
// import looks up as an identity key.
func TestCorpus(t *testing.T) {
	stored, incoming := readCorpus(t)
	index := map[string][]int{}
	for i := range stored {
		for _, k := range Keys(&stored[i].v) {
			index[k] = append(index[k], i)
		}
	}
	var tp, fp, fn, candidates int
	type tally struct{ rows, found int }
	variants := map[string]*tally{}
	for _, row := range incoming {
		seen := map[int]bool{}
		best, bestScore := -1, 0.0
		keys, look := ProfileOf(&row.v).KeysAndLookup()
		for _, k := range keys {
			if strings.HasPrefix(k, "p:") && !slices.Contains(look, k) {
				look = append(look, k)
			}
		}
		for _, k := range look {
			for _, i := range index[k] {
				if seen[i] {
					continue
				}
				seen[i] = true
				candidates++
				if r := Compare(&row.v, &stored[i].v); r.Likely() && r.Score > bestScore {
					best, bestScore = i, r.Score
				}
			}
		}
		got := ""
		if best >= 0 {
			got = stored[best].account
		}
		v := variants[row.variant]
		if v == nil {
			v = &tally{}
			variants[row.variant] = v
		}
		v.rows++
		switch {
		case row.expect != "" && got == row.expect:
			tp++
			v.found++
		case row.expect != "":
			fn++
			if got != "" {
				fp++
			}
			t.Logf("missed %s: %q → %q %v", row.variant, row.v[:14], row.expect, got)
		case got != "":
			fp++
			r := Compare(&row.v, &stored[best].v)
			t.Logf("false %s: %q ~ %q %v", row.variant, row.v[:14], stored[best].v[:14], r)
		default:
			v.found++
		}
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	t.Logf("%d stored, %d incoming, %d candidates compared: precision %.3f, recall %.3f", len(stored), len(incoming), candidates, precision, recall)
	names := make([]string, 0, len(variants))
	for n := range variants {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v := variants[n]
		share := float64(v.found) / float64(v.rows)
		t.Logf("  %-18s %3d rows, %3d right (%.2f)", n, v.rows, v.found, share)
		if share < 0.5 {
			t.Errorf("variant %s: right %.2f of the time, want at least 0.5", n, share)
		}
	}
	if precision < 0.90 {
		t.Errorf("precision %.3f, want at least 0.90", precision)
	}
	if recall < 0.80 {
		t.Errorf("recall %.3f, want at least 0.80", recall)
	}
}
