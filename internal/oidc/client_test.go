package oidc

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"
	"golang.org/x/oauth2"

	"broadsheet/internal/apperr"
)

func TestSignInSucceeds(t *testing.T) {
	t.Parallel()
	i := newIDP(t)
	i.m.QueueUser(user{sub: "reader-42", claims: map[string]any{
		"email":          "  Jane.Doe@Example.COM ",
		"email_verified": true,
		"name":           "Jane\u202e Doe\n",
	}})
	c := &Client{}
	p := i.provider()

	authURL, a, err := c.Begin(t.Context(), p, redirect)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for k, want := range map[string]string{
		"response_type":         "code",
		"client_id":             p.ClientID,
		"redirect_uri":          redirect,
		"scope":                 "openid email profile",
		"state":                 a.State,
		"nonce":                 a.Nonce,
		"code_challenge_method": "S256",
		"code_challenge":        oauth2.S256ChallengeFromVerifier(a.Verifier),
	} {
		if got := q.Get(k); got != want {
			t.Errorf("authorization URL %s = %q, want %q", k, got, want)
		}
	}
	if q.Has("client_secret") || strings.Contains(authURL, a.Verifier) {
		t.Error("authorization URL leaks the client secret or the PKCE verifier")
	}

	code, state := authorize(t, authURL)
	got, err := c.Finish(t.Context(), p, redirect, a, state, code)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	want := Claims{Subject: "reader-42", Email: "jane.doe@example.com", EmailVerified: true, Name: "Jane Doe"}
	if got != want {
		t.Errorf("claims = %+v, want %+v", got, want)
	}
	// mockoidc hashes the verifier and compares it with the challenge it was
	// given; reaching here means it accepted this one.
	if v := i.lastVerifier(); v != a.Verifier {
		t.Errorf("token request code_verifier = %q, want the attempt's %q", v, a.Verifier)
	}
}

func TestSignInDefaultUser(t *testing.T) {
	t.Parallel()
	i := newIDP(t)
	c := &Client{}
	a, code, state := begin(t, c, i.provider())
	got, err := c.Finish(t.Context(), i.provider(), redirect, a, state, code)
	if err != nil {
		t.Fatal(err)
	}
	// mockoidc's default user has only preferred_username for a name.
	want := Claims{Subject: "1234567890", Email: "jane.doe@example.com", EmailVerified: true, Name: "jane.doe"}
	if got != want {
		t.Errorf("claims = %+v, want %+v", got, want)
	}
}

func TestBeginMakesFreshAttempts(t *testing.T) {
	t.Parallel()
	i := newIDP(t)
	c := &Client{}
	seen := map[string]bool{}
	for range 3 {
		_, a, err := c.Begin(t.Context(), i.provider(), redirect)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{a.State, a.Nonce, a.Verifier} {
			// 32 bytes of entropy, base64url without padding.
			if len(s) != 43 || strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
				t.Errorf("secret %q is not 43 URL-safe characters", s)
			}
			if seen[s] {
				t.Errorf("secret %q repeated", s)
			}
			seen[s] = true
		}
	}
}

func TestBeginRefusesBadConfiguration(t *testing.T) {
	t.Parallel()
	i := newIDP(t)
	good := i.provider()
	noName := good
	noName.Name = ""
	tests := []struct {
		name     string
		p        Provider
		redirect string
	}{
		{"invalid provider", noName, redirect},
		{"relative redirect", good, "/signin/callback"},
		{"redirect with fragment", good, redirect + "#x"},
		{"javascript redirect", good, "javascript://x/alert(1)"},
		{"redirect too long", good, redirect + "?x=" + strings.Repeat("a", 3000)},
	}
	// Cleanup runs after the parallel subtests have finished.
	t.Cleanup(func() {
		if n := i.discoveryHits.Load(); n != 0 {
			t.Errorf("discovery was fetched %d times for a bad configuration", n)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := &Client{}
			if _, _, err := c.Begin(t.Context(), tt.p, tt.redirect); !errors.Is(err, apperr.Invalid) {
				t.Errorf("Begin err = %v, want apperr.Invalid", err)
			}
			_, err := c.Finish(t.Context(), tt.p, tt.redirect, Attempt{State: "s", Nonce: "n", Verifier: "v"}, "s", "code")
			if !errors.Is(err, apperr.Invalid) {
				t.Errorf("Finish err = %v, want apperr.Invalid", err)
			}
		})
	}
}

