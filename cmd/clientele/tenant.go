package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sqlstore"
)

const tenantUsage = "usage: clientele tenant add SLUG [--country NO] [--language en|nb|pl] [--name NAME]\n" +
	"       clientele [--tenant SLUG] tenant set [--name NAME] [--country PL] [--language en|nb|pl]"

func cmdTenant(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef(tenantUsage)
	}
	switch args[0] {
	case "add":
		return cmdTenantAdd(ctx, e, args)
	case "set":
		return cmdTenantSet(ctx, e, args[1:])
	}
	return usagef(tenantUsage)
}

// cmdTenantSet changes the settings of the shop group the command works on (--tenant, by
// default "default"), as an owner does in the page: audited, with the same checks.
func cmdTenantSet(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "tenant set", "[--tenant SLUG] tenant set [--name NAME] [--country PL] [--language en|nb|pl]")
	var change customer.TenantChange
	fs.Func("name", "the shop group's display name", func(s string) error { change.Name = &s; return nil })
	fs.Func("country", "the country (ISO code, such as NO or PL) of phone numbers without a country code and of rows without a country", func(s string) error { change.Country = &s; return nil })
	fs.Func("language", "the shop's language for dates and words, and the default of the page: en, nb or pl", func(s string) error { change.Language = &s; return nil })
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("tenant set takes no arguments; name the shop group with --tenant SLUG")
	}
	if change.Name == nil && change.Country == nil && change.Language == nil {
		return usagef("tenant set needs --name, --country or --language")
	}
	s, t, who, err := e.openAs(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err = s.UpdateTenant(ctx, t.ID, change, who)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Shop group %s: name %q, country %s, language %s.\n", t.Slug, t.Name, t.Country, t.Language)
	return nil
}

func cmdTenantAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "tenant add", "tenant add SLUG [--country NO] [--language en|nb|pl] [--name NAME]")
	country := fs.String("country", "NO", "the default country (ISO code) for rows without one and for phone numbers")
	language := fs.String("language", "en", "the locale for dates and words: en, nb or pl")
	name := fs.String("name", "", "a display name (default: the slug)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("tenant add takes one SLUG")
	}
	code, ok := customer.CountryCode(*country)
	if !ok {
		return usagef("--country: %q is not a country code", *country)
	}
	switch *language {
	case "en", "nb", "pl":
	default:
		return usagef("--language must be en, nb or pl, not %q", *language)
	}
	slug := strings.ToLower(pos[0])
	if *name == "" {
		*name = slug
	}
	s, err := sqlstore.Open(ctx, e.db)
	if err != nil {
		return err
	}
	defer s.Close()
	t := customer.Tenant{Slug: slug, Name: *name, Country: code, Language: *language}
	if err := s.CreateTenant(ctx, &t); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Created shop group %s (country %s, language %s).\n", t.Slug, t.Country, t.Language)
	return nil
}
