package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sqlstore"
)

func cmdTenant(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("usage: clientele tenant add SLUG [--country NO] [--language en|nb|pl] [--name NAME]")
	}
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