// TestFinishRefuses runs each refusal against its own provider.
func TestFinishRefuses(t *testing.T) {
	t.Parallel()
	type callback struct {
		a           *Attempt
		state, code *string
	}
	claims := func(c map[string]any) func(*idp) mockoidc.User {
		return func(*idp) mockoidc.User { return user{sub: "reader-1", claims: c} }
	}
	tests := []struct {
		name   string
		user   func(*idp) mockoidc.User
		mw     func(t *testing.T) func(http.Handler) http.Handler
		setup  func(i *idp, c *Client)
		tamper func(cb callback)
		want   ErrorKind
		// noToken: refused before the code reached the token endpoint.
		noToken bool
	}{
		{name: "forged state", tamper: func(cb callback) { *cb.state = randomString() }, want: ErrState, noToken: true},
		{name: "state of another attempt", tamper: func(cb callback) { cb.a.State = randomString() }, want: ErrState, noToken: true},
		{name: "no state in callback", tamper: func(cb callback) { *cb.state = "" }, want: ErrState, noToken: true},
		{name: "empty attempt", tamper: func(cb callback) { *cb.a = Attempt{}; *cb.state = "" }, want: ErrState, noToken: true},
		{name: "attempt without verifier", tamper: func(cb callback) { cb.a.Verifier = "" }, want: ErrState, noToken: true},
		{name: "state too long", tamper: func(cb callback) {
			cb.a.State = strings.Repeat("s", 3000)
			*cb.state = cb.a.State
		}, want: ErrState, noToken: true},
		{name: "no code", tamper: func(cb callback) { *cb.code = "" }, want: ErrExchange, noToken: true},
		{name: "code too long", tamper: func(cb callback) { *cb.code = strings.Repeat("c", 2049) }, want: ErrExchange, noToken: true},
		{name: "unknown code", tamper: func(cb callback) { *cb.code = "made-up" }, want: ErrExchange},
		{name: "wrong PKCE verifier", tamper: func(cb callback) { cb.a.Verifier = oauth2.GenerateVerifier() }, want: ErrExchange},
		{name: "wrong nonce", user: claims(map[string]any{"nonce": "someone-elses-nonce"}), want: ErrNonce},
		{name: "no nonce", user: claims(map[string]any{"nonce": nil}), want: ErrNonce},
		{name: "expired token", setup: func(i *idp, _ *Client) { i.m.FastForward(-2 * time.Hour) }, want: ErrExpired},
		{name: "our clock past expiry", setup: func(_ *idp, c *Client) {
			c.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
		}, want: ErrExpired},
		{name: "exp in the past", user: claims(map[string]any{"exp": time.Now().Add(-time.Minute).Unix()}), want: ErrExpired},
		{name: "not valid yet", user: claims(map[string]any{"nbf": time.Now().Add(time.Hour).Unix()}), want: ErrToken},
		{name: "other audience", user: claims(map[string]any{"aud": "someone-else"}), want: ErrAudience},
		{name: "authorized party is someone else", user: func(i *idp) mockoidc.User {
			return user{sub: "reader-1", claims: map[string]any{"aud": []string{i.m.ClientID, "someone-else"}, "azp": "someone-else"}}
		}, want: ErrAudience},
		{name: "wrong issuer", user: claims(map[string]any{"iss": "https://evil.example/oidc"}), want: ErrToken},
		{name: "bad access token hash", user: claims(map[string]any{"at_hash": "bm90LXRoZS1oYXNo"}), want: ErrToken},
		{name: "no subject", user: claims(map[string]any{"sub": nil}), want: ErrClaims},
		{name: "subject too long", user: claims(map[string]any{"sub": strings.Repeat("x", 256)}), want: ErrClaims},
		{name: "signed by another key", mw: otherKeys, want: ErrToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var mws []func(http.Handler) http.Handler
			if tt.mw != nil {
				mws = append(mws, tt.mw(t))
			}
			i := newIDP(t, mws...)
			if tt.user != nil {
				i.m.QueueUser(tt.user(i))
			}
			c := &Client{}
			a, code, state := begin(t, c, i.provider())
			if tt.setup != nil {
				tt.setup(i, c)
			}
			if tt.tamper != nil {
				tt.tamper(callback{a: &a, state: &state, code: &code})
			}
			_, err := c.Finish(t.Context(), i.provider(), redirect, a, state, code)
			e := wantRefusal(t, err, tt.want)
			t.Logf("refused: %v", err)
			if tt.noToken && i.tokenHits.Load() != 0 {
				t.Errorf("token endpoint was called %d times", i.tokenHits.Load())
			}
			if !tt.noToken && i.tokenHits.Load() == 0 {
				t.Error("token endpoint was never called")
			}
			if tt.want != ErrState && !strings.Contains(e.Reason, "Example ID") {
				t.Errorf("reason %q does not name the provider", e.Reason)
			}
		})
	}
}

