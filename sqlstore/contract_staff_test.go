package sqlstore

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

// TestStaffChanges: roles change, staff are deactivated (their sessions and tokens end) and
// reactivated, passwords reset and changed, each with its audit entry; the last active owner
// keeps their role and access, also when two owners demote each other at once.
func TestStaffChanges(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		other := customer.Tenant{Slug: tn.Slug + "-other", Name: "other", Country: "NO", Language: "nb"}
		if err := s.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		owner := newUser(t, s, tn, "owner", customer.RoleOwner)
		kari := customer.User{TenantID: tn.ID, Email: "kari+" + tn.Slug + "@example.no", Role: customer.RoleCashier, PasswordHash: "$argon2id$one-time", MustChangePassword: true}
		if err := s.AddStaff(ctx, &kari, owner.Email); err != nil {
			t.Fatal(err)
		}
		if got, err := s.User(ctx, kari.ID); err != nil || !got.Active || !got.MustChangePassword || !got.LastLoginAt.IsZero() {
			t.Fatalf("added %+v, %v", got, err)
		}
		session := func(u customer.User, hash string) {
			t.Helper()
			now := time.Now()
			if err := s.CreateSession(ctx, customer.Session{TokenHash: hash, UserID: u.ID, CSRFToken: "c", ExpiresAt: now.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		session(kari, "kari-1-"+tn.Slug)
		session(kari, "kari-2-"+tn.Slug)
		if got, _ := s.User(ctx, kari.ID); got.LastLoginAt.IsZero() {
			t.Error("a session did not record the last login")
		}

		// Role.
		if u, err := s.SetRole(ctx, tn.ID, kari.ID, customer.RoleManager, owner.Email); err != nil || u.Role != customer.RoleManager {
			t.Errorf("SetRole: %+v, %v", u, err)
		}
		if _, err := s.SetRole(ctx, other.ID, kari.ID, customer.RoleOwner, owner.Email); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("SetRole from another tenant: %v, want ENotFound", err)
		}
		if _, err := s.SetRole(ctx, tn.ID, kari.ID, "admin", owner.Email); customer.ErrorCodeOf(err) != customer.EInvalid {
			t.Errorf("SetRole(admin): %v, want EInvalid", err)
		}
		if _, err := s.SetRole(ctx, tn.ID, owner.ID, customer.RoleManager, owner.Email); customer.ErrorCodeOf(err) != customer.EConflict {
			t.Errorf("demoting the last owner: %v, want EConflict", err)
		}
		if _, err := s.SetActive(ctx, tn.ID, owner.ID, false, owner.Email); customer.ErrorCodeOf(err) != customer.EConflict {
			t.Errorf("deactivating the last owner: %v, want EConflict", err)
		}

		// Password reset and change.
		if u, err := s.ResetPassword(ctx, tn.ID, kari.ID, "$argon2id$reset", owner.Email); err != nil || !u.MustChangePassword {
			t.Errorf("ResetPassword: %+v, %v", u, err)
		}
		if _, err := s.Session(ctx, "kari-1-"+tn.Slug); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("a session after a password reset: %v, want ENotFound", err)
		}
		session(kari, "kari-3-"+tn.Slug)
		session(kari, "kari-4-"+tn.Slug)
		if err := s.ChangePassword(ctx, kari.ID, "$argon2id$own", "kari-3-"+tn.Slug); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.User(ctx, kari.ID); got.PasswordHash != "$argon2id$own" || got.MustChangePassword {
			t.Errorf("after ChangePassword: %+v", got)
		}
		if _, err := s.Session(ctx, "kari-3-"+tn.Slug); err != nil {
			t.Errorf("the session that changed the password ended: %v", err)
		}
		if _, err := s.Session(ctx, "kari-4-"+tn.Slug); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("another session after a password change: %v, want ENotFound", err)
		}

		// Deactivation ends sessions and tokens; reactivation does not bring them back.
		tok := customer.APIToken{TokenHash: "kari-token-" + tn.Slug, UserID: kari.ID, Name: "kari"}
		if err := s.CreateToken(ctx, &tok, owner.Email); err != nil {
			t.Fatal(err)
		}
		if u, err := s.SetActive(ctx, tn.ID, kari.ID, false, owner.Email); err != nil || u.Active {
			t.Fatalf("SetActive(false): %+v, %v", u, err)
		}
		if _, err := s.Session(ctx, "kari-3-"+tn.Slug); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("a session of a deactivated user: %v, want ENotFound", err)
		}
		if _, err := s.Token(ctx, tok.TokenHash); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("a token of a deactivated user: %v, want ENotFound", err)
		}
		if err := s.CreateToken(ctx, &customer.APIToken{TokenHash: "late-" + tn.Slug, UserID: kari.ID}, owner.Email); customer.ErrorCodeOf(err) != customer.EForbidden {
			t.Errorf("a token for a deactivated user: %v, want EForbidden", err)
		}
		if _, err := s.ResetPassword(ctx, tn.ID, kari.ID, "$argon2id$x", owner.Email); customer.ErrorCodeOf(err) != customer.EConflict {
			t.Errorf("resetting a deactivated user's password: %v, want EConflict", err)
		}
		if u, err := s.SetActive(ctx, tn.ID, kari.ID, true, owner.Email); err != nil || !u.Active {
			t.Errorf("SetActive(true): %+v, %v", u, err)
		}
		if _, err := s.Token(ctx, tok.TokenHash); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("a token came back with its user: %v", err)
		}

		entries, _, err := s.Audit(ctx, tn.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for i := len(entries) - 1; i >= 0; i-- {
			actions = append(actions, entries[i].Action)
		}
		want := []string{"staff.add", "staff.role", "staff.password_reset", "password.change", "token.create", "staff.deactivate", "staff.activate"}
		if len(actions) != len(want) {
			t.Fatalf("audit actions %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("audit actions %v, want %v", actions, want)
			}
		}
		if e := entries[len(entries)-2]; e.Actor != owner.Email || e.Detail != kari.Email+": cashier → manager" {
			t.Errorf("the role change's entry: %+v", e)
		}

		// Two owners demote each other at once: one of them stays owner.
		second := newUser(t, s, tn, "second", customer.RoleOwner)
		var wg sync.WaitGroup
		for _, pair := range [][2]customer.User{{owner, second}, {second, owner}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = s.SetRole(ctx, tn.ID, pair[1].ID, customer.RoleManager, pair[0].Email)
			}()
		}
		wg.Wait()
		staff, err := s.Users(ctx, tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		owners := 0
		for _, u := range staff {
			if u.Role == customer.RoleOwner && u.Active {
				owners++
			}
		}
		if owners != 1 {
			t.Errorf("after two owners demoted each other: %d owners, want 1", owners)
		}
	})
}

