package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/clientele/clientele/customer"
)

// fileChunk is how much of an uploaded file one import_files row holds: a few hundred rows for
// a 50 MB upload, and never more than a chunk in memory while writing or reading.
const fileChunk = 1 << 20

// PutFile stores the uploaded file of an import, read from r, in place of one stored before, and
// returns its size and hex SHA-256.
func (q *queries) PutFile(ctx context.Context, importID int64, r io.Reader) (int64, string, error) {
	var size int64
	h := sha256.New()
	err := q.atomic(ctx, func() error {
		if err := q.deleteFile(ctx, importID); err != nil {
			return err
		}
		buf := make([]byte, fileChunk)
		for seq := 0; ; seq++ {
			n, err := io.ReadFull(r, buf)
			if n > 0 {
				h.Write(buf[:n])
				size += int64(n)
				if _, err := q.exec(ctx, `INSERT INTO import_files (import_id, seq, data) VALUES (?, ?, ?)`, importID, seq, buf[:n]); err != nil {
					return fmt.Errorf("sqlstore: store file: %w", err)
				}
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("sqlstore: store file: %w", err)
			}
		}
	})
	if err != nil {
		return 0, "", err
	}
	return size, hex.EncodeToString(h.Sum(nil)), nil
}

// DeleteFile deletes the uploaded file of an import, if it has one.
func (q *queries) DeleteFile(ctx context.Context, importID int64) error {
	return q.deleteFile(ctx, importID)
}

func (q *queries) deleteFile(ctx context.Context, importID int64) error {
	if _, err := q.exec(ctx, `DELETE FROM import_files WHERE import_id = ?`, importID); err != nil {
		return fmt.Errorf("sqlstore: delete file: %w", err)
	}
	return nil
}

// OpenFile returns a reader of the uploaded file of an import, which reads it a chunk at a time,
// each chunk in a read of its own. It fails with ENotFound when the import keeps no file.
func (s *Store) OpenFile(ctx context.Context, importID int64) (io.ReadCloser, error) {
	f := &storedFile{ctx: ctx, s: s, importID: importID}
	if err := f.next(); err != nil {
		return nil, err
	}
	if f.done {
		return nil, customer.Errorf(customer.ENotFound, "Import %d keeps no uploaded file.", importID)
	}
	return f, nil
}

// storedFile reads import_files' chunks in order.
type storedFile struct {
	ctx      context.Context
	s        *Store
	importID int64
	seq      int
	chunk    []byte
	done     bool
}

// next reads the chunk numbered seq, or marks the file done when there is none.
func (f *storedFile) next() error {
	return f.s.read(f.ctx, func(q *queries) error {
		err := q.queryRow(f.ctx, `SELECT data FROM import_files WHERE import_id = ? AND seq = ?`, f.importID, f.seq).Scan(&f.chunk)
		if errors.Is(err, sql.ErrNoRows) {
			f.done, f.chunk = true, nil
			return nil
		}
		if err != nil {
			return fmt.Errorf("sqlstore: read file: %w", err)
		}
		f.seq++
		return nil
	})
}

func (f *storedFile) Read(p []byte) (int, error) {
	for len(f.chunk) == 0 {
		if f.done {
			return 0, io.EOF
		}
		if err := f.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, f.chunk)
	f.chunk = f.chunk[n:]
	return n, nil
}

func (f *storedFile) Close() error { return nil }

// FileSize returns the size in bytes of the uploaded file an import keeps (0 when none).
func (q *queries) FileSize(ctx context.Context, importID int64) (int64, error) {
	var n int64
	if err := q.queryRow(ctx, `SELECT coalesce(sum(length(data)), 0) FROM import_files WHERE import_id = ?`, importID).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: file size: %w", err)
	}
	return n, nil
}
