package site_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

func TestProfileChanges(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		ctx := context.Background()
		reader := e.Users[user.Reader]
		b := signIn(t, e, user.Reader)
		csrf := func() string { return b.CSRF("/account") }
		want(t, "account page", b.Get("/account"), 200, "Your account", reader.Email, "Delete my account", "Sign out everywhere else")

		// Name: cleaned of invisible and direction-changing characters.
		if r := b.Post("/account/profile", url.Values{"csrf": {csrf()}, "name": {"  Ada\u202e  Obi\u200b "}}); r.Status != 303 {
			t.Fatalf("name: %d %.300s", r.Status, r.Body)
		}
		if u, _ := e.App.Store.User(ctx, reader.ID); u.Name != "Ada Obi" {
			t.Fatalf("name saved as %q", u.Name)
		}
		long := strings.Repeat("n", user.MaxName+1)
		want(t, "long name", b.Post("/account/profile", url.Values{"csrf": {csrf()}, "name": {long}}), 422, "Use at most", `value="`+long+`"`)

		// Password: the current one is needed; other sessions end, this one stays.
		want(t, "wrong current", b.Post("/account/password", url.Values{"csrf": {csrf()}, "current": {"not it"}, "password": {"a new long password"}}),
			401, "not your current password")
		want(t, "short new", b.Post("/account/password", url.Values{"csrf": {csrf()}, "current": {webtest.Password}, "password": {"short"}}), 422, "at least 10")
		if r := b.Post("/account/password", url.Values{"csrf": {csrf()}, "current": {webtest.Password}, "password": {"a new long password"}}); r.Status != 303 {
			t.Fatalf("password: %d %.300s", r.Status, r.Body)
		}
		if r := e.Get("/account", user.Reader); r.Status != 303 {
			t.Error("another session survived a password change")
		}
		want(t, "still signed in here", b.Get("/account?done=password"), 200, "Your new password is set")
		want(t, "the old password", e.Browser().Post("/account/login", url.Values{"email": {reader.Email}, "password": {webtest.Password}}), 401)
		if r := e.Browser().Post("/account/login", url.Values{"email": {reader.Email}, "password": {"a new long password"}}); r.Status != 303 {
			t.Errorf("signing in with the new password: %d", r.Status)
		}
		e.RunJobs()
		if got := ms.To(reader.Email); len(got) != 1 || !strings.Contains(got[0].Subject, "password was changed") {
			t.Errorf("password notice: %d messages", len(got))
		}

		// Email: moves only once the new address is proven; the old one is told.
		want(t, "email, wrong password", b.Post("/account/email", url.Values{"csrf": {csrf()}, "email": {"new@example.com"}, "email_current": {"nope"}}),
			401, "not your current password", `value="new@example.com"`)
		want(t, "same email", b.Post("/account/email", url.Values{"csrf": {csrf()}, "email": {reader.Email}, "email_current": {"a new long password"}}), 422, "already your address")
		if r := b.Post("/account/email", url.Values{"csrf": {csrf()}, "email": {"New@Example.com"}, "email_current": {"a new long password"}}); r.Status != 303 {
			t.Fatalf("email: %d %.300s", r.Status, r.Body)
		}
		if u, _ := e.App.Store.User(ctx, reader.ID); u.Email != reader.Email {
			t.Fatal("the address changed before it was proven")
		}
		e.RunJobs()
		link := webtest.PathOf(t, ms.Link(t, "new@example.com", "/account/email/confirm"))
		want(t, "confirm page", b.Get(link), 200, "Use this address")
		if u, _ := e.App.Store.User(ctx, reader.ID); u.Email != reader.Email {
			t.Fatal("opening the link (as a mail scanner would) changed the address")
		}
		token := strings.TrimPrefix(link, "/account/email/confirm?token=")
		if r := b.Post("/account/email/confirm", url.Values{"token": {token}}); r.Status != 303 {
			t.Fatalf("confirm email: %d", r.Status)
		}
		if u, _ := e.App.Store.User(ctx, reader.ID); u.Email != "new@example.com" {
			t.Fatalf("email after confirming: %q", u.Email)
		}
		e.RunJobs()
		if got := ms.To(reader.Email); len(got) != 2 || !strings.Contains(got[1].Text, "new@example.com") {
			t.Errorf("the old address was not told: %d messages", len(got))
		}
		// An address another account holds is refused when the link is used.
		b.Post("/account/email", url.Values{"csrf": {csrf()}, "email": {e.Users[user.Author].Email}, "email_current": {"a new long password"}})
		e.RunJobs()
		token = strings.TrimPrefix(webtest.PathOf(t, ms.Link(t, e.Users[user.Author].Email, "/account/email/confirm")), "/account/email/confirm?token=")
		want(t, "taken address", b.Post("/account/email/confirm", url.Values{"token": {token}}), 409, "keeps its current address")
		if u, _ := e.App.Store.User(ctx, reader.ID); u.Email != "new@example.com" {
			t.Fatalf("email after a refused change: %q", u.Email)
		}
		if u, _ := e.App.Store.User(ctx, e.Users[user.Author].ID); u.Email != e.Users[user.Author].Email {
			t.Fatalf("the other account's address became %q", u.Email)
		}
		e.RunJobs()
		if got := ms.To("new@example.com"); len(got) != 1 {
			t.Errorf("a refused change told the current address: %d messages", len(got))
		}

		// Sign out everywhere else.
		other := e.Browser()
		if r := other.Post("/account/login", url.Values{"email": {"new@example.com"}, "password": {"a new long password"}}); r.Status != 303 {
			t.Fatalf("second browser: %d", r.Status)
		}
		if r := b.Post("/account/sessions", url.Values{"csrf": {csrf()}}); r.Status != 303 {
			t.Fatalf("sign out elsewhere: %d", r.Status)
		}
		if r := other.Get("/account"); r.Status != 303 {
			t.Error("the other browser is still signed in")
		}
		want(t, "this browser", b.Get("/account"), 200, "Ada Obi")
		want(t, "another person's session", e.Get("/account", user.Author), 200, e.Users[user.Author].Email)
	})
}

