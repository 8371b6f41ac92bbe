package web

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// hashCount is how many password hashes the server has computed.
func hashCount(s *Server) float64 {
	var m dto.Metric
	if err := s.metrics.hashes.Write(&m); err != nil {
		panic(err)
	}
	return m.GetCounter().GetValue()
}

// loginWith logs in as email with password and returns the answer's /api/me.
func (c *client) loginWith(email, password string) meBody {
	c.f.t.Helper()
	var me meBody
	c.decode(c.do("POST", "/api/session", jsonBody(map[string]string{"email": email, "password": password}), "application/json"), http.StatusOK, &me)
	c.csrf = me.CSRFToken
	return me
}

// TestStaffAPI: an owner adds a cashier, who logs in with the one-time password, must choose
// their own before anything else, and then sees customers but not staff; the owner changes the
// role, cannot demote the last owner, resets the password and deactivates the member, whose
// open session and token get 401 at once. Every change is in the audit log.
func TestStaffAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		owner := f.login("owner@oslo.no")

		var added staffBody
		owner.decode(owner.do("POST", "/api/staff", jsonBody(map[string]string{"email": " Nina@Oslo.no ", "role": "cashier"}), "application/json"), http.StatusCreated, &added)
		if added.Email != "nina@oslo.no" || added.Role != customer.RoleCashier || !added.Active || !added.MustChangePassword || len(added.OneTimePassword) != 16 || added.LastLoginAt != nil {
			t.Fatalf("added %+v", added)
		}
		if code := owner.errorCode(owner.do("POST", "/api/staff", jsonBody(map[string]string{"email": "nina@oslo.no", "role": "cashier"}), "application/json"), 409); code != customer.EConflict {
			t.Errorf("adding the same email again: %s", code)
		}
		if code := owner.errorCode(owner.do("POST", "/api/staff", jsonBody(map[string]string{"email": "nina", "role": "cashier"}), "application/json"), 400); code != customer.EInvalid {
			t.Errorf("a bad email: %s", code)
		}
		if code := owner.errorCode(owner.do("POST", "/api/staff", jsonBody(map[string]string{"email": "x@oslo.no", "role": "admin"}), "application/json"), 400); code != customer.EInvalid {
			t.Errorf("a bad role: %s", code)
		}

		nina := f.anonymous()
		if me := nina.loginWith("nina@oslo.no", added.OneTimePassword); !me.MustChangePassword {
			t.Errorf("logged in with a one-time password: %+v", me)
		}
		if code := nina.errorCode(nina.do("GET", "/api/customers", nil, ""), 403); code != customer.EForbidden {
			t.Errorf("customers before choosing a password: %s", code)
		}
		other := f.anonymous()
		other.loginWith("nina@oslo.no", added.OneTimePassword)
		const own = "ninas own password"
		if code := nina.errorCode(nina.do("PUT", "/api/me/password", jsonBody(map[string]string{"current_password": "wrong one!", "new_password": own}), "application/json"), 400); code != customer.EInvalid {
			t.Errorf("a wrong current password: %s", code)
		}
		if code := nina.errorCode(nina.do("PUT", "/api/me/password", jsonBody(map[string]string{"current_password": added.OneTimePassword, "new_password": "short"}), "application/json"), 400); code != customer.EInvalid {
			t.Errorf("a short new password: %s", code)
		}
		var me meBody
		nina.decode(nina.do("PUT", "/api/me/password", jsonBody(map[string]string{"current_password": added.OneTimePassword, "new_password": own}), "application/json"), 200, &me)
		if me.MustChangePassword {
			t.Errorf("after choosing a password: %+v", me)
		}
		nina.decode(nina.do("GET", "/api/customers", nil, ""), 200, nil)
		if code := nina.errorCode(nina.do("GET", "/api/staff", nil, ""), 403); code != customer.EForbidden {
			t.Errorf("a cashier lists staff: %s", code)
		}
		// The other session ended; the new password logs in, the one-time one no longer.
		other.errorCode(other.do("GET", "/api/me", nil, ""), 401)
		f.anonymous().errorCode(f.anonymous().do("POST", "/api/session", jsonBody(map[string]string{"email": "nina@oslo.no", "password": added.OneTimePassword}), "application/json"), 401)
		other.loginWith("nina@oslo.no", own)

		var list struct{ Staff []staffBody }
		owner.decode(owner.do("GET", "/api/staff", nil, ""), 200, &list)
		var listed *staffBody
		for i := range list.Staff {
			if list.Staff[i].Email == "nina@oslo.no" {
				listed = &list.Staff[i]
			}
		}
		if len(list.Staff) != 4 || listed == nil || listed.LastLoginAt == nil || listed.MustChangePassword || listed.OneTimePassword != "" {
			t.Fatalf("staff list %+v", list.Staff)
		}

		// Role: changed, and the last owner keeps theirs.
		path := fmt.Sprintf("/api/staff/%d", added.ID)
		var changed staffBody
		owner.decode(owner.do("PATCH", path, jsonBody(map[string]string{"role": "manager"}), "application/json"), 200, &changed)
		if changed.Role != customer.RoleManager {
			t.Errorf("role change answered %+v", changed)
		}
		nina.decode(nina.do("GET", "/api/imports", nil, ""), 200, nil) // a manager's route, at once
		var ownerRow staffBody
		for _, s := range list.Staff {
			if s.Email == "owner@oslo.no" {
				ownerRow = s
			}
		}
		if code := owner.errorCode(owner.do("PATCH", fmt.Sprintf("/api/staff/%d", ownerRow.ID), jsonBody(map[string]string{"role": "manager"}), "application/json"), 409); code != customer.EConflict {
			t.Errorf("demoting the last owner: %s", code)
		}
		if code := owner.errorCode(owner.do("PATCH", fmt.Sprintf("/api/staff/%d", ownerRow.ID), jsonBody(map[string]bool{"active": false}), "application/json"), 409); code != customer.EConflict {
			t.Errorf("deactivating the last owner: %s", code)
		}
		krakow := f.tenant("bergen", "NO", "nb")
		f.user(krakow, "owner@bergen.no", customer.RoleOwner)
		bergen := f.login("owner@bergen.no")
		if code := bergen.errorCode(bergen.do("PATCH", path, jsonBody(map[string]bool{"active": false}), "application/json"), 404); code != customer.ENotFound {
			t.Errorf("another shop's owner deactivates nina: %s", code)
		}

		// A token of nina's, then deactivation: her session and token end at once.
		var tok tokenBody
		owner.decode(owner.do("POST", "/api/tokens", jsonBody(map[string]string{"email": "nina@oslo.no", "name": "ninas-script"}), "application/json"), http.StatusCreated, &tok)
		script := &client{f: f, base: f.http.URL, hc: &http.Client{}, bearer: tok.Token}
		script.decode(script.do("GET", "/api/customers", nil, ""), 200, nil)
		owner.decode(owner.do("PATCH", path, jsonBody(map[string]bool{"active": false}), "application/json"), 200, &changed)
		if changed.Active {
			t.Errorf("deactivation answered %+v", changed)
		}
		for name, c := range map[string]*client{"session": nina, "other session": other, "token": script} {
			if code := c.errorCode(c.do("GET", "/api/customers", nil, ""), 401); code != customer.EUnauthorized {
				t.Errorf("%s of a deactivated user: %s", name, code)
			}
		}
		if code := f.anonymous().errorCode(f.anonymous().do("POST", "/api/session", jsonBody(map[string]string{"email": "nina@oslo.no", "password": own}), "application/json"), 401); code != customer.EUnauthorized {
			t.Errorf("a deactivated user logs in: %s", code)
		}

		// Reactivated and reset: a new one-time password; the old one no longer logs in.
		owner.decode(owner.do("PATCH", path, jsonBody(map[string]bool{"active": true}), "application/json"), 200, nil)
		var reset staffBody
		owner.decode(owner.do("POST", path+"/password-reset", nil, ""), 200, &reset)
		if len(reset.OneTimePassword) != 16 || !reset.MustChangePassword {
			t.Errorf("reset answered %+v", reset)
		}
		f.anonymous().loginWith("nina@oslo.no", reset.OneTimePassword)

		var audit struct{ Entries []customer.AuditEntry }
		owner.decode(owner.do("GET", "/api/audit", nil, ""), 200, &audit)
		seen := map[string]int{}
		for _, e := range audit.Entries {
			seen[e.Action]++
		}
		for _, a := range []string{"staff.add", "password.change", "staff.role", "token.create", "staff.deactivate", "staff.activate", "staff.password_reset"} {
			if seen[a] == 0 {
				t.Errorf("no %s in the audit log: %v", a, seen)
			}
		}
	})
}

