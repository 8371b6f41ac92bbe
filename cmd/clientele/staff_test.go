package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestUserManage: user list (table and --json), set-role, deactivate and reset-password, with the
// global --tenant; the last owner keeps their role; a deactivated user's token stops working.
func TestUserManage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		const pw = "long enough password\n"
		for _, args := range [][]string{
			{"tenant", "add", "bergen"},
			{"--tenant", "bergen", "user", "add", "--email", "kari@example.no", "--role", "owner", "--password-stdin"},
			{"--tenant", "bergen", "user", "add", "--email", "per@example.no", "--role", "cashier", "--password-stdin"},
			{"user", "add", "--email", "ola@example.no", "--role", "owner", "--password-stdin"},
		} {
			if r := c.run(pw, args...); r.code != exitOK {
				t.Fatalf("%v: %d %s", args, r.code, r.stderr)
			}
		}
		r := c.run("", "--tenant", "bergen", "user", "list")
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.code != exitOK || len(lines) != 3 || !strings.HasPrefix(lines[0], "EMAIL") ||
			!strings.Contains(lines[1], "kari@example.no") || !strings.Contains(lines[1], "never") || !strings.HasSuffix(lines[2], "yes") {
			t.Fatalf("user list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		list := func() []staffJSON {
			t.Helper()
			r := c.run("", "user", "list", "--json", "--tenant", "bergen")
			var out []staffJSON
			if r.code != exitOK || json.Unmarshal([]byte(r.stdout), &out) != nil {
				t.Fatalf("user list --json: exit %d %q %q", r.code, r.stdout, r.stderr)
			}
			return out
		}
		if got := list(); len(got) != 2 || got[1].Email != "per@example.no" || got[1].Role != customer.RoleCashier || !got[1].Active || got[1].LastLoginAt != nil {
			t.Errorf("user list --json: %+v", got)
		}

		tests := []struct {
			name     string
			args     []string
			code     int
			inStdout string
			inStderr string
		}{
			{"set role", []string{"--tenant", "bergen", "user", "set-role", "--email", "Per@example.no", "--role", "manager"}, exitOK, "per@example.no is now manager", ""},
			{"demote the last owner", []string{"--tenant", "bergen", "user", "set-role", "--email", "kari@example.no", "--role", "cashier"}, exitFailure, "", "last owner"},
			{"deactivate the last owner", []string{"--tenant", "bergen", "user", "deactivate", "--email", "kari@example.no"}, exitFailure, "", "last owner"},
			{"a user of another tenant", []string{"user", "set-role", "--email", "per@example.no", "--role", "owner"}, exitFailure, "", "has no user per@example.no"},
			{"no role", []string{"--tenant", "bergen", "user", "set-role", "--email", "per@example.no"}, exitUsage, "", "--role"},
			{"bad role", []string{"--tenant", "bergen", "user", "set-role", "--email", "per@example.no", "--role", "boss"}, exitUsage, "", "Unknown role"},
			{"no email", []string{"--tenant", "bergen", "user", "deactivate"}, exitUsage, "", "--email"},
			{"unknown subcommand", []string{"user", "remove"}, exitUsage, "", "user list"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.run("", tt.args...)
				if r.code != tt.code || !strings.Contains(r.stdout, tt.inStdout) || !strings.Contains(r.stderr, tt.inStderr) {
					t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
				}
			})
		}

		// A token of per's ends when per is deactivated.
		tok := c.run("", "--tenant", "bergen", "token", "create", "--email", "per@example.no", "--name", "per-script")
		if tok.code != exitOK {
			t.Fatalf("token create: %d %s", tok.code, tok.stderr)
		}
		token := lastLine(tok.stdout)
		s := openStore(t, dsn)
		ctx := context.Background()
		if _, err := s.Token(ctx, access.HashSecret(token)); err != nil {
			t.Fatalf("the token: %v", err)
		}
		if r := c.run("", "--tenant", "bergen", "user", "deactivate", "--email", "per@example.no"); r.code != exitOK || !strings.Contains(r.stdout, "Deactivated per@example.no") {
			t.Fatalf("deactivate: exit %d %q %q", r.code, r.stdout, r.stderr)
		}
		if _, err := s.Token(ctx, access.HashSecret(token)); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("a deactivated user's token: %v, want ENotFound", err)
		}
		if got := list(); got[1].Active || got[1].Role != customer.RoleManager {
			t.Errorf("after deactivate: %+v", got[1])
		}

		// Reset: a one-time password alone on the last line, which must be changed.
		r = c.run("", "--tenant", "bergen", "user", "reset-password", "--email", "kari@example.no")
		if r.code != exitOK {
			t.Fatalf("reset-password: %d %s", r.code, r.stderr)
		}
		kari, err := s.UserByEmail(ctx, "kari@example.no")
		if err != nil || !access.CheckPassword(kari.PasswordHash, lastLine(r.stdout)) || !kari.MustChangePassword {
			t.Errorf("after reset-password (%q): %+v, %v", r.stdout, kari, err)
		}
		bergen, _ := s.Tenant(ctx, "bergen")
		entries, _, _ := s.Audit(ctx, bergen.ID, 0, 0)
		seen := map[string]bool{}
		for _, e := range entries {
			seen[e.Action] = true
			if !strings.HasPrefix(e.Actor, osActorPrefix) {
				t.Errorf("audit actor %q, want the OS user", e.Actor)
			}
		}
		for _, a := range []string{"staff.add", "staff.role", "token.create", "staff.deactivate", "staff.password_reset"} {
			if !seen[a] {
				t.Errorf("no %s in the audit log: %v", a, seen)
			}
		}
	})
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestTokenManage: token create with --name and --expires (days or a Go duration), token list
// (table and --json) and token revoke by name.
func TestTokenManage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		c := cli{t, dsn}
		if r := c.run("long enough password\n", "user", "add", "--email", "api@example.no", "--role", "manager", "--password-stdin"); r.code != exitOK {
			t.Fatalf("user add: %d %s", r.code, r.stderr)
		}
		start := time.Now()
		for _, args := range [][]string{
			{"token", "create", "--email", "api@example.no", "--name", "nightly", "--expires", "7d"},
			{"token", "create", "--email", "api@example.no", "--name", "brief", "--expires", "2s"},
			{"token", "create", "--email", "api@example.no"},
		} {
			if r := c.run("", args...); r.code != exitOK || len(lastLine(r.stdout)) != 43 {
				t.Fatalf("%v: exit %d %q %q", args, r.code, r.stdout, r.stderr)
			}
		}
		r := c.run("", "token", "list", "--json")
		var list []tokenJSON
		if r.code != exitOK || json.Unmarshal([]byte(r.stdout), &list) != nil || len(list) != 3 {
			t.Fatalf("token list --json: exit %d %q %q", r.code, r.stdout, r.stderr)
		}
		byName := map[string]tokenJSON{}
		for _, tok := range list {
			byName[tok.Name] = tok
			if tok.Email != "api@example.no" || tok.LastUsedAt != nil {
				t.Errorf("listed %+v", tok)
			}
		}
		within := func(name string, d time.Duration) {
			t.Helper()
			got := byName[name].ExpiresAt.Sub(start)
			if got < d-time.Minute || got > d+time.Minute {
				t.Errorf("%s expires in %v, want %v", name, got, d)
			}
		}
		within("nightly", 7*24*time.Hour)
		within("brief", 2*time.Second)
		if len(byName) != 3 {
			t.Fatalf("names %v", byName)
		}
		for name := range byName {
			if name != "nightly" && name != "brief" {
				within(name, customer.DefaultTokenTTL)
			}
		}
		if r := c.run("", "token", "list"); r.code != exitOK || !strings.HasPrefix(r.stdout, "NAME") || !strings.Contains(r.stdout, "nightly") {
			t.Errorf("token list: exit %d %q", r.code, r.stdout)
		}

		tests := []struct {
			name     string
			args     []string
			code     int
			inStdout string
			inStderr string
		}{
			{"revoke", []string{"token", "revoke", "nightly"}, exitOK, "Revoked API token nightly.", ""},
			{"revoke again", []string{"token", "revoke", "nightly"}, exitFailure, "", "no API token named \"nightly\""},
			{"revoke without a name", []string{"token", "revoke"}, exitUsage, "", "token revoke NAME"},
			{"a taken name", []string{"token", "create", "--email", "api@example.no", "--name", "brief"}, exitFailure, "", "already has an API token of this name"},
			{"bad expiry", []string{"token", "create", "--email", "api@example.no", "--expires", "soon"}, exitUsage, "", "90d"},
			{"negative expiry", []string{"token", "create", "--email", "api@example.no", "--expires", "-1d"}, exitUsage, "", "more than nothing"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.run("", tt.args...)
				if r.code != tt.code || !strings.Contains(r.stdout, tt.inStdout) || !strings.Contains(r.stderr, tt.inStderr) {
					t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
				}
			})
		}
		r = c.run("", "token", "list", "--json")
		list = nil
		if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 2 {
			t.Errorf("after revoking: %+v", list)
		}
	})
}
