package sqlstore

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestLoginThrottle is the store contract of the login limits: attempts are counted per key
// within a window by every Store on the database; after the free ones each must wait a delay
// that doubles up to a cap; a refused attempt counts against no key; a success clears or refunds.
func TestLoginThrottle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := opener(dsn)(t), opener(dsn)(t)
		now := time.Now().Truncate(time.Millisecond)
		lim := func(key string) customer.LoginLimit {
			return customer.LoginLimit{Key: key, Free: 3, Base: time.Second, Cap: 4 * time.Second, Window: time.Minute}
		}
		take := func(s *Store, at time.Time, keys ...string) time.Time {
			t.Helper()
			var ls []customer.LoginLimit
			for _, k := range keys {
				ls = append(ls, lim(k))
			}
			until, err := s.TakeLoginAttempt(ctx, ls, at)
			if err != nil {
				t.Fatalf("TakeLoginAttempt(%v): %v", keys, err)
			}
			return until
		}
		const pair, acct = "pair:10.0.0.1|ola", "acct:ola"
		for i := range 3 {
			if until := take([]*Store{a, b}[i%2], now, pair, acct); !until.IsZero() {
				t.Fatalf("free attempt %d delayed until %v", i+1, until)
			}
		}
		// The fourth waits a second, seen by the other Store too.
		if until := take(b, now, pair, acct); !until.Equal(now.Add(time.Second)) {
			t.Fatalf("fourth attempt: delayed until %v, want %v", until, now.Add(time.Second))
		}
		// Parallel attempts read the clock in one order and count in another: an attempt that
		// read it earlier than the last one counted is not delayed by it.
		const early = "acct:early"
		take(a, now, early)
		if until := take(b, now.Add(-50*time.Millisecond), early); !until.IsZero() {
			t.Errorf("an attempt that read the clock 50 ms earlier: delayed until %v", until)
		}
		// A refused attempt counts against no key: another pair with the delayed account is
		// refused, and that pair still has its three free attempts.
		const other = "pair:10.0.0.2|ola"
		if until := take(a, now, other, acct); until.IsZero() {
			t.Fatal("an attempt on the delayed account went ahead")
		}
		for i := range 3 {
			if until := take(a, now, other); !until.IsZero() {
				t.Fatalf("%s's attempt %d delayed until %v: the refused attempt was counted", other, i+1, until)
			}
		}
		// The delays double up to the cap.
		at := now.Add(time.Second)
		for _, want := range []time.Duration{2 * time.Second, 4 * time.Second, 4 * time.Second} {
			if until := take(a, at, pair); !until.IsZero() {
				t.Fatalf("attempt at %v delayed until %v", at, until)
			}
			if until := take(a, at, pair); !until.Equal(at.Add(want)) {
				t.Fatalf("attempt right after: delayed until %v, want %v", until, at.Add(want))
			}
			at = at.Add(want)
		}
		// A success clears one key and refunds another.
		if err := b.LoginSucceeded(ctx, []string{pair}, []string{acct}); err != nil {
			t.Fatal(err)
		}
		if until := take(a, at, pair); !until.IsZero() {
			t.Errorf("cleared key delayed until %v", until)
		}
		// After the window (and the last delay), a key starts afresh.
		later := at.Add(2 * time.Minute)
		for i := range 3 {
			if until := take(a, later, acct); !until.IsZero() {
				t.Fatalf("new window, attempt %d delayed until %v", i+1, until)
			}
		}
		// Pruning deletes the counts whose window and delay are over, and keeps the others.
		if err := b.PruneLoginAttempts(ctx, later); err != nil {
			t.Fatal(err)
		}
		var keys []string
		rows, err := a.db.QueryContext(ctx, `SELECT throttle_key FROM login_throttle ORDER BY throttle_key`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
		}
		rows.Close()
		if len(keys) != 1 || keys[0] != acct {
			t.Errorf("after pruning: keys %v, want only %s (its window began at %v)", keys, acct, later)
		}
	})
}

// TestLoginThrottleParallel sends 50 attempts at once on one key: exactly the free ones pass.
func TestLoginThrottleParallel(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		l := []customer.LoginLimit{{Key: "acct:x", Free: 10, Base: time.Minute, Cap: time.Hour, Window: time.Hour}}
		var wg sync.WaitGroup
		var mu sync.Mutex
		passed := 0
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				until, err := s.TakeLoginAttempt(ctx, l, time.Now())
				if err != nil {
					t.Error(err)
					return
				}
				if until.IsZero() {
					mu.Lock()
					passed++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if passed != 10 {
			t.Errorf("%d of 50 parallel attempts passed, want 10", passed)
		}
	})
}
