package oidc

import (
	"encoding/json"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Claims are the verified facts about the person.
type Claims struct {
	Subject       string
	Email         string // lower-cased, trimmed; empty if missing or not an address
	EmailVerified bool   // only true when the provider said email_verified: true
	Name          string // display name; trimmed, control characters removed, at most 100 runes
	// AuthTime is when the person last proved who they are at the provider
	// (auth_time); zero when the provider did not say. A provider asked to
	// sign the person in afresh (Reauthenticate) must say.
	AuthTime time.Time
}

const (
	maxNameLen    = 100 // runes
	maxEmailLen   = 254 // RFC 5321 path limit
	maxSubjectLen = 255 // OpenID Connect Core 2: "MUST NOT exceed 255 ASCII characters"
)

// rawClaims holds a token's or userinfo answer's claims undecoded, so that one
// claim of an unexpected type (a number for a name, say) costs only that claim
// instead of refusing the whole sign-in.
type rawClaims map[string]json.RawMessage

// str returns the claim if it is a JSON string, else "".
func (c rawClaims) str(name string) string {
	var s string
	if raw, ok := c[name]; ok && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

// verified reports whether the claim is true. Some providers send the string
// "true" instead of the JSON boolean; both count, anything else (missing,
// false, "yes", 1) does not, because a wrongly verified address lets someone
// take over the account that owns it.
func (c rawClaims) verified(name string) bool {
	switch strings.TrimSpace(string(c[name])) {
	case "true", `"true"`:
		return true
	}
	return false
}

// time reads a claim of seconds since 1970 (a JSON number); zero when it is
// missing, not a number, or not a plausible time.
func (c rawClaims) time(name string) time.Time {
	var f float64
	raw, ok := c[name]
	if !ok || json.Unmarshal(raw, &f) != nil || f <= 0 || f > math.MaxInt32*4 {
		return time.Time{}
	}
	return time.Unix(int64(f), 0).UTC()
}

// email returns the normalised address and whether the provider vouched for it.
func (c rawClaims) email() (string, bool) {
	e := normalizeEmail(c.str("email"))
	return e, e != "" && c.verified("email_verified")
}

// name picks the best display name the provider gave.
func (c rawClaims) name() string {
	if n := cleanName(c.str("name")); n != "" {
		return n
	}
	given, family := cleanName(c.str("given_name")), cleanName(c.str("family_name"))
	if n := cleanName(strings.TrimSpace(given + " " + family)); n != "" {
		return n
	}
	return cleanName(c.str("preferred_username"))
}

// normalizeEmail lower-cases and trims an address and drops it when it cannot
// be one, so nothing odd is stored as a reader's contact address.
func normalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > maxEmailLen || !utf8.ValidString(s) {
		return ""
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return ""
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return ""
	}
	return s
}

// cleanName makes a provider's display name safe to show: no control
// characters (they break layouts and log lines) and no bidirectional
// overrides (they can make one name read as another), at most 100 runes.
func cleanName(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r), isBidiControl(r):
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxNameLen {
		s = strings.TrimSpace(string([]rune(s)[:maxNameLen]))
	}
	return s
}

func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}
