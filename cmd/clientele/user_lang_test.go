package main

import (
	"context"
	"testing"

	"github.com/clientele/clientele/internal/dbtest"
)

// TestUserAddLanguage stores the language given with --lang (or --language), leaves it empty
// (the shop group's) without one, and refuses a language Clientele does not speak.
func TestUserAddLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		if r := c.run("", "tenant", "add", "oslo", "--language", "nb"); r.code != exitOK {
			t.Fatalf("tenant add: %d %s", r.code, r.stderr)
		}
		const pw = "correct horse battery\n"
		tests := []struct {
			name  string
			args  []string
			code  int
			email string
			lang  string
		}{
			{"--lang", []string{"user", "add", "--email", "ola@example.no", "--role", "owner", "--lang", "pl", "--password-stdin"}, exitOK, "ola@example.no", "pl"},
			{"--language, upper case", []string{"user", "add", "--email", "kari@example.no", "--role", "manager", "--language", "EN", "--password-stdin"}, exitOK, "kari@example.no", "en"},
			{"none: the shop's", []string{"user", "add", "--email", "per@example.no", "--role", "cashier", "--password-stdin"}, exitOK, "per@example.no", ""},
			{"unknown", []string{"user", "add", "--email", "sv@example.no", "--role", "cashier", "--lang", "sv", "--password-stdin"}, exitUsage, "", ""},
		}
		s := openStore(t, dsn)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.run(pw, append([]string{"--tenant", "oslo"}, tt.args...)...)
				if r.code != tt.code {
					t.Fatalf("exit %d, want %d: %s", r.code, tt.code, r.stderr)
				}
				if tt.email == "" {
					return
				}
				u, err := s.UserByEmail(context.Background(), tt.email)
				if err != nil || u.Language != tt.lang {
					t.Errorf("stored language %q, %v; want %q", u.Language, err, tt.lang)
				}
			})
		}
		if _, err := s.UserByEmail(context.Background(), "sv@example.no"); err == nil {
			t.Error("a user with an unknown language was stored")
		}
	})
}
