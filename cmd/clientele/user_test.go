package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sqlstore"
)

// openStore opens the test's database directly, to check what a command stored.
func openStore(t *testing.T, dsn string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestUserAdd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		if r := c.run("", "tenant", "add", "bergen"); r.code != exitOK {
			t.Fatalf("tenant add: %d %s", r.code, r.stderr)
		}
		const pw = "correct horse battery"
		tests := []struct {
			name     string
			stdin    string
			args     []string
			code     int
			inStdout string
			inStderr string
		}{
			{"owner of the default tenant", pw + "\n", []string{"user", "add", "--email", "Ola@Example.NO", "--role", "owner", "--password-stdin"}, exitOK, "Added owner ola@example.no to shop group default.", ""},
			{"Windows line ending, flags after", pw + "\r\nignored second line\n", []string{"user", "add", "--password-stdin", "--role", "Cashier", "--email", "kari@example.no", "--tenant", "bergen"}, exitOK, "Added cashier kari@example.no to shop group bergen.", ""},
			{"no line ending", pw, []string{"--tenant", "bergen", "user", "add", "--email", "per@example.no", "--role", "manager", "--password-stdin"}, exitOK, "Added manager per@example.no", ""},
			{"duplicate email", pw + "\n", []string{"user", "add", "--email", "ola@example.no", "--role", "cashier", "--password-stdin"}, exitFailure, "", "A user with email ola@example.no already exists."},
			{"duplicate email in another tenant", pw + "\n", []string{"--tenant", "bergen", "user", "add", "--email", "OLA@example.no", "--role", "owner", "--password-stdin"}, exitFailure, "", "already exists"},
			{"short password", "too short\n", []string{"user", "add", "--email", "short@example.no", "--role", "owner", "--password-stdin"}, exitUsage, "", "at least 10 characters"},
			{"empty password", "\n" + pw + "\n", []string{"user", "add", "--email", "empty@example.no", "--role", "owner", "--password-stdin"}, exitUsage, "", "No password on stdin"},
			{"nothing on stdin", "", []string{"user", "add", "--email", "empty@example.no", "--role", "owner", "--password-stdin"}, exitUsage, "", "No password on stdin"},
			{"no --password-stdin", pw + "\n", []string{"user", "add", "--email", "x@example.no", "--role", "owner"}, exitUsage, "", "--password-stdin"},
			{"no email", pw + "\n", []string{"user", "add", "--role", "owner", "--password-stdin"}, exitUsage, "", "--email"},
			{"bad email", pw + "\n", []string{"user", "add", "--email", "ola.example.no", "--role", "owner", "--password-stdin"}, exitUsage, "", "not an email address"},
			{"no role", pw + "\n", []string{"user", "add", "--email", "x@example.no", "--password-stdin"}, exitUsage, "", "--role"},
			{"bad role", pw + "\n", []string{"user", "add", "--email", "x@example.no", "--role", "admin", "--password-stdin"}, exitUsage, "", "Unknown role"},
			{"unknown tenant", pw + "\n", []string{"--tenant", "nowhere", "user", "add", "--email", "x@example.no", "--role", "owner", "--password-stdin"}, exitFailure, "", "tenant add nowhere"},
			{"no subcommand", "", []string{"user"}, exitUsage, "", "user add"},
			{"stray argument", pw + "\n", []string{"user", "add", "x@example.no", "--role", "owner", "--password-stdin"}, exitUsage, "", "no arguments"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.run(tt.stdin, tt.args...)
				if r.code != tt.code || !strings.Contains(r.stdout, tt.inStdout) || !strings.Contains(r.stderr, tt.inStderr) {
					t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
				}
				if tt.code != exitOK && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
					t.Errorf("a failure must be one line on stderr, got %q", r.stderr)
				}
				if tt.code == exitOK && strings.Count(r.stdout, "\n") != 1 {
					t.Errorf("want one line on stdout, got %q", r.stdout)
				}
			})
		}

		s := openStore(t, dsn)
		ctx := context.Background()
		bergen, err := s.Tenant(ctx, "bergen")
		if err != nil {
			t.Fatal(err)
		}
		users, err := s.Users(ctx, bergen.ID)
		if err != nil || len(users) != 2 || users[0].Email != "kari@example.no" || users[1].Email != "per@example.no" {
			t.Fatalf("bergen's staff: %+v, %v; want kari and per", users, err)
		}
		for _, u := range users {
			if !access.CheckPassword(u.PasswordHash, pw) {
				t.Errorf("%s's password does not check: the line ending was kept, or it was not hashed", u.Email)
			}
			if strings.Contains(u.PasswordHash, pw) {
				t.Errorf("%s's password is stored in clear", u.Email)
			}
		}
		if n, _ := s.CountUsers(ctx); n != 3 {
			t.Errorf("%d users stored, want 3: a failed add stored one", n)
		}
	})
}

func TestTokenCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		if r := c.run("", "tenant", "add", "bergen"); r.code != exitOK {
			t.Fatalf("tenant add: %d %s", r.code, r.stderr)
		}
		for _, args := range [][]string{
			{"user", "add", "--email", "api@example.no", "--role", "manager", "--password-stdin"},
			{"--tenant", "bergen", "user", "add", "--email", "kari@example.no", "--role", "owner", "--password-stdin"},
		} {
			if r := c.run("long enough password\n", args...); r.code != exitOK {
				t.Fatalf("%v: %d %s", args, r.code, r.stderr)
			}
		}

		r := c.run("", "token", "create", "--email", "API@example.no")
		if r.code != exitOK || r.stderr != "" {
			t.Fatalf("token create: exit %d, stderr %q", r.code, r.stderr)
		}
		if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}\n$`).MatchString(r.stdout) {
			t.Fatalf("stdout %q is not one token and a newline", r.stdout)
		}
		token := strings.TrimSuffix(r.stdout, "\n")

		s := openStore(t, dsn)
		ctx := context.Background()
		stored, err := s.Token(ctx, access.HashSecret(token))
		if err != nil {
			t.Fatalf("the printed token is not stored by its hash: %v", err)
		}
		u, err := s.User(ctx, stored.UserID)
		if err != nil || u.Email != "api@example.no" {
			t.Errorf("the token acts as %+v, %v; want api@example.no", u, err)
		}
		if _, err := s.Token(ctx, token); err == nil {
			t.Error("the token itself is stored, not only its hash")
		}
		if again := c.run("", "token", "create", "--email", "api@example.no"); again.code != exitOK || again.stdout == r.stdout {
			t.Errorf("a second token: exit %d, same token %v", again.code, again.stdout == r.stdout)
		}

		tests := []struct {
			name     string
			args     []string
			code     int
			inStderr string
		}{
			{"unknown user", []string{"token", "create", "--email", "nobody@example.no"}, exitFailure, "has no user nobody@example.no"},
			{"user of another tenant", []string{"token", "create", "--email", "kari@example.no"}, exitFailure, "Shop group default has no user kari@example.no"},
			{"no email", []string{"token", "create"}, exitUsage, "--email"},
			{"unknown tenant", []string{"--tenant", "nowhere", "token", "create", "--email", "api@example.no"}, exitFailure, "tenant add nowhere"},
			{"no subcommand", []string{"token"}, exitUsage, "token create"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.run("", tt.args...)
				if r.code != tt.code || r.stdout != "" || !strings.Contains(r.stderr, tt.inStderr) {
					t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
				}
				if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
					t.Errorf("a failure must be one line on stderr, got %q", r.stderr)
				}
			})
		}
		// The user's own tenant gives them a token.
		if r := c.run("", "--tenant", "bergen", "token", "create", "--email", "kari@example.no"); r.code != exitOK || len(r.stdout) != 44 {
			t.Errorf("token for kari in bergen: exit %d, %q %q", r.code, r.stdout, r.stderr)
		}
	})
}
