package site_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"

	"github.com/golang-jwt/jwt/v5"
)

// The whole sign-in with another provider, against a real OpenID Connect
// provider started in the test: success, and each forgery refused.
func TestSignInWithProvider(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		idp := webtest.NewProvider(t)
		e, ms := mailEnv(t, engine, idp.Flags("Example ID")...)
		ctx := context.Background()
		want(t, "sign-in page", e.Browser().Get("/account/login"), 200, "Continue with Example ID", `href="/account/oidc/example-id"`)
		want(t, "an unknown provider", e.Browser().Get("/account/oidc/nobody"), 404)

		// A first sign-in makes a reader account with the provider's verified email.
		b := e.Browser()
		idp.Queue(webtest.Person{Subject: "sub-1", Email: "Kemi@Example.com", Name: "Kemi Ade", Verified: true})
		r := idp.SignIn(b, "example-id", nil)
		if r.Status != 303 || r.Header.Get("Location") != "/account?done=welcome" || b.Cookie("bs_session", "/") == "" {
			t.Fatalf("first sign-in: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Body)
		}
		u, err := e.App.Store.UserByEmail(ctx, "kemi@example.com")
		if err != nil || u.Role != user.Reader || u.Name != "Kemi Ade" || u.HasPassword() {
			t.Fatalf("the new reader: %+v, %v", u, err)
		}
		// The next time, the same person at the provider is the same account.
		b2 := e.Browser()
		idp.Queue(webtest.Person{Subject: "sub-1", Email: "kemi@example.com", Name: "Kemi Ade", Verified: true})
		if r := idp.SignIn(b2, "example-id", nil); r.Status != 303 || r.Header.Get("Location") != "/account" {
			t.Fatalf("second sign-in: %d %s", r.Status, r.Header.Get("Location"))
		}
		want(t, "signed in", b2.Get("/account"), 200, "Kemi Ade", "Example ID: linked")

		refusals := []struct {
			name   string
			person webtest.Person
			change func(q url.Values)
			reason string
		}{
			{"forged state", webtest.Person{Subject: "x1", Email: "x1@example.com", Verified: true},
				func(q url.Values) { q.Set("state", "forged-state-value") }, "did not work"},
			{"wrong nonce", webtest.Person{Subject: "x2", Email: "x2@example.com", Verified: true,
				Tamper: func(c jwt.MapClaims) { c["nonce"] = "someone-elses-nonce" }}, nil, "did not work"},
			{"expired token", webtest.Person{Subject: "x3", Email: "x3@example.com", Verified: true,
				Tamper: func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() }}, nil, "expired"},
			{"another audience", webtest.Person{Subject: "x4", Email: "x4@example.com", Verified: true,
				Tamper: func(c jwt.MapClaims) { c["aud"] = []string{"another-website"} }}, nil, "another website"},
			{"another issuer", webtest.Person{Subject: "x5", Email: "x5@example.com", Verified: true,
				Tamper: func(c jwt.MapClaims) { c["iss"] = "https://impostor.example" }}, nil, "did not work"},
			{"provider refused", webtest.Person{Subject: "x6", Email: "x6@example.com", Verified: true},
				func(q url.Values) {
					q.Del("code")
					q.Set("error", "access_denied")
					q.Set("error_description", "<script>alert(1)</script>")
				}, "did not work"},
		}
		for _, c := range refusals {
			t.Run(c.name, func(t *testing.T) {
				b := e.Browser()
				idp.Queue(c.person)
				r := idp.SignIn(b, "example-id", c.change)
				if r.Status < 400 || r.Status > 499 || !strings.Contains(r.Body, c.reason) || strings.Contains(r.Body, "<script>alert") {
					t.Fatalf("%s: %d %.1500s", c.name, r.Status, r.Body)
				}
				if b.Cookie("bs_session", "/") != "" {
					t.Fatal("signed in anyway")
				}
				if _, err := e.App.Store.UserByEmail(ctx, c.person.Email); err == nil {
					t.Fatal("an account was made anyway")
				}
			})
		}
		// A callback from another browser (no state cookie) is refused.
		b3 := e.Browser()
		idp.Queue(webtest.Person{Subject: "x7", Email: "x7@example.com", Verified: true})
		start := b3.Get("/account/oidc/example-id")
		at := b3.Get(start.Header.Get("Location"))
		want(t, "callback in another browser", e.Browser().Get(at.Header.Get("Location")), 400, "not started from this browser")

		// An email that has an account here is linked only after its owner
		// proves the password...
		reader := e.Users[user.Reader]
		b = e.Browser()
		idp.Queue(webtest.Person{Subject: "sub-reader", Email: reader.Email, Name: "Someone", Verified: true})
		r = idp.SignIn(b, "example-id", nil)
		if r.Status != 303 || r.Header.Get("Location") != "/account/link" || b.Cookie("bs_session", "/") != "" {
			t.Fatalf("existing email: %d %s", r.Status, r.Header.Get("Location"))
		}
		want(t, "link page", b.Get("/account/link"), 200, "An account here already uses "+reader.Email, "Email me a link instead")
		want(t, "wrong password", b.Post("/account/link", url.Values{"password": {"not it at all"}}), 401, "do not match")
		if r := b.Post("/account/link", url.Values{"password": {webtest.Password}}); r.Status != 303 || b.Cookie("bs_session", "/") == "" {
			t.Fatalf("link with the password: %d", r.Status)
		}
		if u, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-reader"); err != nil || u.ID != reader.ID {
			t.Fatalf("not linked: %+v %v", u, err)
		}
		// ...or the mailbox.
		staff := e.Users[user.Author]
		b = e.Browser()
		idp.Queue(webtest.Person{Subject: "sub-author", Email: staff.Email, Verified: true})
		idp.SignIn(b, "example-id", nil)
		// The browser that signed in at the provider holds a pending link in
		// a cookie; it proves nothing about the mailbox, so it is no mailed
		// link either.
		pending := b.Cookie("bs_link", "/account/link")
		if pending == "" {
			t.Fatal("no pending link cookie")
		}
		want(t, "pending link as a mailed one", b.Post("/account/link/confirm", url.Values{"token": {pending}}), 410, "no longer works")
		want(t, "pending link confirm page", b.Get("/account/link/confirm?token="+pending), 410, "no longer works")
		if _, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-author"); err == nil {
			t.Fatal("linked without the owner")
		}
		want(t, "link by mail", b.Post("/account/link/email", nil), 200, "Check your inbox", "in this browser")
		e.RunJobs()
		link := ms.Link(t, staff.Email, "/account/link/confirm")
		token := strings.TrimPrefix(webtest.PathOf(t, link), "/account/link/confirm?token=")
		// Opened in another browser, the link does nothing: whoever claims
		// an address at a provider cannot have its owner link them with one
		// press of a button.
		other := e.Browser()
		want(t, "confirm page elsewhere", other.Get(webtest.PathOf(t, link)), 403, "where you asked for it", "If you did not ask, ignore it")
		want(t, "confirm elsewhere", other.Post("/account/link/confirm", url.Values{"token": {token}}), 403, "where you asked for it")
		if _, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-author"); err == nil {
			t.Fatal("linked from another browser")
		}
		want(t, "confirm page", b.Get(webtest.PathOf(t, link)), 200, "Link and sign in")
		if r := b.Post("/account/link/confirm", url.Values{"token": {token}}); r.Status != 303 {
			t.Fatalf("confirm link: %d %.300s", r.Status, r.Body)
		}
		if u, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-author"); err != nil || u.ID != staff.ID {
			t.Fatalf("not linked by mail: %+v %v", u, err)
		}

		// An address the provider does not vouch for is proven by mail first.
		b = e.Browser()
		idp.Queue(webtest.Person{Subject: "sub-unverified", Email: "new@example.com", Name: "New Person", Verified: false})
		want(t, "unverified email", idp.SignIn(b, "example-id", nil), 200, "did not confirm your email address")
		if _, err := e.App.Store.UserByEmail(ctx, "new@example.com"); err == nil {
			t.Fatal("an account was made for an unproven address")
		}
		e.RunJobs()
		token = strings.TrimPrefix(webtest.PathOf(t, ms.Link(t, "new@example.com", "/account/verify")), "/account/verify?token=")
		if r := b.Post("/account/verify", url.Values{"token": {token}}); r.Status != 303 {
			t.Fatalf("verify: %d", r.Status)
		}
		if u, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-unverified"); err != nil || u.Email != "new@example.com" {
			t.Fatalf("after proving the address: %+v %v", u, err)
		}
		// Someone at the provider claims a stranger's address it does not
		// vouch for: the mail names the provider, and the stranger, opening
		// it in their own browser, sets a password; the provider account is
		// not linked.
		b = e.Browser()
		idp.Queue(webtest.Person{Subject: "sub-claimer", Email: "claimed@example.com", Verified: false})
		want(t, "unverified claim", idp.SignIn(b, "example-id", nil), 200, "did not confirm your email address")
		e.RunJobs()
		if m := ms.To("claimed@example.com"); len(m) != 1 || !strings.Contains(m[0].Text, "with Example ID") {
			t.Fatalf("the claimed address's mail: %+v", m)
		}
		path := webtest.PathOf(t, ms.Link(t, "claimed@example.com", "/account/verify"))
		owner := e.Browser()
		want(t, "claim opened by the owner", owner.Get(path), 200, `name="password"`)
		if r := owner.Post("/account/verify", url.Values{"token": {strings.TrimPrefix(path, "/account/verify?token=")}, "name": {"Real Owner"},
			"password": {"the real owner's password"}}); r.Status != 303 {
			t.Fatalf("owner verifies: %d %.300s", r.Status, r.Body)
		}
		if _, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-claimer"); err == nil {
			t.Fatal("the claimer's provider account signs in to the owner's account")
		}
		// A provider that does not vouch for an address that has an account
		// here gets the same page as for a new address: no pending link, and
		// nothing about the account; its owner gets a note.
		b = e.Browser()
		idp.Queue(webtest.Person{Subject: "sub-claims-reader", Email: reader.Email, Verified: false})
		r = idp.SignIn(b, "example-id", nil)
		want(t, "unverified claim on an account", r, 200, "did not confirm your email address")
		if b.Cookie("bs_link", "/account/link") != "" || strings.Contains(r.Body, "password") {
			t.Fatal("an unproven claim on an address is told about its account")
		}
		want(t, "no pending link", b.Get("/account/link"), 410)
		e.RunJobs()
		if m := ms.To(reader.Email); len(m) != 1 || !strings.Contains(m[0].Text, "You already have one") || !strings.Contains(m[0].Text, "with Example ID") {
			t.Fatalf("the account owner's mail: %+v", m)
		}

		// A signed-in reader links the provider from the account page, with
		// the password, and may unlink it while a password remains.
		editor := signIn(t, e, user.Editor)
		want(t, "account page", editor.Get("/account"), 200, `href="/account/identities/example-id/link"`)
		want(t, "link page", editor.Get("/account/identities/example-id/link"), 200, "Continue to Example ID", `name="current"`)
		csrf := editor.CSRF("/account")
		want(t, "link without the password", editor.Post("/account/identities/example-id/link", url.Values{"csrf": {csrf}}), 401, "not your current password")
		want(t, "link without the form's token", editor.Post("/account/identities/example-id/link", url.Values{"current": {webtest.Password}}), 403)
		want(t, "an unknown action", editor.Get("/account/identities/example-id/steal"), 404)
		want(t, "an unknown provider", editor.Get("/account/identities/nobody/link"), 404)
		idp.Queue(webtest.Person{Subject: "sub-editor", Email: "elsewhere@example.com", Verified: true})
		start = editor.Post("/account/identities/example-id/link", url.Values{"csrf": {csrf}, "current": {webtest.Password}})
		if r := idp.Follow(editor, start, nil); r.Status != 303 || r.Header.Get("Location") != "/account?done=linked" {
			t.Fatalf("link from the account: %d %s", r.Status, r.Header.Get("Location"))
		}
		if u, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-editor"); err != nil || u.ID != e.Users[user.Editor].ID {
			t.Fatalf("after linking: %+v %v", u, err)
		}
		if !auditHas(t, e, "account.link") {
			t.Error("linking a provider to a newsroom account is not in the audit log")
		}
		want(t, "unlink without the password", editor.Post("/account/identities/example-id/unlink", url.Values{"csrf": {csrf}}), 401)
		if r := editor.Post("/account/identities/example-id/unlink", url.Values{"csrf": {csrf}, "current": {webtest.Password}}); r.Status != 303 {
			t.Fatalf("unlink: %d", r.Status)
		}
		// The answer to a link must come back to the session that asked:
		// signed out and in again meanwhile, nothing is linked.
		start = editor.Post("/account/identities/example-id/link", url.Values{"csrf": {editor.CSRF("/account")}, "current": {webtest.Password}})
		if r := editor.Post("/account/login", url.Values{"email": {e.Users[user.Editor].Email}, "password": {webtest.Password}}); r.Status != 303 {
			t.Fatalf("signing in again: %d", r.Status)
		}
		idp.Queue(webtest.Person{Subject: "sub-editor-2", Email: "elsewhere@example.com", Verified: true})
		want(t, "link answered to another session", idp.Follow(editor, start, nil), 400, "signed out while linking")
		if _, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-editor-2"); err == nil {
			t.Fatal("linked to a session that did not ask")
		}

		// Starting a sign-in while signed in links nothing: the answer signs
		// in whoever it names.
		idp.Queue(webtest.Person{Subject: "sub-drive-by", Email: "drive-by@example.com", Verified: true})
		idp.SignIn(editor, "example-id", nil)
		if u, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-drive-by"); err != nil || u.ID == e.Users[user.Editor].ID {
			t.Fatalf("a sign-in started while signed in was linked to the account: %+v %v", u, err)
		}

		// Kemi has no password, and the provider signed her in without
		// saying it asked her (single sign-on): before anything that needs
		// it, she confirms it is her at the provider, which must ask again.
		kemiCSRF := b2.CSRF("/account")
		want(t, "Kemi's account", b2.Get("/account"), 200, "Confirm it is you", `action="/account/confirm/example-id"`)
		want(t, "unlink before confirming", b2.Post("/account/identities/example-id/unlink", url.Values{"csrf": {kemiCSRF}}), 422, "confirm it is you first")
		confirm := func(p webtest.Person) webtest.Resp {
			start := b2.Post("/account/confirm/example-id", url.Values{"csrf": {kemiCSRF}, "next": {"/account/identities/example-id/unlink"}})
			if q := strings.SplitN(start.Header.Get("Location"), "?", 2); len(q) != 2 || !strings.Contains(q[1], "prompt=login") || !strings.Contains(q[1], "max_age=0") {
				t.Fatalf("confirming does not ask the provider to sign in again: %d %s", start.Status, start.Header.Get("Location"))
			}
			idp.Queue(p)
			return idp.Follow(b2, start, nil)
		}
		want(t, "confirm without an auth time", confirm(webtest.Person{Subject: "sub-1", Email: "kemi@example.com", Verified: true}), 400, "did not ask you to sign in again")
		want(t, "confirm with an old auth time", confirm(webtest.Person{Subject: "sub-1", Email: "kemi@example.com", Verified: true,
			AuthTime: time.Now().Add(-time.Hour)}), 400, "did not ask you to sign in again")
		want(t, "confirm as someone else", confirm(webtest.Person{Subject: "sub-editor", Email: "kemi@example.com", Verified: true,
			AuthTime: time.Now()}), 400, "another Example ID account")
		want(t, "unlink after failed confirmations", b2.Post("/account/identities/example-id/unlink", url.Values{"csrf": {kemiCSRF}}), 422, "confirm it is you first")
		r = confirm(webtest.Person{Subject: "sub-1", Email: "kemi@example.com", Verified: true, AuthTime: time.Now()})
		if r.Status != 303 || r.Header.Get("Location") != "/account/identities/example-id/unlink" {
			t.Fatalf("confirm: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Body)
		}
		if strings.Contains(b2.Get("/account").Body, "Confirm it is you") {
			t.Error("still asked to confirm after confirming")
		}
		// Confirmed, she still cannot unlink her only way in.
		want(t, "unlink the only way in", b2.Post("/account/identities/example-id/unlink", url.Values{"csrf": {kemiCSRF}}), 422, "only way into your account")
		want(t, "confirm with a provider not linked", b2.Post("/account/confirm/nobody", url.Values{"csrf": {kemiCSRF}}), 404)

		// A browser left signed in may neither unlink nor link.
		kemi, err := e.App.Store.UserByEmail(ctx, "kemi@example.com")
		if err != nil {
			t.Fatal(err)
		}
		stale, staleCSRF := staleSession(t, e, kemi)
		want(t, "unlink page, stale", stale.Get("/account/identities/example-id/unlink"), 200, "confirm it is you", "Confirm with Example ID")
		want(t, "unlink from a stale session", stale.Post("/account/identities/example-id/unlink", url.Values{"csrf": {staleCSRF}}), 422, "confirm it is you first")
		if _, err := e.App.Store.UserByIdentity(ctx, "example-id", "sub-1"); err != nil {
			t.Fatalf("unlinked from a stale session: %v", err)
		}
		retired := user.User{Email: "other-sso@example.com", Name: "Other Provider"}
		if err := e.App.Store.CreateReader(ctx, &retired, "retired-provider", "sub-x"); err != nil {
			t.Fatal(err)
		}
		stale, staleCSRF = staleSession(t, e, retired)
		want(t, "link from a stale session", stale.Post("/account/identities/example-id/link", url.Values{"csrf": {staleCSRF}}), 422, "confirm it is you first")
	})
}

