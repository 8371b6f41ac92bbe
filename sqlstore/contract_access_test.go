package sqlstore

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// The tests in this file are the part of the store contract that package access and the audit
// log rely on: staff, sessions, API tokens, audit entries.

// newUser creates a staff member of the tenant with an email made from name and the tenant's
// slug (emails are unique across tenants).
func newUser(t *testing.T, s *Store, tn customer.Tenant, name string, role customer.Role) customer.User {
	t.Helper()
	u := customer.User{TenantID: tn.ID, Email: name + "+" + tn.Slug + "@example.no", Role: role, PasswordHash: "$argon2id$hash-of-" + name}
	if err := s.CreateUser(context.Background(), &u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	return u
}

// TestTenantByID reads a tenant by id.
func TestTenantByID(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		if got, err := s.TenantByID(ctx, tn.ID); err != nil || got != tn {
			t.Errorf("TenantByID = %+v, %v; want %+v", got, err, tn)
		}
		if _, err := s.TenantByID(ctx, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("TenantByID(missing): %v, want ENotFound", err)
		}
	})
}

// TestUsers creates staff, reads them by email (in any case) and id, and lists a tenant's; an
// email is taken across tenants.
func TestUsers(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		before, err := s.CountUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now().Add(-time.Second)
		u := customer.User{TenantID: tn.ID, Email: "  Ola.Nordmann+" + tn.Slug + "@Example.NO ", Role: customer.RoleOwner, PasswordHash: "$argon2id$x"}
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		email := "ola.nordmann+" + tn.Slug + "@example.no"
		if u.ID == 0 || u.Email != email || u.CreatedAt.Before(start) || u.CreatedAt.Location() != time.UTC {
			t.Fatalf("CreateUser set %+v", u)
		}
		for _, lookup := range []string{email, strings.ToUpper(email), " " + email + "\t"} {
			if got, err := s.UserByEmail(ctx, lookup); err != nil || got != u {
				t.Errorf("UserByEmail(%q) = %+v, %v; want %+v", lookup, got, err, u)
			}
		}
		if got, err := s.User(ctx, u.ID); err != nil || got != u {
			t.Errorf("User = %+v, %v; want %+v", got, err, u)
		}
		if n, err := s.CountUsers(ctx); err != nil || n != before+1 {
			t.Errorf("CountUsers = %d, %v; want %d", n, err, before+1)
		}

		other := customer.Tenant{Slug: tn.Slug + "-other"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			u    customer.User
			code customer.ErrorCode
		}{
			{"same email", customer.User{TenantID: tn.ID, Email: email, Role: customer.RoleCashier}, customer.EConflict},
			{"same email, other case", customer.User{TenantID: tn.ID, Email: strings.ToUpper(email), Role: customer.RoleCashier}, customer.EConflict},
			{"same email, other tenant", customer.User{TenantID: other.ID, Email: email, Role: customer.RoleOwner}, customer.EConflict},
			{"no email", customer.User{TenantID: tn.ID, Email: "  ", Role: customer.RoleOwner}, customer.EInvalid},
			{"unknown role", customer.User{TenantID: tn.ID, Email: "new+" + tn.Slug + "@example.no", Role: "admin"}, customer.EInvalid},
			{"no role", customer.User{TenantID: tn.ID, Email: "new+" + tn.Slug + "@example.no"}, customer.EInvalid},
			{"missing tenant", customer.User{TenantID: 1 << 40, Email: "new+" + tn.Slug + "@example.no", Role: customer.RoleOwner}, customer.ENotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := s.CreateUser(ctx, &tt.u)
				if customer.ErrorCodeOf(err) != tt.code {
					t.Fatalf("CreateUser: %v, want %s", err, tt.code)
				}
				if tt.code == customer.EConflict && !strings.Contains(customer.ErrorMessage(err), "email") {
					t.Errorf("conflict message %q does not name the email", customer.ErrorMessage(err))
				}
				if tt.u.ID != 0 {
					t.Errorf("failed CreateUser set ID %d", tt.u.ID)
				}
			})
		}
		if n, _ := s.CountUsers(ctx); n != before+1 {
			t.Errorf("CountUsers = %d after failed creates, want %d", n, before+1)
		}

		t.Run("staff list", func(t *testing.T) {
			c := newUser(t, s, tn, "cashier", customer.RoleCashier)
			m := newUser(t, s, tn, "manager", customer.RoleManager)
			newUser(t, s, other, "elsewhere", customer.RoleOwner)
			got, err := s.Users(ctx, tn.ID)
			if want := []customer.User{c, m, u}; err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Users = %+v, %v\nwant %+v", got, err, want)
			}
			empty := newTenant(t, s)
			if got, err := s.Users(ctx, empty.ID); err != nil || len(got) != 0 {
				t.Errorf("Users(no staff) = %+v, %v; want none", got, err)
			}
			if _, err := s.Users(ctx, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("Users(missing tenant): %v, want ENotFound", err)
			}
		})
		t.Run("password", func(t *testing.T) {
			if err := s.SetPassword(ctx, u.ID, "$argon2id$new"); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.User(ctx, u.ID); got.PasswordHash != "$argon2id$new" {
				t.Errorf("password hash %q after SetPassword", got.PasswordHash)
			}
			if err := s.SetPassword(ctx, 1<<40, "x"); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("SetPassword(missing user): %v, want ENotFound", err)
			}
		})
		t.Run("missing", func(t *testing.T) {
			if _, err := s.UserByEmail(ctx, "nobody+"+tn.Slug+"@example.no"); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("UserByEmail(missing): %v, want ENotFound", err)
			}
			if _, err := s.User(ctx, 1<<40); customer.ErrorCodeOf(err) != customer.ENotFound {
				t.Errorf("User(missing): %v, want ENotFound", err)
			}
		})
	})
}

