package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/duplicates"
)

// duplicatesReport is the --json output of duplicates: part of the CLI contract. Fields are only
// ever added.
type duplicatesReport struct {
	Clusters []clusterItem `json:"clusters"`
	Total    int           `json:"total"`
}

type clusterItem struct {
	Score     float64         `json:"score"`
	Customers []clusterPerson `json:"customers"`
	Pairs     []pairItem      `json:"pairs"`
}

// clusterPerson is a customer of a cluster: its id and its fields by key.
type clusterPerson struct {
	ID    int64             `json:"id"`
	Cells map[string]string `json:"cells"`
}

type pairItem struct {
	A       int64    `json:"a"`
	B       int64    `json:"b"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
}

func cmdDuplicates(ctx context.Context, e *env, args []string) error {
	const usage = "duplicates [--limit 50] [--json]"
	fs := newFlagSet(e, "duplicates", usage)
	limit := fs.Int("limit", 50, "how many clusters to list, best first (0: all)")
	asJSON := fs.Bool("json", false, "print the clusters as JSON on stdout")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, `Usage: clientele %s

Lists clusters of stored customers that are likely one person, best first: each cluster's
customers, and the likely pairs among them with their score (0 to 1) and what is alike (name,
address, postcode, email, phone). Only customers that share a blocking key are compared: a
similar-sounding name at the same postcode, the same email before the @, or a phone's same last
digits. Merge them, or say they are not one person, on the Duplicates page.

Flags:
`, usage)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("duplicates takes no arguments: clientele %s", usage)
	}
	if *limit < 0 {
		return usagef("--limit must be 0 (all) or more, not %d", *limit)
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := &duplicates.Service{Store: s}
	cs, err := svc.Clusters(ctx, t)
	if err != nil {
		return err
	}
	total := len(cs)
	if *limit > 0 && len(cs) > *limit {
		cs = cs[:*limit]
	}
	if *asJSON {
		r := duplicatesReport{Clusters: make([]clusterItem, 0, len(cs)), Total: total}
		for _, c := range cs {
			it := clusterItem{Score: c.Score}
			for _, cu := range c.Customers {
				cells := map[string]string{}
				for i, f := range customer.Fields {
					cells[f.Key] = cu.Values[i]
				}
				it.Customers = append(it.Customers, clusterPerson{ID: cu.ID, Cells: cells})
			}
			for _, p := range c.Pairs {
				it.Pairs = append(it.Pairs, pairItem{A: p.A, B: p.B, Score: p.Score, Reasons: p.Reasons})
			}
			r.Clusters = append(r.Clusters, it)
		}
		return writeJSON(e.stdout, r)
	}
	printClusters(e.stdout, cs, total)
	return nil
}

// printClusters prints each cluster: its customers as a table, then its pairs.
func printClusters(w io.Writer, cs []duplicates.Cluster, total int) {
	if total == 0 {
		fmt.Fprintln(w, "No likely duplicates.")
		return
	}
	for n, c := range cs {
		fmt.Fprintf(w, "Cluster %d (score %.2f)\n", n+1, c.Score)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  ID\tACCOUNT\tNAME\tEMAIL\tMOBILE\tADDRESS")
		account := map[int64]string{}
		for _, cu := range c.Customers {
			v := &cu.Values
			account[cu.ID] = v[customer.FAccount]
			addr := strings.TrimSpace(strings.Join(nonBlank(v[customer.FAddress1], strings.TrimSpace(v[customer.FPostcode]+" "+v[customer.FCity])), ", "))
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", cu.ID, v[customer.FAccount], customer.DisplayName(v), who(v[customer.FEmail]),
				who(v[customer.FMobile]), who(addr))
		}
		tw.Flush()
		for _, p := range c.Pairs {
			fmt.Fprintf(w, "  %s ~ %s: %.2f (%s)\n", account[p.A], account[p.B], p.Score, strings.Join(p.Reasons, ", "))
		}
		fmt.Fprintln(w)
	}
	if total > len(cs) {
		fmt.Fprintf(w, "%d of %d clusters shown; --limit 0 lists all.\n", len(cs), total)
	}
}

func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
