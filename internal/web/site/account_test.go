package site_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

// mailEnv is an app that sends its mail through a real SMTP server in the test.
func mailEnv(t *testing.T, engine string, flags ...string) (*webtest.Env, *webtest.MailServer) {
	ms := webtest.NewMailServer(t)
	return webtest.New(t, false, engine, append([]string{"--smtp-url", ms.URL(), "--mail-from", "news@example.com"}, flags...)...), ms
}

func engines(t *testing.T, fn func(t *testing.T, engine string)) { webtest.EachEngine(t, fn) }

func want(t *testing.T, what string, r webtest.Resp, status int, contains ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: %d, want %d\n%.600s", what, r.Status, status, r.Body)
	}
	for _, c := range contains {
		if !strings.Contains(r.Body, c) {
			t.Fatalf("%s: the page lacks %q\n%.2000s", what, c, r.Body)
		}
	}
}

func TestSignUpVerifyAndSignIn(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		b := e.Browser()
		want(t, "sign-up page", b.Get("/account/signup"), 200, "Create New Account!", `autocomplete="new-password"`)

		// A too-short password keeps what was typed.
		r := b.Post("/account/signup", url.Values{"name": {"Ngozi Eze"}, "email": {"Ngozi@Example.com "}, "password": {"short"}})
		want(t, "short password", r, 422, "Use at least 10 characters", `value="ngozi@example.com"`, `value="Ngozi Eze"`)

		r = b.Post("/account/signup", url.Values{"name": {"Ngozi Eze"}, "email": {"ngozi@example.com"}, "password": {"a long enough password"}})
		want(t, "sign-up", r, 200, "Check your inbox", "ngozi@example.com")
		if strings.Contains(r.Header.Get("Set-Cookie"), "bs_session=") {
			t.Fatal("signed in before the email was proven")
		}
		if _, err := e.App.Store.UserByEmail(context.Background(), "ngozi@example.com"); err == nil {
			t.Fatal("an account exists before its email was proven")
		}
		e.RunJobs()
		link := ms.Link(t, "ngozi@example.com", "/account/verify")
		m := ms.To("ngozi@example.com")[0]
		if !strings.Contains(m.Subject, "Confirm your email") || m.HTML == "" || m.Header.Get("Message-Id") == "" || !strings.Contains(m.Header.Get("From"), "news@example.com") {
			t.Fatalf("verification mail: %q, from %q, id %q", m.Subject, m.Header.Get("From"), m.Header.Get("Message-Id"))
		}
		// Opening the link (as a mail scanner would) uses nothing up.
		want(t, "verify page", b.Get(webtest.PathOf(t, link)), 200, "Create my account")
		token := strings.TrimPrefix(webtest.PathOf(t, link), "/account/verify?token=")
		r = b.Post("/account/verify", url.Values{"token": {token}})
		if r.Status != 303 || r.Header.Get("Location") != "/account?done=welcome" || b.Cookie("bs_session", "/") == "" {
			t.Fatalf("verify: %d %s", r.Status, r.Header.Get("Location"))
		}
		want(t, "account page", b.Get("/account?done=welcome"), 200, "Your account is ready", "Ngozi Eze")
		u, err := e.App.Store.UserByEmail(context.Background(), "ngozi@example.com")
		if err != nil || u.Role != user.Reader || u.Name != "Ngozi Eze" {
			t.Fatalf("the new account: %+v, %v", u, err)
		}
		want(t, "the link again", b.Post("/account/verify", url.Values{"token": {token}}), 410, "no longer works")

		// Readers never see the newsroom.
		want(t, "newsroom as a reader", b.Get("/newsroom"), 403, "newsroom is for the site")
		want(t, "newsroom articles as a reader", b.Get("/newsroom/articles"), 403)

		// Sign out, then in with the password; a wrong one is refused.
		csrf := b.CSRF("/account")
		if r := b.Post("/account/logout", url.Values{"csrf": {csrf}}); r.Status != 303 {
			t.Fatalf("sign out: %d", r.Status)
		}
		want(t, "signed out", b.Get("/account"), 303)
		want(t, "wrong password", b.Post("/account/login", url.Values{"email": {"ngozi@example.com"}, "password": {"not the password"}}), 401,
			"do not match", `value="ngozi@example.com"`)
		r = b.Post("/account/login", url.Values{"email": {"NGOZI@example.com"}, "password": {"a long enough password"}, "next": {"/news"}})
		if r.Status != 303 || r.Header.Get("Location") != "/news" {
			t.Fatalf("sign in: %d %s", r.Status, r.Header.Get("Location"))
		}
		// A reader's password opens nothing in the newsroom either.
		want(t, "newsroom sign-in as a reader", e.Browser().Post("/newsroom/login", url.Values{"email": {"ngozi@example.com"}, "password": {"a long enough password"}}),
			403, "reader")
		// Only this site's paths are places to go after signing in.
		for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example"} {
			r := e.Browser().Post("/account/login", url.Values{"email": {"ngozi@example.com"}, "password": {"a long enough password"}, "next": {next}})
			if r.Status != 303 || r.Header.Get("Location") != "/account" {
				t.Errorf("next=%q led to %q", next, r.Header.Get("Location"))
			}
		}
	})
}

