// Package poll waits for a condition that sends no signal: another process's state, a row in
// a database, the count of goroutines. Where a channel or a callback can say that something
// happened, tests wait on that instead.
package poll

import "time"

// Until reports whether cond holds, checking it at once and then on every tick of interval
// until it does or timeout has passed; the last check is made at the deadline. cond runs on the
// caller's goroutine, so it may call t.Fatal.
func Until(timeout, interval time.Duration, cond func() bool) bool {
	if cond() {
		return true
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		select {
		case <-tick.C:
			if cond() {
				return true
			}
		case <-deadline.C:
			return cond()
		}
	}
}