// TestSessions stores sessions, reads live ones only, and deletes them.
func TestSessions(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		u := newUser(t, s, tn, "ola", customer.RoleManager)
		at := time.Now().UTC().Truncate(time.Microsecond)
		live := customer.Session{TokenHash: "live-" + tn.Slug, UserID: u.ID, CSRFToken: "csrf", CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
		expired := customer.Session{TokenHash: "expired-" + tn.Slug, UserID: u.ID, CSRFToken: "csrf", CreatedAt: at.Add(-2 * time.Hour), ExpiresAt: at.Add(-time.Second)}
		for _, sess := range []customer.Session{expired, live} {
			if err := s.CreateSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := s.Session(ctx, live.TokenHash); err != nil || got != live {
			t.Errorf("Session = %+v, %v; want %+v", got, err, live)
		}
		if _, err := s.Session(ctx, expired.TokenHash); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Session(expired): %v, want ENotFound", err)
		}
		// Creating a session clears the user's expired ones.
		var n int
		err := s.read(ctx, func(q *queries) error {
			return q.queryRow(ctx, `SELECT count(*) FROM sessions WHERE user_id = ?`, u.ID).Scan(&n)
		})
		if err != nil || n != 1 {
			t.Errorf("%d sessions stored, %v; want 1: the expired one is gone", n, err)
		}

		local := time.FixedZone("CET", 3600)
		noCreated := customer.Session{TokenHash: "zone-" + tn.Slug, UserID: u.ID, ExpiresAt: at.Add(time.Hour).In(local)}
		if err := s.CreateSession(ctx, noCreated); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Session(ctx, noCreated.TokenHash); err != nil || got.CreatedAt.IsZero() || !got.ExpiresAt.Equal(noCreated.ExpiresAt) || got.ExpiresAt.Location() != time.UTC {
			t.Errorf("Session = %+v, %v; want CreatedAt set, ExpiresAt %v in UTC", got, err, noCreated.ExpiresAt)
		}

		tests := []struct {
			name string
			sess customer.Session
			code customer.ErrorCode
		}{
			{"taken hash", live, customer.EConflict},
			{"no hash", customer.Session{UserID: u.ID, ExpiresAt: at.Add(time.Hour)}, customer.EInvalid},
			{"no expiry", customer.Session{TokenHash: "x-" + tn.Slug, UserID: u.ID}, customer.EInvalid},
			{"missing user", customer.Session{TokenHash: "y-" + tn.Slug, UserID: 1 << 40, ExpiresAt: at.Add(time.Hour)}, customer.ENotFound},
		}
		for _, tt := range tests {
			if err := s.CreateSession(ctx, tt.sess); customer.ErrorCodeOf(err) != tt.code {
				t.Errorf("CreateSession(%s): %v, want %s", tt.name, err, tt.code)
			}
		}

		if err := s.DeleteSession(ctx, live.TokenHash); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, live.TokenHash); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Session after DeleteSession: %v, want ENotFound", err)
		}
		if err := s.DeleteSession(ctx, live.TokenHash); err != nil {
			t.Errorf("DeleteSession(gone): %v, want no error", err)
		}
		if _, err := s.Session(ctx, "no-such-session"); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Session(missing): %v, want ENotFound", err)
		}
	})
}

