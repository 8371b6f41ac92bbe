package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/record"
	"github.com/clientele/clientele/sqlstore"
)

const customerUsage = "customer export ID | customer erase ID --yes"

// cmdCustomer answers the GDPR requests about one customer: export (everything held about them,
// as JSON on stdout) and erase (delete them and every copy of their personal data).
func cmdCustomer(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("clientele %s", customerUsage)
	}
	switch args[0] {
	case "export":
		return cmdCustomerExport(ctx, e, args[1:])
	case "erase":
		return cmdCustomerErase(ctx, e, args[1:])
	}
	return usagef("unknown customer command %q: clientele %s", args[0], customerUsage)
}

// customerID reads the one positional argument, a customer id.
func customerID(pos []string, usage string) (int64, error) {
	if len(pos) != 1 {
		return 0, usagef("give one customer id: clientele %s", usage)
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("customer id must be a number, not %q", pos[0])
	}
	return id, nil
}

func cmdCustomerExport(ctx context.Context, e *env, args []string) error {
	const usage = "customer export ID [--lang en|nb|pl]"
	fs := newFlagSet(e, "customer export", usage)
	lang := fs.String("lang", "", "the language of the field headers (default: yours, else the shop group's)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	id, err := customerID(pos, usage)
	if err != nil {
		return err
	}
	if *lang != "" && !customer.KnownLanguage(*lang) {
		return usagef("--lang must be en, nb or pl, not %q", *lang)
	}
	s, t, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	who, userLang, err := e.actorLang(ctx, s, t)
	if err != nil {
		return err
	}
	if *lang == "" {
		*lang = userLang
	}
	rec := &record.Service{Store: s}
	rep, err := rec.Access(ctx, t, id, *lang)
	if err != nil {
		return err
	}
	if err := rec.AuditAccess(ctx, s, t, id, who); err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

func cmdCustomerErase(ctx context.Context, e *env, args []string) error {
	const usage = "customer erase ID --yes"
	fs := newFlagSet(e, "customer erase", usage)
	yes := fs.Bool("yes", false, "erase: the customer and every copy of their personal data are deleted for good")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	id, err := customerID(pos, usage)
	if err != nil {
		return err
	}
	if !*yes {
		return usagef("nothing was erased: erasing cannot be undone; run again with --yes to erase customer %d", id)
	}
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := mayErase(ctx, s, who); err != nil {
		return err
	}
	account, err := (&record.Service{Store: s}).Erase(ctx, t, id, who)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Erased customer %d (account %s) and every copy of their personal data; the audit log records that it was erased.\n", id, account)
	return nil
}

// mayErase refuses a member of staff named with --as or CLIENTELE_USER who is not an owner. An
// operating-system user who names no one has the database itself in hand.
func mayErase(ctx context.Context, s *sqlstore.Store, who string) error {
	if len(who) > len(osActorPrefix) && who[:len(osActorPrefix)] == osActorPrefix {
		return nil
	}
	u, err := s.UserByEmail(ctx, who)
	if err != nil {
		return err
	}
	if !u.Role.Can(customer.PermEraseCustomers) {
		return customer.Errorf(customer.EForbidden, "Only an owner may erase a customer; %s is a %s.", who, u.Role)
	}
	return nil
}
