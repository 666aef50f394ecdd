// Package oidc owns the OpenID Connect protocol for reader sign-in: reading a
// provider's discovery document, the authorization code flow with PKCE (S256),
// state and nonce, and verifying the ID token (signature, issuer, audience,
// expiry) before trusting any claim in it.
//
// It does not store anything: the web layer keeps each Attempt server-side,
// binds its State to the browser, and turns the verified Claims into a reader
// account. So this package must not import broadsheet/internal/store, /web or
// /app; of ours it imports only broadsheet/internal/apperr.
package oidc

import (
	"net"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"broadsheet/internal/apperr"
)

// Provider is one configured identity provider.
type Provider struct {
	ID           string // short slug used in URLs: "google", "linkedin", "example-idp"
	Name         string // button label: "Google"
	Issuer       string // e.g. https://accounts.google.com
	ClientID     string
	ClientSecret string
	Scopes       []string // nil means openid email profile
}

// Limits for Validate. They are generous for real providers and small enough
// that a pasted mistake (a whole JSON file as a secret) is caught early.
const (
	maxIDLen     = 30
	maxNameRunes = 40
	maxCredLen   = 500
	maxIssuerLen = 500
	maxScopes    = 20
	maxScopeLen  = 100
)

// Presets are the providers a newsroom can turn on by giving only a client id
// and secret. Each call returns fresh copies, so callers may fill them in.
func Presets() []Provider {
	return []Provider{
		{
			ID:     "google",
			Name:   "Google",
			Issuer: "https://accounts.google.com",
		},
		{
			// "Sign In with LinkedIn using OpenID Connect". LinkedIn wants the
			// scopes in this order and refuses ones it does not know.
			ID:     "linkedin",
			Name:   "LinkedIn",
			Issuer: "https://www.linkedin.com/oauth",
			Scopes: []string{"openid", "profile", "email"},
		},
	}
}

// Validate checks a provider's fields and reports every problem, each under
// its field name ("id", "name", "issuer", "client_id", "client_secret",
// "scopes"), as an *apperr.Validation.
func (p Provider) Validate() error {
	v := &apperr.Validation{}
	if msg := checkID(p.ID); msg != "" {
		v.Add("id", msg)
	}
	if msg := checkName(p.Name); msg != "" {
		v.Add("name", msg)
	}
	if msg := checkIssuer(p.Issuer); msg != "" {
		v.Add("issuer", msg)
	}
	if msg := checkCredential(p.ClientID); msg != "" {
		v.Add("client_id", msg)
	}
	if msg := checkCredential(p.ClientSecret); msg != "" {
		v.Add("client_secret", msg)
	}
	if msg := checkScopes(p.Scopes); msg != "" {
		v.Add("scopes", msg)
	}
	return v.Err()
}

func checkID(id string) string {
	if id == "" {
		return "is required"
	}
	if len(id) > maxIDLen {
		return "must be at most 30 characters"
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return "may contain only lower-case letters, digits and hyphens"
		}
	}
	return ""
}

func checkName(name string) string {
	if strings.TrimSpace(name) == "" {
		return "is required"
	}
	if !utf8.ValidString(name) {
		return "is not valid text"
	}
	if utf8.RuneCountInString(name) > maxNameRunes {
		return "must be at most 40 characters"
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return "must not contain control characters"
	}
	return ""
}

// checkIssuer insists on https because the issuer is where the signing keys
// come from: whoever can change the answer on the wire can sign in as anyone.
// Plain http is allowed only on the loopback interface, which never leaves the
// machine, so that test providers run locally.
func checkIssuer(issuer string) string {
	if issuer == "" {
		return "is required"
	}
	if len(issuer) > maxIssuerLen {
		return "must be at most 500 characters"
	}
	if strings.IndexFunc(issuer, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return "must not contain spaces or control characters"
	}
	// url.Parse drops an empty "?" or "#", so look at the text itself.
	if strings.ContainsAny(issuer, "?#") {
		return "must not have a query or fragment"
	}
	u, err := url.Parse(issuer)
	if err != nil || !u.IsAbs() || u.Opaque != "" || u.Host == "" {
		return "must be an absolute URL such as https://accounts.example.com"
	}
	if u.User != nil {
		return "must not contain a user name or password"
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "must use https (http is allowed only for 127.0.0.1, ::1 or localhost)"
		}
	default:
		return "must use https"
	}
	return ""
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.Equal(net.IPv4(127, 0, 0, 1)) || ip.Equal(net.IPv6loopback))
}

// checkCredential refuses spaces and control characters because they are
// almost always a copy-and-paste accident, and a secret with a stray newline
// fails at the token endpoint with an unhelpful message.
func checkCredential(s string) string {
	if s == "" {
		return "is required"
	}
	if len(s) > maxCredLen {
		return "must be at most 500 bytes"
	}
	if !utf8.ValidString(s) {
		return "is not valid text"
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "must not contain spaces or control characters"
	}
	return ""
}

// checkScopes follows the scope-token grammar of RFC 6749 section 3.3, so a
// scope can never smuggle a separator into the authorization URL.
func checkScopes(scopes []string) string {
	if scopes == nil {
		return ""
	}
	if len(scopes) == 0 || len(scopes) > maxScopes {
		return "must list between 1 and 20 scopes"
	}
	for _, s := range scopes {
		if s == "" || len(s) > maxScopeLen {
			return "each scope must be 1 to 100 characters"
		}
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
				return "scopes may contain only visible ASCII characters other than \" and \\"
			}
		}
	}
	return ""
}

// scopes returns the scopes to ask for, always including openid: without it
// the provider sends no ID token and nothing can be verified.
func (p Provider) scopes() []string {
	if p.Scopes == nil {
		// Enough to know who the reader is and where to write to them.
		return []string{"openid", "email", "profile"}
	}
	out := make([]string, 0, len(p.Scopes)+1)
	hasOpenID := false
	for _, s := range p.Scopes {
		hasOpenID = hasOpenID || s == "openid"
	}
	if !hasOpenID {
		out = append(out, "openid")
	}
	return append(out, p.Scopes...)
}
