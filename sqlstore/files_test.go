package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// TestImportFiles stores uploads of sizes around the chunk size and reads them back whole, with
// their size and hash; a new file replaces the old; a deleted one is gone.
func TestImportFiles(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := createImport(t, s, tn.ID)
		if _, err := s.OpenFile(ctx, imp.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Fatalf("OpenFile with none stored: %v, want ENotFound", err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for _, size := range []int{1, fileChunk - 1, fileChunk, fileChunk + 1, 2*fileChunk + fileChunk/2} {
			data := make([]byte, size)
			for i := range data {
				data[i] = byte(rng.UintN(256))
			}
			err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
				n, sum, err := q.PutFile(ctx, imp.ID, bytes.NewReader(data))
				if err != nil {
					return err
				}
				want := sha256.Sum256(data)
				if n != int64(size) || sum != hex.EncodeToString(want[:]) {
					t.Errorf("PutFile(%d bytes) = %d, %s", size, n, sum)
				}
				if got, err := q.FileSize(ctx, imp.ID); err != nil || got != int64(size) {
					t.Errorf("FileSize = %d, %v; want %d", got, err, size)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			f, err := s.OpenFile(ctx, imp.ID)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(f)
			f.Close()
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("read back %d bytes (%v), want the %d stored", len(got), err, size)
			}
		}
		err := s.Commit(ctx, tn.ID, func(q importer.Queries) error { return q.DeleteFile(ctx, imp.ID) })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenFile(ctx, imp.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("OpenFile after DeleteFile: %v, want ENotFound", err)
		}
	})
}

// TestEnqueueWithoutEngine: a store that was given no job engine refuses to enqueue, and the
// commit that tried keeps nothing.
func TestEnqueueWithoutEngine(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		imp := customer.Import{TenantID: tn.ID, State: customer.StateChecking}
		err := s.Commit(ctx, tn.ID, func(q importer.Queries) error {
			if err := q.CreateImport(ctx, &imp); err != nil {
				return err
			}
			return q.Enqueue(ctx, importer.Job{Kind: importer.JobStage, TenantID: tn.ID, ImportID: imp.ID})
		})
		if err == nil {
			t.Fatal("Enqueue without a job engine succeeded")
		}
		if _, err := s.Import(ctx, tn.ID, imp.ID); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("the import of the failed commit: %v, want ENotFound", err)
		}
	})
}
