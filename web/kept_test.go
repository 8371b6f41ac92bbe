package web

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// TestKeptFolder holds the upload folder to what keptUploads promises.
func TestKeptFolder(t *testing.T) {
	dir := t.TempDir()
	k := keptFolder{dir: dir}
	ctx := context.Background()
	upload := func(content string) string {
		t.Helper()
		f, err := os.CreateTemp(dir, "clientele-upload-*")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(content); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return f.Name()
	}
	a := customer.Import{TenantID: 1, ID: 10}
	b := customer.Import{TenantID: 2, ID: 20}

	t.Run("put takes the upload over, open reads it", func(t *testing.T) {
		from := upload("a")
		if err := k.put(ctx, a, from); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(from); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the upload is still at %s: %v", from, err)
		}
		path, done, err := k.open(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		done()
		if err != nil || string(got) != "a" {
			t.Errorf("kept file reads %q, %v", got, err)
		}
	})

	t.Run("another import's upload is not found", func(t *testing.T) {
		if _, _, err := k.open(ctx, b); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("open of an import with nothing kept: %v, want fs.ErrNotExist", err)
		}
	})

	t.Run("sweep offers what was put before the time and deletes what it is told", func(t *testing.T) {
		if err := k.put(ctx, b, upload("b")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "clientele-upload-other"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		var offered []int64
		err := k.sweep(ctx, time.Now().Add(-time.Hour), func(_, importID int64) bool {
			offered = append(offered, importID)
			return true
		})
		if err != nil || len(offered) != 0 {
			t.Errorf("a sweep of what is older than an hour offered %v, %v", offered, err)
		}
		err = k.sweep(ctx, time.Now().Add(time.Hour), func(tenantID, importID int64) bool {
			offered = append(offered, tenantID, importID)
			return importID == b.ID
		})
		slices.Sort(offered)
		if err != nil || !slices.Equal(offered, []int64{1, 2, 10, 20}) {
			t.Errorf("the sweep offered tenant and import %v, %v; want 1 10 and 2 20", offered, err)
		}
		if _, _, err := k.open(ctx, b); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the swept upload is still there: %v", err)
		}
		if _, _, err := k.open(ctx, a); err != nil {
			t.Errorf("the upload the sweep was told to keep: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "clientele-upload-other")); err != nil {
			t.Errorf("the sweep touched a file not its own: %v", err)
		}
	})

	t.Run("remove deletes, and removing nothing is no error", func(t *testing.T) {
		if err := k.remove(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, _, err := k.open(ctx, a); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("open after remove: %v", err)
		}
		if err := k.remove(ctx, a); err != nil {
			t.Errorf("remove of nothing: %v", err)
		}
	})
}
