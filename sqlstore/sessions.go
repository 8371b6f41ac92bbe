package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clientele/clientele/customer"
)

// CreateSession stores a session (CreatedAt now when zero) and records it as the user's last
// login. It also deletes the user's expired
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
		if _, err := q.exec(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, q.d.timeArg(sess.CreatedAt), sess.UserID); err != nil {
			return fmt.Errorf("sqlstore: record login: %w", err)
		}
		return nil
	})
}

// Session returns the session with the given token hash. It fails with ENotFound when there is
// none, it has expired, or its user is deactivated: an expired session is as good as none,
// whether or not its row is gone yet.
func (s *Store) Session(ctx context.Context, tokenHash string) (customer.Session, error) {
	var sess customer.Session
	err := s.read(ctx, func(q *queries) error {
		err := q.queryRow(ctx, `
			SELECT s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at
			FROM sessions s JOIN users u ON u.id = s.user_id
			WHERE s.token_hash = ? AND s.expires_at > ? AND u.active`, tokenHash, q.d.timeArg(now())).Scan(
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

// CreateToken stores an API token of its user's tenant, setting its ID, TenantID and
// CreatedAt, and records it in the tenant's audit log as done by actor (action "token.create";
// nothing is recorded without an actor, for tokens set up outside the CLI and the API).
// An empty Name becomes "token-" and the start of the hash; a zero ExpiresAt, CreatedAt plus
// customer.DefaultTokenTTL. It fails with EInvalid without a token hash, with ENotFound when the
// user does not exist, with EConflict when the tenant has a token of that name or the hash is
// already stored, and with EForbidden when the user is deactivated.
func (s *Store) CreateToken(ctx context.Context, t *customer.APIToken, actor string) error {
	if t.TokenHash == "" {
		return customer.Errorf(customer.EInvalid, "An API token needs a token hash.")
	}
	name := strings.TrimSpace(t.Name)
	if name == "" {
		name = "token-" + t.TokenHash[:min(8, len(t.TokenHash))]
	}
	return s.write(ctx, func(q *queries) error {
		u, err := scanUser(q.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, t.UserID))
		if errors.Is(err, sql.ErrNoRows) {
			return userNotFound(t.UserID)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: user: %w", err)
		}
		if !u.Active {
			return customer.Errorf(customer.EForbidden, "%s is deactivated: a token of theirs would not work.", u.Email)
		}
		created := now()
		expires := t.ExpiresAt.UTC().Truncate(time.Microsecond)
		if t.ExpiresAt.IsZero() {
			expires = created.Add(customer.DefaultTokenTTL)
		}
		var id int64
		err = q.queryRow(ctx, `
			INSERT INTO api_tokens (token_hash, user_id, tenant_id, name, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)
			RETURNING id`, t.TokenHash, t.UserID, u.TenantID, name, q.d.timeArg(created), q.d.timeArg(expires)).Scan(&id)
		if e := conflict(err); e != nil {
			return e
		}
		if err != nil {
			return fmt.Errorf("sqlstore: create token: %w", err)
		}
		t.ID, t.TenantID, t.Name, t.UserEmail, t.CreatedAt, t.ExpiresAt = id, u.TenantID, name, u.Email, created, expires
		if actor == "" {
			return nil
		}
		return q.AddAudit(ctx, &customer.AuditEntry{TenantID: u.TenantID, Actor: actor, Action: "token.create",
			Detail: fmt.Sprintf("%s (%s, until %s)", name, u.Email, expires.Format(time.DateOnly))})
	})
}

const tokenColumns = `t.id, t.token_hash, t.user_id, t.tenant_id, t.name, u.email, t.created_at, t.expires_at, t.last_used_at`

func scanToken(sc scanner) (customer.APIToken, error) {
	var t customer.APIToken
	err := sc.Scan(&t.ID, &t.TokenHash, &t.UserID, &t.TenantID, &t.Name, &t.UserEmail,
		timeDest{&t.CreatedAt}, timeDest{&t.ExpiresAt}, timeDest{&t.LastUsedAt})
	return t, err
}

// Token returns the API token with the given hash. It fails with ENotFound when there is none,
// it has expired, or its user is deactivated.
func (s *Store) Token(ctx context.Context, tokenHash string) (customer.APIToken, error) {
	var t customer.APIToken
	err := s.read(ctx, func(q *queries) error {
		var err error
		t, err = scanToken(q.queryRow(ctx, `
			SELECT `+tokenColumns+`
			FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.token_hash = ? AND t.expires_at > ? AND u.active`, tokenHash, q.d.timeArg(now())))
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

// TouchToken records that the token was used at the given time. To keep a busy client from
// writing on every request, it writes only when the last use recorded is a minute older.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.write(ctx, func(q *queries) error {
		_, err := q.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
			q.d.timeArg(at.UTC().Truncate(time.Microsecond)), id, q.d.timeArg(at.Add(-time.Minute)))
		if err != nil {
			return fmt.Errorf("sqlstore: touch token: %w", err)
		}
		return nil
	})
}

// Tokens returns the tenant's API tokens, expired ones included, ordered by name.
func (s *Store) Tokens(ctx context.Context, tenantID int64) ([]customer.APIToken, error) {
	out := []customer.APIToken{}
	err := s.read(ctx, func(q *queries) error {
		rows, err := q.query(ctx, `
			SELECT `+tokenColumns+`
			FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.tenant_id = ?
			ORDER BY t.name`, tenantID)
		if err != nil {
			return fmt.Errorf("sqlstore: tokens: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return fmt.Errorf("sqlstore: tokens: %w", err)
			}
			out = append(out, t)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: tokens: %w", err)
		}
		return nil
	})
	return out, err
}

// RevokeToken deletes the tenant's token of that name and records it in the audit log as done by
// actor (action "token.revoke"). It fails with ENotFound when the tenant has no such token.
func (s *Store) RevokeToken(ctx context.Context, tenantID int64, name, actor string) error {
	return s.write(ctx, func(q *queries) error {
		res, err := q.exec(ctx, `DELETE FROM api_tokens WHERE tenant_id = ? AND name = ?`, tenantID, name)
		if err != nil {
			return fmt.Errorf("sqlstore: revoke token: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlstore: revoke token: %w", err)
		} else if n == 0 {
			return customer.Errorf(customer.ENotFound, "This shop group has no API token named %q.", name)
		}
		return q.AddAudit(ctx, &customer.AuditEntry{TenantID: tenantID, Actor: actor, Action: "token.revoke", Detail: name})
	})
}