// TestTokensAPI: a token is named, listed with its user and last use, acts with its user's role,
// expires by the server's clock, and is revoked by name.
func TestTokensAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		clock := &testClock{}
		f := newFixture(t, dsn, Config{Now: clock.Now})
		owner := f.login("owner@oslo.no")
		var made tokenBody
		owner.decode(owner.do("POST", "/api/tokens", jsonBody(map[string]string{"email": "cashier@oslo.no", "name": "till", "expires": "36h"}), "application/json"), http.StatusCreated, &made)
		if made.Name != "till" || made.Email != "cashier@oslo.no" || len(made.Token) != 43 || made.ExpiresAt.Sub(made.CreatedAt) < 35*time.Hour {
			t.Fatalf("created %+v", made)
		}
		if code := owner.errorCode(owner.do("POST", "/api/tokens", jsonBody(map[string]string{"name": "till"}), "application/json"), 409); code != customer.EConflict {
			t.Errorf("a second token named till: %s", code)
		}
		if code := owner.errorCode(owner.do("POST", "/api/tokens", jsonBody(map[string]string{"expires": "forever"}), "application/json"), 400); code != customer.EInvalid {
			t.Errorf("expires forever: %s", code)
		}
		if code := owner.errorCode(owner.do("POST", "/api/tokens", jsonBody(map[string]string{"email": "manager@krakow.pl"}), "application/json"), 404); code != customer.ENotFound {
			t.Errorf("a token for another shop's user: %s", code)
		}
		till := &client{f: f, base: f.http.URL, hc: &http.Client{}, bearer: made.Token}
		till.decode(till.do("GET", "/api/customers", nil, ""), 200, nil)
		if code := till.errorCode(till.do("GET", "/api/imports", nil, ""), 403); code != customer.EForbidden {
			t.Errorf("a cashier's token on a manager's route: %s", code)
		}
		var list struct{ Tokens []tokenBody }
		owner.decode(owner.do("GET", "/api/tokens", nil, ""), 200, &list)
		if len(list.Tokens) != 2 || list.Tokens[1].Name != "till" || list.Tokens[1].LastUsedAt == nil || list.Tokens[1].Token != "" || list.Tokens[1].Expired {
			t.Fatalf("tokens %+v", list.Tokens)
		}
		// Revoked: that token ends, the other works on.
		var second tokenBody
		owner.decode(owner.do("POST", "/api/tokens", jsonBody(map[string]string{"name": "backup"}), "application/json"), http.StatusCreated, &second)
		backup := &client{f: f, base: f.http.URL, hc: &http.Client{}, bearer: second.Token}
		backup.decode(backup.do("GET", "/api/staff", nil, ""), 200, nil) // the owner's role
		res := owner.do("DELETE", "/api/tokens/backup", nil, "")
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		res.Body.Close()
		if code := backup.errorCode(backup.do("GET", "/api/customers", nil, ""), 401); code != customer.EUnauthorized {
			t.Errorf("a revoked token: %s", code)
		}
		if code := owner.errorCode(owner.do("DELETE", "/api/tokens/backup", nil, ""), 404); code != customer.ENotFound {
			t.Errorf("revoking again: %s", code)
		}
		till.decode(till.do("GET", "/api/customers", nil, ""), 200, nil)

		// Expired on the server's clock.
		clock.Advance(37 * time.Hour)
		if code := till.errorCode(till.do("GET", "/api/customers", nil, ""), 401); code != customer.EUnauthorized {
			t.Errorf("an expired token: %s", code)
		}
		owner = f.login("owner@oslo.no") // the session ended with the clock too
		owner.decode(owner.do("GET", "/api/tokens", nil, ""), 200, &list)
		if len(list.Tokens) != 2 || list.Tokens[1].Name != "till" || !list.Tokens[1].Expired {
			t.Errorf("listed %+v, want till expired", list.Tokens)
		}
	})
}

