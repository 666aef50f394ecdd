package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"broadsheet/internal/apperr"
)

const (
	defaultTimeout = 10 * time.Second
	maxBody        = 1 << 20 // bytes read from any provider response
	discoveryTTL   = time.Hour
	maxParamLen    = 2048 // callback state and code; real ones are far shorter
	maxRedirectLen = 2048
	secretBytes    = 32 // entropy of State and Nonce
)

// Attempt is what must be remembered between sending the reader to the
// provider and the callback. The caller stores it server-side (it is secret)
// and binds State to the browser with a cookie.
type Attempt struct {
	State    string // random, URL-safe, 32 bytes of entropy
	Nonce    string // random, URL-safe, 32 bytes of entropy
	Verifier string // PKCE code verifier
}

// Client talks to providers. It caches each provider's discovery document and
// keys by issuer, refreshing after an hour or after a failure. It is safe for
// concurrent use; set its fields before the first call and not after.
type Client struct {
	HTTP *http.Client     // nil means a client with a 10s timeout; response bodies are capped at 1 MiB either way
	Now  func() time.Time // nil means time.Now; used for token expiry and the discovery cache

	once   sync.Once
	client *http.Client

	mu        sync.Mutex
	providers map[string]discovered // by issuer
}

type discovered struct {
	provider *gooidc.Provider
	at       time.Time
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// httpClient returns the client every request goes through: the caller's (or
// a default with a timeout) whose responses are capped, so that a slow or
// unkind provider can neither hang a reader's request nor exhaust memory.
func (c *Client) httpClient() *http.Client {
	c.once.Do(func() {
		hc := &http.Client{Timeout: defaultTimeout}
		if c.HTTP != nil {
			cp := *c.HTTP
			hc = &cp
		}
		base := hc.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		hc.Transport = cappedTransport{base: base, limit: maxBody}
		c.client = hc
	})
	return c.client
}

// withHTTP puts the capped client into ctx where both go-oidc and oauth2 look
// for it (they share the key).
func (c *Client) withHTTP(ctx context.Context) context.Context {
	return gooidc.ClientContext(ctx, c.httpClient())
}

// provider returns the discovered provider for issuer, from the cache when it
// is younger than an hour. A failed discovery is not cached, so the next
// sign-in tries again.
func (c *Client) provider(ctx context.Context, issuer string) (*gooidc.Provider, error) {
	now := c.now()
	c.mu.Lock()
	d, ok := c.providers[issuer]
	c.mu.Unlock()
	if age := now.Sub(d.at); ok && age >= 0 && age < discoveryTTL {
		return d.provider, nil
	}

	// Fetched without holding the lock, so one slow provider does not hold up
	// sign-ins with the others; two readers may both fetch, which is harmless.
	p, err := gooidc.NewProvider(c.withHTTP(ctx), issuer)
	if err != nil {
		c.forget(issuer)
		return nil, fmt.Errorf("%w: discovery for %s: %w", ErrProvider, issuer, err)
	}
	if p.Endpoint().AuthURL == "" || p.Endpoint().TokenURL == "" {
		c.forget(issuer)
		return nil, fmt.Errorf("%w: discovery for %s: no authorization or token endpoint", ErrProvider, issuer)
	}
	c.mu.Lock()
	if c.providers == nil {
		c.providers = map[string]discovered{}
	}
	c.providers[issuer] = discovered{provider: p, at: now}
	c.mu.Unlock()
	return p, nil
}

// forget drops the cached provider so the next call discovers it afresh,
// picking up moved endpoints or rotated keys.
func (c *Client) forget(issuer string) {
	c.mu.Lock()
	delete(c.providers, issuer)
	c.mu.Unlock()
}

func oauthConfig(p Provider, ep oauth2.Endpoint, redirectURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     p.ClientID,
		ClientSecret: p.ClientSecret,
		Endpoint:     ep, // AuthStyle left to autodetect: providers differ
		RedirectURL:  redirectURL,
		Scopes:       p.scopes(),
	}
}

