package web

import (
	"io"
	"log/slog"
	"testing"

	"github.com/clientele/clientele/importer"
)

// Staging keeps a file's rows in the server's upload folder, without changing the importer the
// server was given.
func TestStagingUsesUploadFolder(t *testing.T) {
	dir := t.TempDir()
	given := &importer.Importer{}
	srv := New(Config{Importer: given, TempDir: dir, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if srv.im.TempDir != dir {
		t.Errorf("the server's importer keeps rows in %q, want the upload folder %q", srv.im.TempDir, dir)
	}
	if given.TempDir != "" {
		t.Errorf("the given importer was changed: TempDir %q", given.TempDir)
	}
}