func TestDisplayName(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		reader := e.Users[user.Reader]
		b := signIn(t, e, user.Reader)
		maxName := strings.Repeat("é", user.MaxName)
		for _, c := range []struct {
			name, typed string
			saved       string   // "" when refused
			contains    []string // on the page that answers a refusal
		}{
			{"direction overrides and zero-width", "  Ada\u202e  Obi\u200b ", "Ada Obi", nil},
			{"isolates and byte order mark", "\u2066Ada\u2069 Obi\ufeff", "Ada Obi", nil},
			{"control characters", "Ada\x07\x1b\x7f Obi\u0085", "Ada Obi", nil},
			{"line breaks and tabs", "Ada\r\nObi\tEze", "Ada Obi Eze", nil},
			{"letters of any script", "Zoë Ñandú مريم", "Zoë Ñandú مريم", nil},
			{"markup is text", "<b>Ada</b>", "<b>Ada</b>", nil},
			{"the longest", maxName, maxName, nil},
			{"too long", maxName + "x", "", []string{"Use at most 100 characters", `value="` + maxName + `x"`}},
			{"only invisible characters", "\u200b\u202e\x00", "", []string{"Enter a name"}},
			{"empty", "", "", []string{"Enter a name"}},
		} {
			before, _ := e.App.Store.User(ctx, reader.ID)
			r := b.Post("/account/profile", url.Values{"csrf": {b.CSRF("/account")}, "name": {c.typed}})
			after, _ := e.App.Store.User(ctx, reader.ID)
			if c.saved == "" {
				want(t, c.name, r, 422, c.contains...)
				if after.Name != before.Name {
					t.Errorf("%s: a refused name was saved as %q", c.name, after.Name)
				}
				continue
			}
			if r.Status != 303 || r.Header.Get("Location") != "/account?done=profile" {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Header.Get("Location"))
			}
			if after.Name != c.saved {
				t.Errorf("%s: saved %q, want %q", c.name, after.Name, c.saved)
			}
		}
		// A name is text wherever it is shown.
		b.Post("/account/profile", url.Values{"csrf": {b.CSRF("/account")}, "name": {"<b>Ada</b>"}})
		want(t, "markup shown as text", b.Get("/account?done=profile"), 200, "Your name is saved", "&lt;b&gt;Ada&lt;/b&gt;")
	})
}

// Newsroom accounts are closed by an administrator; the account page offers
// staff no way to delete themselves, and a forged form is refused.
func TestStaffCannotDeleteThemselves(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		for _, role := range []user.Role{user.Contributor, user.Admin} { // the least and the most a staff role can do
			b := signIn(t, e, role)
			page := b.Get("/account")
			if page.Status != 200 || strings.Contains(page.Body, `action="/account/delete"`) {
				t.Errorf("%s: the account page offers deletion (%d)", role, page.Status)
			}
			for _, choice := range []string{"remove", "keep"} {
				r := b.Post("/account/delete", url.Values{"csrf": {b.CSRF("/account")}, "comments": {choice}, "delete_current": {webtest.Password}})
				want(t, string(role)+" deletes with "+choice, r, 422, "Newsroom accounts are closed by an administrator")
			}
			if _, err := e.App.Store.User(context.Background(), e.Users[role].ID); err != nil {
				t.Fatalf("%s: the account is gone: %v", role, err)
			}
			want(t, string(role)+" still signed in", b.Get("/account"), 200, e.Users[role].Email)
		}
	})
}