// TestLoginParallelGuesses sends 50 wrong passwords for one account at once: only the limit's
// ten reach the password hash, the rest are refused with 429 before it.
func TestLoginParallelGuesses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		before := hashCount(f.srv)
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[int]int{}
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", f.http.URL+"/api/session", jsonBody(map[string]string{"email": "owner@oslo.no", "password": fmt.Sprint("guess ", i)}))
				req.Header.Set("Content-Type", "application/json")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				mu.Lock()
				codes[res.StatusCode]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		hashed := hashCount(f.srv) - before
		if codes[401] != 10 || codes[429] != 40 || hashed != 10 {
			t.Errorf("answers %v and %v hashes; want 10 × 401, 40 × 429 and 10 hashes", codes, hashed)
		}
	})
}

// forwarded is a client whose requests come through a proxy that says they are from addr.
func (f *fixture) forwarded(addr string) *client {
	c := f.anonymous()
	c.via = addr
	return c
}

// TestLoginStrangerCannotLockOut: behind a trusted proxy, a stranger's guesses from another
// address delay the stranger but not the owner; the hash gate lets at most MaxHashes run at once;
// an unknown email costs a hash as a known one does.
func TestLoginStrangerCannotLockOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, MaxHashes: 2})
		stranger := f.forwarded("203.0.113.9")
		refused := 0
		for i := range 20 {
			res := stranger.do("POST", "/api/session", jsonBody(map[string]string{"email": "owner@oslo.no", "password": fmt.Sprint("guess ", i)}), "application/json")
			if res.StatusCode == http.StatusTooManyRequests {
				refused++
			}
			res.Body.Close()
		}
		if refused != 10 {
			t.Errorf("the stranger was refused %d times, want 10", refused)
		}
		// The stranger's own address is delayed even for another account; the owner's is not.
		stranger.errorCode(stranger.do("POST", "/api/session", jsonBody(map[string]string{"email": "owner@oslo.no", "password": testPassword}), "application/json"), 429)
		f.forwarded("198.51.100.7").loginWith("owner@oslo.no", testPassword)

		// Unknown and known emails each cost one hash.
		before := hashCount(f.srv)
		someone := f.forwarded("198.51.100.8")
		someone.errorCode(someone.do("POST", "/api/session", jsonBody(map[string]string{"email": "nobody@oslo.no", "password": "a password"}), "application/json"), 401)
		someone.errorCode(someone.do("POST", "/api/session", jsonBody(map[string]string{"email": "manager@oslo.no", "password": "a password"}), "application/json"), 401)
		if n := hashCount(f.srv) - before; n != 2 {
			t.Errorf("an unknown and a known email made %v hashes, want 2", n)
		}

		// A flood of logins: at most MaxHashes hash at once.
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := f.forwarded(fmt.Sprintf("192.0.2.%d", i+1))
				res := c.do("POST", "/api/session", jsonBody(map[string]string{"email": fmt.Sprintf("u%d@oslo.no", i), "password": "a password"}), "application/json")
				res.Body.Close()
			}()
		}
		wg.Wait()
		if p := f.srv.hashes.peak.Load(); p > 2 || p < 1 {
			t.Errorf("%d hashes ran at once, want at most 2", p)
		}
	})
}