// staleSession signs u in from a new browser, as if an hour ago.
func staleSession(t *testing.T, e *webtest.Env, u user.User) (*webtest.Browser, string) {
	t.Helper()
	tok, hash, _ := user.NewSecret("")
	csrf, _, _ := user.NewSecret("")
	now := time.Now()
	if err := e.App.Store.CreateSession(context.Background(), user.Session{Hash: hash, UserID: u.ID, CSRF: csrf, CreatedAt: now.Add(-time.Hour),
		ExpiresAt: now.Add(time.Hour), AuthAt: now.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	b := e.Browser()
	b.SetCookie("bs_session", tok)
	return b, csrf
}

// Providers set in the newsroom appear as buttons; a preset needs only a
// client id and secret; the secret is never shown again.
func TestProvidersInTheNewsroom(t *testing.T) {
	idp := webtest.NewProvider(t)
	e := webtest.New(t, false, "sqlite")
	want(t, "no buttons yet", e.Browser().Get("/account/login"), 200)
	if strings.Contains(e.Browser().Get("/account/login").Body, "Continue with") {
		t.Fatal("a provider button without providers")
	}
	r := e.Post("/newsroom/settings/signin", user.Admin, url.Values{"preset": {"google"}, "client_id": {"id.apps.example"}, "client_secret": {"google-secret"}}, "")
	if r.Status != 303 {
		t.Fatalf("add Google: %d %.500s", r.Status, r.Body)
	}
	r = e.Post("/newsroom/settings/signin", user.Admin, url.Values{"preset": {"other"}, "id": {"local-idp"}, "name": {"Local ID"}, "issuer": {idp.Issuer()},
		"client_id": {idp.ClientID}, "client_secret": {idp.ClientSecret}}, "")
	if r.Status != 303 {
		t.Fatalf("add another: %d %.500s", r.Status, r.Body)
	}
	want(t, "bad issuer", e.Post("/newsroom/settings/signin", user.Admin, url.Values{"preset": {"other"}, "id": {"bad"}, "name": {"Bad"},
		"issuer": {"http://evil.example/"}, "client_id": {"x"}, "client_secret": {"y"}}, ""), 422, "not saved")
	want(t, "editors may not", e.Post("/newsroom/settings/signin", user.Editor, url.Values{"preset": {"google"}, "client_id": {"x"}, "client_secret": {"y"}}, ""), 403)
	page := e.Get("/newsroom/settings/signin", user.Admin)
	want(t, "providers page", page, 200, "Google", "Local ID", "id.apps.example")
	if strings.Contains(page.Body, "google-secret") || strings.Contains(page.Body, idp.ClientSecret) {
		t.Fatal("a client secret is shown")
	}
	want(t, "buttons", e.Browser().Get("/account/login"), 200, "Continue with Google", "Continue with Local ID")
	idp.Queue(webtest.Person{Subject: "s", Email: "local@example.com", Verified: true})
	if r := idp.SignIn(e.Browser(), "local-idp", nil); r.Status != 303 {
		t.Fatalf("sign in through a provider set in the newsroom: %d %.300s", r.Status, r.Body)
	}
	if r := e.Post("/newsroom/settings/signin/google/delete", user.Admin, nil, ""); r.Status != 303 {
		t.Fatalf("remove: %d", r.Status)
	}
	if strings.Contains(e.Browser().Get("/account/login").Body, "Continue with Google") {
		t.Fatal("a removed provider still shows")
	}
}

// Anyone with an account at a provider can claim any address: the mail asking
// the address's owner to link it, and the mail proving an address the
// provider does not vouch for, are limited per address.
func TestProviderClaimsAreLimited(t *testing.T) {
	idp := webtest.NewProvider(t)
	e, ms := mailEnv(t, "sqlite", idp.Flags("Example ID")...)
	owner := e.Users[user.Reader]
	var last webtest.Resp
	for i := range 4 {
		b := e.Browser()
		idp.Queue(webtest.Person{Subject: "claimer-" + itoa(int64(i)), Email: owner.Email, Verified: true})
		idp.SignIn(b, "example-id", nil)
		last = b.Post("/account/link/email", nil)
	}
	want(t, "fourth link mail", last, 429, "try again in")
	e.RunJobs()
	if n := len(ms.To(owner.Email)); n != 3 {
		t.Fatalf("the owner got %d link mails; want 3", n)
	}
	for i := range 4 {
		idp.Queue(webtest.Person{Subject: "unverified-" + itoa(int64(i)), Email: "stranger@example.com", Verified: false})
		last = idp.SignIn(e.Browser(), "example-id", nil)
	}
	want(t, "fourth unverified claim", last, 429, "try again in")
	e.RunJobs()
	if n := len(ms.To("stranger@example.com")); n != 3 {
		t.Fatalf("the stranger got %d mails; want 3", n)
	}
}
