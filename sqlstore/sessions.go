package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/clientele/clientele/customer"
)

// CreateSession stores a session (CreatedAt now when zero). It also deletes the user's expired
// sessions, so that the table holds about one row per browser rather than one per login ever
// made. It fails with EInvalid without a token hash or an expiry, with ENotFound when the user
// does not exist, and with EConflict when the token hash is already stored.
func (s *Store) CreateSession(ctx context.Context, sess customer.Session) error {
	if sess.TokenHash == "" || sess.ExpiresAt.IsZero() {
		return customer.Errorf(customer.EInvalid, "A session needs a token hash and an expiry.")
	}
	if sess.CreatedAt.IsZero() {
		sess.CreatedAt = now()
	}
	return s.write(ctx, func(q *queries) error {
		if err := q.requireUser(ctx, sess.UserID); err != nil {
			return err
		}
		_, err := q.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?`,
			sess.UserID, q.d.timeArg(now()))
		if err != nil {
			return fmt.Errorf("sqlstore: delete expired sessions: %w", err)
		}
		_, err = q.exec(ctx, `
			INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`,
			sess.TokenHash, sess.UserID, sess.CSRFToken, q.d.timeArg(sess.CreatedAt), q.d.timeArg(sess.ExpiresAt))
		if e := conflict(err); e != nil {
			return e
		}
		if err != nil {
			return fmt.Errorf("sqlstore: create session: %w", err)
		}
		return nil
	})
}

// Session returns the session with the given token hash. It fails with ENotFound when there is
// none or it has expired: an expired session is as good as none, whether or not its row is
// gone yet.
func (s *Store) Session(ctx context.Context, tokenHash string) (customer.Session, error) {
	var sess customer.Session
	err := s.read(ctx, func(q *queries) error {
		err := q.queryRow(ctx, `
			SELECT token_hash, user_id, csrf_token, created_at, expires_at
			FROM sessions
			WHERE token_hash = ? AND expires_at > ?`, tokenHash, q.d.timeArg(now())).Scan(
			&sess.TokenHash, &sess.UserID, &sess.CSRFToken, timeDest{&sess.CreatedAt}, timeDest{&sess.ExpiresAt})
		if errors.Is(err, sql.ErrNoRows) {
			return customer.Errorf(customer.ENotFound, "Session not found or expired.")
		}
		if err != nil {
			return fmt.Errorf("sqlstore: session: %w", err)
		}
		return nil
	})
	return sess, err
}

// DeleteSession ends a session (logging out). Deleting a session that is gone is no error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.write(ctx, func(q *queries) error {
		if _, err := q.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
			return fmt.Errorf("sqlstore: delete session: %w", err)
		}
		return nil
	})
}

// CreateToken stores an API token, setting its ID and CreatedAt. It fails with EInvalid without
// a token hash, with ENotFound when the user does not exist, and with EConflict when the hash is
// already stored.
func (s *Store) CreateToken(ctx context.Context, t *customer.APIToken) error {
	if t.TokenHash == "" {
		return customer.Errorf(customer.EInvalid, "An API token needs a token hash.")
	}
	return s.write(ctx, func(q *queries) error {
		if err := q.requireUser(ctx, t.UserID); err != nil {
			return err
		}
		created := now()
		var id int64
		err := q.queryRow(ctx, `
			INSERT INTO api_tokens (token_hash, user_id, created_at)
			VALUES (?, ?, ?)
			RETURNING id`, t.TokenHash, t.UserID, q.d.timeArg(created)).Scan(&id)
		if e := conflict(err); e != nil {
			return e
		}
		if err != nil {
			return fmt.Errorf("sqlstore: create token: %w", err)
		}
		t.ID, t.CreatedAt = id, created
		return nil
	})
}

// Token returns the API token with the given hash; ENotFound when there is none.
func (s *Store) Token(ctx context.Context, tokenHash string) (customer.APIToken, error) {
	var t customer.APIToken
	err := s.read(ctx, func(q *queries) error {
		err := q.queryRow(ctx, `
			SELECT id, token_hash, user_id, created_at
			FROM api_tokens
			WHERE token_hash = ?`, tokenHash).Scan(&t.ID, &t.TokenHash, &t.UserID, timeDest{&t.CreatedAt})
		if errors.Is(err, sql.ErrNoRows) {
			return customer.Errorf(customer.ENotFound, "API token not found.")
		}
		if err != nil {
			return fmt.Errorf("sqlstore: token: %w", err)
		}
		return nil
	})
	return t, err
}
