package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/customer"
)

const (
	userAddUsage     = "user add --email EMAIL --role owner|manager|cashier [--lang en|nb|pl] --password-stdin"
	tokenCreateUsage = "token create --email EMAIL"
)

// cmdUser adds a member of staff to the tenant. The password comes only from stdin, never from
// a flag, where it would show in the process list and the shell's history.
func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("usage: clientele [--tenant SLUG] %s", userAddUsage)
	}
	fs := newFlagSet(e, "user add", "[--tenant SLUG] "+userAddUsage+"\n\nReads the password from the first line of stdin: printf '%s\\n' \"$PW\" | clientele user add …")
	email := fs.String("email", "", "the user's email, which is their login (unique across all shop groups)")
	roleName := fs.String("role", "", "owner (everything), manager (customers: import, export) or cashier (look up customers)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin")
	lang := fs.String("lang", "", "the user's language for the page, the template and messages: en, nb or pl (default: the shop group's)")
	fs.StringVar(lang, "language", "", "the same as --lang, as \"tenant add\" spells it")
	pos, err := parseInterleaved(fs, args[1:])
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

	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u := customer.User{TenantID: t.ID, Email: addr, Role: role, PasswordHash: hash, Language: *lang}
	if err := s.CreateUser(ctx, &u); err != nil {
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

// cmdToken creates an API token for a member of staff of the tenant. The token goes to stdout
// alone, so that a script can capture it; only its hash is stored, so it cannot be shown again.
func cmdToken(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return usagef("usage: clientele [--tenant SLUG] %s", tokenCreateUsage)
	}
	fs := newFlagSet(e, "token create", "[--tenant SLUG] "+tokenCreateUsage+"\n\nPrints a bearer token for the API, acting as the user, once.")
	email := fs.String("email", "", "the user the token acts as, in the shop group given by --tenant")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("token create takes no arguments, only flags: %s", tokenCreateUsage)
	}
	addr, err := loginEmail(*email)
	if err != nil {
		return err
	}

	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.UserByEmail(ctx, addr)
	// A user of another shop group is reported as missing: this one has no such user.
	if customer.ErrorCodeOf(err) == customer.ENotFound || (err == nil && u.TenantID != t.ID) {
		return customer.Errorf(customer.ENotFound, "Shop group %s has no user %s; add one with \"clientele user add\".", t.Slug, addr)
	}
	if err != nil {
		return err
	}
	plain, hash, err := access.NewSecret()
	if err != nil {
		return err
	}
	if err := s.CreateToken(ctx, &customer.APIToken{TokenHash: hash, UserID: u.ID}); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, plain)
	return nil
}