// TestForwardedForUntrusted: without trusted proxies X-Forwarded-For is ignored, so a guesser
// cannot pass for many clients; X-Forwarded-Proto does not make the cookie Secure either.
func TestForwardedForUntrusted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		for i := range 10 {
			c := f.forwarded(fmt.Sprintf("203.0.113.%d", i+1))
			c.errorCode(c.do("POST", "/api/session", jsonBody(map[string]string{"email": "owner@oslo.no", "password": fmt.Sprint("guess ", i)}), "application/json"), 401)
		}
		c := f.forwarded("203.0.113.200")
		c.errorCode(c.do("POST", "/api/session", jsonBody(map[string]string{"email": "owner@oslo.no", "password": testPassword}), "application/json"), 429)

		res := f.forwarded("").do("POST", "/api/session", jsonBody(map[string]string{"email": "manager@oslo.no", "password": testPassword}), "application/json", "X-Forwarded-Proto", "https")
		res.Body.Close()
		if ck := sessionCookieOf(res); ck == nil || ck.Secure || res.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("an untrusted X-Forwarded-Proto: cookie %+v, HSTS %q", ck, res.Header.Get("Strict-Transport-Security"))
		}
	})
}

func sessionCookieOf(res *http.Response) *http.Cookie {
	for _, ck := range res.Cookies() {
		if ck.Name == sessionCookie {
			return ck
		}
	}
	return nil
}

