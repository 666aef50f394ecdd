package oidc

import (
	"encoding/json"
	"errors"
	"maps"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// redirect is where the provider sends the reader back; the tests read the
// Location header instead of following it.
const redirect = "https://news.example/signin/example-idp/callback"

// idp is a real OpenID Connect provider (mockoidc) running in-process on
// 127.0.0.1, one per test, with counters for the endpoints that matter.
type idp struct {
	m *mockoidc.MockOIDC

	discoveryHits atomic.Int64
	tokenHits     atomic.Int64

	mu        sync.Mutex
	verifiers []string // code_verifier of every token request
}

func newIDP(t *testing.T, mws ...func(http.Handler) http.Handler) *idp {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	i := &idp{m: m}
	count := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case mockoidc.DiscoveryEndpoint:
				i.discoveryHits.Add(1)
			case mockoidc.TokenEndpoint:
				i.tokenHits.Add(1)
				if err := r.ParseForm(); err == nil {
					i.mu.Lock()
					i.verifiers = append(i.verifiers, r.PostForm.Get("code_verifier"))
					i.mu.Unlock()
				}
			}
			next.ServeHTTP(w, r)
		})
	}
	for _, mw := range append([]func(http.Handler) http.Handler{count}, mws...) {
		if err := m.AddMiddleware(mw); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return i
}

func (i *idp) provider() Provider {
	return Provider{
		ID:           "example-idp",
		Name:         "Example ID",
		Issuer:       i.m.Issuer(),
		ClientID:     i.m.ClientID,
		ClientSecret: i.m.ClientSecret,
	}
}

func (i *idp) lastVerifier() string {
	i.mu.Lock()
	defer i.mu.Unlock()
	if len(i.verifiers) == 0 {
		return ""
	}
	return i.verifiers[len(i.verifiers)-1]
}

// authorize plays the browser: it opens the authorization URL and reads code
// and state from the redirect back to us, without following it.
func authorize(t *testing.T, authURL string) (code, state string) {
	t.Helper()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: status %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirect {
		t.Fatalf("redirected to %s, want %s", got, redirect)
	}
	return loc.Query().Get("code"), loc.Query().Get("state")
}

// begin starts a sign-in and runs the browser part, returning what the
// callback would carry.
func begin(t *testing.T, c *Client, p Provider) (a Attempt, code, state string) {
	t.Helper()
	authURL, a, err := c.Begin(t.Context(), p, redirect)
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	code, state = authorize(t, authURL)
	return a, code, state
}

// user is a mockoidc user whose ID token and userinfo claims the test
// chooses: claims are laid over the standard ones (a nil value removes one).
type user struct {
	sub      string
	claims   map[string]any
	userinfo map[string]any
}

func (u user) ID() string { return u.sub }

func (u user) Userinfo([]string) ([]byte, error) {
	m := map[string]any{"sub": u.sub}
	maps.Copy(m, u.userinfo)
	return json.Marshal(m)
}

func (u user) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	b, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	var mc jwt.MapClaims
	if err := json.Unmarshal(b, &mc); err != nil {
		return nil, err
	}
	for k, v := range u.claims {
		if v == nil {
			delete(mc, k)
		} else {
			mc[k] = v
		}
	}
	return mc, nil
}

// wantRefusal checks that err is an *Error of the given kind with a reason.
func wantRefusal(t *testing.T, err error, kind ErrorKind) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *Error of kind %q", err, err, kind)
	}
	if e.Kind != kind {
		t.Fatalf("kind = %q, want %q (err: %v)", e.Kind, kind, err)
	}
	if e.Reason == "" {
		t.Fatalf("refusal of kind %q has no reason", kind)
	}
	return e
}
