package access

import (
	"context"
	"time"

	"github.com/clientele/clientele/customer"
)

// Store keeps staff, sessions and tokens: SQLite or PostgreSQL (package sqlstore). Methods return
// *customer.Error with ENotFound when the thing asked for does not exist, and EConflict when a
// unique value (a user's email) is taken.
type Store interface {
	// TenantByID returns a tenant by its id.
	TenantByID(ctx context.Context, id int64) (customer.Tenant, error)
	// Tenant returns a tenant by its slug.
	Tenant(ctx context.Context, slug string) (customer.Tenant, error)
	// CreateUser stores a user, setting its ID and CreatedAt; EConflict when the email is taken
	// (in any tenant).
	CreateUser(ctx context.Context, u *customer.User) error
	// SetPassword replaces a user's password hash.
	SetPassword(ctx context.Context, userID int64, hash string) error
	// SetUserLanguage stores the language a user chose (one of customer.Languages, or "" for the
	// tenant's); EInvalid for any other.
	SetUserLanguage(ctx context.Context, userID int64, lang string) error
	// UserByEmail returns the user with the (lower-cased) email.
	UserByEmail(ctx context.Context, email string) (customer.User, error)
	// User returns a user by id.
	User(ctx context.Context, id int64) (customer.User, error)
	// Users returns a tenant's staff ordered by email.
	Users(ctx context.Context, tenantID int64) ([]customer.User, error)
	// CountUsers counts all users in all tenants (0 on a fresh install).
	CountUsers(ctx context.Context) (int, error)
	// CreateSession stores a session.
	CreateSession(ctx context.Context, s customer.Session) error
	// Session returns the session with the given token hash; ENotFound when there is none or
	// it has expired.
	Session(ctx context.Context, tokenHash string) (customer.Session, error)
	// DeleteSession ends a session (logging out); no error when it is already gone.
	DeleteSession(ctx context.Context, tokenHash string) error
	// CreateToken stores an API token, setting its ID and CreatedAt.
	CreateToken(ctx context.Context, t *customer.APIToken) error
	// Token returns the API token with the given hash.
	Token(ctx context.Context, tokenHash string) (customer.APIToken, error)
	// LoginFailures counts the failed logins recorded for key (client and email) at or after
	// since, by any server process on the database.
	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	// AddLoginFailure records a failed login for key at the given time, and deletes every
	// recorded failure (of any key) from before prune.
	AddLoginFailure(ctx context.Context, key string, at, prune time.Time) error
	// ClearLoginFailures forgets key's failed logins (after a successful one).
	ClearLoginFailures(ctx context.Context, key string) error
}