// Begin starts a sign-in: it makes a new Attempt and returns the provider's
// authorization URL (response_type=code, scope, state, nonce, code_challenge
// with method S256, redirect_uri). A provider whose discovery document cannot
// be read fails here with an error wrapping ErrProvider; a bad Provider or
// redirect URL fails with apperr.Invalid.
func (c *Client) Begin(ctx context.Context, p Provider, redirectURL string) (string, Attempt, error) {
	return c.begin(ctx, p, redirectURL)
}

// Reauthenticate starts a sign-in that asks the provider to make the person
// prove who they are again, even if they are signed in there (prompt=login,
// max_age=0): a browser left signed in is not enough. The provider must then
// say when that happened (Claims.AuthTime).
func (c *Client) Reauthenticate(ctx context.Context, p Provider, redirectURL string) (string, Attempt, error) {
	return c.begin(ctx, p, redirectURL, oauth2.SetAuthURLParam("prompt", "login"), oauth2.SetAuthURLParam("max_age", "0"))
}

func (c *Client) begin(ctx context.Context, p Provider, redirectURL string, extra ...oauth2.AuthCodeOption) (string, Attempt, error) {
	if err := p.Validate(); err != nil {
		return "", Attempt{}, err
	}
	if err := checkRedirect(redirectURL); err != nil {
		return "", Attempt{}, err
	}
	prov, err := c.provider(ctx, p.Issuer)
	if err != nil {
		return "", Attempt{}, err
	}
	a := Attempt{
		State:    randomString(),
		Nonce:    randomString(),
		Verifier: oauth2.GenerateVerifier(),
	}
	// PKCE is sent even to providers that do not advertise it: they ignore
	// the extra parameters, and those that support it bind the code to us.
	authURL := oauthConfig(p, prov.Endpoint(), redirectURL).AuthCodeURL(a.State,
		append([]oauth2.AuthCodeOption{gooidc.Nonce(a.Nonce), oauth2.S256ChallengeOption(a.Verifier)}, extra...)...)
	return authURL, a, nil
}

