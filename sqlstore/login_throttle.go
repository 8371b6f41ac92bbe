package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/clientele/clientele/customer"
)

// Login attempts are counted in login_throttle rather than in a server's memory, so that every
// server process on the database counts against the same limits. An attempt is counted before
// its password is checked, by one INSERT … ON CONFLICT DO UPDATE per limit that both counts and
// refuses (its WHERE leaves a delayed key alone and returns no row): no check-then-insert, so
// that parallel guesses cannot all pass a limit between a check and a write. The limits of one
// attempt are counted in one transaction, in the order given, and a refused attempt counts
// against none of them.

// throttleUpsert counts an attempt against one key. Its arguments are listed by throttleArgs.
// Times and delays are Unix milliseconds. When the window has passed (first_ms before its start)
// the count starts again; once the count reaches free, every attempt sets a delay before the next
// (base, then doubling up to cap). An attempt without a delay leaves next_ms as it is: parallel
// attempts read the clock in one order and count in another, and one that read it a little
// earlier must not find itself delayed by one that read it later.
const throttleUpsert = `
	INSERT INTO login_throttle AS l (throttle_key, attempts, first_ms, delay_ms, next_ms)
	VALUES (?, 1, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))
	ON CONFLICT (throttle_key) DO UPDATE SET
		attempts = CASE WHEN l.first_ms < CAST(? AS BIGINT) THEN 1 ELSE l.attempts + 1 END,
		first_ms = CASE WHEN l.first_ms < CAST(? AS BIGINT) THEN CAST(? AS BIGINT) ELSE l.first_ms END,
		delay_ms = ` + throttleDelay + `,
		next_ms = CASE WHEN ` + throttleDelay + ` = 0 THEN l.next_ms ELSE CAST(? AS BIGINT) + ` + throttleDelay + ` END
	WHERE l.next_ms <= CAST(? AS BIGINT)
	RETURNING attempts`

// throttleDelay is the delay after an attempt on an existing key: none within the free attempts
// (and the first of a new window, firstDelay), else base, doubling up to cap.
const throttleDelay = `CASE
		WHEN l.first_ms < CAST(? AS BIGINT) THEN CAST(? AS BIGINT)
		WHEN l.attempts + 1 < CAST(? AS BIGINT) THEN 0
		WHEN l.delay_ms = 0 THEN CAST(? AS BIGINT)
		WHEN l.delay_ms * 2 > CAST(? AS BIGINT) THEN CAST(? AS BIGINT)
		ELSE l.delay_ms * 2 END`

func throttleArgs(l customer.LoginLimit, at time.Time) []any {
	now := at.UnixMilli()
	winStart := at.Add(-l.Window).UnixMilli()
	base, limit := l.Base.Milliseconds(), l.Cap.Milliseconds()
	var first int64 // the delay after the first attempt of a window
	if l.Free <= 1 {
		first = base
	}
	var next int64 // next_ms of a new key: no delay, or the first's
	if first > 0 {
		next = now + first
	}
	delay := []any{winStart, first, l.Free, base, limit, limit}
	args := []any{l.Key, now, first, next, winStart, winStart, now}
	args = append(args, delay...) // delay_ms
	args = append(args, delay...) // next_ms: no delay?
	args = append(args, now)
	args = append(args, delay...)
	return append(args, now)
}

// delayed is how TakeLoginAttempt's transaction ends when a limit refuses: rolled back.
type delayed struct{ until time.Time }

func (delayed) Error() string { return "login attempt delayed" }

// TakeLoginAttempt counts a login attempt at the given time against each limit, and returns the
// zero time when the attempt may go ahead. When a limit delays it, nothing is counted and it
// returns the time after which that limit lets the next attempt through.
func (s *Store) TakeLoginAttempt(ctx context.Context, limits []customer.LoginLimit, at time.Time) (time.Time, error) {
	err := s.write(ctx, func(q *queries) error {
		for _, l := range limits {
			var n int
			err := q.queryRow(ctx, throttleUpsert, throttleArgs(l, at)...).Scan(&n)
			if errors.Is(err, sql.ErrNoRows) {
				var next int64
				if err := q.queryRow(ctx, `SELECT next_ms FROM login_throttle WHERE throttle_key = ?`, l.Key).Scan(&next); err != nil {
					return fmt.Errorf("sqlstore: login delay: %w", err)
				}
				return delayed{time.UnixMilli(next)}
			}
			if err != nil {
				return fmt.Errorf("sqlstore: count login attempt: %w", err)
			}
		}
		return nil
	})
	var d delayed
	if errors.As(err, &d) {
		return d.until, nil
	}
	return time.Time{}, err
}

// PruneLoginAttempts deletes the counts whose window began, and whose delay ended, before the
// given time, except those a login is counting at the moment (skipLocked): those go next time.
func (s *Store) PruneLoginAttempts(ctx context.Context, before time.Time) error {
	return s.write(ctx, func(q *queries) error {
		old := before.UnixMilli()
		if _, err := q.exec(ctx, `DELETE FROM login_throttle WHERE throttle_key IN (
			SELECT throttle_key FROM login_throttle WHERE first_ms < ? AND next_ms < ?`+q.d.skipLocked()+`)`, old, old); err != nil {
			return fmt.Errorf("sqlstore: prune login attempts: %w", err)
		}
		return nil
	})
}

// LoginSucceeded forgets the attempts counted under the keys of clear, and takes back the
// attempt just counted under each key of refund: a success is no attempt to limit.
func (s *Store) LoginSucceeded(ctx context.Context, clear, refund []string) error {
	return s.write(ctx, func(q *queries) error {
		for _, k := range clear {
			if _, err := q.exec(ctx, `DELETE FROM login_throttle WHERE throttle_key = ?`, k); err != nil {
				return fmt.Errorf("sqlstore: clear login attempts: %w", err)
			}
		}
		for _, k := range refund {
			if _, err := q.exec(ctx, `UPDATE login_throttle SET attempts = attempts - 1 WHERE throttle_key = ? AND attempts > 0`, k); err != nil {
				return fmt.Errorf("sqlstore: refund login attempt: %w", err)
			}
		}
		return nil
	})
}