// Whoever fills in the sign-up form need not own the address: a link opened
// in another browser (the real owner's) asks for the password there, and the
// password typed in the form is never used.
func TestSignUpForSomeoneElse(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		ctx := context.Background()
		stranger := e.Browser()
		want(t, "sign-up", stranger.Post("/account/signup", url.Values{"name": {"<b>Your bank</b>"}, "email": {"owner@example.com"},
			"password": {"the stranger's password"}}), 200, "Check your inbox")
		e.RunJobs()
		m := ms.To("owner@example.com")[0]
		if strings.Contains(m.Text, "bank") || strings.Contains(m.HTML, "bank") {
			t.Fatal("the mail repeats the name a stranger typed")
		}
		path := webtest.PathOf(t, ms.Link(t, "owner@example.com", "/account/verify"))
		token := strings.TrimPrefix(path, "/account/verify?token=")

		owner := e.Browser()
		page := owner.Get(path)
		want(t, "verify page elsewhere", page, 200, "another browser", `name="password"`, "owner@example.com")
		if strings.Contains(page.Body, "Your bank") {
			t.Fatal("the verify page offers the name a stranger typed")
		}
		want(t, "the button alone", owner.Post("/account/verify", url.Values{"token": {token}}), 422, "Use at least 10 characters")
		want(t, "a short password", owner.Post("/account/verify", url.Values{"token": {token}, "name": {"Ama Owusu"}, "password": {"short"}}),
			422, "Use at least 10 characters", `value="Ama Owusu"`)
		r := owner.Post("/account/verify", url.Values{"token": {token}, "name": {"Ama Owusu"}, "password": {"the owner's own password"}})
		if r.Status != 303 || owner.Cookie("bs_session", "/") == "" {
			t.Fatalf("verify elsewhere: %d %.300s", r.Status, r.Body)
		}
		u, err := e.App.Store.UserByEmail(ctx, "owner@example.com")
		if err != nil || u.Name != "Ama Owusu" || !user.CheckPassword(u.PasswordHash, "the owner's own password") || user.CheckPassword(u.PasswordHash, "the stranger's password") {
			t.Fatalf("the account: %+v %v", u, err)
		}
		want(t, "the stranger's password", e.Browser().Post("/account/login", url.Values{"email": {"owner@example.com"}, "password": {"the stranger's password"}}), 401)
		// The stranger's browser cannot use the spent link either.
		want(t, "the link in the stranger's browser", stranger.Post("/account/verify", url.Values{"token": {token}}), 410)
	})
}

// The sign-up and reset pages answer the same whether or not an address has
// an account; only its owner's mailbox learns the difference.
func TestMessagesNeverRevealAnAccount(t *testing.T) {
	e, ms := mailEnv(t, "sqlite")
	known, unknown := e.Users[user.Editor].Email, "nobody@example.com"
	nonce := regexp.MustCompile(`nonce="[^"]+"`)
	strip := func(s, email string) string { return nonce.ReplaceAllString(strings.ReplaceAll(s, email, "EMAIL"), "") }
	form := func(email string) url.Values {
		return url.Values{"name": {"Some One"}, "email": {email}, "password": {"a long enough password"}}
	}
	a, b := e.Browser().Post("/account/signup", form(known)), e.Browser().Post("/account/signup", form(unknown))
	if a.Status != b.Status || strip(a.Body, known) != strip(b.Body, unknown) {
		t.Fatalf("sign-up pages differ for a known and an unknown address: %d / %d", a.Status, b.Status)
	}
	cookieNames := func(r webtest.Resp) (names []string) {
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			names = append(names, c.Name)
		}
		return names
	}
	if x, y := cookieNames(a), cookieNames(b); strings.Join(x, ",") != strings.Join(y, ",") {
		t.Fatalf("sign-up cookies differ for a known and an unknown address: %v / %v", x, y)
	}
	before, err := e.App.Store.PendingJobs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	a = e.Browser().Post("/account/forgot", url.Values{"email": {known}})
	afterKnown, _ := e.App.Store.PendingJobs(context.Background())
	b = e.Browser().Post("/account/forgot", url.Values{"email": {unknown}})
	afterUnknown, _ := e.App.Store.PendingJobs(context.Background())
	if a.Status != b.Status || strip(a.Body, known) != strip(b.Body, unknown) {
		t.Fatalf("reset pages differ for a known and an unknown address: %d / %d", a.Status, b.Status)
	}
	// The request does the same work either way (one job), so its time
	// tells nothing; the lookup happens later, in the queue.
	if afterKnown-before != 1 || afterUnknown-afterKnown != 1 {
		t.Fatalf("reset requests queued %d and %d jobs; want one each", afterKnown-before, afterUnknown-afterKnown)
	}
	e.RunJobs()
	if got := ms.To(known); len(got) != 2 || !strings.Contains(got[0].Subject, "already have") {
		t.Fatalf("the owner of %s got %d messages", known, len(got))
	}
	if got := ms.To(unknown); len(got) != 1 || !strings.Contains(got[0].Subject, "Confirm your email") {
		t.Fatalf("%s got %d messages", unknown, len(got))
	}
}

