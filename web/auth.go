package web

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/customer"
)

// accounts are the reads and writes of staff, sessions and API tokens that logging in and
// authenticating requests make. Methods return *customer.Error with ENotFound when the thing
// asked for does not exist.
type accounts interface {
	// TenantByID returns a tenant by its id.
	TenantByID(ctx context.Context, id int64) (customer.Tenant, error)
	// UserByEmail returns the user with the (lower-cased) email.
	UserByEmail(ctx context.Context, email string) (customer.User, error)
	// User returns a user by id.
	User(ctx context.Context, id int64) (customer.User, error)
	// CreateSession stores a session.
	CreateSession(ctx context.Context, s customer.Session) error
	// Session returns the session with the given token hash; ENotFound when there is none or
	// it has expired.
	Session(ctx context.Context, tokenHash string) (customer.Session, error)
	// DeleteSession ends a session (logging out); no error when it is already gone.
	DeleteSession(ctx context.Context, tokenHash string) error
	// Token returns the API token with the given hash; ENotFound when there is none, it has
	// expired, or its user is deactivated.
	Token(ctx context.Context, tokenHash string) (customer.APIToken, error)
	// TouchToken records that the token was used at the given time (at most once a minute).
	TouchToken(ctx context.Context, id int64, at time.Time) error
}

// sessionCookie names the browser session cookie.
const sessionCookie = "clientele_session"

// actor is who makes a request: a logged-in user of one tenant.
type actor struct {
	user    customer.User
	tenant  customer.Tenant
	session *customer.Session // nil when authenticated by a bearer token
}

// authenticate finds the actor of r from its bearer token or its session cookie; EUnauthorized
// when there is neither, or it is unknown or expired.
func (s *Server) authenticate(r *http.Request) (*actor, error) {
	ctx := r.Context()
	var a actor
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			return nil, customer.Errorf(customer.EUnauthorized, "The Authorization header must be “Bearer <token>”.")
		}
		t, err := s.store.Token(ctx, access.HashSecret(strings.TrimSpace(token)))
		if err == nil && !s.now().Before(t.ExpiresAt) {
			err = customer.Errorf(customer.ENotFound, "The API token has expired.")
		}
		if err != nil {
			return nil, unauthorized(err, "The API token is not valid.")
		}
		if a.user, err = s.store.User(ctx, t.UserID); err != nil {
			return nil, unauthorized(err, "The API token is not valid.")
		}
		if !a.user.Active {
			return nil, customer.Errorf(customer.EUnauthorized, "The API token is not valid.")
		}
		// Recorded at most once a minute, so that a busy client does not write (on SQLite: wait
		// for the write lock) on every request.
		if now := s.now(); now.Sub(t.LastUsedAt) >= time.Minute {
			if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
				return nil, err
			}
		}
	} else {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			return nil, customer.Errorf(customer.EUnauthorized, "Log in first.")
		}
		sess, err := s.store.Session(ctx, access.HashSecret(c.Value))
		if err != nil {
			return nil, unauthorized(err, "Your session has ended; log in again.")
		}
		a.session = &sess
		if a.user, err = s.store.User(ctx, sess.UserID); err != nil {
			return nil, unauthorized(err, "Your session has ended; log in again.")
		}
		if !a.user.Active {
			return nil, customer.Errorf(customer.EUnauthorized, "Your session has ended; log in again.")
		}
	}
	t, err := s.store.TenantByID(ctx, a.user.TenantID)
	if err != nil {
		return nil, err
	}
	a.tenant = t
	return &a, nil
}

// unauthorized turns a not-found lookup into EUnauthorized with msg; other errors pass.
func unauthorized(err error, msg string) error {
	if customer.ErrorCodeOf(err) == customer.ENotFound {
		return customer.Errorf(customer.EUnauthorized, "%s", msg)
	}
	return err
}

// handlerFunc is a handler of an authenticated request. Returning an error answers it.
type handlerFunc func(w http.ResponseWriter, r *http.Request, a *actor) error

// allow wraps h so that it runs only for an actor with permission perm ("" means any logged-in
// user). Cookie sessions must also send their CSRF token on state-changing requests.
func (s *Server) allow(perm customer.Permission, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if a.session != nil && !safeMethod(r.Method) {
			got := r.Header.Get("X-CSRF-Token")
			if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.session.CSRFToken)) != 1 {
				s.writeError(w, r, customer.Errorf(customer.EForbidden, "The request is missing its security token; reload the page and try again."))
				return
			}
		}
		if a.user.MustChangePassword && !beforeOwnPassword[r.Pattern] {
			s.writeError(w, r, customer.Errorf(customer.EForbidden, "Choose a password of your own first (PUT /api/me/password)."))
			return
		}
		if perm != "" && !a.user.Role.Can(perm) {
			s.writeError(w, r, customer.Errorf(customer.EForbidden, "Your role (%s) may not do this; ask the shop's owner.", a.user.Role))
			return
		}
		if err := h(w, r, a); err != nil {
			s.writeErrorIn(w, r, err, languageOf(a.user, a.tenant))
		}
	}
}

