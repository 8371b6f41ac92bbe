package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/customer"
)

// staffStore keeps the staff: who they are, their roles, access and passwords. The changes are
// audited by the store, with the actor given.
type staffStore interface {
	// Users returns the tenant's staff ordered by email.
	Users(ctx context.Context, tenantID int64) ([]customer.User, error)
	// AddStaff stores a new member of staff; EConflict when the email is taken.
	AddStaff(ctx context.Context, u *customer.User, actor string) error
	// SetRole changes a member's role; ENotFound when the tenant has no such user, EConflict
	// for the last active owner.
	SetRole(ctx context.Context, tenantID, userID int64, role customer.Role, actor string) (customer.User, error)
	// SetActive (de)activates a member; deactivating ends their sessions and tokens. ENotFound
	// when the tenant has no such user, EConflict for the last active owner.
	SetActive(ctx context.Context, tenantID, userID int64, active bool, actor string) (customer.User, error)
	// ResetPassword gives a member a one-time password (its hash) and ends their sessions.
	ResetPassword(ctx context.Context, tenantID, userID int64, hash, actor string) (customer.User, error)
	// ChangePassword sets a user's own password and ends their other sessions than keep.
	ChangePassword(ctx context.Context, userID int64, hash, keep string) error
}

// staffBody is a member of staff as the API shows them.
type staffBody struct {
	ID                 int64         `json:"id"`
	Email              string        `json:"email"`
	Role               customer.Role `json:"role"`
	Language           string        `json:"language"` // "" follows the shop's
	Active             bool          `json:"active"`
	MustChangePassword bool          `json:"must_change_password"`
	CreatedAt          time.Time     `json:"created_at"`
	LastLoginAt        *time.Time    `json:"last_login_at"` // null when never
	// OneTimePassword is set only in the answer that made it (adding, a reset): it is shown
	// once and stored only as a hash.
	OneTimePassword string `json:"one_time_password,omitempty"`
}

func staffOf(u customer.User) staffBody {
	b := staffBody{ID: u.ID, Email: u.Email, Role: u.Role, Language: u.Language, Active: u.Active,
		MustChangePassword: u.MustChangePassword, CreatedAt: u.CreatedAt}
	if !u.LastLoginAt.IsZero() {
		t := u.LastLoginAt
		b.LastLoginAt = &t
	}
	return b
}