func TestDeleteAccount(t *testing.T) {
	for _, keep := range []bool{false, true} {
		name := "remove"
		if keep {
			name = "keep"
		}
		t.Run(name, func(t *testing.T) {
			engines(t, func(t *testing.T, engine string) {
				e := webtest.New(t, false, engine)
				ctx := context.Background()
				a := e.Article(user.Editor, "Bridge to close for repairs", article.Published)
				reader := e.Users[user.Reader]
				mk := func(c comment.Comment) comment.Comment {
					c.ArticleID, c.Status, c.CreatedAt, c.BodyHash = a.ID, comment.Approved, time.Now(), comment.Hash(c.Body)
					if err := e.App.Store.CreateComment(ctx, &c); err != nil {
						t.Fatal(err)
					}
					return c
				}
				first := mk(comment.Comment{UserID: reader.ID, Name: reader.Name, Email: reader.Email, Body: "Mine, with a reply"})
				mk(comment.Comment{Name: "Other", Email: "o@example.com", Body: "A reply to it", ParentID: first.ID, Depth: 1})
				alone := mk(comment.Comment{UserID: reader.ID, Name: reader.Name, Email: reader.Email, Body: "Mine, alone"})
				waiting := mk(comment.Comment{UserID: reader.ID, Name: reader.Name, Email: reader.Email, Body: "Mine, still waiting"})
				if _, err := e.App.Store.ModerateComments(ctx, []int64{waiting.ID}, comment.Pending, 0, time.Now()); err != nil {
					t.Fatal(err)
				}
				count := func() int {
					t.Helper()
					x, err := e.App.Store.Article(ctx, a.ID)
					if err != nil {
						t.Fatal(err)
					}
					return x.Comments
				}
				want(t, "before", e.Get(a.URL(), ""), 200, "3 comments", "Mine, alone", reader.Name)
				if n := count(); n != 3 {
					t.Fatalf("count before: %d", n)
				}

				b := signIn(t, e, user.Reader)
				form := url.Values{"csrf": {b.CSRF("/account")}, "comments": {name}, "delete_current": {"wrong password"}}
				want(t, "wrong password", b.Post("/account/delete", form), 401, "not your current password")
				if _, err := e.App.Store.User(ctx, reader.ID); err != nil {
					t.Fatal("deleted with a wrong password")
				}
				if c, _ := e.App.Store.Comment(ctx, alone.ID); c.UserID != reader.ID || c.Body != "Mine, alone" || count() != 3 {
					t.Fatalf("a refused deletion changed a comment: %+v, count %d", c, count())
				}
				form.Del("comments")
				form.Set("delete_current", webtest.Password)
				want(t, "no choice", b.Post("/account/delete", form), 422, "Choose what happens to your comments")
				form.Set("comments", name)
				want(t, "delete", b.Post("/account/delete", form), 200, "Your account is closed")
				if _, err := e.App.Store.User(ctx, reader.ID); err == nil {
					t.Fatal("the account still exists")
				}
				page := e.Get(a.URL(), "").Body
				if n, wantN := count(), map[bool]int{true: 3, false: 1}[keep]; n != wantN {
					t.Errorf("count after: %d, want %d", n, wantN)
				}
				if keep {
					want(t, "kept", e.Get(a.URL(), ""), 200, "3 comments", "Deleted reader", "Mine, with a reply", "Mine, alone")
				} else {
					want(t, "removed", e.Get(a.URL(), ""), 200, "1 comment<", "This comment was removed", "A reply to it")
					if strings.Contains(page, "Mine, alone") || strings.Contains(page, "Mine, with a reply") {
						t.Fatal("a removed comment's text is on the page")
					}
				}
				if strings.Contains(page, reader.Name) {
					t.Error("the deleted reader's name is still on the page")
				}
				for _, id := range []int64{first.ID, alone.ID, waiting.ID} {
					c, err := e.App.Store.Comment(ctx, id)
					if err != nil || c.UserID != 0 || c.Email != "" || c.Name != "" || c.IPHash != "" {
						t.Errorf("comment %d keeps personal data: %+v %v", id, c, err)
					}
					if !keep && (c.Status != comment.Deleted || c.Body != "") {
						t.Errorf("comment %d was to be removed: %s %q", id, c.Status, c.Body)
					}
					if keep && c.Body == "" {
						t.Errorf("comment %d was to be kept: %s %q", id, c.Status, c.Body)
					}
				}
				if n, _ := e.App.Store.CountComments(ctx, comment.Filter{Query: reader.Email}); n != 0 {
					t.Errorf("%d comments still hold the reader's address", n)
				}
				if b.Get("/account").Status != 303 {
					t.Error("still signed in after deleting the account")
				}
			})
		})
	}
}

