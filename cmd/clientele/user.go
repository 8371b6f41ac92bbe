package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/customer"
)

const (
	userAddUsage     = "user add --email EMAIL --role owner|manager|cashier [--lang en|nb|pl] --password-stdin"
	userUsage        = userAddUsage + " | user list [--json] | user set-role --email EMAIL --role ROLE | user deactivate --email EMAIL | user reset-password --email EMAIL"
	tokenCreateUsage = "token create --email EMAIL [--name NAME] [--expires 90d]"
	tokenUsage       = tokenCreateUsage + " | token list [--json] | token revoke NAME"
)

// cmdUser manages the tenant's staff: add, list, set-role, deactivate, reset-password.
func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return cmdUserAdd(ctx, e, args[1:])
		case "list":
			return cmdUserList(ctx, e, args[1:])
		case "set-role":
			return cmdUserSetRole(ctx, e, args[1:])
		case "deactivate":
			return cmdUserDeactivate(ctx, e, args[1:])
		case "reset-password":
			return cmdUserResetPassword(ctx, e, args[1:])
		}
	}
	return usagef("usage: clientele [--tenant SLUG] %s", userUsage)
}

// cmdUserAdd adds a member of staff to the tenant. The password comes only from stdin, never
// from a flag, where it would show in the process list and the shell's history.
func cmdUserAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "user add", "[--tenant SLUG] "+userAddUsage+"\n\nReads the password from the first line of stdin: printf '%s\\n' \"$PW\" | clientele user add …")
	email := fs.String("email", "", "the user's email, which is their login (unique across all shop groups)")
	roleName := fs.String("role", "", "owner (everything), manager (customers: import, export) or cashier (look up customers)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin")
	lang := fs.String("lang", "", "the user's language for the page, the template and messages: en, nb or pl (default: the shop group's)")
	fs.StringVar(lang, "language", "", "the same as --lang, as \"tenant add\" spells it")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("user add takes no arguments, only flags: %s", userAddUsage)
	}
	addr, err := loginEmail(*email)
	if err != nil {
		return err
	}
	if *roleName == "" {
		return usagef("user add needs --role owner, manager or cashier")
	}
	role, err := customer.ParseRole(*roleName)
	if err != nil {
		return err
	}
	*lang = strings.ToLower(strings.TrimSpace(*lang))
	if *lang != "" && !customer.KnownLanguage(*lang) {
		return usagef("--lang %s is not a language Clientele speaks: use %s", *lang, strings.Join(customer.Languages, ", "))
	}
	if !*fromStdin {
		return usagef("user add needs --password-stdin, with the password on stdin")
	}
	pw, err := readPassword(e.stdin)
	if err != nil {
		return err
	}
	hash, err := access.HashPassword(pw)
	if err != nil {
		return err
	}

	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u := customer.User{TenantID: t.ID, Email: addr, Role: role, PasswordHash: hash, Language: *lang}
	if err := s.AddStaff(ctx, &u, who); err != nil {
		if customer.ErrorCodeOf(err) == customer.EConflict {
			return &customer.Error{Code: customer.EConflict, Message: fmt.Sprintf("A user with email %s already exists.", addr), Err: err}
		}
		return err
	}
	fmt.Fprintf(e.stdout, "Added %s %s to shop group %s.\n", u.Role, u.Email, t.Slug)
	return nil
}

// loginEmail checks a user's email given on the command line and returns it lower-cased, as it
// is stored.
func loginEmail(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", usagef("--email is required")
	}
	addr, ok := customer.NormalizeEmail(s)
	if !ok {
		return "", customer.Errorf(customer.EInvalid, "%q is not an email address.", strings.TrimSpace(s))
	}
	return strings.ToLower(addr), nil
}

// readPassword returns the first line of r without its line ending, as "echo $PW |" and a
// here-string send it. Spaces are part of the password and kept.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from stdin: %w", err)
	}
	line = strings.TrimSuffix(line, "\n")
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return "", customer.Errorf(customer.EInvalid, "No password on stdin: give it on the first line.")
	}
	return line, nil
}

