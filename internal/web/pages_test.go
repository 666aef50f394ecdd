package web_test

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/comment"
	"broadsheet/internal/contact"
	"broadsheet/internal/media"
	"broadsheet/internal/page"
	"broadsheet/internal/richtext"
	"broadsheet/internal/setting"
	"broadsheet/internal/user"
	"broadsheet/internal/web/render"
)

// TestEveryTemplateRenders requests one page per template and checks that the
// list covers every template there is.
func TestEveryTemplateRenders(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.Article(user.Editor, "A story", article.Published)
		au := author.Author{Name: "Some Reporter"}
		if err := au.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Store.SaveAuthor(ctx, &au); err != nil {
			t.Fatal(err)
		}
		pg := page.Page{Slug: "about", Title: "About us", Body: richtext.FromHTML("<p>Who we are.</p>")}
		if err := e.App.Store.SavePage(ctx, &pg); err != nil {
			t.Fatal(err)
		}
		revs, _ := e.App.Store.Revisions(ctx, a.ID)
		c := comment.Comment{ArticleID: a.ID, Name: "A reader", Email: "r@example.com", Body: "Well said.", Status: comment.Pending, CreatedAt: time.Now()}
		if err := e.App.Store.CreateComment(ctx, &c); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		for hash, kind := range map[string]user.TokenKind{user.HashSecret("reset-token"): user.TokenReset, user.HashSecret("signup-token"): user.TokenSignup,
			user.HashSecret("link-token"): user.TokenLinkPending} {
			if err := e.App.Store.CreateUserToken(ctx, user.Token{Hash: hash, Kind: kind, UserID: e.Users[user.Author].ID, Email: e.Users[user.Author].Email,
				Data: `{"name":"New Reader","provider":"example","provider_name":"Example"}`, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		// A provider, for the page that links it to an account (nothing
		// here talks to it).
		if err := e.App.Store.SaveProviders(ctx, []setting.Provider{{ID: "example", Name: "Example ID", Issuer: "https://id.example.com",
			ClientID: "client", ClientSecret: "secret"}}); err != nil {
			t.Fatal(err)
		}
		pic := media.Media{Name: "0123456789abcdef01234567.jpg", Original: "harbour.jpg", MIME: "image/jpeg", Width: 800, Height: 450, Alt: "The harbour"}
		if err := e.App.Store.SaveMedia(ctx, &pic); err != nil {
			t.Fatal(err)
		}
		cm := contact.Message{Kind: contact.Contact, Name: "A reader", Email: "r@example.com", Body: "Hello", CreatedAt: time.Now()}
		if err := e.App.Store.CreateContactMessage(ctx, &cm); err != nil {
			t.Fatal(err)
		}
		sub, err := e.App.Store.ConfirmAlerts(ctx, "alerts@example.com", alert.Choices{Breaking: true}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		formKey, err := e.App.Store.Secret(ctx, "forms")
		if err != nil {
			t.Fatal(err)
		}
		stop := fmt.Sprintf("/alerts/unsubscribe?s=%d&t=%s", sub.ID, alert.Token(formKey, sub.ID, sub.Email))
		cases := map[string]struct {
			path   string
			as     user.Role
			status int
			cookie string
		}{
			"site/login":               {"/account/login", "", 200, ""},
			"site/signup":              {"/account/signup", "", 200, ""},
			"site/forgot":              {"/account/forgot", "", 200, ""},
			"site/reset":               {"/account/reset?token=reset-token", "", 200, ""},
			"site/confirm":             {"/account/verify?token=signup-token", "", 200, ""},
			"site/notice":              {"/account/verify?token=no-such-token", "", 410, ""},
			"site/link":                {"/account/link", "", 200, "bs_link=link-token"},
			"site/account":             {"/account", user.Author, 200, ""},
			"site/identity":            {"/account/identities/example/link", user.Author, 200, ""},
			"site/tips":                {"/tips", "", 200, ""},
			"newsroom/tips":            {"/newsroom/tips", user.Editor, 200, ""},
			"newsroom/tip-access":      {"/newsroom/tips/access", user.Admin, 200, ""},
			"newsroom/alerts":          {"/newsroom/alerts", user.Editor, 200, ""},
			"newsroom/messages":        {"/newsroom/messages", user.Editor, 200, ""},
			"newsroom/contact-message": {fmt.Sprintf("/newsroom/messages/%d", cm.ID), user.Editor, 200, ""},
			"site/comment":             {fmt.Sprintf("/comments/new?article=%d", a.ID), "", 200, ""},
			"newsroom/comments":        {"/newsroom/comments", user.Editor, 200, ""},
			"newsroom/comment":         {fmt.Sprintf("/newsroom/comments/%d", c.ID), user.Editor, 200, ""},
			"newsroom/bans":            {"/newsroom/comments/bans", user.Editor, 200, ""},
			"newsroom/account":         {"/newsroom/account", user.Editor, 200, ""},
			"newsroom/providers":       {"/newsroom/settings/signin", user.Admin, 200, ""},
			"site/home":                {"/", "", 200, ""},
			"site/list":                {"/news", "", 200, ""},
			"site/search":              {"/search?q=body", "", 200, ""},
			"site/article":             {a.URL(), "", 200, ""},
			"site/page":                {"/about", "", 200, ""},
			"site/alerts":              {"/alerts", "", 200, ""},
			"site/alerts-stop":         {stop, "", 200, ""},
			"site/error":               {"/no/such/page", "", 404, ""},
			"newsroom/login":           {"/newsroom/login", "", 200, ""},
			"newsroom/home":            {"/newsroom", user.Admin, 200, ""},
			"newsroom/articles":        {"/newsroom/articles", user.Admin, 200, ""},
			"newsroom/article":         {fmt.Sprintf("/newsroom/articles/%d", a.ID), user.Admin, 200, ""},
			"newsroom/revisions":       {fmt.Sprintf("/newsroom/articles/%d/revisions", a.ID), user.Admin, 200, ""},
			"newsroom/revision":        {fmt.Sprintf("/newsroom/articles/%d/revisions/%d", a.ID, revs[0].ID), user.Admin, 200, ""},
			"newsroom/media":           {"/newsroom/media", user.Admin, 200, ""},
			"newsroom/picture":         {fmt.Sprintf("/newsroom/media/%d", pic.ID), user.Admin, 200, ""},
			"newsroom/sections":        {"/newsroom/sections", user.Admin, 200, ""},
			"newsroom/section":         {fmt.Sprintf("/newsroom/sections/%d", e.World), user.Admin, 200, ""},
			"newsroom/tags":            {"/newsroom/tags", user.Admin, 200, ""},
			"newsroom/authors":         {"/newsroom/authors", user.Admin, 200, ""},
			"newsroom/author":          {fmt.Sprintf("/newsroom/authors/%d", au.ID), user.Admin, 200, ""},
			"newsroom/pages":           {"/newsroom/pages", user.Admin, 200, ""},
			"newsroom/page":            {fmt.Sprintf("/newsroom/pages/%d", pg.ID), user.Admin, 200, ""},
			"newsroom/settings":        {"/newsroom/settings", user.Admin, 200, ""},
			"newsroom/users":           {"/newsroom/users", user.Admin, 200, ""},
			"newsroom/user":            {"/newsroom/users/new", user.Admin, 200, ""},
			"newsroom/audit":           {"/newsroom/audit", user.Admin, 200, ""},
			"newsroom/message":         {"/newsroom/articles/999999", user.Admin, 404, ""},
			"newsroom/ads":             {"/newsroom/ads", user.Editor, 200, ""},
			"newsroom/ad":              {"/newsroom/ads/new?kind=network", user.Admin, 200, ""},
		}
		rd, err := render.New()
		if err != nil {
			t.Fatal(err)
		}
		names := rd.Names()
		sort.Strings(names)
		// Pages only a POST or an unlocked tips inbox reaches: they render
		// in site.TestTipsRoundTrip, and make audit validates them.
		elsewhere := map[string]bool{"site/tip-receipt": true, "site/tip-thread": true, "newsroom/tip": true}
		for _, n := range names {
			c, ok := cases[n]
			if !ok && elsewhere[n] {
				continue
			}
			if !ok {
				t.Errorf("template %s has no page in this test", n)
				continue
			}
			t.Run(n, func(t *testing.T) {
				r := e.GetWith(c.path, c.as, c.cookie)
				if r.Status != c.status {
					t.Fatalf("%s: %d, want %d", c.path, r.Status, c.status)
				}
			})
		}
	})
}

func TestSetupOnEmptyDatabase(t *testing.T) {
	e := newAppEnv(t, true, "sqlite")
	if r := e.Get("/newsroom", ""); r.Status != 200 || !strings.Contains(r.Body, "Set up your newsroom") {
		t.Fatalf("setup form: %d", r.Status)
	}
	form := url.Values{"name": {"First Admin"}, "email": {"first@example.com"}, "password": {"a long password"}, "password2": {"a different one"}}
	if r := e.Post("/newsroom/setup", "", form, "-"); r.Status != 422 || !strings.Contains(r.Body, "differ") || !strings.Contains(r.Body, "First Admin") {
		t.Fatalf("mismatched passwords: %d", r.Status)
	}
	form.Set("password2", "a long password")
	r := e.Post("/newsroom/setup", "", form, "-")
	if r.Status != 303 || !strings.Contains(r.Header.Get("Set-Cookie"), "bs_session=") {
		t.Fatalf("setup: %d", r.Status)
	}
	u, err := e.App.Store.UserByEmail(context.Background(), "first@example.com")
	if err != nil || u.Role != user.Admin || u.AuthorID == 0 {
		t.Fatalf("first admin: %v %+v", err, u)
	}
	form.Set("email", "second@example.com")
	if r := e.Post("/newsroom/setup", "", form, "-"); r.Status != 403 {
		t.Fatalf("second setup: %d", r.Status)
	}
	if r := e.Get("/newsroom", ""); r.Status != 303 {
		t.Fatalf("after setup /newsroom asks to sign in: %d", r.Status)
	}
}