func TestPasswordReset(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		ctx := context.Background()
		reader := e.Users[user.Reader]
		want(t, "forgot page", e.Browser().Get("/account/forgot"), 200, "Retrieve your password")
		want(t, "newsroom sign-in links to it", e.Get("/newsroom/login", ""), 200, `href="/account/forgot"`)
		b := e.Browser()
		want(t, "ask for a link", b.Post("/account/forgot", url.Values{"email": {reader.Email}}), 200, "Check your inbox")
		e.RunJobs()
		link := webtest.PathOf(t, ms.Link(t, reader.Email, "/account/reset"))
		token := strings.TrimPrefix(link, "/account/reset?token=")
		want(t, "reset page", b.Get(link), 200, "Choose a new password", reader.Email)
		// A bad password does not use the link up.
		want(t, "short password", b.Post("/account/reset", url.Values{"token": {token}, "password": {"short"}}), 422, "at least 10")
		r := b.Post("/account/reset", url.Values{"token": {token}, "password": {"a brand new password"}})
		if r.Status != 303 || r.Header.Get("Location") != "/account?done=password" || b.Cookie("bs_session", "/") == "" {
			t.Fatalf("reset: %d %s", r.Status, r.Header.Get("Location"))
		}
		// Every other session ended; the link works once.
		if r := e.Get("/account", user.Reader); r.Status != 303 {
			t.Errorf("the reader's old session survived a password reset: %d", r.Status)
		}
		want(t, "link again", b.Post("/account/reset", url.Values{"token": {token}, "password": {"yet another password"}}), 410)
		e.RunJobs()
		if got := ms.To(reader.Email); len(got) != 2 || !strings.Contains(got[1].Subject, "password was changed") {
			t.Errorf("messages after the reset: %d", len(got))
		}
		if r := e.Browser().Post("/account/login", url.Values{"email": {reader.Email}, "password": {"a brand new password"}}); r.Status != 303 {
			t.Errorf("signing in with the new password: %d", r.Status)
		}

		// An expired link is refused with a way forward.
		now := time.Now()
		if err := e.App.Store.CreateUserToken(ctx, user.Token{Hash: user.HashSecret("old-link"), Kind: user.TokenReset, UserID: reader.ID,
			Email: reader.Email, Data: "{}", CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
		want(t, "expired link", e.Browser().Get("/account/reset?token=old-link"), 410, "Reset your password")

		// Staff reset the same way and land in the newsroom; the audit log has it.
		ed := e.Users[user.Editor]
		b = e.Browser()
		b.Post("/account/forgot", url.Values{"email": {ed.Email}})
		e.RunJobs()
		token = strings.TrimPrefix(webtest.PathOf(t, ms.Link(t, ed.Email, "/account/reset")), "/account/reset?token=")
		r = b.Post("/account/reset", url.Values{"token": {token}, "password": {"an editor's new password"}})
		if r.Status != 303 || r.Header.Get("Location") != "/newsroom?done=password" {
			t.Fatalf("staff reset: %d %s", r.Status, r.Header.Get("Location"))
		}
		want(t, "newsroom after the reset", b.Get("/newsroom?done=password"), 200, "Your new password is set")
		log, _ := e.App.Store.AuditLog(ctx, 20)
		if len(log) == 0 || log[0].Action != "password.reset" || log[0].UserID != ed.ID {
			t.Errorf("no audit entry for a staff password reset: %+v", log)
		}
	})
}

