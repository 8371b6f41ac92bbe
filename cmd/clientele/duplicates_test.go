package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestDuplicatesCommand: clientele duplicates lists two similar customers as one cluster, as a
// table and as JSON, and leaves the others out; a stray argument is bad usage.
func TestDuplicatesCommand(t *testing.T) {
	c := cli{t, dbtest.SQLite(t)}
	if r := c.run("", "duplicates"); r.code != exitOK || !strings.Contains(r.stdout, "No likely duplicates.") {
		t.Errorf("no customers: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	c.report("import", writeCSV(t, "kunder.csv",
		map[string]string{"account_number": "A-1", "first_name": "Kari", "last_name": "Nordmann", "email": "kari.nordmann@gmail.com",
			"address_line1": "Storgata 5", "postcode": "0150", "city": "Oslo"},
		map[string]string{"account_number": "A-2", "first_name": "Kari", "last_name": "Nordman", "email": "kari.nordmann@online.no",
			"address_line1": "Storgata 5", "postcode": "0150", "city": "Oslo"},
		map[string]string{"account_number": "A-3", "first_name": "Per", "last_name": "Lie", "address_line1": "Bakken 2", "postcode": "5003", "city": "Bergen"},
	), "--yes")

	r := c.run("", "duplicates")
	if r.code != exitOK || !strings.Contains(r.stdout, "Cluster 1") || !strings.Contains(r.stdout, "A-1 ~ A-2") || strings.Contains(r.stdout, "A-3") {
		t.Errorf("duplicates: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var js duplicatesReport
	r = c.run("", "duplicates", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &js); err != nil || r.code != exitOK {
		t.Fatalf("duplicates --json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	if js.Total != 1 || len(js.Clusters[0].Customers) != 2 || js.Clusters[0].Customers[1].Cells["account_number"] != "A-2" ||
		len(js.Clusters[0].Pairs) != 1 || js.Clusters[0].Pairs[0].Score < 0.6 || len(js.Clusters[0].Pairs[0].Reasons) == 0 {
		t.Errorf("duplicates --json %+v", js)
	}
	if r := c.run("", "duplicates", "extra"); r.code != exitUsage {
		t.Errorf("a stray argument: exit %d, want %d", r.code, exitUsage)
	}
	if r := c.run("", "duplicates", "--limit", "-1"); r.code != exitUsage || !strings.Contains(r.stderr, "--limit must be 0 (all) or more") {
		t.Errorf("--limit -1: exit %d, want %d; stderr %q", r.code, exitUsage, r.stderr)
	}

	// --limit cuts the list, and the table says how many it left out; --limit 0 lists all.
	c.report("import", writeCSV(t, "flere.csv",
		map[string]string{"account_number": "B-1", "first_name": "Ola", "last_name": "Hansen", "email": "ola.hansen@gmail.com",
			"address_line1": "Bakkegata 9", "postcode": "7010", "city": "Trondheim"},
		map[string]string{"account_number": "B-2", "first_name": "Ola", "last_name": "Hanssen", "email": "ola.hansen@online.no",
			"address_line1": "Bakkegata 9", "postcode": "7010", "city": "Trondheim"},
	), "--yes")
	r = c.run("", "duplicates", "--limit", "1")
	if r.code != exitOK || strings.Count(r.stdout, "Cluster ") != 1 || !strings.Contains(r.stdout, "1 of 2 clusters shown; --limit 0 lists all.") {
		t.Errorf("--limit 1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = c.run("", "duplicates", "--limit", "1", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &js); err != nil || js.Total != 2 || len(js.Clusters) != 1 {
		t.Errorf("--limit 1 --json: %v, total %d, %d clusters; want 2 and 1", err, js.Total, len(js.Clusters))
	}
	if r := c.run("", "duplicates", "--limit", "0"); strings.Count(r.stdout, "Cluster ") != 2 || strings.Contains(r.stdout, "shown") {
		t.Errorf("--limit 0: exit %d\n%s", r.code, r.stdout)
	}
}
