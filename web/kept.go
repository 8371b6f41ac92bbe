package web

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/clientele/clientele/customer"
)

// keptUploads holds the file of each import waiting in state mapping, by import, until its
// columns are mapped. It is the one thing the server keeps outside the database; keptFolder
// keeps the files in the upload folder.
type keptUploads interface {
	// put takes over the upload at path as imp's kept file.
	put(ctx context.Context, imp customer.Import, path string) error
	// open returns the path of a local file holding imp's kept upload, to read until done is
	// called; an error wrapping fs.ErrNotExist when there is none.
	open(ctx context.Context, imp customer.Import) (path string, done func(), err error)
	// remove deletes imp's kept upload; none is no error.
	remove(ctx context.Context, imp customer.Import) error
	// sweep offers expired every upload put no later than before, by its import, and deletes
	// those for which it answers true.
	sweep(ctx context.Context, before time.Time, expired func(tenantID, importID int64) bool) error
}

// keptFolder keeps uploads in a folder as clientele-mapping-<tenant>-<import>. The file is named
// by the import, not by the process that received it, so any server process that shares the
// folder (Config.TempDir) can continue the import; one that does not finds no file, and says so.
type keptFolder struct {
	dir string
}

// keptPrefix starts the name of every kept file, so that the sweep knows its own files.
const keptPrefix = "clientele-mapping-"

func (k keptFolder) path(imp customer.Import) string {
	return filepath.Join(k.dir, fmt.Sprintf("%s%d-%d", keptPrefix, imp.TenantID, imp.ID))
}

func (k keptFolder) put(_ context.Context, imp customer.Import, path string) error {
	if err := os.Rename(path, k.path(imp)); err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("web: keep upload for mapping: %w", err)
	}
	return nil
}

// open answers the kept file itself: it is read where it lies.
func (k keptFolder) open(_ context.Context, imp customer.Import) (string, func(), error) {
	p := k.path(imp)
	if _, err := os.Stat(p); err != nil {
		return "", nil, fmt.Errorf("web: open kept upload: %w", err)
	}
	return p, func() {}, nil
}

func (k keptFolder) remove(_ context.Context, imp customer.Import) error {
	if err := os.Remove(k.path(imp)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("web: delete kept upload: %w", err)
	}
	return nil
}

// sweep goes by the files' modification times: a kept file is written once, when it is put.
func (k keptFolder) sweep(_ context.Context, before time.Time, expired func(tenantID, importID int64) bool) error {
	entries, err := os.ReadDir(k.dir)
	if err != nil {
		return fmt.Errorf("web: sweep kept uploads: %w", err)
	}
	var errs []error
	for _, e := range entries {
		tenantID, importID, ok := parseKept(e.Name())
		if !ok || e.IsDir() {
			continue
		}
		info, err := e.Info()
		if err != nil || info.ModTime().After(before) || !expired(tenantID, importID) {
			continue
		}
		if err := os.Remove(filepath.Join(k.dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("web: sweep kept uploads: %w", err))
		}
	}
	return errors.Join(errs...)
}

// parseKept reads the tenant and import of a kept file's name; ok is false for other files.
func parseKept(name string) (tenantID, importID int64, ok bool) {
	rest, found := strings.CutPrefix(name, keptPrefix)
	if !found {
		return 0, 0, false
	}
	t, i, found := strings.Cut(rest, "-")
	if !found {
		return 0, 0, false
	}
	tenantID, err1 := strconv.ParseInt(t, 10, 64)
	importID, err2 := strconv.ParseInt(i, 10, 64)
	return tenantID, importID, err1 == nil && err2 == nil && tenantID > 0 && importID > 0
}

// removeKept deletes the kept upload of an import, if there is one.
func (s *Server) removeKept(ctx context.Context, imp customer.Import) {
	if err := s.kept.remove(ctx, imp); err != nil {
		s.log.Warn("delete kept upload", "import", imp.ID, "err", err)
	}
}

// sweepKept deletes uploads kept longer than Config.KeepMapping, failing their imports when they
// still wait for a mapping. Uploads of imports that moved on (discarded, or continued by a
// process that died before deleting the file) are deleted too, except while the import is
// checking: then the file is being read, and the reader deletes it.
func (s *Server) sweepKept(ctx context.Context) {
	err := s.kept.sweep(ctx, s.now().Add(-s.cfg.KeepMapping), func(tenantID, importID int64) bool {
		imp, err := s.store.Import(ctx, tenantID, importID)
		switch {
		case err == nil && imp.State == customer.StateMapping:
			// An import mapped meanwhile (in another tab) keeps its file: it is being read.
			return s.markMappingFailed(ctx, imp, s.errMappingExpired())
		case err == nil && imp.State == customer.StateChecking:
			return false
		case err != nil && customer.ErrorCodeOf(err) != customer.ENotFound:
			s.log.Warn("sweep kept uploads", "import", importID, "err", err)
			return false
		}
		return true
	})
	if err != nil {
		s.log.Warn("sweep kept uploads", "err", err)
	}
}

// sweepEvery runs sweepKept now and then every interval until ctx ends.
func (s *Server) sweepEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		s.sweepKept(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
