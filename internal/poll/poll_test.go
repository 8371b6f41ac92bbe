package poll

import (
	"testing"
	"time"
)

func TestUntil(t *testing.T) {
	t.Run("true at once", func(t *testing.T) {
		calls := 0
		if !Until(time.Hour, time.Hour, func() bool { calls++; return true }) || calls != 1 {
			t.Errorf("Until: %d calls, want true after 1", calls)
		}
	})
	t.Run("true on the third tick", func(t *testing.T) {
		calls := 0
		if !Until(time.Hour, time.Millisecond, func() bool { calls++; return calls == 4 }) || calls != 4 {
			t.Errorf("Until: %d calls, want true after 4", calls)
		}
	})
	t.Run("never true", func(t *testing.T) {
		calls := 0
		start := time.Now()
		if Until(20*time.Millisecond, time.Millisecond, func() bool { calls++; return false }) {
			t.Error("Until reported a condition that never held")
		}
		if waited := time.Since(start); waited < 20*time.Millisecond || calls < 2 {
			t.Errorf("Until gave up after %v and %d calls, want the whole 20ms and a check at the deadline", waited, calls)
		}
	})
	t.Run("true at the deadline", func(t *testing.T) {
		start := time.Now()
		if !Until(5*time.Millisecond, time.Hour, func() bool { return time.Since(start) >= 5*time.Millisecond }) {
			t.Error("Until did not check the condition at the deadline")
		}
	})
}
