package web

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestLoginRateLimitShared fails ten logins on one server process and tries the eleventh on
// another process on the same database: the limit is the database's, not a process's, so the
// second refuses it (429) even with the right password. Another email from the same client is
// not limited.
func TestLoginRateLimitShared(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		_, second := f.serve(Config{})
		a := f.anonymous()
		for i := range 10 {
			a.errorCode(a.do("POST", "/api/session", jsonBody(map[string]string{"email": "owner@oslo.no", "password": fmt.Sprint("guess ", i)}), "application/json"), 401)
		}
		b := f.anonymous()
		b.base = second.URL
		res := b.do("POST", "/api/session", jsonBody(map[string]string{"email": "owner@oslo.no", "password": testPassword}), "application/json")
		if res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("11th attempt, on the other server: %d, want 429", res.StatusCode)
		}
		if got := res.Header.Get("Retry-After"); got == "" {
			t.Errorf("429 without Retry-After")
		}
		res.Body.Close()
		b.loginAs("manager@oslo.no")
	})
}
