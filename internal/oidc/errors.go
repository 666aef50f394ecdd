package oidc

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrProvider wraps failures to reach or understand the provider (discovery
// failed, issuer mismatch in discovery, token endpoint unreachable). It says
// "try again later or fix the configuration", not "this reader was refused".
var ErrProvider = errors.New("oidc: provider unavailable")

// ErrorKind says which check refused a sign-in; tests and logs use it, readers
// see Error.Reason instead.
type ErrorKind string

// The kinds of refusal.
const (
	ErrState    ErrorKind = "state"    // state missing or different
	ErrDenied   ErrorKind = "denied"   // the provider returned error=access_denied etc.
	ErrExchange ErrorKind = "exchange" // token endpoint refused (or could not be asked for) the code
	ErrToken    ErrorKind = "token"    // no id_token, bad signature, wrong issuer
	ErrAudience ErrorKind = "audience" // aud does not contain the client id
	ErrExpired  ErrorKind = "expired"  // token expired
	ErrNonce    ErrorKind = "nonce"    // nonce missing or different
	ErrClaims   ErrorKind = "claims"   // no subject
)

// Error is a refused sign-in.
type Error struct {
	Kind   ErrorKind
	Reason string // a sentence for the reader's page; never contains text from the request
	Err    error  // underlying cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("oidc: sign-in refused (%s): %v", e.Kind, e.Err)
	}
	return fmt.Sprintf("oidc: sign-in refused (%s): %s", e.Kind, e.Reason)
}

func (e *Error) Unwrap() error { return e.Err }

func refuse(kind ErrorKind, reason string, err error) *Error {
	return &Error{Kind: kind, Reason: reason, Err: err}
}

// Reasons shown for the error codes of RFC 6749 section 4.1.2.1 and OpenID
// Connect Core section 3.1.2.6. The provider is not named because the
// callback URL, which anyone can craft, is all we have to go on.
const (
	reasonDenied      = "Signing in was cancelled or was not allowed by your account provider. You can try again whenever you like."
	reasonInteraction = "Your account provider needs you to sign in or to agree to share your details first. Please try again and follow its steps."
	reasonUnavailable = "Your account provider is having trouble right now. Please try again in a few minutes."
	reasonMisconfig   = "This way of signing in is not set up correctly on our side. Please try another way to sign in, or contact us."
	reasonUnknown     = "Signing in did not work. Please try again."
)

// ProviderError turns the callback's error and error_description query
// parameters into a refusal. Both come from the URL, which anyone can craft,
// so Reason is picked from a fixed list by code and neither text reaches it;
// they go, cleaned and shortened, into Err for the log.
func ProviderError(code, description string) *Error {
	return refuse(ErrDenied, providerReason(code), fmt.Errorf("provider returned error %q: %q",
		logSafe(code, 64), logSafe(description, 200)))
}

// logSafe makes untrusted text fit for a log line: valid UTF-8, no control
// characters (a newline could forge a log entry) and at most max bytes,
// cut on a character boundary.
func logSafe(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return truncateBytes(s, max)
}

func truncateBytes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

func providerReason(code string) string {
	switch code {
	case "access_denied":
		return reasonDenied
	case "login_required", "interaction_required", "consent_required", "account_selection_required":
		return reasonInteraction
	case "temporarily_unavailable", "server_error":
		return reasonUnavailable
	case "invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope",
		"invalid_request_uri", "invalid_request_object", "request_not_supported",
		"request_uri_not_supported", "registration_not_supported":
		return reasonMisconfig
	}
	return reasonUnknown
}