// Finish completes a sign-in at the callback. It checks that the callback's
// state equals a.State, exchanges the code with the PKCE verifier, verifies the
// ID token (signature, issuer, audience, expiry, nonce) and returns its claims.
// When the ID token lacks an email address it asks the userinfo endpoint.
//
// Every refusal is an *Error. When the provider could not be reached the
// *Error (Kind ErrExchange) also wraps ErrProvider. A bad Provider or redirect
// URL is a configuration mistake and returns apperr.Invalid instead.
func (c *Client) Finish(ctx context.Context, p Provider, redirectURL string, a Attempt, callbackState, code string) (Claims, error) {
	if err := p.Validate(); err != nil {
		return Claims{}, err
	}
	if err := checkRedirect(redirectURL); err != nil {
		return Claims{}, err
	}

	// The state ties the callback to the browser that started the sign-in;
	// without this check anyone could log a reader into the attacker's account
	// (login CSRF). It is checked before anything is sent to the provider.
	const stateReason = "The sign-in link was not started from this browser or has been used already. Please try again."
	switch {
	case len(callbackState) > maxParamLen:
		return Claims{}, refuse(ErrState, stateReason, errors.New("callback state too long"))
	case a.State == "" || a.Nonce == "" || a.Verifier == "":
		return Claims{}, refuse(ErrState, stateReason, errors.New("no sign-in attempt was stored"))
	case callbackState == "":
		return Claims{}, refuse(ErrState, stateReason, errors.New("callback has no state"))
	case subtle.ConstantTimeCompare([]byte(callbackState), []byte(a.State)) != 1:
		return Claims{}, refuse(ErrState, stateReason, errors.New("callback state differs from the attempt's"))
	}
	if code == "" || len(code) > maxParamLen {
		return Claims{}, refuse(ErrExchange, fmt.Sprintf("%s did not send a usable sign-in code. Please try again.", p.Name),
			fmt.Errorf("callback code missing or too long (%d bytes)", len(code)))
	}

	unreachable := fmt.Sprintf("We could not reach %s to finish signing you in. Please try again in a few minutes.", p.Name)
	prov, err := c.provider(ctx, p.Issuer)
	if err != nil {
		return Claims{}, refuse(ErrExchange, unreachable, err)
	}
	ctx = c.withHTTP(ctx)

	tok, err := oauthConfig(p, prov.Endpoint(), redirectURL).Exchange(ctx, code, oauth2.VerifierOption(a.Verifier))
	if err != nil {
		// A 4xx answer refuses this code (used, expired, wrong verifier); a 5xx
		// or no answer at all says nothing about the code, only that the
		// provider is unwell.
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && (re.Response == nil || re.Response.StatusCode < 500) {
			return Claims{}, refuse(ErrExchange,
				fmt.Sprintf("%s did not accept this sign-in, perhaps because it took too long or the link was used already. Please try again.", p.Name),
				fmt.Errorf("token endpoint: %w", err))
		}
		c.forget(p.Issuer)
		return Claims{}, refuse(ErrExchange, unreachable, fmt.Errorf("%w: token endpoint: %w", ErrProvider, err))
	}

	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Claims{}, refuse(ErrToken,
			fmt.Sprintf("%s did not send the proof of identity we need, so we could not sign you in. Please try again.", p.Name),
			errors.New("token response has no id_token"))
	}
	idt, err := prov.Verifier(&gooidc.Config{ClientID: p.ClientID, Now: c.Now}).Verify(ctx, raw)
	if err != nil {
		return Claims{}, c.verifyError(p, err)
	}

	var claims rawClaims
	if err := idt.Claims(&claims); err != nil {
		return Claims{}, refuse(ErrToken, fmt.Sprintf("We could not read %s's answer, so we could not sign you in. Please try again.", p.Name),
			fmt.Errorf("id token claims: %w", err))
	}
	if err := checkToken(p, a, idt, claims, tok.AccessToken); err != nil {
		return Claims{}, err
	}

	out := Claims{Subject: idt.Subject, Name: claims.name(), AuthTime: claims.time("auth_time")}
	out.Email, out.EmailVerified = claims.email()
	if out.Email == "" {
		c.fillFromUserinfo(ctx, prov, tok, &out)
	}
	return out, nil
}

// verifyError sorts go-oidc's verification errors into kinds. go-oidc v3
// checks issuer, then audience, then expiry and returns at the first failure;
// only expiry has its own type, the audience failure is recognised by its
// message, and everything else (signature, issuer, malformed, nbf) is ErrToken.
func (c *Client) verifyError(p Provider, err error) *Error {
	var expired *gooidc.TokenExpiredError
	msg := err.Error()
	switch {
	case errors.As(err, &expired):
		return refuse(ErrExpired, fmt.Sprintf("Your sign-in with %s took too long or its token has expired. Please try again.", p.Name), err)
	case strings.Contains(msg, "expected audience"):
		return refuse(ErrAudience, fmt.Sprintf("%s's answer was meant for another website, so we did not accept it. Please try again.", p.Name), err)
	case strings.Contains(msg, "issued by a different provider"):
		return refuse(ErrToken, fmt.Sprintf("The answer did not come from %s as expected, so we did not accept it. Please try again.", p.Name), err)
	case strings.Contains(msg, "failed to verify signature"):
		// Perhaps the provider rotated its keys in a way the key cache did not
		// notice; discover afresh next time.
		c.forget(p.Issuer)
	}
	return refuse(ErrToken, fmt.Sprintf("We could not confirm that the answer came from %s, so we did not accept it. Please try again.", p.Name), err)
}