// otherKeys makes the provider publish a different key under the key id its
// tokens are signed with, as if someone else had signed them.
func otherKeys(t *testing.T) func(http.Handler) http.Handler {
	own, err := mockoidc.DefaultKeypair()
	if err != nil {
		t.Fatal(err)
	}
	kid, err := own.KeyID()
	if err != nil {
		t.Fatal(err)
	}
	other, err := mockoidc.RandomKeypair(2048)
	if err != nil {
		t.Fatal(err)
	}
	other.Kid = kid
	jwks, err := other.JWKS()
	if err != nil {
		t.Fatal(err)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != mockoidc.JWKSEndpoint {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(jwks)
		})
	}
}

func TestFinishRefusesReplayedCode(t *testing.T) {
	t.Parallel()
	i := newIDP(t)
	c := &Client{}
	a, code, state := begin(t, c, i.provider())
	if _, err := c.Finish(t.Context(), i.provider(), redirect, a, state, code); err != nil {
		t.Fatalf("first Finish: %v", err)
	}
	_, err := c.Finish(t.Context(), i.provider(), redirect, a, state, code)
	e := wantRefusal(t, err, ErrExchange)
	var re *oauth2.RetrieveError
	if !errors.As(e, &re) || re.ErrorCode != "invalid_grant" {
		t.Errorf("cause = %v, want the provider's invalid_grant", e.Err)
	}
	if errors.Is(err, ErrProvider) {
		t.Error("a refused code is not the provider being unavailable")
	}
}

func TestTokenEndpointDownIsProviderError(t *testing.T) {
	t.Parallel()
	i := newIDP(t)
	c := &Client{}
	a, code, state := begin(t, c, i.provider())
	for range 2 {
		i.m.QueueError(&mockoidc.ServerError{Code: 500, Error: "server_error", Description: "down"})
	}
	_, err := c.Finish(t.Context(), i.provider(), redirect, a, state, code)
	wantRefusal(t, err, ErrExchange)
	if !errors.Is(err, ErrProvider) {
		t.Errorf("err = %v, want it to wrap ErrProvider", err)
	}
}

