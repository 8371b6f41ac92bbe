package customer

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxTenantName bounds a shop group's display name: it is shown in the page's header.
const maxTenantName = 100

// TenantChange is what an owner may change of a shop group's settings. A nil field stays as it is.
type TenantChange struct {
	Name     *string
	Country  *string // an ISO code or a country's name, as CountryCode reads it
	Language *string // one of Languages
}

// Apply returns t with the change made, the country as its ISO alpha-2 code. It fails with
// EInvalid for a blank or too long name, a country CountryCode does not know, or a language
// Clientele does not speak.
func (c TenantChange) Apply(t Tenant) (Tenant, error) {
	if c.Name != nil {
		name := strings.TrimSpace(*c.Name)
		if name == "" {
			return t, Errorf(EInvalid, "The shop's name cannot be blank.")
		}
		if utf8.RuneCountInString(name) > maxTenantName {
			return t, Errorf(EInvalid, "The shop's name is too long (at most %d characters).", maxTenantName)
		}
		t.Name = name
	}
	if c.Country != nil {
		code, ok := CountryCode(*c.Country)
		if !ok {
			return t, Errorf(EInvalid, "%q is not a country: give its ISO code, such as NO or PL.", *c.Country)
		}
		t.Country = code
	}
	if c.Language != nil {
		lang := strings.ToLower(strings.TrimSpace(*c.Language))
		if !KnownLanguage(lang) {
			return t, Errorf(EInvalid, "%q is not a language Clientele speaks: use %s.", *c.Language, strings.Join(Languages, ", "))
		}
		t.Language = lang
	}
	return t, nil
}

// TenantChanges describes what differs from old to t for the audit log ("country NO → PL;
// language en → pl"); "" when nothing does.
func TenantChanges(old, t Tenant) string {
	var parts []string
	if old.Name != t.Name {
		parts = append(parts, fmt.Sprintf("name %q → %q", old.Name, t.Name))
	}
	if old.Country != t.Country {
		parts = append(parts, fmt.Sprintf("country %s → %s", old.Country, t.Country))
	}
	if old.Language != t.Language {
		parts = append(parts, fmt.Sprintf("language %s → %s", old.Language, t.Language))
	}
	return strings.Join(parts, "; ")
}
