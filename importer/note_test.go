package importer_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestStageNote: StageOptions.Note is the staged import's first warning, as staged and as read
// back, ahead of the reader's own warnings; uploading the file again without a note drops it.
func TestStageNote(t *testing.T) {
	ctx := context.Background()
	const note = "Columns mapped as saved on 2024-06-01 for files with these headers."
	dbtest.Each(t, func(t *testing.T, dsn string) {
		sh := newShop(t, openStore(t, dsn), "NO")
		im := sh.im
		// A file with a column no field takes, so that the reader has a warning of its own.
		path := writeFile(t, "First Name;Last Name;Fax\nOla;Nordmann;22 00 00 00\n")

		opt := stageOpts(customer.ModeCreate, 0)
		opt.Note = note
		imp, err := im.Stage(ctx, sh.tn, path, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(imp.Warnings) != 2 || imp.Warnings[0] != note {
			t.Fatalf("staged warnings %q, want the note and then the reader's", imp.Warnings)
		}
		got, err := sh.s.Import(ctx, sh.tn.ID, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Warnings, imp.Warnings) {
			t.Errorf("read back warnings %q, want %q", got.Warnings, imp.Warnings)
		}

		again := sh.restage(path, customer.ModeCreate, imp.ID)
		if slices.Contains(again.Warnings, note) || len(again.Warnings) != 1 {
			t.Errorf("staged again without a note: warnings %q", again.Warnings)
		}
	})
}

// TestFileSHA256 tells a missing file by its cause, as the web's kept uploads need.
func TestFileSHA256(t *testing.T) {
	_, err := importer.FileSHA256(filepath.Join(t.TempDir(), "gone.csv"))
	if customer.ErrorCodeOf(err) != customer.EFile || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want EFile wrapping fs.ErrNotExist", err)
	}
	a, err := importer.FileSHA256(writeFile(t, "First Name;Last Name\n"))
	if err != nil || len(a) != 64 {
		t.Fatalf("FileSHA256 = %q, %v", a, err)
	}
	if b, _ := importer.FileSHA256(writeFile(t, "First Name;Last Name\nOla;N\n")); b == a {
		t.Errorf("two different files hash alike: %s", a)
	}
}

// writeFile writes a CSV file into the test's temporary folder and returns its path.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kunder.csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
