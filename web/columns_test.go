package web

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestImportNotesAndColumns: a Shopify export's import says what it was recognised as, as
// information, and what each column became, ignored columns included; a template file's import
// says no platform. On both databases: the columns are stored with the import.
func TestImportNotesAndColumns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		mgr.decode(mgr.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": "en"}), "application/json"), 200, nil)
		data, err := os.ReadFile(filepath.Join("..", "sheet", "testdata", "vendors", "shopify-classic.csv"))
		if err != nil {
			t.Fatal(err)
		}
		imp := mgr.stageBytes("shopify-classic.csv", data)
		var got importBody
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d", imp.ID), nil, ""), 200, &got)

		if len(got.Notes) != len(got.Warnings) || len(got.Notes) == 0 {
			t.Fatalf("notes %+v for warnings %q", got.Notes, got.Warnings)
		}
		if n := got.Notes[0]; n.Kind != "info" || !strings.Contains(n.Text, "Shopify") || n.Text != got.Warnings[0] {
			t.Errorf("first note %+v, want the recognised platform as info", n)
		}
		for _, n := range got.Notes[1:] {
			if n.Kind != "warning" {
				t.Errorf("note %+v is not a warning", n)
			}
		}
		want := []customer.ColumnUse{
			{Letter: "A", Header: "First Name", Field: "first_name"},
			{Letter: "M", Header: "Zip", Field: "postcode"},
			{Letter: "P", Header: "Total Spent", Field: "note"},
			{Letter: "T", Header: "Tax Exempt", Field: ""},
		}
		for _, w := range want {
			if !slices.Contains(got.Columns, w) {
				t.Errorf("columns %+v lack %+v", got.Columns, w)
			}
		}
		if len(got.Columns) != 20 {
			t.Errorf("%d columns, want the file's 20", len(got.Columns))
		}

		plain := mgr.stageFixture()
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d", plain.ID), nil, ""), 200, &got)
		for _, n := range got.Notes {
			if n.Kind != "warning" {
				t.Errorf("the template file's note %+v is not a warning", n)
			}
		}
		if len(got.Columns) != 19 || got.Columns[0] != (customer.ColumnUse{Letter: "A", Header: "Account Number", Field: "account_number"}) {
			t.Errorf("the template file's columns: %+v", got.Columns)
		}
	})
}