// staffMember finds the tenant's user by email; a user of another shop group is reported as
// missing, since this one has no such user.
func staffMember(ctx context.Context, s userFinder, t customer.Tenant, addr string) (customer.User, error) {
	u, err := s.UserByEmail(ctx, addr)
	if customer.ErrorCodeOf(err) == customer.ENotFound || (err == nil && u.TenantID != t.ID) {
		return u, customer.Errorf(customer.ENotFound, "Shop group %s has no user %s; add one with \"clientele user add\".", t.Slug, addr)
	}
	return u, err
}

// emailFlag parses a subcommand that takes only --email (and the flags add adds) and returns the
// email, lower-cased.
func emailFlag(e *env, name, usage string, args []string, add func(fs *flag.FlagSet)) (string, error) {
	fs := newFlagSet(e, name, "[--tenant SLUG] "+usage)
	email := fs.String("email", "", "the user's email")
	if add != nil {
		add(fs)
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 0 {
		return "", usagef("%s takes no arguments, only flags: %s", name, usage)
	}
	return loginEmail(*email)
}

// staffJSON is a member of staff as "user list --json" prints them (the API's fields).
type staffJSON struct {
	Email       string        `json:"email"`
	Role        customer.Role `json:"role"`
	Language    string        `json:"language"`
	Active      bool          `json:"active"`
	CreatedAt   time.Time     `json:"created_at"`
	LastLoginAt *time.Time    `json:"last_login_at"`
}

// cmdUserList prints the tenant's staff: a table, or a JSON array with --json.
func cmdUserList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "user list", "[--tenant SLUG] user list [--json]")
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("user list takes no arguments")
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	users, err := s.Users(ctx, t.ID)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]staffJSON, 0, len(users))
		for _, u := range users {
			j := staffJSON{Email: u.Email, Role: u.Role, Language: u.Language, Active: u.Active, CreatedAt: u.CreatedAt}
			if !u.LastLoginAt.IsZero() {
				j.LastLoginAt = &u.LastLoginAt
			}
			out = append(out, j)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tROLE\tLANGUAGE\tLAST LOGIN\tACTIVE")
	for _, u := range users {
		lang, last, active := u.Language, "never", "yes"
		if lang == "" {
			lang = "(shop's)"
		}
		if !u.LastLoginAt.IsZero() {
			last = u.LastLoginAt.Local().Format("2006-01-02 15:04")
		}
		if !u.Active {
			active = "no"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Role, lang, last, active)
	}
	return tw.Flush()
}

// cmdUserSetRole changes a member's role; the last active owner stays owner.
func cmdUserSetRole(ctx context.Context, e *env, args []string) error {
	var roleName *string
	addr, err := emailFlag(e, "user set-role", "user set-role --email EMAIL --role owner|manager|cashier", args, func(fs *flag.FlagSet) {
		roleName = fs.String("role", "", "owner, manager or cashier")
	})
	if err != nil {
		return err
	}
	if *roleName == "" {
		return usagef("user set-role needs --role owner, manager or cashier")
	}
	role, err := customer.ParseRole(*roleName)
	if err != nil {
		return err
	}
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := staffMember(ctx, s, t, addr)
	if err != nil {
		return err
	}
	if u, err = s.SetRole(ctx, t.ID, u.ID, role, who); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s is now %s in shop group %s.\n", u.Email, u.Role, t.Slug)
	return nil
}

// cmdUserDeactivate takes a member's access away: they cannot log in, and their sessions and API
// tokens end at once.
func cmdUserDeactivate(ctx context.Context, e *env, args []string) error {
	addr, err := emailFlag(e, "user deactivate", "user deactivate --email EMAIL", args, nil)
	if err != nil {
		return err
	}
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := staffMember(ctx, s, t, addr)
	if err != nil {
		return err
	}
	if _, err = s.SetActive(ctx, t.ID, u.ID, false, who); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Deactivated %s: their sessions and API tokens have ended.\n", u.Email)
	return nil
}

