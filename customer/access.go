package customer

import (
	"strconv"
	"strings"
	"time"
)

// Role is what a member of staff may do. Roles are fixed: a POS back office has owners, managers
// and cashiers, and each shop understands those words.
type Role string

// The roles.
const (
	RoleOwner   Role = "owner"   // everything, including the shop's settings, managing staff and reading the audit log
	RoleManager Role = "manager" // customer management: import, export, templates
	RoleCashier Role = "cashier" // may look up customers; no import or export
)

// Roles lists the roles from most to least powerful.
var Roles = []Role{RoleOwner, RoleManager, RoleCashier}

// ParseRole reads a role name; EInvalid for anything else.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, ok := range Roles {
		if r == ok {
			return r, nil
		}
	}
	return "", Errorf(EInvalid, "Unknown role %q: use owner, manager or cashier.", s)
}

// Permission is one thing a role may be allowed to do.
type Permission string

// The permissions.
const (
	PermViewCustomers   Permission = "customers.view"   // list and search customers
	PermManageCustomers Permission = "customers.manage" // import, export, templates, undo
	PermManageStaff     Permission = "staff.manage"     // users, tokens, audit log
	PermManageShop      Permission = "shop.manage"      // the shop's settings: name, country, language
	PermEraseCustomers  Permission = "customers.erase"  // erase a customer and their personal data (GDPR Art. 17)
)

// Can reports whether the role has permission p.
func (r Role) Can(p Permission) bool {
	switch r {
	case RoleOwner:
		return true
	case RoleManager:
		return p == PermViewCustomers || p == PermManageCustomers
	case RoleCashier:
		return p == PermViewCustomers
	}
	return false
}

// User is a member of a tenant's staff. Emails are unique across tenants, so that logging in
// needs only email and password.
type User struct {
	ID           int64
	TenantID     int64
	Email        string // stored lower-cased
	Role         Role
	PasswordHash string // an encoded argon2id hash; never the password
	CreatedAt    time.Time
	// Language is the language the user chose for the page, the template and messages (one of
	// Languages); "" means the tenant's language.
	Language string
	// Active is false for staff who left: they cannot log in, and their sessions and API tokens
	// are gone.
	Active bool
	// MustChangePassword marks a one-time password an owner handed out: the user chooses their
	// own before anything else.
	MustChangePassword bool
	// LastLoginAt is when the user last logged in; zero when never.
	LastLoginAt time.Time
}

// Session is a logged-in browser. Only the SHA-256 of its cookie value is stored, so a copy of
// the database does not let anyone in.
type Session struct {
	TokenHash string // hex SHA-256 of the cookie value
	UserID    int64
	CSRFToken string // sent back by the page in a header on every state-changing request
	CreatedAt time.Time
	ExpiresAt time.Time
}

// APIToken is a bearer token for API clients, acting as its user with the user's role; it ends
// at ExpiresAt, when it is revoked, or when its user is deactivated. Only its hash is stored.
type APIToken struct {
	ID         int64
	TokenHash  string // hex SHA-256 of the token
	UserID     int64
	TenantID   int64  // the user's tenant, set by the store
	Name       string // unique within the tenant
	UserEmail  string // the user's email, as listed
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt time.Time // zero when never used
}

// DefaultTokenTTL is how long an API token lasts unless its creator says otherwise.
const DefaultTokenTTL = 90 * 24 * time.Hour

// ParseTokenTTL reads how long a new API token lasts: whole days as "90d", or a Go duration such
// as "36h" or "2s". It fails with EInvalid for anything else, and for a lifetime that is not
// positive or is longer than ten years.
func ParseTokenTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, Errorf(EInvalid, "Token lifetime %q: give days as 90d, or a duration such as 36h.", s)
		}
		d = time.Duration(min(max(n, 0), 3661)) * 24 * time.Hour // no overflow
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, Errorf(EInvalid, "Token lifetime %q: give days as 90d, or a duration such as 36h.", s)
		}
	}
	if d <= 0 || d > 3660*24*time.Hour {
		return 0, Errorf(EInvalid, "Token lifetime %q: it must be more than nothing and at most 3660 days.", s)
	}
	return d, nil
}

// LoginLimit is one limit on login attempts, counted under Key (an account, a client address, or
// both): within Window, the first Free attempts pass at once; after that each must wait a delay
// that starts at Base and doubles with every attempt, up to Cap. A success clears or refunds the
// attempt (web/auth.go says which).
type LoginLimit struct {
	Key    string
	Free   int
	Base   time.Duration
	Cap    time.Duration
	Window time.Duration
}

// AuditEntry records one action on a tenant's customers: an import staged, confirmed or
// discarded, an export, an undo.
type AuditEntry struct {
	ID         int64
	TenantID   int64
	At         time.Time
	Actor      string // the user's email, or "os:NAME" for the CLI run by an OS user not named as staff
	Action     string // "import", "confirm", "discard", "export", "undo", …
	ImportID   int64  // 0 when the action concerns no import
	FileName   string
	FileSHA256 string
	Summary    Summary
	Detail     string
}