func TestFinishWithoutIDToken(t *testing.T) {
	t.Parallel()
	// A plain OAuth 2 server: discovery and a token endpoint that hands out
	// only an access token.
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			fmt.Fprintf(w, `{"issuer":%q,"authorization_endpoint":%q,"token_endpoint":%q,"jwks_uri":%q}`,
				srv.URL, srv.URL+"/authorize", srv.URL+"/token", srv.URL+"/jwks")
		case "/token":
			fmt.Fprint(w, `{"access_token":"at","token_type":"bearer","expires_in":600}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	p := Provider{ID: "plain", Name: "Plain", Issuer: srv.URL, ClientID: "id", ClientSecret: "secret"}
	a := Attempt{State: "s", Nonce: "n", Verifier: oauth2.GenerateVerifier()}
	_, err := (&Client{}).Finish(t.Context(), p, redirect, a, "s", "code")
	wantRefusal(t, err, ErrToken)
}

func TestDiscoveryFailures(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()

	serve := func(h http.HandlerFunc) string {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv.URL
	}
	tests := []struct {
		name, issuer string
	}{
		{"closed port", closed},
		{"server error", serve(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "oops", http.StatusInternalServerError)
		})},
		{"not JSON", serve(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html>hello</html>")
		})},
		{"issuer mismatch", serve(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"issuer":"https://elsewhere.example","authorization_endpoint":"https://elsewhere.example/a","token_endpoint":"https://elsewhere.example/t"}`)
		})},
		{"no endpoints", func() string {
			var url string
			url = serve(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"issuer":%q}`, url)
			})
			return url
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := Provider{ID: "broken", Name: "Broken", Issuer: tt.issuer, ClientID: "id", ClientSecret: "secret"}
			c := &Client{HTTP: &http.Client{Timeout: 2 * time.Second}}
			if _, _, err := c.Begin(t.Context(), p, redirect); !errors.Is(err, ErrProvider) {
				t.Errorf("Begin err = %v, want ErrProvider", err)
			}
			_, err := c.Finish(t.Context(), p, redirect, Attempt{State: "s", Nonce: "n", Verifier: "v"}, "s", "code")
			wantRefusal(t, err, ErrExchange)
			if !errors.Is(err, ErrProvider) {
				t.Errorf("Finish err = %v, want ErrProvider", err)
			}
		})
	}
}

// TestResponseBodyCapped: a provider that answers with megabytes is refused
// once it passes 1 MiB, whether it says so up front or streams.
func TestResponseBodyCapped(t *testing.T) {
	t.Parallel()
	const size = 5 << 20
	tests := []struct {
		name          string
		contentLength bool
	}{
		{"streamed", false},
		{"announced", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var written atomic.Int64
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				head := fmt.Sprintf(`{"issuer":%q,"padding":"`, srv.URL)
				if tt.contentLength {
					w.Header().Set("Content-Length", fmt.Sprint(len(head)+size+2))
				}
				fmt.Fprint(w, head)
				chunk := []byte(strings.Repeat("a", 64<<10))
				for range size / len(chunk) {
					n, err := w.Write(chunk)
					written.Add(int64(n))
					if err != nil {
						return
					}
					w.(http.Flusher).Flush()
				}
				fmt.Fprint(w, `"}`)
			}))
			t.Cleanup(srv.Close)
			p := Provider{ID: "huge", Name: "Huge", Issuer: srv.URL, ClientID: "id", ClientSecret: "secret"}
			_, _, err := (&Client{}).Begin(t.Context(), p, redirect)
			if !errors.Is(err, ErrProvider) || !strings.Contains(err.Error(), "larger than") {
				t.Fatalf("err = %v, want ErrProvider saying the answer is too large", err)
			}
			t.Logf("refused: %v", err)
		})
	}
}

func TestCappedBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		size    int
		wantErr bool
	}{
		{0, false},
		{99, false},
		{100, false},
		{101, true},
		{10000, true},
	}
	for _, tt := range tests {
		b := &cappedBody{rc: io.NopCloser(strings.NewReader(strings.Repeat("x", tt.size))), left: 100}
		got, err := io.ReadAll(b)
		if (err != nil) != tt.wantErr {
			t.Errorf("size %d: err = %v, want error %v", tt.size, err, tt.wantErr)
		}
		if len(got) > 100 {
			t.Errorf("size %d: read %d bytes, more than the limit", tt.size, len(got))
		}
	}
}

func TestDiscoveryCache(t *testing.T) {
	t.Parallel()
	i := newIDP(t)
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	c := &Client{Now: func() time.Time { return time.Unix(0, clock.Load()) }}
	p := i.provider()

	for range 3 {
		if _, _, err := c.Begin(t.Context(), p, redirect); err != nil {
			t.Fatal(err)
		}
	}
	if n := i.discoveryHits.Load(); n != 1 {
		t.Fatalf("discovery fetched %d times for three sign-ins, want once", n)
	}

	clock.Add(int64(61 * time.Minute))
	if _, _, err := c.Begin(t.Context(), p, redirect); err != nil {
		t.Fatal(err)
	}
	if n := i.discoveryHits.Load(); n != 2 {
		t.Fatalf("discovery fetched %d times, want a refresh after an hour", n)
	}

	// A failure is not remembered: the next sign-in asks again.
	clock.Add(int64(61 * time.Minute))
	i.m.QueueError(&mockoidc.ServerError{Code: 500, Error: "server_error", Description: "down"})
	if _, _, err := c.Begin(t.Context(), p, redirect); !errors.Is(err, ErrProvider) {
		t.Fatalf("err = %v, want ErrProvider", err)
	}
	if _, _, err := c.Begin(t.Context(), p, redirect); err != nil {
		t.Fatalf("after a failure: %v", err)
	}
	if n := i.discoveryHits.Load(); n != 4 {
		t.Fatalf("discovery fetched %d times, want 4", n)
	}
}