// cmdUserResetPassword gives a member a one-time password, printed alone on the last line of
// stdout, once; they choose their own after logging in. Their sessions end.
func cmdUserResetPassword(ctx context.Context, e *env, args []string) error {
	addr, err := emailFlag(e, "user reset-password", "user reset-password --email EMAIL", args, nil)
	if err != nil {
		return err
	}
	secret, _, err := access.NewSecret()
	if err != nil {
		return err
	}
	password := secret[:16]
	hash, err := access.HashPassword(password)
	if err != nil {
		return err
	}
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := staffMember(ctx, s, t, addr)
	if err != nil {
		return err
	}
	if _, err = s.ResetPassword(ctx, t.ID, u.ID, hash, who); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "One-time password for %s (shown only now; they choose their own when they log in):\n%s\n", u.Email, password)
	return nil
}

// cmdToken manages the tenant's API tokens: create, list, revoke.
func cmdToken(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "create":
			return cmdTokenCreate(ctx, e, args[1:])
		case "list":
			return cmdTokenList(ctx, e, args[1:])
		case "revoke":
			return cmdTokenRevoke(ctx, e, args[1:])
		}
	}
	return usagef("usage: clientele [--tenant SLUG] %s", tokenUsage)
}

// cmdTokenCreate creates an API token for a member of staff of the tenant, acting with their
// role until it expires. The token is printed alone on stdout, so that a script can capture it;
// only its hash is stored, so it cannot be shown again.
func cmdTokenCreate(ctx context.Context, e *env, args []string) error {
	var name, expires *string
	addr, err := emailFlag(e, "token create", tokenCreateUsage+"\n\nPrints a bearer token for the API, acting as the user, once, on the last line.", args, func(fs *flag.FlagSet) {
		name = fs.String("name", "", "the token's name in the shop group, for token list and revoke (default: made up)")
		expires = fs.String("expires", "90d", "how long the token lasts: days as 90d, or a duration such as 36h")
	})
	if err != nil {
		return err
	}
	ttl, err := customer.ParseTokenTTL(*expires)
	if err != nil {
		return err
	}
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := staffMember(ctx, s, t, addr)
	if err != nil {
		return err
	}
	plain, hash, err := access.NewSecret()
	if err != nil {
		return err
	}
	tok := customer.APIToken{TokenHash: hash, UserID: u.ID, Name: *name, ExpiresAt: time.Now().Add(ttl)}
	if err := s.CreateToken(ctx, &tok, who); err != nil {
		return err
	}
	// The token alone, so that "$(clientele token create …)" is the token; token list shows
	// its name and expiry.
	fmt.Fprintln(e.stdout, plain)
	return nil
}

// tokenJSON is an API token as "token list --json" prints it (the API's fields).
type tokenJSON struct {
	Name       string     `json:"name"`
	Email      string     `json:"email"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	Expired    bool       `json:"expired"`
}

// cmdTokenList prints the tenant's API tokens: a table, or a JSON array with --json.
func cmdTokenList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "token list", "[--tenant SLUG] token list [--json]")
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("token list takes no arguments")
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Tokens(ctx, t.ID)
	if err != nil {
		return err
	}
	now := time.Now()
	if *asJSON {
		out := make([]tokenJSON, 0, len(list))
		for _, tok := range list {
			j := tokenJSON{Name: tok.Name, Email: tok.UserEmail, CreatedAt: tok.CreatedAt, ExpiresAt: tok.ExpiresAt, Expired: !now.Before(tok.ExpiresAt)}
			if !tok.LastUsedAt.IsZero() {
				j.LastUsedAt = &tok.LastUsedAt
			}
			out = append(out, j)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	const day = "2006-01-02 15:04"
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tUSER\tCREATED\tLAST USED\tEXPIRES")
	for _, tok := range list {
		used, expires := "never", tok.ExpiresAt.Local().Format(day)
		if !tok.LastUsedAt.IsZero() {
			used = tok.LastUsedAt.Local().Format(day)
		}
		if !now.Before(tok.ExpiresAt) {
			expires += " (expired)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", tok.Name, tok.UserEmail, tok.CreatedAt.Local().Format(day), used, expires)
	}
	return tw.Flush()
}

// cmdTokenRevoke deletes the tenant's API token of that name: it stops working at once.
func cmdTokenRevoke(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "token revoke", "[--tenant SLUG] token revoke NAME")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return usagef("usage: clientele [--tenant SLUG] token revoke NAME")
	}
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.RevokeToken(ctx, t.ID, pos[0], who); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Revoked API token %s.\n", pos[0])
	return nil
}