// TestAPITokens stores API tokens and reads them by hash.
func TestAPITokens(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		u := newUser(t, s, tn, "script", customer.RoleManager)
		start := time.Now().Add(-time.Second)
		tok := customer.APIToken{TokenHash: "hash-" + tn.Slug, UserID: u.ID}
		if err := s.CreateToken(ctx, &tok, ""); err != nil {
			t.Fatal(err)
		}
		if tok.ID == 0 || tok.CreatedAt.Before(start) {
			t.Fatalf("CreateToken set %+v", tok)
		}
		if got, err := s.Token(ctx, tok.TokenHash); err != nil || got != tok {
			t.Errorf("Token = %+v, %v; want %+v", got, err, tok)
		}
		second := customer.APIToken{TokenHash: "second-" + tn.Slug, UserID: u.ID}
		if err := s.CreateToken(ctx, &second, ""); err != nil || second.ID == tok.ID {
			t.Errorf("a second token of the user: %+v, %v", second, err)
		}
		tests := []struct {
			name string
			tok  customer.APIToken
			code customer.ErrorCode
		}{
			{"taken hash", customer.APIToken{TokenHash: tok.TokenHash, UserID: u.ID}, customer.EConflict},
			{"no hash", customer.APIToken{UserID: u.ID}, customer.EInvalid},
			{"missing user", customer.APIToken{TokenHash: "z-" + tn.Slug, UserID: 1 << 40}, customer.ENotFound},
		}
		for _, tt := range tests {
			if err := s.CreateToken(ctx, &tt.tok, ""); customer.ErrorCodeOf(err) != tt.code || tt.tok.ID != 0 {
				t.Errorf("CreateToken(%s): %v, ID %d; want %s and no ID", tt.name, err, tt.tok.ID, tt.code)
			}
		}
		if _, err := s.Token(ctx, "no-such-token"); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Token(missing): %v, want ENotFound", err)
		}
	})
}

// TestAuditLog adds audit entries and pages through a tenant's, newest first.
func TestAuditLog(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		if got, total, err := s.Audit(ctx, tn.ID, 0, 10); err != nil || total != 0 || len(got) != 0 {
			t.Errorf("Audit(empty) = %v, %d, %v; want none", got, total, err)
		}
		start := time.Now().Add(-time.Second)
		first := customer.AuditEntry{TenantID: tn.ID, Actor: "ola@example.no", Action: "import", ImportID: 12,
			FileName: "kunder.csv", FileSHA256: strings.Repeat("ab", 32), Summary: customer.Summary{Rows: 5, New: 3, Update: 1, Unchanged: 0, Error: 1},
			Detail: "Mode upsert."}
		if err := s.AddAudit(ctx, &first); err != nil {
			t.Fatal(err)
		}
		if first.ID == 0 || first.At.Before(start) || first.At.Location() != time.UTC {
			t.Fatalf("AddAudit set %+v", first)
		}
		// A given time is kept, as stored: UTC, to the microsecond. Entries sort by it, not by id.
		past := customer.AuditEntry{TenantID: tn.ID, Actor: "cli", Action: "export",
			At: time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.FixedZone("CET", 3600))}
		if err := s.AddAudit(ctx, &past); err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2025, 1, 2, 2, 4, 5, 123456000, time.UTC); past.At != want {
			t.Errorf("AddAudit kept At %v, want %v", past.At, want)
		}
		last := customer.AuditEntry{TenantID: tn.ID, Actor: "kari@example.no", Action: "confirm", ImportID: 12}
		if err := s.AddAudit(ctx, &last); err != nil {
			t.Fatal(err)
		}
		other := customer.Tenant{Slug: tn.Slug + "-other"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAudit(ctx, &customer.AuditEntry{TenantID: other.ID, Action: "export"}); err != nil {
			t.Fatal(err)
		}

		all := []customer.AuditEntry{last, first, past} // newest first
		tests := []struct {
			name          string
			offset, limit int
			want          []customer.AuditEntry
		}{
			{"all", 0, 0, all},
			{"first page", 0, 2, all[:2]},
			{"second page", 2, 2, all[2:]},
			{"past the end", 3, 2, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := s.Audit(ctx, tn.ID, tt.offset, tt.limit)
				if err != nil || total != 3 || !reflect.DeepEqual(got, tt.want) {
					t.Errorf("Audit(%d, %d) = %+v, total %d, %v\nwant %+v", tt.offset, tt.limit, got, total, err, tt.want)
				}
			})
		}
		if _, total, _ := s.Audit(ctx, other.ID, 0, 0); total != 1 {
			t.Errorf("the other tenant's log has %d entries, want its 1", total)
		}
		if err := s.AddAudit(ctx, &customer.AuditEntry{TenantID: 1 << 40, Action: "export"}); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("AddAudit(missing tenant): %v, want ENotFound", err)
		}
		if _, _, err := s.Audit(ctx, 1<<40, 0, 0); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("Audit(missing tenant): %v, want ENotFound", err)
		}
	})
}
