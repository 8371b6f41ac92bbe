package web

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/customer"
)

// loginThrottle counts login attempts for every server process on the database.
type loginThrottle interface {
	// TakeLoginAttempt counts an attempt at the given time against every limit, atomically
	// per limit, and returns the zero time when it may go ahead; else nothing is counted and
	// it returns when the delaying limit lets the next attempt through.
	TakeLoginAttempt(ctx context.Context, limits []customer.LoginLimit, at time.Time) (time.Time, error)
	// LoginSucceeded forgets the attempts of the keys of clear and takes back one attempt of
	// each key of refund.
	LoginSucceeded(ctx context.Context, clear, refund []string) error
	// PruneLoginAttempts deletes the counts whose window began, and whose delay ended, before
	// the given time.
	PruneLoginAttempts(ctx context.Context, before time.Time) error
}

// The login limits. An attempt counts before its password is checked, against three keys:
//
//   - the account from the client's address: ten attempts at once, then growing delays up to
//     15 minutes — a person who forgot their password, or a guesser at one address;
//   - the client's address, whatever the account: 50, then the same — one address trying many
//     accounts;
//   - the account, whatever the address: 50, then delays growing only to a minute — many
//     addresses guessing one password. This one is capped low because a stranger can trigger
//     it: it slows the owner down but never locks them out.
//
// A successful login clears the first and takes its attempt back from the other two, so that
// staff logging in behind one address do not use up its limit.
var (
	pairLimit    = customer.LoginLimit{Free: 10, Base: 30 * time.Second, Cap: 15 * time.Minute, Window: 15 * time.Minute}
	addressLimit = customer.LoginLimit{Free: 50, Base: 30 * time.Second, Cap: 15 * time.Minute, Window: 15 * time.Minute}
	accountLimit = customer.LoginLimit{Free: 50, Base: 5 * time.Second, Cap: time.Minute, Window: 15 * time.Minute}
)

// loginLimiter applies the login limits, kept in the database, so that every server process
// on it shares them.
type loginLimiter struct {
	store loginThrottle
	now   func() time.Time
	log   *slog.Logger
	// pruned is when this process last deleted the counts no limit looks at any more (Unix
	// nanoseconds): once a minute is enough to keep the table small, and a delete of many rows
	// on every login could wait on (PostgreSQL: deadlock with) the logins counting.
	pruned atomic.Int64
}

// loginKeys are the keys of the pair, the address and the account, in the order they are counted
// (one order for every attempt, so that two cannot wait on each other's keys).
func loginKeys(ip, email string) (pair, address, account string) {
	if len(email) > 320 {
		cut := 320
		for cut > 0 && !utf8.RuneStart(email[cut]) {
			cut--
		}
		email = email[:cut] // whole characters: PostgreSQL refuses broken UTF-8
	}
	return "pair:" + ip + "|" + email, "addr:" + ip, "acct:" + email
}

// take counts an attempt from ip on email and returns how long it must wait; 0 lets it go ahead.
func (l *loginLimiter) take(ctx context.Context, ip, email string) (time.Duration, error) {
	pair, address, account := loginKeys(ip, email)
	limits := []customer.LoginLimit{pairLimit, addressLimit, accountLimit}
	limits[0].Key, limits[1].Key, limits[2].Key = pair, address, account
	now := l.now()
	until, err := l.store.TakeLoginAttempt(ctx, limits, now)
	if err != nil {
		return 0, err
	}
	if last := l.pruned.Load(); now.UnixNano()-last >= int64(time.Minute) && l.pruned.CompareAndSwap(last, now.UnixNano()) {
		old := now.Add(-max(pairLimit.Window, pairLimit.Cap, addressLimit.Window, addressLimit.Cap, accountLimit.Window, accountLimit.Cap))
		if err := l.store.PruneLoginAttempts(ctx, old); err != nil {
			l.log.Warn("prune login attempts", "err", err)
		}
	}
	if until.IsZero() {
		return 0, nil
	}
	return max(until.Sub(now), time.Second), nil
}

// succeeded records a successful login from ip on email.
func (l *loginLimiter) succeeded(ctx context.Context, ip, email string) error {
	pair, address, account := loginKeys(ip, email)
	return l.store.LoginSucceeded(ctx, []string{pair}, []string{address, account})
}

// waitWords says a wait of secs seconds for a person: "40 seconds", "3 minutes".
func waitWords(secs int) string {
	if secs < 120 {
		return fmt.Sprintf("%d seconds", secs)
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}

// hashGate lets at most a few password hashes run at once: each argon2id hash takes 19 MiB, so a
// flood of logins would otherwise take as much memory as it has requests. Requests over the
// limit wait their turn (or until they are cancelled).
type hashGate struct {
	slots   chan struct{}
	running atomic.Int64
	peak    atomic.Int64 // the most that ran at once
	onHash  func()       // counts each hash (metrics)
}

func newHashGate(n int, onHash func()) *hashGate {
	return &hashGate{slots: make(chan struct{}, n), onHash: onHash}
}

// do runs fn when a slot is free; the context's error when it ends first.
func (g *hashGate) do(ctx context.Context, fn func()) error {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.slots }()
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	g.onHash()
	fn()
	return nil
}

// checkPassword reports whether pw matches hash, through the server's hash gate.
func (s *Server) checkPassword(ctx context.Context, hash, pw string) (bool, error) {
	var ok bool
	err := s.hashes.do(ctx, func() { ok = access.CheckPassword(hash, pw) })
	return ok, err
}

// hashPassword hashes a new password (access.HashPassword) through the server's hash gate.
func (s *Server) hashPassword(ctx context.Context, pw string) (string, error) {
	var hash string
	var herr error
	if err := s.hashes.do(ctx, func() { hash, herr = access.HashPassword(pw) }); err != nil {
		return "", err
	}
	return hash, herr
}

// newDummyHash is a password hash no one knows the password of, for logins of unknown emails.
// It is made when the server starts, so that even the first such login costs one hash, as a
// known email's does.
func newDummyHash() string {
	plain, _, err := access.NewSecret()
	if err != nil {
		panic(err)
	}
	h, err := access.HashPassword(plain)
	if err != nil {
		panic(err)
	}
	return h
}
