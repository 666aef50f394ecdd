package webtest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// Browser is a client with its own cookies that does not follow redirects,
// like one person's browser driven step by step.
type Browser struct {
	e   *Env
	c   *http.Client
	jar *cookiejar.Jar
}

// Browser returns a new, empty browser.
func (e *Env) Browser() *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{e: e, jar: jar, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *Browser) abs(u string) string {
	if strings.HasPrefix(u, "/") {
		return b.e.Srv.URL + u
	}
	return u
}

// Get fetches a path of the site or an absolute address.
func (b *Browser) Get(u string) Resp {
	b.e.T.Helper()
	req, _ := http.NewRequest("GET", b.abs(u), nil)
	return b.do(req)
}

// Post sends a form to a path of the site, as the site's own page would.
func (b *Browser) Post(path string, form url.Values) Resp {
	b.e.T.Helper()
	req, _ := http.NewRequest("POST", b.abs(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// Part is one field of a multipart form: a value, or a file when FileName
// is set.
type Part struct {
	Name, Value, FileName string
	Content               []byte
}

// PostMultipart sends a multipart form (files included) in the order given,
// as a browser sends a form's fields in the page's order.
func (b *Browser) PostMultipart(path string, parts []Part) Resp {
	b.e.T.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range parts {
		if p.FileName == "" && p.Content == nil {
			if err := mw.WriteField(p.Name, p.Value); err != nil {
				b.e.T.Fatal(err)
			}
			continue
		}
		w, err := mw.CreateFormFile(p.Name, p.FileName)
		if err != nil {
			b.e.T.Fatal(err)
		}
		w.Write(p.Content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.abs(path), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func (b *Browser) do(req *http.Request) Resp {
	b.e.T.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.e.T.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return Resp{res.StatusCode, sb.String(), res.Header}
}

// Cookie returns the value of a cookie the site set for a path.
func (b *Browser) Cookie(name, path string) string {
	u, _ := url.Parse(b.e.Srv.URL + path)
	for _, c := range b.jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// SetCookie puts a cookie in the browser for the whole site.
func (b *Browser) SetCookie(name, value string) {
	u, _ := url.Parse(b.e.Srv.URL + "/")
	b.jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// CSRF reads the CSRF token from a page of the browser's session.
func (b *Browser) CSRF(page string) string {
	b.e.T.Helper()
	m := csrfRE.FindStringSubmatch(b.Get(page).Body)
	if m == nil {
		b.e.T.Fatalf("no CSRF token on %s", page)
	}
	return m[1]
}

// PathOf returns the path and query of an address of the site.
func PathOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

// Provider is a real OpenID Connect provider (mockoidc) in the test.
type Provider struct {
	*mockoidc.MockOIDC
}

// NewProvider starts a provider on a loopback port until the test ends.
func NewProvider(t *testing.T) *Provider {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	return &Provider{m}
}

// Flags configure the app with this provider, under a name whose id is the
// name lower-cased with hyphens ("Example ID" is "example-id").
func (p *Provider) Flags(name string) []string {
	return []string{"--oidc-issuer", p.Issuer(), "--oidc-client-id", p.ClientID, "--oidc-client-secret", p.ClientSecret, "--oidc-name", name}
}

// Person is who signs in at the provider next. AuthTime, when set, is when
// they signed in there (auth_time). Tamper changes the ID token's claims
// before they are signed, to play a forger or a confused provider.
type Person struct {
	Subject, Email, Name string
	Verified             bool
	AuthTime             time.Time
	Tamper               func(c jwt.MapClaims)
}

// Queue makes p the next person to sign in.
func (p *Provider) Queue(person Person) { p.QueueUser(&person) }

// ID is the provider's id for the person.
func (p *Person) ID() string { return p.Subject }

// Userinfo is what the userinfo endpoint says.
func (p *Person) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]any{"sub": p.Subject, "email": p.Email, "email_verified": p.Verified, "name": p.Name})
}

// Claims are the ID token's claims.
func (p *Person) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	c := jwt.MapClaims{"iss": base.Issuer, "sub": p.Subject, "aud": []string(base.Audience), "exp": base.ExpiresAt.Unix(),
		"iat": base.IssuedAt.Unix(), "nbf": base.NotBefore.Unix(), "jti": base.ID, "nonce": base.Nonce}
	if p.Email != "" {
		c["email"], c["email_verified"] = p.Email, p.Verified
	}
	if p.Name != "" {
		c["name"] = p.Name
	}
	if !p.AuthTime.IsZero() {
		c["auth_time"] = p.AuthTime.Unix()
	}
	if p.Tamper != nil {
		p.Tamper(c)
	}
	return c, nil
}

// SignIn goes through a sign-in at the provider with b: from the site's
// "Continue with" link, to the provider, and back to the site's callback,
// whose response it returns. change may alter the callback's address first.
func (p *Provider) SignIn(b *Browser, providerID string, change func(q url.Values)) Resp {
	b.e.T.Helper()
	return p.Follow(b, b.Get("/account/oidc/"+providerID), change)
}

// Follow takes a browser sent to the provider (start is the redirect to it)
// through the provider's sign-in and back, as SignIn does.
func (p *Provider) Follow(b *Browser, start Resp, change func(q url.Values)) Resp {
	b.e.T.Helper()
	if start.Status != http.StatusSeeOther {
		b.e.T.Fatalf("starting the sign-in: %d %.300s", start.Status, start.Body)
	}
	at := b.Get(start.Header.Get("Location")) // the provider's authorization endpoint
	if at.Status != http.StatusFound {
		b.e.T.Fatalf("the provider answered %d: %.300s", at.Status, at.Body)
	}
	back, err := url.Parse(at.Header.Get("Location"))
	if err != nil {
		b.e.T.Fatal(err)
	}
	if change != nil {
		q := back.Query()
		change(q)
		back.RawQuery = q.Encode()
	}
	return b.Get(back.String())
}