// An account made through a provider has no password: it is offered a link
// to set one, types its email to delete itself, and cannot unlink its only
// way in.
func TestAccountWithoutPassword(t *testing.T) {
	engines(t, func(t *testing.T, engine string) { accountWithoutPassword(t, engine) })
}

func accountWithoutPassword(t *testing.T, engine string) {
	e := webtest.New(t, false, engine)
	ctx := context.Background()
	u := user.User{Email: "sso@example.com", Name: "Only Provider"}
	if err := e.App.Store.CreateReader(ctx, &u, "example", "sub-9"); err != nil {
		t.Fatal(err)
	}
	// Sign in as the provider would: a session for the account.
	tok, hash, _ := user.NewSecret("")
	csrf, _, _ := user.NewSecret("")
	now := time.Now()
	if err := e.App.Store.CreateSession(ctx, user.Session{Hash: hash, UserID: u.ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(time.Hour), AuthAt: now}); err != nil {
		t.Fatal(err)
	}
	b := e.Browser()
	b.SetCookie("bs_session", tok)
	page := b.Get("/account")
	want(t, "account page", page, 200, "signs in with another provider only", "ask for a link", `href="/account/forgot?email=sso%40example.com"`,
		"Type your email address to confirm", `name="confirm"`)
	for _, field := range []string{`name="current"`, `name="email_current"`, `name="delete_current"`, `action="/account/password"`} {
		if strings.Contains(page.Body, field) {
			t.Errorf("the page asks a password-less account for a password: %s", field)
		}
	}
	want(t, "set a password directly", b.Post("/account/password", url.Values{"csrf": {csrf}, "password": {"a long enough password"}}), 422, "Forgotten password?")
	want(t, "delete with another email", b.Post("/account/delete", url.Values{"csrf": {csrf}, "comments": {"remove"}, "confirm": {"someone@example.com"}}), 422, "Type your email address")
	want(t, "delete without the email", b.Post("/account/delete", url.Values{"csrf": {csrf}, "comments": {"remove"}}), 422, "Type your email address")
	if _, err := e.App.Store.User(ctx, u.ID); err != nil {
		t.Fatal("deleted without the email typed")
	}
	// A browser left signed in for a while cannot move or close the
	// account: the person must prove who they are again at the provider.
	// Nor can one that a provider signed in without asking (no auth time).
	for _, authAt := range []time.Time{now.Add(-time.Hour), {}} {
		oldTok, oldHash, _ := user.NewSecret("")
		if err := e.App.Store.CreateSession(ctx, user.Session{Hash: oldHash, UserID: u.ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(time.Hour), AuthAt: authAt}); err != nil {
			t.Fatal(err)
		}
		stale := e.Browser()
		stale.SetCookie("bs_session", oldTok)
		want(t, "account page, stale", stale.Get("/account"), 200, "Confirm it is you")
		want(t, "delete from a stale session", stale.Post("/account/delete", url.Values{"csrf": {csrf}, "comments": {"remove"}, "confirm": {"sso@example.com"}}), 422, "confirm it is you first")
		want(t, "new address from a stale session", stale.Post("/account/email", url.Values{"csrf": {csrf}, "email": {"thief@example.com"}}), 422, "confirm it is you first", `value="thief@example.com"`)
	}
	if strings.Contains(b.Get("/account").Body, "Confirm it is you") {
		t.Error("a fresh session is asked to confirm who it is")
	}
	if got, err := e.App.Store.User(ctx, u.ID); err != nil || got.Email != "sso@example.com" {
		t.Fatalf("after the stale session's tries: %+v %v", got, err)
	}
	want(t, "delete", b.Post("/account/delete", url.Values{"csrf": {csrf}, "comments": {"remove"}, "confirm": {"SSO@example.com"}}), 200, "Your account is closed")
	if _, err := e.App.Store.UserByIdentity(ctx, "example", "sub-9"); err == nil {
		t.Fatal("the provider still signs in to a deleted account")
	}
	if b.Get("/account").Status != 303 {
		t.Error("still signed in after deleting the account")
	}
	// Nothing of the old account is left to block the same person coming back.
	again := user.User{Email: "sso@example.com", Name: "Back Again"}
	if err := e.App.Store.CreateReader(ctx, &again, "example", "sub-9"); err != nil {
		t.Fatalf("signing up again through the same provider: %v", err)
	}
}