// checkToken does the checks of OpenID Connect Core 3.1.3.7 that go-oidc
// leaves to the caller.
func checkToken(p Provider, a Attempt, idt *gooidc.IDToken, claims rawClaims, accessToken string) error {
	// With several audiences, azp names the party the token was issued to;
	// if it is someone else, the token was not meant for us.
	if azp := claims.str("azp"); azp != "" && azp != p.ClientID {
		return refuse(ErrAudience, fmt.Sprintf("%s's answer was meant for another website, so we did not accept it. Please try again.", p.Name),
			fmt.Errorf("azp %q is not our client id", logSafe(azp, 100)))
	}
	// The nonce ties the token to this attempt, so a token captured from
	// another sign-in cannot be replayed into this one.
	if idt.Nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(a.Nonce)) != 1 {
		return refuse(ErrNonce, fmt.Sprintf("This answer from %s does not belong to the sign-in you started here, so we did not accept it. Please try again.", p.Name),
			errors.New("id token nonce missing or different from the attempt's"))
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(accessToken); err != nil {
			return refuse(ErrToken, fmt.Sprintf("We could not confirm that the answer came from %s, so we did not accept it. Please try again.", p.Name),
				fmt.Errorf("at_hash: %w", err))
		}
	}
	if idt.Subject == "" || len(idt.Subject) > maxSubjectLen {
		return refuse(ErrClaims, fmt.Sprintf("%s did not tell us who you are, so we could not sign you in. Please try another way to sign in.", p.Name),
			fmt.Errorf("id token subject missing or %d bytes long", len(idt.Subject)))
	}
	return nil
}

// fillFromUserinfo asks the userinfo endpoint for the email address (and a
// name, if the token had none). It is a best effort: without it the reader
// still signs in, just without an address.
func (c *Client) fillFromUserinfo(ctx context.Context, prov *gooidc.Provider, tok *oauth2.Token, out *Claims) {
	if prov.UserInfoEndpoint() == "" || tok.AccessToken == "" {
		return
	}
	ui, err := prov.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		return
	}
	var claims rawClaims
	if ui.Claims(&claims) != nil {
		return
	}
	// Userinfo answers are not signed; its sub must match the verified token's
	// (OpenID Connect Core 5.3.2) or the answer may be about someone else.
	if subtle.ConstantTimeCompare([]byte(claims.str("sub")), []byte(out.Subject)) != 1 {
		return
	}
	out.Email, out.EmailVerified = claims.email()
	if out.Name == "" {
		out.Name = claims.name()
	}
}

// checkRedirect refuses a redirect URL that no provider would accept, so the
// mistake shows in our logs rather than on the provider's error page.
func checkRedirect(s string) error {
	u, err := url.Parse(s)
	if err != nil || len(s) > maxRedirectLen || !u.IsAbs() || u.Host == "" || u.Fragment != "" ||
		(u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("oidc: redirect URL %q must be an absolute http(s) URL without fragment: %w",
			logSafe(s, 200), apperr.Invalid)
	}
	return nil
}

// randomString returns 32 random bytes, base64url-encoded without padding.
func randomString() string {
	b := make([]byte, secretBytes)
	// crypto/rand.Read never returns an error (since Go 1.24 it crashes the
	// program instead of handing out predictable bytes).
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// errBodyTooLarge is what reading a capped response body returns once it
// passes the limit.
var errBodyTooLarge = fmt.Errorf("oidc: provider response larger than %d bytes", maxBody)

// cappedTransport limits every response body it hands out. Limiting here,
// under go-oidc and oauth2, covers all their reads (discovery, keys, token,
// userinfo) at once; those libraries read whole bodies with io.ReadAll.
type cappedTransport struct {
	base  http.RoundTripper
	limit int64
}

func (t cappedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > t.limit {
		// Announced as too big: refuse without reading a byte.
		resp.Body.Close()
		return nil, errBodyTooLarge
	}
	resp.Body = &cappedBody{rc: resp.Body, left: t.limit}
	return resp, nil
}

type cappedBody struct {
	rc   io.ReadCloser
	left int64 // bytes still allowed
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, errBodyTooLarge
	}
	// Allow one byte beyond the limit, so that a body of exactly the limit
	// ends with io.EOF and one byte more is noticed.
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n - 1, errBodyTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }
