package importer_test

import (
	"context"
	"os"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sheet"
)

// Stage keeps a file's rows in a temporary file between reading and checking them: the staged
// rows are the file's, and the temporary file is gone when Stage returns, whether the file was
// staged or could not be read part way (which stages nothing).
func TestStageSpoolsRows(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		dir := t.TempDir()
		sh.im.TempDir = dir
		sh.im.Chunk = 2 // the rows cross chunk boundaries on their way back
		imp := sh.stage("nye-kunder-kolliderer.csv", customer.ModeCreate)
		rows := sh.rows(imp.ID)
		r, err := sheet.Open("testdata/nye-kunder-kolliderer.csv", sheet.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		n := 0
		for ; ; n++ {
			row, err := r.Next()
			if err != nil {
				break
			}
			if n >= len(rows) || rows[n].Row != row.Num || rows[n].Raw != row.Values {
				t.Fatalf("staged row %d differs from the file's row %d", n, row.Num)
			}
		}
		if n != len(rows) || imp.Summary.Rows != n {
			t.Errorf("staged %d rows (summary %d) of the file's %d", len(rows), imp.Summary.Rows, n)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("a staged file left %d files in TempDir", len(left))
		}

		sh.im.Limits = sheet.Limits{MaxRows: 2}
		before, _, err := sh.s.Imports(ctx, sh.tn.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sh.im.Stage(ctx, sh.tn, "testdata/nye-kunder-kolliderer.csv", stageOpts(customer.ModeCreate, 0)); customer.ErrorCodeOf(err) != customer.EFile {
			t.Fatalf("a file over the row limit staged with %v, want EFile", err)
		}
		after, _, err := sh.s.Imports(ctx, sh.tn.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before) {
			t.Errorf("a file that could not be read made an import: %d imports, then %d", len(before), len(after))
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("a file that could not be read left %d files in TempDir", len(left))
		}
	})
}
