package web

import (
	"maps"
	"strings"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestRowsStored: GET …/rows says which cells the check stores otherwise than the file has them,
// and as what: a postcode's leading zero put back, a mobile number in full, a country's name as
// its code; a cell stored as typed (white space aside), a blank one and one with an error are
// not listed.
func TestRowsStored(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t), Config{})
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageCSV("postnummer.csv", "create", strings.Join(undoHeaderRow(), ";"),
		undoRow("account_number", "S-1", "first_name", " Kari ", "last_name", "Hansen", "postcode", "150", "mobile", "912 34 567", "country", "Norge"),
		undoRow("account_number", "S-2", "first_name", "Per", "last_name", "Olsen", "postcode", "0150", "mobile", "999", "country", "NO"))
	rows := mgr.rowsOf(imp.ID)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	cases := []struct {
		name string
		got  map[string]string
		want map[string]string
	}{
		{"changed cells", rows[0].Stored, map[string]string{"postcode": "0150", "mobile": "+4791234567", "country": "NO"}},
		{"as typed, or an error", rows[1].Stored, nil},
	}
	for _, c := range cases {
		if !maps.Equal(c.got, c.want) {
			t.Errorf("%s: stored %v, want %v", c.name, c.got, c.want)
		}
	}
	if rows[1].Status != "error" {
		t.Errorf("row with mobile 999 is %s, want error", rows[1].Status)
	}
}
