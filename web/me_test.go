package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestLanguageChoice: /api/me says the page's language (the user's choice, else the tenant's)
// and the languages to choose from; PUT /api/me/language stores the choice for the user, not the
// session, refuses what Clientele does not speak, and takes the same login, CSRF and cross-site
// rules as every other state-changing route.
func TestLanguageChoice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		me := func(c *client) meBody {
			t.Helper()
			var m meBody
			c.decode(c.do("GET", "/api/me", nil, ""), http.StatusOK, &m)
			return m
		}
		set := func(c *client, body string, want int) *http.Response {
			t.Helper()
			res := c.do("PUT", "/api/me/language", strings.NewReader(body), "application/json")
			if res.StatusCode != want {
				defer res.Body.Close()
				t.Fatalf("PUT %s: status %d, want %d", body, res.StatusCode, want)
			}
			return res
		}
		lang := func(m meBody) string { return m.Language + "/" + m.UserLanguage }

		mgr := f.login("manager@oslo.no")
		first := me(mgr)
		if lang(first) != "nb/" || first.Tenant.Language != "nb" || !slices.Equal(first.Languages, customer.Languages) {
			t.Fatalf("before a choice: language %q, user %q, tenant %q, languages %v; want the tenant's nb", first.Language, first.UserLanguage, first.Tenant.Language, first.Languages)
		}
		if m := me(f.login("manager@krakow.pl")); lang(m) != "pl/" {
			t.Errorf("krakow's manager: %s, want the tenant's pl", lang(m))
		}

		var answer meBody
		mgr.decode(set(mgr, `{"language":"pl"}`, 200), 200, &answer)
		if lang(answer) != "pl/pl" || answer.CSRFToken != mgr.csrf || answer.Email != "manager@oslo.no" {
			t.Errorf("PUT pl answered %+v", answer)
		}
		if m := me(mgr); lang(m) != "pl/pl" {
			t.Errorf("after PUT pl: %s", lang(m))
		}

		// The choice is the user's: a new login (another browser) has it from the start; a
		// colleague in the same shop keeps the shop's language.
		other := f.anonymous()
		res := other.do("POST", "/api/session", jsonBody(map[string]string{"email": "manager@oslo.no", "password": testPassword}), "application/json")
		var login meBody
		other.decode(res, 200, &login)
		if lang(login) != "pl/pl" {
			t.Errorf("a new login answers %s, want pl/pl", lang(login))
		}
		owner := f.login("owner@oslo.no")
		if m := me(owner); lang(m) != "nb/" {
			t.Errorf("a colleague sees %s, want the tenant's nb", lang(m))
		}

		t.Run("refused", func(t *testing.T) {
			for _, body := range []string{`{"language":"sv"}`, `{"language":"nb-NO"}`, `{"language":"norsk"}`, `{}`, `{"lang":"nb"}`, `{"language":7}`, `nb`, ``} {
				if code := mgr.errorCode(set(mgr, body, 400), 400); code != customer.EInvalid {
					t.Errorf("%s: code %s, want invalid", body, code)
				}
			}
			if m := me(mgr); lang(m) != "pl/pl" {
				t.Errorf("after refused requests: %s, want pl/pl unchanged", lang(m))
			}
		})

		t.Run("accepted", func(t *testing.T) {
			for _, tt := range []struct{ body, want string }{
				{`{"language":" NB "}`, "nb/nb"},
				{`{"language":"en"}`, "en/en"}, // English is a choice too, not the tenant's
				{`{"language":""}`, "nb/"},     // back to the tenant's
			} {
				var m meBody
				mgr.decode(set(mgr, tt.body, 200), 200, &m)
				if lang(m) != tt.want || lang(me(mgr)) != tt.want {
					t.Errorf("%s: %s, want %s", tt.body, lang(m), tt.want)
				}
			}
		})

		t.Run("access", func(t *testing.T) {
			body := `{"language":"pl"}`
			anon := f.anonymous()
			if code := anon.errorCode(set(anon, body, 401), 401); code != customer.EUnauthorized {
				t.Errorf("no session: %s", code)
			}
			forged := mgr.do("PUT", "/api/me/language", strings.NewReader(body), "application/json", "X-CSRF-Token", "forged")
			if code := mgr.errorCode(forged, 403); code != customer.EForbidden {
				t.Errorf("forged CSRF token: %s", code)
			}
			noToken := &client{f: f, base: mgr.base, hc: mgr.hc} // the session cookie without its CSRF token
			if code := noToken.errorCode(set(noToken, body, 403), 403); code != customer.EForbidden {
				t.Errorf("no CSRF token: %s", code)
			}
			cross := mgr.do("PUT", "/api/me/language", strings.NewReader(body), "application/json", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
			if code := mgr.errorCode(cross, 403); code != customer.EForbidden {
				t.Errorf("cross-site: %s", code)
			}
			if m := me(mgr); lang(m) != "nb/" {
				t.Errorf("a refused request changed the language to %s", lang(m))
			}
			// Any role may choose its language; a bearer token (no CSRF) sets its user's.
			cashier := f.login("cashier@oslo.no")
			cashier.decode(set(cashier, `{"language":"en"}`, 200), 200, nil)
			api := f.bearerClient()
			var m meBody
			api.decode(set(api, body, 200), 200, &m)
			if lang(m) != "pl/pl" || m.Email != "manager@oslo.no" || lang(me(mgr)) != "pl/pl" {
				t.Errorf("bearer PUT: %+v; the session sees %s", m, lang(me(mgr)))
			}
			if lang(me(cashier)) != "en/en" || lang(me(owner)) != "nb/" {
				t.Errorf("one user's choice leaked: cashier %s, owner %s", lang(me(cashier)), lang(me(owner)))
			}
		})
	})
}