func TestClientConcurrentBegin(t *testing.T) {
	t.Parallel()
	i := newIDP(t)
	c := &Client{}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, _, err := c.Begin(t.Context(), i.provider(), redirect)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestEmailVerified(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		verified     any // nil: claim absent
		wantVerified bool
	}{
		{"bool true", true, true},
		{"string true", "true", true},
		{"bool false", false, false},
		{"string false", "false", false},
		{"missing", nil, false},
		{"string yes", "yes", false},
		{"number", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			i := newIDP(t)
			i.m.QueueUser(user{sub: "reader-7", claims: map[string]any{
				"email": "reader@example.com", "email_verified": tt.verified,
			}})
			c := &Client{}
			a, code, state := begin(t, c, i.provider())
			got, err := c.Finish(t.Context(), i.provider(), redirect, a, state, code)
			if err != nil {
				t.Fatal(err)
			}
			if got.Email != "reader@example.com" || got.EmailVerified != tt.wantVerified {
				t.Errorf("email %q verified %v, want reader@example.com verified %v", got.Email, got.EmailVerified, tt.wantVerified)
			}
		})
	}
}

// TestUserinfoFallback: without an email in the ID token, the userinfo
// endpoint is asked, and its answer counts only if it is about the same person.
func TestUserinfoFallback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		userinfo map[string]any
		want     Claims
	}{
		{"verified", map[string]any{"email": "Info@Example.com", "email_verified": true, "name": "Info Name"},
			Claims{Subject: "reader-9", Email: "info@example.com", EmailVerified: true, Name: "Token Name"}},
		{"verified as string", map[string]any{"email": "info@example.com", "email_verified": "true"},
			Claims{Subject: "reader-9", Email: "info@example.com", EmailVerified: true, Name: "Token Name"}},
		{"unverified", map[string]any{"email": "info@example.com"},
			Claims{Subject: "reader-9", Email: "info@example.com", Name: "Token Name"}},
		{"someone else", map[string]any{"sub": "reader-10", "email": "other@example.com", "email_verified": true},
			Claims{Subject: "reader-9", Name: "Token Name"}},
		{"nothing", nil, Claims{Subject: "reader-9", Name: "Token Name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			i := newIDP(t)
			i.m.QueueUser(user{sub: "reader-9", claims: map[string]any{"name": "Token Name"}, userinfo: tt.userinfo})
			c := &Client{}
			a, code, state := begin(t, c, i.provider())
			got, err := c.Finish(t.Context(), i.provider(), redirect, a, state, code)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("claims = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Reauthenticate asks the provider to sign the person in again, and the
// answer says when that was.
func TestReauthenticate(t *testing.T) {
	t.Parallel()
	i := newIDP(t)
	at := time.Now().Add(-10 * time.Second).Truncate(time.Second).UTC()
	i.m.QueueUser(user{sub: "reader-7", claims: map[string]any{"email": "r@example.com", "email_verified": true, "auth_time": at.Unix()}})
	c := &Client{}
	p := i.provider()
	authURL, a, err := c.Reauthenticate(t.Context(), p, redirect)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	if q := u.Query(); q.Get("prompt") != "login" || q.Get("max_age") != "0" || q.Get("state") != a.State {
		t.Errorf("reauthentication URL asks %q", u.RawQuery)
	}
	code, state := authorize(t, authURL)
	got, err := c.Finish(t.Context(), p, redirect, a, state, code)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "reader-7" || !got.AuthTime.Equal(at) {
		t.Errorf("claims = %+v; want auth time %v", got, at)
	}
	// A plain sign-in asks for nothing of the kind.
	plain, _, err := c.Begin(t.Context(), p, redirect)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain, "prompt=") || strings.Contains(plain, "max_age=") {
		t.Errorf("a plain sign-in asks the provider to sign in again: %s", plain)
	}
}