// handleStaff lists the shop's staff.
func (s *Server) handleStaff(w http.ResponseWriter, r *http.Request, a *actor) error {
	users, err := s.store.Users(r.Context(), a.tenant.ID)
	if err != nil {
		return err
	}
	out := struct {
		Staff []staffBody `json:"staff"`
	}{Staff: make([]staffBody, 0, len(users))}
	for _, u := range users {
		out.Staff = append(out.Staff, staffOf(u))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// oneTimePassword makes a password to hand to a member of staff once, with its hash: 16
// characters of base64url, 96 random bits.
func (s *Server) oneTimePassword(ctx context.Context) (plain, hash string, err error) {
	secret, _, err := access.NewSecret()
	if err != nil {
		return "", "", err
	}
	plain = secret[:16]
	hash, err = s.hashPassword(ctx, plain)
	return plain, hash, err
}

// handleAddStaff adds a member of staff ({"email", "role", "language"}) with a one-time
// password, answered once; they choose their own after logging in.
func (s *Server) handleAddStaff(w http.ResponseWriter, r *http.Request, a *actor) error {
	var in struct {
		Email    string `json:"email"`
		Role     string `json:"role"`
		Language string `json:"language"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	email, ok := customer.NormalizeEmail(in.Email)
	if !ok || strings.TrimSpace(in.Email) == "" {
		return customer.Errorf(customer.EInvalid, "%q is not an email address.", strings.TrimSpace(in.Email))
	}
	role, err := customer.ParseRole(in.Role)
	if err != nil {
		return err
	}
	plain, hash, err := s.oneTimePassword(r.Context())
	if err != nil {
		return err
	}
	u := customer.User{TenantID: a.tenant.ID, Email: email, Role: role, PasswordHash: hash,
		Language: strings.ToLower(strings.TrimSpace(in.Language)), MustChangePassword: true}
	if err := s.store.AddStaff(r.Context(), &u, a.user.Email); err != nil {
		return err
	}
	b := staffOf(u)
	b.OneTimePassword = plain
	writeJSON(w, http.StatusCreated, b)
	return nil
}

func staffID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, customer.Errorf(customer.ENotFound, "No member of staff %q.", r.PathValue("id"))
	}
	return id, nil
}

// handleUpdateStaff changes a member's role ({"role": "manager"}) or access ({"active": false}
// ends their sessions and tokens at once). The last active owner keeps both (409).
func (s *Server) handleUpdateStaff(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := staffID(r)
	if err != nil {
		return err
	}
	// Another shop's member is not found, whatever the body says.
	if u, err := s.store.User(r.Context(), id); customer.ErrorCodeOf(err) == customer.ENotFound || (err == nil && u.TenantID != a.tenant.ID) {
		return customer.Errorf(customer.ENotFound, "This shop group has no user %d.", id)
	} else if err != nil {
		return err
	}
	var in struct {
		Role   *string `json:"role"`
		Active *bool   `json:"active"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if in.Role == nil && in.Active == nil {
		return customer.Errorf(customer.EInvalid, "Send what to change: {\"role\": \"cashier\"} or {\"active\": false}.")
	}
	var u customer.User
	if in.Role != nil {
		role, err := customer.ParseRole(*in.Role)
		if err != nil {
			return err
		}
		if u, err = s.store.SetRole(r.Context(), a.tenant.ID, id, role, a.user.Email); err != nil {
			return err
		}
	}
	if in.Active != nil {
		if u, err = s.store.SetActive(r.Context(), a.tenant.ID, id, *in.Active, a.user.Email); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, staffOf(u))
	return nil
}

// handleResetPassword gives a member of staff a new one-time password, answered once, and ends
// their sessions.
func (s *Server) handleResetPassword(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := staffID(r)
	if err != nil {
		return err
	}
	plain, hash, err := s.oneTimePassword(r.Context())
	if err != nil {
		return err
	}
	u, err := s.store.ResetPassword(r.Context(), a.tenant.ID, id, hash, a.user.Email)
	if err != nil {
		return err
	}
	b := staffOf(u)
	b.OneTimePassword = plain
	writeJSON(w, http.StatusOK, b)
	return nil
}

// handleChangePassword sets the user's own password ({"current_password", "new_password"}) and
// ends every other session of theirs; answers /api/me. The current password is checked under the
// login limits, so that a stolen session cannot guess it.
func (s *Server) handleChangePassword(w http.ResponseWriter, r *http.Request, a *actor) error {
	var in struct {
		Current string `json:"current_password"`
		New     string `json:"new_password"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	ip := s.clientIP(r)
	wait, err := s.limiter.take(r.Context(), ip, a.user.Email)
	if err != nil {
		return err
	}
	if wait > 0 {
		return customer.Errorf(customer.EForbidden, "Too many wrong passwords; wait %s and try again.", waitWords(int((wait+time.Second-1)/time.Second)))
	}
	ok, err := s.checkPassword(r.Context(), a.user.PasswordHash, in.Current)
	if err != nil {
		return err
	}
	if !ok {
		return customer.Errorf(customer.EInvalid, "The current password is not right.")
	}
	if err := s.limiter.succeeded(r.Context(), ip, a.user.Email); err != nil {
		return err
	}
	if in.New == in.Current {
		return customer.Errorf(customer.EInvalid, "Choose a new password, not the one you have.")
	}
	hash, err := s.hashPassword(r.Context(), in.New)
	if err != nil {
		return err
	}
	keep := ""
	if a.session != nil {
		keep = a.session.TokenHash
	}
	if err := s.store.ChangePassword(r.Context(), a.user.ID, hash, keep); err != nil {
		return err
	}
	a.user.MustChangePassword = false
	writeJSON(w, http.StatusOK, meOf(a.user, a.tenant, a.session))
	return nil
}