// TestPublicURL: with an https public URL the cookie is Secure and HSTS is sent, and a browser
// request from the public origin passes the cross-origin check even though the Host header is the
// proxy's upstream; a trusted proxy's X-Forwarded-Proto: https does the same without a public URL.
func TestPublicURL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		public, err := ParsePublicURL("https://kunder.example.no")
		if err != nil {
			t.Fatal(err)
		}
		f := newFixture(t, dsn, Config{PublicURL: public})
		login := jsonBody(map[string]string{"email": "manager@oslo.no", "password": testPassword})
		res := f.anonymous().do("POST", "/api/session", login, "application/json", "Origin", "https://kunder.example.no")
		res.Body.Close()
		if ck := sessionCookieOf(res); res.StatusCode != 200 || ck == nil || !ck.Secure || !strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") {
			t.Errorf("login from the public origin: %d, cookie %+v, HSTS %q", res.StatusCode, ck, res.Header.Get("Strict-Transport-Security"))
		}
		c := f.anonymous()
		c.errorCode(c.do("POST", "/api/session", jsonBody(map[string]string{"email": "manager@oslo.no", "password": testPassword}), "application/json", "Origin", "https://evil.example"), 403)

		for _, bad := range []string{"kunder.example.no", "ftp://x", "https://x/path", "https://"} {
			if _, err := ParsePublicURL(bad); customer.ErrorCodeOf(err) != customer.EInvalid {
				t.Errorf("ParsePublicURL(%q): %v, want EInvalid", bad, err)
			}
		}

		_, proxied := f.serve(Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
		p := f.anonymous()
		p.base = proxied.URL
		res = p.do("POST", "/api/session", jsonBody(map[string]string{"email": "manager@oslo.no", "password": testPassword}), "application/json", "X-Forwarded-Proto", "https")
		res.Body.Close()
		if ck := sessionCookieOf(res); ck == nil || !ck.Secure {
			t.Errorf("behind a trusted proxy saying https: cookie %+v", ck)
		}
		res = p.do("GET", "/healthz", nil, "")
		res.Body.Close()
		if res.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("HSTS over plain HTTP")
		}
	})
}

// TestUploadFileNameCleaned: a file name that is not valid UTF-8 (Windows-1252 from an old
// browser), or that is cut at 200 bytes in the middle of a character, is cleaned and the upload
// goes through on both databases (PostgreSQL refuses invalid UTF-8 in text).
func TestUploadFileNameCleaned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		data := readFixture(t, "kunder-nb.csv")
		for _, tc := range []struct{ name, want string }{
			{"kunder-\xf8st.csv", "kunder-\uFFFDst.csv"},
			{"k" + strings.Repeat("ø", 120) + ".csv", "k" + strings.Repeat("ø", 99)},
		} {
			var imp importBody
			mgr.decode(mgr.upload("/api/imports", tc.name, data, "create"), http.StatusCreated, &imp)
			if imp.FileName != tc.want {
				t.Errorf("uploaded as %q: file name %q, want %q", tc.name, imp.FileName, tc.want)
			}
			if got := mgr.waitStaged(imp.ID); got.FileName != tc.want || got.State == customer.StateFailed {
				t.Errorf("staged: %+v", got)
			}
		}
	})
}
