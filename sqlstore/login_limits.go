package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// Failed logins are rows in login_failures rather than counters in a server's memory, so that
// every server process on the database counts against the same limit: with a limit per process,
// two processes would give an attacker twice the guesses. The table stays small because each new
// failure deletes the rows older than the limiter's window, whichever key they belong to.

// LoginFailures counts the failed logins recorded for key at or after since.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.read(ctx, func(q *queries) error {
		err := q.queryRow(ctx, `
			SELECT count(*) FROM login_failures
			WHERE client_key = ? AND failed_at >= ?`, key, q.d.timeArg(since)).Scan(&n)
		if err != nil {
			return fmt.Errorf("sqlstore: count login failures: %w", err)
		}
		return nil
	})
	return n, err
}

// AddLoginFailure records a failed login for key at the given time, and deletes every failure
// (of any key) from before prune, which no limit looks at.
func (s *Store) AddLoginFailure(ctx context.Context, key string, at, prune time.Time) error {
	return s.write(ctx, func(q *queries) error {
		if _, err := q.exec(ctx, `DELETE FROM login_failures WHERE failed_at < ?`, q.d.timeArg(prune)); err != nil {
			return fmt.Errorf("sqlstore: prune login failures: %w", err)
		}
		if _, err := q.exec(ctx, `INSERT INTO login_failures (client_key, failed_at) VALUES (?, ?)`,
			key, q.d.timeArg(at)); err != nil {
			return fmt.Errorf("sqlstore: add login failure: %w", err)
		}
		return nil
	})
}

// ClearLoginFailures forgets the failed logins of key, after a login with it succeeded.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	return s.write(ctx, func(q *queries) error {
		if _, err := q.exec(ctx, `DELETE FROM login_failures WHERE client_key = ?`, key); err != nil {
			return fmt.Errorf("sqlstore: clear login failures: %w", err)
		}
		return nil
	})
}