func TestThrottles(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		reader := e.Users[user.Reader]
		b := e.Browser()
		for i := range 8 {
			if r := b.Post("/account/login", url.Values{"email": {reader.Email}, "password": {"guess number " + string(rune('a'+i))}}); r.Status != 401 {
				t.Fatalf("failure %d: %d", i+1, r.Status)
			}
		}
		r := b.Post("/account/login", url.Values{"email": {reader.Email}, "password": {webtest.Password}})
		want(t, "ninth attempt", r, 429, "Too many sign-in attempts", "try again in", `value="`+reader.Email+`"`)
		if r.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
		// The newsroom's sign-in shares the count (same address, same account).
		want(t, "newsroom sign-in", e.Browser().Post("/newsroom/login", url.Values{"email": {reader.Email}, "password": {webtest.Password}}), 429, "try again in")

		// The real owner is never locked out for good: a reset link proves the
		// mailbox, lifts the account's count and signs in.
		want(t, "reset while throttled", b.Post("/account/forgot", url.Values{"email": {reader.Email}}), 200)
		e.RunJobs()
		token := strings.TrimPrefix(webtest.PathOf(t, ms.Link(t, reader.Email, "/account/reset")), "/account/reset?token=")
		if r := b.Post("/account/reset", url.Values{"token": {token}, "password": {"back in again now"}}); r.Status != 303 {
			t.Fatalf("reset while throttled: %d", r.Status)
		}
		want(t, "signed in after the reset", b.Get("/account"), 200, reader.Name)

		// Sign-up and reset mail are limited per address, so nobody can fill
		// a stranger's mailbox.
		for i := range 3 {
			want(t, "sign-up", e.Browser().Post("/account/signup", url.Values{"name": {"N"}, "email": {"target@example.com"}, "password": {"a long enough password"}}), 200)
			_ = i
		}
		want(t, "fourth sign-up", e.Browser().Post("/account/signup", url.Values{"name": {"N"}, "email": {"target@example.com"}, "password": {"a long enough password"}}),
			429, "Too many sign-ups", `value="target@example.com"`)
		for range 2 {
			e.Browser().Post("/account/forgot", url.Values{"email": {"victim@example.com"}})
		}
		want(t, "third reset request", e.Browser().Post("/account/forgot", url.Values{"email": {"victim@example.com"}}), 200)
		want(t, "fourth reset request", e.Browser().Post("/account/forgot", url.Values{"email": {"victim@example.com"}}), 429, "Too many password reset requests")
	})
}

func TestCSRF(t *testing.T) {
	e := webtest.New(t, false, "sqlite")
	a := e.Article(user.Editor, "Harbour reopens", "published")
	// Forms posted from another site are refused before any handler runs.
	for _, path := range []string{"/account/login", "/account/signup", "/account/forgot", "/comments", "/account/profile"} {
		req, _ := http.NewRequest("POST", e.Srv.URL+path, strings.NewReader("email=x%40example.com&name=x&body=x&article_id=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[user.Reader]})
		if r := e.Do(req); r.Status != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d", path, r.Status)
		}
	}
	// A signed-in form without the session's token changes nothing.
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/account/profile", url.Values{"name": {"Forged"}}},
		{"/account/password", url.Values{"current": {webtest.Password}, "password": {"forged password 1"}}},
		{"/account/email", url.Values{"email": {"forged@example.com"}, "email_current": {webtest.Password}}},
		{"/account/sessions", nil},
		{"/account/delete", url.Values{"comments": {"remove"}, "delete_current": {webtest.Password}}},
		{"/account/logout", nil},
	} {
		if r := e.Post(c.path, user.Reader, c.form, "-"); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "This form has expired") {
			t.Errorf("%s without a token: %d", c.path, r.Status)
		}
		if r := e.Post(c.path, user.Reader, c.form, "wrong-token"); r.Status != http.StatusForbidden {
			t.Errorf("%s with a wrong token: %d", c.path, r.Status)
		}
	}
	if u, _ := e.App.Store.User(context.Background(), e.Users[user.Reader].ID); u.Name != e.Users[user.Reader].Name {
		t.Fatal("a forged form changed the account")
	}
	// A signed-in reader's comment without the token is not posted: the
	// form comes back, personalised, to send again.
	form := url.Values{"article_id": {itoa(a.ID)}, "body": {"Posted by a forger"}}
	r := e.Post("/comments", user.Reader, form, "-")
	want(t, "comment without a token", r, 200, "Check your comment, then send it", "Posted by a forger", "Commenting as")
	if n, _ := e.App.Store.CountComments(context.Background(), commentsOf(a.ID)); n != 0 {
		t.Fatalf("%d comments were posted without a token", n)
	}
}