// TestTokenLifecycle: tokens are named within a tenant, listed with their user, expire, record
// their last use, and are revoked by name.
func TestTokenLifecycle(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		tn := newTenant(t, s)
		u := newUser(t, s, tn, "script", customer.RoleManager)
		tok := customer.APIToken{TokenHash: "a-" + tn.Slug, UserID: u.ID, Name: "nightly"}
		if err := s.CreateToken(ctx, &tok, u.Email); err != nil {
			t.Fatal(err)
		}
		if tok.TenantID != tn.ID || tok.UserEmail != u.Email || !tok.ExpiresAt.Equal(tok.CreatedAt.Add(customer.DefaultTokenTTL)) {
			t.Errorf("CreateToken set %+v", tok)
		}
		if err := s.CreateToken(ctx, &customer.APIToken{TokenHash: "b-" + tn.Slug, UserID: u.ID, Name: "nightly"}, ""); customer.ErrorCodeOf(err) != customer.EConflict {
			t.Errorf("a second token named nightly: %v, want EConflict", err)
		}
		expired := customer.APIToken{TokenHash: "c-" + tn.Slug, UserID: u.ID, Name: "old", ExpiresAt: time.Now().Add(-time.Second)}
		if err := s.CreateToken(ctx, &expired, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Token(ctx, expired.TokenHash); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("an expired token: %v, want ENotFound", err)
		}
		used := time.Now().UTC().Truncate(time.Millisecond)
		if err := s.TouchToken(ctx, tok.ID, used); err != nil {
			t.Fatal(err)
		}
		if err := s.TouchToken(ctx, tok.ID, used.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		list, err := s.Tokens(ctx, tn.ID)
		if err != nil || len(list) != 2 || list[0].Name != "nightly" || list[1].Name != "old" {
			t.Fatalf("Tokens = %+v, %v", list, err)
		}
		if !list[0].LastUsedAt.Equal(used) || list[0].UserEmail != u.Email {
			t.Errorf("listed %+v, want last used %v (a second later is within the minute)", list[0], used)
		}
		if err := s.RevokeToken(ctx, tn.ID, "nightly", u.Email); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Token(ctx, tok.TokenHash); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("a revoked token: %v, want ENotFound", err)
		}
		if err := s.RevokeToken(ctx, tn.ID, "nightly", u.Email); customer.ErrorCodeOf(err) != customer.ENotFound {
			t.Errorf("revoking it again: %v, want ENotFound", err)
		}
	})
}
