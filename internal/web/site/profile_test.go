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

		// Staff close their accounts through an admin.
		ed := signIn(t, e, user.Editor)
		want(t, "staff delete", ed.Post("/account/delete", url.Values{"csrf": {ed.CSRF("/account")}, "comments": {"remove"}, "delete_current": {webtest.Password}}),
			422, "closed by an administrator")
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

				b := signIn(t, e, user.Reader)
				form := url.Values{"csrf": {b.CSRF("/account")}, "comments": {name}, "delete_current": {"wrong password"}}
				want(t, "wrong password", b.Post("/account/delete", form), 401, "not your current password")
				if _, err := e.App.Store.User(ctx, reader.ID); err != nil {
					t.Fatal("deleted with a wrong password")
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
				for _, id := range []int64{first.ID, alone.ID} {
					c, err := e.App.Store.Comment(ctx, id)
					if err != nil || c.UserID != 0 || c.Email != "" || c.Name != "" || c.IPHash != "" {
						t.Errorf("comment %d keeps personal data: %+v %v", id, c, err)
					}
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
	e := webtest.New(t, false, "sqlite")
	ctx := context.Background()
	u := user.User{Email: "sso@example.com", Name: "Only Provider"}
	if err := e.App.Store.CreateReader(ctx, &u, "example", "sub-9"); err != nil {
		t.Fatal(err)
	}
	// Sign in as the provider would: a session for the account.
	tok, hash, _ := user.NewSecret("")
	csrf, _, _ := user.NewSecret("")
	now := time.Now()
	if err := e.App.Store.CreateSession(ctx, user.Session{Hash: hash, UserID: u.ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	b := e.Browser()
	b.SetCookie("bs_session", tok)
	want(t, "account page", b.Get("/account"), 200, "signs in with another provider only", "ask for a link", "Type your email address to confirm")
	want(t, "set a password directly", b.Post("/account/password", url.Values{"csrf": {csrf}, "password": {"a long enough password"}}), 422, "Forgotten password?")
	want(t, "delete without the email", b.Post("/account/delete", url.Values{"csrf": {csrf}, "comments": {"remove"}, "confirm": {"someone@example.com"}}), 422, "Type your email address")
	want(t, "delete", b.Post("/account/delete", url.Values{"csrf": {csrf}, "comments": {"remove"}, "confirm": {"SSO@example.com"}}), 200, "Your account is closed")
	if _, err := e.App.Store.UserByIdentity(ctx, "example", "sub-9"); err == nil {
		t.Fatal("the provider still signs in to a deleted account")
	}
}
