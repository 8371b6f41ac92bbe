package main

import (
	"context"
	"os"
	"os/user"
	"strings"

	"github.com/clientele/clientele/customer"
)

// osActorPrefix marks an actor that is an operating-system user, not a member of staff: the CLI
// run without --as or CLIENTELE_USER records "os:ola" as who imported, confirmed or exported.
const osActorPrefix = "os:"

// userFinder finds a member of staff by email (sqlstore.Store).
type userFinder interface {
	UserByEmail(ctx context.Context, email string) (customer.User, error)
}

// actor returns who the CLI records as doing what it does in tenant t: the member of staff named
// by --as (else $CLIENTELE_USER), by their email, who must be one of t's users; or, with neither,
// the operating-system user, marked with osActorPrefix. It fails with ENotFound naming an email
// that is no user of t.
func (e *env) actor(ctx context.Context, users userFinder, t customer.Tenant) (string, error) {
	who, _, err := e.actorLang(ctx, users, t)
	return who, err
}

// actorLang is actor with the language the files the CLI writes for that person are in: the
// staff member's choice, else the shop group's.
func (e *env) actorLang(ctx context.Context, users userFinder, t customer.Tenant) (who, lang string, err error) {
	email, from := e.as, "--as"
	if email == "" {
		email, from = strings.TrimSpace(os.Getenv("CLIENTELE_USER")), "CLIENTELE_USER"
	}
	if email == "" {
		return osActorPrefix + osUser(), t.Language, nil
	}
	u, err := users.UserByEmail(ctx, email)
	if customer.ErrorCodeOf(err) == customer.ENotFound || (err == nil && u.TenantID != t.ID) {
		return "", "", customer.Errorf(customer.ENotFound, "%s %s is no user of shop group %q; name one of its staff (clientele user add adds one).", from, email, t.Slug)
	}
	if err != nil {
		return "", "", err
	}
	if u.Language != "" {
		return u.Email, u.Language, nil
	}
	return u.Email, t.Language, nil
}

// osUser is the name of the user running the process, "unknown" when it cannot be told.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range []string{"USER", "USERNAME", "LOGNAME"} {
		if s := os.Getenv(v); s != "" {
			return s
		}
	}
	return "unknown"
}
