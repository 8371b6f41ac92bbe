package sqlstore

import (
	"context"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestUserLanguage is the store contract for a user's language on both databases: "" (the
// tenant's) by default, set at creation or later, kept by a new connection to the database (the
// next session), refused when Clientele does not speak it, and one user's choice not another's.
func TestUserLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := opener(dsn)(t)
		tn := customer.Tenant{Slug: "sandnes", Name: "Sandnes Sport", Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &tn); err != nil {
			t.Fatal(err)
		}
		add := func(email, lang string) customer.User {
			t.Helper()
			u := customer.User{TenantID: tn.ID, Email: email, Role: customer.RoleManager, PasswordHash: "$argon2id$x", Language: lang}
			if err := s.CreateUser(ctx, &u); err != nil {
				t.Fatalf("CreateUser(%s, %q): %v", email, lang, err)
			}
			return u
		}
		kari := add("kari@sandnes.no", "")
		ola := add("ola@sandnes.no", "pl")
		language := func(st *Store, id int64) string {
			t.Helper()
			u, err := st.User(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return u.Language
		}
		if got := language(s, kari.ID); got != "" {
			t.Errorf("a new user's language = %q, want \"\" (the tenant's)", got)
		}
		if got := language(s, ola.ID); got != "pl" {
			t.Errorf("language given at creation = %q, want pl", got)
		}

		steps := []struct {
			name string
			lang string
			code customer.ErrorCode // "" when accepted
			want string             // kari's stored language afterwards
		}{
			{"choose Norwegian", "nb", "", "nb"},
			{"choose Polish", "pl", "", "pl"},
			{"unknown language", "sv", customer.EInvalid, "pl"},
			{"a locale, not a language", "nb-NO", customer.EInvalid, "pl"},
			{"back to English", "en", "", "en"},
			{"back to the tenant's", "", "", ""},
			{"Norwegian again", "nb", "", "nb"},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				err := s.SetUserLanguage(ctx, kari.ID, st.lang)
				if customer.ErrorCodeOf(err) != st.code && !(st.code == "" && err == nil) {
					t.Fatalf("SetUserLanguage(%q) = %v, want code %q", st.lang, err, st.code)
				}
				if got := language(s, kari.ID); got != st.want {
					t.Errorf("stored %q, want %q", got, st.want)
				}
			})
		}
		if err := s.SetUserLanguage(ctx, 1<<40, "nb"); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SetUserLanguage(missing user) = %v, want ENotFound", err)
		}
		if err := s.CreateUser(ctx, &customer.User{TenantID: tn.ID, Email: "sv@sandnes.no", Role: customer.RoleCashier, Language: "sv"}); customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("CreateUser with language sv = %v, want EInvalid", err)
		}

		// Another connection to the same database (another process, the next login) reads the
		// choice back, by id, by email and in the staff list; the other user is untouched.
		again := opener(dsn)(t)
		if got := language(again, kari.ID); got != "nb" {
			t.Errorf("after reopening: %q, want nb", got)
		}
		if u, err := again.UserByEmail(ctx, "KARI@sandnes.no"); err != nil || u.Language != "nb" {
			t.Errorf("UserByEmail: %q, %v; want nb", u.Language, err)
		}
		staff, err := again.Users(ctx, tn.ID)
		if err != nil || len(staff) != 2 || staff[0].Language != "nb" || staff[1].Language != "pl" {
			t.Errorf("Users = %+v, %v; want kari nb, ola pl", staff, err)
		}
	})
}