// beforeOwnPassword are the routes a user who logged in with a one-time password may use
// before choosing their own.
var beforeOwnPassword = map[string]bool{
	"GET /api/me": true, "PUT /api/me/password": true, "PUT /api/me/language": true, "DELETE /api/session": true,
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// protect adds the protections every response gets: cross-origin request refusal (the browser's
// Sec-Fetch-Site and Origin headers, Go's CrossOriginProtection) and security headers.
func (s *Server) protect(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	if s.publicOrigin != "" {
		// Behind a proxy the Host header may be the proxy's upstream, not what the browser's
		// Origin names.
		if err := cop.AddTrustedOrigin(s.publicOrigin); err != nil {
			s.log.Error("the public URL is not an origin", "url", s.publicOrigin, "err", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, customer.Errorf(customer.EForbidden, "Cross-site requests are refused."))
	}))
	inner := cop.Handler(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
		if s.isHTTPS(r) {
			hd.Set("Strict-Transport-Security", "max-age=63072000")
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v)
				s.writeError(w, r, customer.Errorf(customer.EInternal, "Internal error."))
			}
		}()
		inner.ServeHTTP(w, r)
	})
}

// meBody is what GET /api/me and a login answer.
type meBody struct {
	Email       string        `json:"email"`
	Role        customer.Role `json:"role"`
	Permissions []string      `json:"permissions"`
	CSRFToken   string        `json:"csrf_token,omitempty"`
	Tenant      tenantBody    `json:"tenant"`
	// Language is the page's language: the user's choice, else the tenant's (see languageOf).
	Language string `json:"language"`
	// UserLanguage is the user's own choice, "" when they follow the tenant.
	UserLanguage string `json:"user_language"`
	// Languages are the languages the user may choose from.
	Languages []string `json:"languages"`
	// MustChangePassword is true after logging in with a one-time password: the page asks for
	// a password of the user's own before anything else.
	MustChangePassword bool `json:"must_change_password"`
}

type tenantBody struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Country  string `json:"country"`
	Language string `json:"language"`
}

func tenantOf(t customer.Tenant) tenantBody {
	return tenantBody{Slug: t.Slug, Name: t.Name, Country: t.Country, Language: t.Language}
}

func meOf(u customer.User, t customer.Tenant, sess *customer.Session) meBody {
	m := meBody{Email: u.Email, Role: u.Role, Permissions: []string{},
		Tenant:   tenantOf(t),
		Language: languageOf(u, t), UserLanguage: u.Language, Languages: customer.Languages,
		MustChangePassword: u.MustChangePassword}
	for _, p := range []customer.Permission{customer.PermViewCustomers, customer.PermManageCustomers, customer.PermManageStaff, customer.PermManageShop, customer.PermEraseCustomers} {
		if u.Role.Can(p) {
			m.Permissions = append(m.Permissions, string(p))
		}
	}
	if sess != nil {
		m.CSRFToken = sess.CSRFToken
	}
	return m
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request, a *actor) error {
	writeJSON(w, http.StatusOK, meOf(a.user, a.tenant, a.session))
	return nil
}

// handleLogin checks email and password and starts a session.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := readJSON(r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	ip := s.clientIP(r)
	if wait, err := s.limiter.take(r.Context(), ip, email); err != nil {
		s.writeError(w, r, err)
		return
	} else if wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeJSON(w, http.StatusTooManyRequests, errorBodyOf("rate_limited", fmt.Sprintf("Too many failed logins; wait %s and try again.", waitWords(secs))))
		return
	}
	u, err := s.store.UserByEmail(r.Context(), email)
	if err != nil && customer.ErrorCodeOf(err) != customer.ENotFound {
		s.writeError(w, r, err)
		return
	}
	known := err == nil
	if !known {
		// Hash anyway, so that an unknown email takes as long as a wrong password and the
		// answer's timing does not tell who has an account.
		u.PasswordHash = s.dummyHash
	}
	match, err := s.checkPassword(r.Context(), u.PasswordHash, in.Password)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !match || !known {
		s.writeError(w, r, customer.Errorf(customer.EUnauthorized, "Wrong email or password."))
		return
	}
	if err := s.limiter.succeeded(r.Context(), ip, email); err != nil {
		s.writeError(w, r, err)
		return
	}
	if !u.Active {
		// Said only to someone who knows the password.
		s.writeError(w, r, customer.Errorf(customer.EUnauthorized, "Your account is deactivated; ask the shop's owner."))
		return
	}
	t, err := s.store.TenantByID(r.Context(), u.TenantID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sess, cookie, err := s.newSession(r.Context(), u.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: cookie, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.isHTTPS(r), Expires: sess.ExpiresAt,
	})
	writeJSON(w, http.StatusOK, meOf(u, t, &sess))
}

// newSession stores a session for the user and returns it with the cookie value, which is
// stored only as a hash.
func (s *Server) newSession(ctx context.Context, userID int64) (customer.Session, string, error) {
	cookie, hash, err := access.NewSecret()
	if err != nil {
		return customer.Session{}, "", err
	}
	csrf, _, err := access.NewSecret()
	if err != nil {
		return customer.Session{}, "", err
	}
	now := s.now().UTC()
	sess := customer.Session{TokenHash: hash, UserID: userID, CSRFToken: csrf, CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL)}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return customer.Session{}, "", err
	}
	return sess, cookie, nil
}

// handleLogout ends the session and clears the cookie.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request, a *actor) error {
	if a.session != nil {
		if err := s.store.DeleteSession(r.Context(), a.session.TokenHash); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.isHTTPS(r), MaxAge: -1})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func errorBodyOf(code, msg string) errorBody {
	var b errorBody
	b.Error.Code = customer.ErrorCode(code)
	b.Error.Message = msg
	return b
}
