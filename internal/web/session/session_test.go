package session

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/storetest"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
)

func TestCheckPassword(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	m := &Manager{Store: st, Limiter: &throttle.Limiter{Store: st}}
	hash, _ := user.HashPassword("correct horse battery")
	for _, u := range []user.User{
		{Email: "ok@example.com", Name: "Ok", Role: user.Reader, PasswordHash: hash},
		{Email: "off@example.com", Name: "Off", Role: user.Editor, PasswordHash: hash, Disabled: true},
		{Email: "sso@example.com", Name: "Only a provider", Role: user.Reader},
	} {
		if err := st.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		email, pw string
		want      error
	}{
		{"ok@example.com", "correct horse battery", nil},
		{" OK@Example.com ", "correct horse battery", nil},
		{"ok@example.com", "wrong", ErrCredentials},
		{"off@example.com", "correct horse battery", ErrCredentials},
		{"sso@example.com", "", ErrCredentials},
		{"sso@example.com", "anything at all", ErrCredentials},
		{"nobody@example.com", "correct horse battery", ErrCredentials},
		{"ok@example.com", strings.Repeat("x", 1001), ErrCredentials},
	}
	for _, c := range cases {
		_, err := m.CheckPassword(ctx, c.email, c.pw, "192.0.2.1")
		if !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("CheckPassword(%q, %q) = %v; want %v", c.email, c.pw, err, c.want)
		}
	}
	// A success takes its attempt back: many sign-ins in a row never throttle.
	for range 12 {
		if _, err := m.CheckPassword(ctx, "ok@example.com", "correct horse battery", "192.0.2.2"); err != nil {
			t.Fatalf("a run of good sign-ins: %v", err)
		}
	}
	// Failures from many addresses still stop at the account's limit...
	for i := range user.SignInPerAccount.Max {
		m.CheckPassword(ctx, "ok@example.com", "guess", "198.51.100."+string(rune('0'+i)))
	}
	_, err := m.CheckPassword(ctx, "ok@example.com", "correct horse battery", "203.0.113.9")
	var lim *throttle.Limited
	if !errors.As(err, &lim) || lim.Wait <= 0 || lim.Wait > user.SignInPerAccount.Window {
		t.Fatalf("after %d failures: %v", user.SignInPerAccount.Max, err)
	}
	// ...and the owner's proof by mail lifts it.
	if err := m.ClearFailures(ctx, "ok@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.CheckPassword(ctx, "ok@example.com", "correct horse battery", "203.0.113.9"); err != nil {
		t.Fatalf("after clearing: %v", err)
	}
}

// Password hashing runs in a bounded number of slots: with every slot taken,
// a new check waits, then gives up with ErrBusy rather than take more memory.
func TestHashingIsBounded(t *testing.T) {
	m := &Manager{}
	var releases []func()
	for range runtime.NumCPU() {
		r, err := m.slot(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := m.HashPassword(ctx, "a long enough password"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hash with every slot taken: %v", err)
	}
	releases[0]()
	if h, err := m.HashPassword(context.Background(), "a long enough password"); err != nil || !user.CheckPassword(h, "a long enough password") {
		t.Fatalf("hash after a slot freed: %v", err)
	}
}

func TestSessionsAndCookies(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	m := &Manager{Store: st, Limiter: &throttle.Limiter{Store: st}, SecureCookie: true}
	u := user.User{Email: "r@example.com", Name: "R", Role: user.Reader, PasswordHash: "x"}
	if err := st.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	ss, err := m.Start(ctx, w, u)
	if err != nil {
		t.Fatal(err)
	}
	var session *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == Cookie {
			session = c
			if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
				t.Errorf("session cookie %+v: want HttpOnly, Secure, SameSite=Lax, Path=/", c)
			}
		}
		if c.Name == HintCookie && (c.Value != "1" || c.HttpOnly) {
			t.Errorf("hint cookie %+v: a script must read it, and it holds no secret", c)
		}
	}
	if session == nil || user.HashSecret(session.Value) != ss.Hash {
		t.Fatal("the cookie does not carry the session's token (only its hash is stored)")
	}
	r := httptest.NewRequest("GET", "/account", nil)
	r.AddCookie(session)
	if _, got, err := m.Load(r); err != nil || got.ID != u.ID {
		t.Fatalf("Load: %+v %v", got, err)
	}
	for _, tok := range []string{"", ss.CSRF + "x", "x"} {
		p := httptest.NewRequest("POST", "/account/profile", strings.NewReader("csrf="+tok))
		p.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if CSRFOK(p, ss) {
			t.Errorf("CSRF token %q accepted", tok)
		}
	}
	p := httptest.NewRequest("POST", "/account/profile", nil)
	p.Header.Set("X-CSRF-Token", ss.CSRF)
	if !CSRFOK(p, ss) {
		t.Error("the session's own token refused")
	}
	if err := m.End(ctx, httptest.NewRecorder(), ss); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.Load(r); err == nil {
		t.Fatal("a signed-out session still loads")
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/news/world":                   "/news/world",
		"/account?done=welcome":         "/account?done=welcome",
		"":                              "/fallback",
		"https://evil.example/":         "/fallback",
		"//evil.example/":               "/fallback",
		"/\\evil.example":               "/fallback",
		"/ok\r\nSet-Cookie: x=1":        "/fallback",
		"javascript:alert(1)":           "/fallback",
		"/" + strings.Repeat("a", 2001): "/fallback",
	} {
		if got := SafeNext(in, "/fallback"); got != want {
			t.Errorf("SafeNext(%q) = %q; want %q", in, got, want)
		}
	}
}

// Throttles count an IPv6 client by its /64: a new address in the same
// network is the same client.
func TestAddressKey(t *testing.T) {
	for remote, want := range map[string]string{
		"192.0.2.7:4000":                 "192.0.2.7",
		"[2001:db8:1:2:aaaa::1]:4000":    "2001:db8:1:2::/64",
		"[2001:db8:1:2:ffff:1:2:3]:4000": "2001:db8:1:2::/64",
		"[2001:db8:1:3::1]:4000":         "2001:db8:1:3::/64",
		"[::ffff:192.0.2.7]:4000":        "192.0.2.7",
		"not an address":                 "not an address",
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		if got := AddressKey(r); got != want {
			t.Errorf("AddressKey(%q) = %q; want %q", remote, got, want)
		}
	}
}
