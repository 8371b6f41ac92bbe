package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/clientele/clientele/customer"
)

// normalEmail is how a user's email is stored and looked up: trimmed and lower-cased, so that
// "Ola@Example.no" logs in as "ola@example.no" and cannot be registered beside it.
func normalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

const userColumns = `id, tenant_id, email, role, password_hash, created_at, language, active, must_change_password, last_login_at`

func scanUser(sc scanner) (customer.User, error) {
	var u customer.User
	var role string
	err := sc.Scan(&u.ID, &u.TenantID, &u.Email, &role, &u.PasswordHash, timeDest{&u.CreatedAt}, &u.Language,
		&u.Active, &u.MustChangePassword, timeDest{&u.LastLoginAt})
	u.Role = customer.Role(role)
	return u, err
}

// CreateUser stores an active user with the email lower-cased, setting its ID, Email, Active and
// CreatedAt. It fails with EInvalid for an empty email, an unknown role or a language Clientele
// does not speak ("" is the tenant's language), with ENotFound when the tenant does not exist,
// and with EConflict when the email is taken, in any tenant.
func (s *Store) CreateUser(ctx context.Context, u *customer.User) error {
	return s.write(ctx, func(q *queries) error { return q.createUser(ctx, u) })
}

func (q *queries) createUser(ctx context.Context, u *customer.User) error {
	email := normalEmail(u.Email)
	if email == "" {
		return customer.Errorf(customer.EInvalid, "A user needs an email.")
	}
	role, err := customer.ParseRole(string(u.Role))
	if err != nil {
		return err
	}
	if err := checkUserLanguage(u.Language); err != nil {
		return err
	}
	if err := q.requireTenant(ctx, u.TenantID); err != nil {
		return err
	}
	created := now()
	var id int64
	err = q.queryRow(ctx, `
		INSERT INTO users (tenant_id, email, role, password_hash, created_at, language, active, must_change_password)
		VALUES (?, ?, ?, ?, ?, ?, TRUE, ?)
		RETURNING id`,
		u.TenantID, email, string(role), u.PasswordHash, q.d.timeArg(created), u.Language, u.MustChangePassword).Scan(&id)
	if e := conflict(err); e != nil {
		return e
	}
	if err != nil {
		return fmt.Errorf("sqlstore: create user: %w", err)
	}
	u.ID, u.Email, u.Role, u.CreatedAt, u.Active = id, email, role, created, true
	return nil
}

func userNotFound(id int64) error {
	return customer.Errorf(customer.ENotFound, "User %d not found.", id)
}

// SetPassword replaces a user's password hash. It fails with ENotFound when the user does not
// exist.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	return s.write(ctx, func(q *queries) error {
		res, err := q.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
		if err != nil {
			return fmt.Errorf("sqlstore: set password: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlstore: set password: %w", err)
		} else if n == 0 {
			return userNotFound(userID)
		}
		return nil
	})
}

// checkUserLanguage accepts the languages Clientele speaks and "", the tenant's language. A
// stored user language is always one of these, so that every reader can use it as it is.
func checkUserLanguage(lang string) error {
	if lang == "" || customer.KnownLanguage(lang) {
		return nil
	}
	return customer.Errorf(customer.EInvalid, "Unknown language %q: use %s, or nothing for the shop's language.", lang, strings.Join(customer.Languages, ", "))
}

// SetUserLanguage stores the language a user chose for the page, the template and messages; ""
// goes back to the tenant's language. It fails with EInvalid for a language Clientele does not
// speak and with ENotFound when the user does not exist.
func (s *Store) SetUserLanguage(ctx context.Context, userID int64, lang string) error {
	if err := checkUserLanguage(lang); err != nil {
		return err
	}
	return s.write(ctx, func(q *queries) error {
		res, err := q.exec(ctx, `UPDATE users SET language = ? WHERE id = ?`, lang, userID)
		if err != nil {
			return fmt.Errorf("sqlstore: set user language: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlstore: set user language: %w", err)
		} else if n == 0 {
			return userNotFound(userID)
		}
		return nil
	})
}

// UserByEmail returns the user with the email, compared trimmed and lower-cased; ENotFound when
// there is none.
func (s *Store) UserByEmail(ctx context.Context, email string) (customer.User, error) {
	var u customer.User
	err := s.read(ctx, func(q *queries) error {
		var err error
		u, err = scanUser(q.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, normalEmail(email)))
		if errors.Is(err, sql.ErrNoRows) {
			return customer.Errorf(customer.ENotFound, "No user with email %s.", normalEmail(email))
		}
		if err != nil {
			return fmt.Errorf("sqlstore: user: %w", err)
		}
		return nil
	})
	return u, err
}

// User returns the user with the given id; ENotFound when there is none.
func (s *Store) User(ctx context.Context, id int64) (customer.User, error) {
	var u customer.User
	err := s.read(ctx, func(q *queries) error {
		var err error
		u, err = scanUser(q.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return userNotFound(id)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: user: %w", err)
		}
		return nil
	})
	return u, err
}

// Users returns the tenant's staff ordered by email. It fails with ENotFound when the tenant does
// not exist.
func (s *Store) Users(ctx context.Context, tenantID int64) ([]customer.User, error) {
	var out []customer.User
	err := s.read(ctx, func(q *queries) error {
		rows, err := q.query(ctx, `SELECT `+userColumns+` FROM users
			WHERE tenant_id = ?
			ORDER BY email`, tenantID)
		if err != nil {
			return fmt.Errorf("sqlstore: users: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return fmt.Errorf("sqlstore: users: %w", err)
			}
			out = append(out, u)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: users: %w", err)
		}
		if len(out) == 0 {
			return q.requireTenant(ctx, tenantID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CountUsers counts the users of all tenants: 0 on a fresh install, where the first user is
// made without logging in.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.read(ctx, func(q *queries) error {
		if err := q.queryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
			return fmt.Errorf("sqlstore: count users: %w", err)
		}
		return nil
	})
	return n, err
}

// requireUser returns ENotFound unless the user exists.
func (q *queries) requireUser(ctx context.Context, userID int64) error {
	var one int
	err := q.queryRow(ctx, `SELECT 1 FROM users WHERE id = ?`, userID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return userNotFound(userID)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: find user: %w", err)
	}
	return nil
}
