package site_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/setting"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func commentsOf(articleID int64) comment.Filter { return comment.Filter{ArticleID: articleID} }

// configure changes the comment settings.
func configure(t *testing.T, e *webtest.Env, change func(c *setting.Comments)) {
	t.Helper()
	ctx := context.Background()
	st, err := e.App.Store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	change(&st.Comments)
	if err := st.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
}

var tokenRE = regexp.MustCompile(`name="form_token" value="([^"]+)"`)

// commentForm reads the comment form's fields from an article page, as a
// browser would send them.
func commentForm(t *testing.T, page webtest.Resp, a *article.Article, fields url.Values) url.Values {
	t.Helper()
	m := tokenRE.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("no comment form on the page:\n%.1500s", page.Body)
	}
	f := url.Values{"article_id": {itoa(a.ID)}, "form_token": {m[1]}, "website": {""}}
	for k, v := range fields {
		f[k] = v
	}
	return f
}

// post sends a comment from b's view of the article page, with the session's
// token when signed in (as the page's script adds it).
func post(t *testing.T, b *webtest.Browser, a *article.Article, fields url.Values) webtest.Resp {
	t.Helper()
	f := commentForm(t, b.Get(a.URL()), a, fields)
	if csrf := b.Cookie("bs_session", "/"); csrf != "" && f.Get("csrf") == "" {
		f.Set("csrf", stateCSRF(t, b))
	}
	return b.Post("/comments", f)
}

var stateRE = regexp.MustCompile(`"csrf":"([^"]+)"`)

func stateCSRF(t *testing.T, b *webtest.Browser) string {
	t.Helper()
	m := stateRE.FindStringSubmatch(b.Get("/account/state").Body)
	if m == nil {
		t.Fatal("no csrf in /account/state")
	}
	return m[1]
}

// auditHas tells whether the newest 100 entries of the audit log hold an action.
func auditHas(t *testing.T, e *webtest.Env, action string) bool {
	t.Helper()
	log, err := e.App.Store.AuditLog(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range log {
		if l.Action == action {
			return true
		}
	}
	return false
}

// signIn returns a browser signed in as a fixture user.
func signIn(t *testing.T, e *webtest.Env, r user.Role) *webtest.Browser {
	t.Helper()
	b := e.Browser()
	if res := b.Post("/account/login", url.Values{"email": {e.Users[r].Email}, "password": {webtest.Password}}); res.Status != 303 {
		t.Fatalf("sign in as %s: %d", r, res.Status)
	}
	return b
}

func moderate(t *testing.T, e *webtest.Env, as user.Role, action string, ids ...int64) webtest.Resp {
	t.Helper()
	f := url.Values{}
	if len(ids) == 1 {
		f.Set("act", fmt.Sprintf("%s:%d", action, ids[0]))
	} else {
		f.Set("action", action)
		for _, id := range ids {
			f.Add("ids", itoa(id))
		}
	}
	return e.Post("/newsroom/comments", as, f, "")
}

func TestCommentsHeldApprovedAndThreaded(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		configure(t, e, func(c *setting.Comments) { c.Guests, c.MinSeconds = true, 0 })
		a := e.Article(user.Editor, "Harbour reopens", article.Published)
		want(t, "article", e.Get(a.URL(), ""), 200, "0 comments", "No comments yet", "Leave a Reply", "Your email address will not be published")

		guest := e.Browser()
		r := post(t, guest, a, url.Values{"name": {"Ada Guest"}, "email": {"ada@example.com"}, "body": {"First!\n\nSee https://example.org/report."}})
		if r.Status != 303 || r.Header.Get("Location") != a.URL()+"?comment=held#respond" {
			t.Fatalf("guest comment: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Body)
		}
		want(t, "held notice", guest.Get(a.URL()+"?comment=held"), 200, "waiting for moderation")
		page := e.Get(a.URL(), "")
		if strings.Contains(page.Body, "First!") || !strings.Contains(page.Body, "0 comments") {
			t.Fatal("a held comment is on the page or counted")
		}
		held, _ := e.App.Store.Comments(ctx, comment.Filter{Status: comment.Pending})
		if len(held) != 1 {
			t.Fatalf("%d comments wait", len(held))
		}
		want(t, "the queue", e.Get("/newsroom/comments", user.Editor), 200, "First!", "ada@example.com", "Harbour reopens")
		want(t, "the badge", e.Get("/newsroom", user.Editor), 200, `<span class="badge">1</span><span class="visually-hidden"> waiting</span>`)

		if r := moderate(t, e, user.Editor, "approve", held[0].ID); r.Status != 303 {
			t.Fatalf("approve: %d %.300s", r.Status, r.Body)
		}
		page = e.Get(a.URL(), "")
		want(t, "approved", page, 200, "1 comment<", "Ada Guest", `id="comment-`+itoa(held[0].ID)+`"`,
			`<a href="https://example.org/report" rel="nofollow ugc noopener">https://example.org/report</a>.`)
		if strings.Contains(page.Body, "ada@example.com") {
			t.Fatal("a guest's email is on the page")
		}
		var j struct {
			CommentCount int `json:"comment_count"`
		}
		webtest.DecodeJSON(t, e.API("GET", "/api/v1/articles/"+itoa(a.ID), "", "").Body, &j)
		if j.CommentCount != 1 {
			t.Errorf("comment_count in the API: %d", j.CommentCount)
		}
		want(t, "the section's story list", e.Get("/news/world", ""), 200, "1 comment")

		// The same guest's next comment appears at once (first-comment moderation).
		r = post(t, guest, a, url.Values{"name": {"Ada Guest"}, "email": {"ADA@example.com"}, "body": {"And another thought."}})
		if r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "#comment-") {
			t.Fatalf("second comment: %d %s", r.Status, r.Header.Get("Location"))
		}

		// A signed-in reader replies, threaded under the first comment.
		reader := signIn(t, e, user.Reader)
		r = post(t, reader, a, url.Values{"parent_id": {itoa(held[0].ID)}, "body": {"A reply from an account."}})
		if r.Status != 303 {
			t.Fatalf("reply: %d %.400s", r.Status, r.Body)
		}
		list, _ := e.App.Store.Comments(ctx, comment.Filter{Status: comment.Pending})
		if len(list) != 1 || list[0].ParentID != held[0].ID || list[0].Depth != 1 || list[0].UserID != e.Users[user.Reader].ID {
			t.Fatalf("the reply: %+v", list)
		}
		moderate(t, e, user.Admin, "approve", list[0].ID)
		page = e.Get(a.URL(), "")
		thread := regexp.MustCompile(`(?s)id="comment-` + itoa(held[0].ID) + `".*?<ol class="comment-list comment-replies">.*?A reply from an account`)
		if !thread.MatchString(page.Body) || !strings.Contains(page.Body, "3 comments") {
			t.Fatalf("the reply is not threaded under its comment:\n%s", page.Body)
		}
		// The no-script reply page works, and replies stop at the depth limit.
		want(t, "reply page", e.Get(fmt.Sprintf("/comments/new?article=%d&reply=%d", a.ID, held[0].ID), ""), 200, "Reply to Ada Guest", "First!")
		configure(t, e, func(c *setting.Comments) { c.MaxDepth = 2 })
		r = post(t, reader, a, url.Values{"parent_id": {itoa(list[0].ID)}, "body": {"Too deep."}})
		want(t, "beyond the depth", r, 422, "cannot go any deeper", "Too deep.")
		// Newest first, when the site prefers.
		configure(t, e, func(c *setting.Comments) { c.Order = "newest" })
		page = e.Get(a.URL(), "")
		if strings.Index(page.Body, "And another thought") > strings.Index(page.Body, "First!") {
			t.Error("newest-first order not applied")
		}
	})
}

func TestCommentRefusals(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		configure(t, e, func(c *setting.Comments) {
			c.Guests, c.MinSeconds, c.MaxLinks, c.Blocklist = true, 0, 1, "crypto giveaway\nidiot"
		})
		a := e.Article(user.Editor, "Budget vote", article.Published)
		guest := func(body string) url.Values {
			return url.Values{"name": {"Guest"}, "email": {"guest@example.com"}, "body": {body}}
		}
		cases := []struct {
			name   string
			fields url.Values
			status int
			reason string
		}{
			{"empty", guest("   "), 422, "Write your comment"},
			{"no name", url.Values{"email": {"g@example.com"}, "body": {"Hello"}}, 422, "Enter your name"},
			{"bad email", url.Values{"name": {"G"}, "email": {"not an address"}, "body": {"Hello"}}, 422, "never published"},
			{"too long", guest(strings.Repeat("é", comment.MaxBody+1)), 422, "Keep your comment to 5000 characters"},
			{"honeypot", func() url.Values { f := guest("Buy now"); f.Set("website", "http://spam.example"); return f }(), 422, "leave this empty"},
			{"links", guest("See https://a.example and www.b.example"), 422, "at most 1 links"},
			{"blocked phrase", guest("Join the CRYPTO   giveaway today"), 422, "crypto giveaway"},
			{"blocked word only as a word", guest("You idiot."), 422, "idiot"},
			{"forged token", func() url.Values { f := guest("Hello"); f.Set("form_token", "forged"); return f }(), 422, "open for too long"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := post(t, e.Browser(), a, c.fields)
				want(t, c.name, r, c.status, c.reason)
				if body := c.fields.Get("body"); strings.TrimSpace(body) != "" && len(body) < 200 && !strings.Contains(r.Body, strings.TrimSpace(body)) {
					t.Errorf("what was typed is lost")
				}
			})
		}
		// A word that only contains a blocked one passes ("idiotic" is not "idiot").
		if r := post(t, e.Browser(), a, guest("An idiotic plan, in my view.")); r.Status != 303 {
			t.Fatalf("a word containing a blocked one: %d %.300s", r.Status, r.Body)
		}
		want(t, "duplicate", post(t, e.Browser(), a, guest("An idiotic plan, in my view.")), 422, "already been posted")

		// Too quick: the form was shown a moment ago.
		configure(t, e, func(c *setting.Comments) { c.MinSeconds = 30 })
		want(t, "too quick", post(t, e.Browser(), a, guest("Written at lightning speed")), 422, "Wait a few seconds")
		configure(t, e, func(c *setting.Comments) { c.MinSeconds = 0 })

		// Guests may not comment when the site says so; the form asks to sign in.
		configure(t, e, func(c *setting.Comments) { c.Guests = false })
		want(t, "form without guests", e.Get(a.URL(), ""), 200, "to comment.")
		want(t, "guest refused", post(t, e.Browser(), a, guest("Let me in")), 422, "Sign in or create an account to comment", "Let me in")
		// Without scripts, a reader already signed in follows "Sign in" to a
		// form of their own, not back to the same cached page.
		reader := signIn(t, e, user.Reader)
		next := "/comments/new?article=" + itoa(a.ID)
		want(t, "sign-in link", reader.Get(a.URL()), 200, `href="/account/login?next=%2Fcomments%2Fnew%3Farticle%3D`+itoa(a.ID)+`"`)
		if r := reader.Get("/account/login?next=" + url.QueryEscape(next)); r.Status != 303 || r.Header.Get("Location") != next {
			t.Fatalf("sign-in while signed in: %d %s", r.Status, r.Header.Get("Location"))
		}
		own := reader.Get(next)
		want(t, "own form", own, 200, `name="body"`, "Commenting as")
		m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(own.Body)
		if m == nil {
			t.Fatal("the reader's own form has no CSRF token")
		}
		if r := reader.Post("/comments", commentForm(t, own, a, url.Values{"body": {"Signed in, no scripts"}, "csrf": {m[1]}})); r.Status != 303 {
			t.Fatalf("comment from the own form: %d %.300s", r.Status, r.Body)
		}
		configure(t, e, func(c *setting.Comments) { c.Guests = true })

		// Closed by an editor, and closed after some days.
		if r := e.Post(fmt.Sprintf("/newsroom/articles/%d/comments", a.ID), user.Editor, url.Values{"closed": {"1"}}, ""); r.Status != 303 {
			t.Fatalf("close: %d", r.Status)
		}
		want(t, "closed page", e.Get(a.URL(), ""), 200, "Comments are closed on this article.")
		want(t, "closed post", post2(t, e, a, guest("Too late to say this")), 422, "Comments are closed", "Too late to say this")
		if r := e.Post(fmt.Sprintf("/newsroom/articles/%d/comments", a.ID), user.Contributor, url.Values{"closed": {"0"}}, ""); r.Status != 403 {
			t.Fatalf("a contributor reopened comments: %d", r.Status)
		}
		e.Post(fmt.Sprintf("/newsroom/articles/%d/comments", a.ID), user.Editor, url.Values{"closed": {"0"}}, "")
		old := e.Article(user.Editor, "Old story", article.Published)
		if _, err := e.App.Store.Article(ctx, old.ID); err != nil {
			t.Fatal(err)
		}
		configure(t, e, func(c *setting.Comments) { c.CloseAfterDays = 1 })
		e.App.Comments.Now = func() time.Time { return time.Now().Add(48 * time.Hour) }
		want(t, "closed after a day", post2(t, e, old, guest("Two days on")), 422, "Comments close 1 days after")
		e.App.Comments.Now = nil
		configure(t, e, func(c *setting.Comments) { c.CloseAfterDays = 0 })

		// A banned email is refused, with a reason.
		list, _ := e.App.Store.Comments(ctx, comment.Filter{ArticleID: a.ID, Query: "guest@example.com"})
		if len(list) == 0 {
			t.Fatal("no guest comment to ban")
		}
		if r := e.Post(fmt.Sprintf("/newsroom/comments/%d/ban", list[0].ID), user.Editor, url.Values{"reason": {"abuse"}}, ""); r.Status != 303 {
			t.Fatalf("ban: %d %.300s", r.Status, r.Body)
		}
		want(t, "banned", post(t, e.Browser(), a, guest("I am back")), 422, "can no longer comment")
		// A banned account cannot come back as a guest with its address.
		mine, _ := e.App.Store.Comments(ctx, comment.Filter{ArticleID: a.ID, Query: "no scripts"})
		if len(mine) != 1 {
			t.Fatalf("the reader's comment: %+v", mine)
		}
		if r := e.Post(fmt.Sprintf("/newsroom/comments/%d/ban", mine[0].ID), user.Editor, url.Values{"reason": {"abuse"}}, ""); r.Status != 303 {
			t.Fatalf("ban the account: %d %.300s", r.Status, r.Body)
		}
		want(t, "banned account as a guest", post(t, e.Browser(), a, url.Values{"name": {"Someone New"}, "email": {e.Users[user.Reader].Email},
			"body": {"Not me at all"}}), 422, "can no longer comment")

		// Rate limits per address: six in ten minutes from one address.
		configure(t, e, func(c *setting.Comments) { c.Moderation = setting.HoldAll })
		var last webtest.Resp
		for i := range 8 {
			last = post(t, e.Browser(), a, url.Values{"name": {"Flood"}, "email": {fmt.Sprintf("flood%d@example.com", i)}, "body": {fmt.Sprintf("Flood number %d", i)}})
			if last.Status == 429 {
				break
			}
		}
		want(t, "flood", last, 429, "Too many comments", "try again in")
		if last.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	})
}

// post2 posts to an article whose form is not on its page (comments closed).
func post2(t *testing.T, e *webtest.Env, a *article.Article, fields url.Values) webtest.Resp {
	t.Helper()
	f := url.Values{"article_id": {itoa(a.ID)}, "form_token": {comment.FormToken(formKey(t, e), a.ID, time.Now().Add(-time.Minute))}}
	for k, v := range fields {
		f[k] = v
	}
	return e.Browser().Post("/comments", f)
}

func formKey(t *testing.T, e *webtest.Env) []byte {
	t.Helper()
	k, err := e.App.Store.Secret(context.Background(), "forms")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Every moderation action by every role: editors and admins may, in the
// newsroom; nobody else may, and nothing changes when they try.
func TestModerationByRole(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		a := e.Article(user.Editor, "Council meets", article.Published)
		mk := func(body string) int64 {
			c := comment.Comment{ArticleID: a.ID, Name: "Guest", Email: "g@example.com", Body: body, BodyHash: comment.Hash(body), Status: comment.Pending, CreatedAt: time.Now()}
			if err := e.App.Store.CreateComment(ctx, &c); err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		for _, role := range user.AllRoles {
			allowed := role == user.Editor || role == user.Admin
			t.Run(string(role), func(t *testing.T) {
				id := mk("A comment for " + string(role))
				two := []int64{mk("Bulk one " + string(role)), mk("Bulk two " + string(role))}
				status := func(id int64) comment.Status {
					c, err := e.App.Store.Comment(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					return c.Status
				}
				steps := []struct {
					name string
					do   func() webtest.Resp
					ok   func() bool
				}{
					{"queue", func() webtest.Resp { return e.Get("/newsroom/comments", role) }, func() bool { return true }},
					{"comment page", func() webtest.Resp { return e.Get(fmt.Sprintf("/newsroom/comments/%d", id), role) }, func() bool { return true }},
					{"bans page", func() webtest.Resp { return e.Get("/newsroom/comments/bans", role) }, func() bool { return true }},
					{"approve", func() webtest.Resp { return moderate(t, e, role, "approve", id) }, func() bool { return status(id) == comment.Approved }},
					{"reject", func() webtest.Resp { return moderate(t, e, role, "reject", id) }, func() bool { return status(id) == comment.Rejected }},
					{"spam", func() webtest.Resp { return moderate(t, e, role, "spam", id) }, func() bool { return status(id) == comment.Spam }},
					{"edit", func() webtest.Resp {
						return e.Post(fmt.Sprintf("/newsroom/comments/%d", id), role, url.Values{"body": {"Edited by " + string(role)}}, "")
					}, func() bool { c, _ := e.App.Store.Comment(ctx, id); return c.Body == "Edited by "+string(role) }},
					{"bulk approve", func() webtest.Resp { return moderate(t, e, role, "approve", two...) }, func() bool { return status(two[0]) == comment.Approved && status(two[1]) == comment.Approved }},
					{"ban", func() webtest.Resp {
						return e.Post(fmt.Sprintf("/newsroom/comments/%d/ban", id), role, url.Values{"reason": {"test"}}, "")
					}, func() bool { b, _ := e.App.Store.Banned(ctx, 0, "g@example.com"); return b }},
					{"delete", func() webtest.Resp { return moderate(t, e, role, "delete", id) }, func() bool { return status(id) == comment.Deleted }},
				}
				for _, s := range steps {
					r := s.do()
					switch {
					case allowed && r.Status != 200 && r.Status != 303:
						t.Errorf("%s by %s: %d %.300s", s.name, role, r.Status, r.Body)
					case allowed && !s.ok():
						t.Errorf("%s by %s did not take effect", s.name, role)
					case !allowed && r.Status != 403:
						t.Errorf("%s by %s: %d, want 403", s.name, role, r.Status)
					case !allowed && s.name != "queue" && s.name != "comment page" && s.name != "bans page" && s.ok():
						t.Errorf("%s by %s took effect", s.name, role)
					}
				}
				if allowed {
					bans, _ := e.App.Store.Bans(ctx)
					for _, b := range bans {
						e.App.Store.DeleteBan(ctx, b.ID)
					}
				}
			})
		}
		for _, act := range []string{"comment.approve", "comment.reject", "comment.spam", "comment.delete", "comment.edit", "comment.ban"} {
			if !auditHas(t, e, act) {
				t.Errorf("no audit entry %s", act)
			}
		}
	})
}

// Names, comments and profile fields full of markup stay text.
func TestHostileCommentsStayText(t *testing.T) {
	e := webtest.New(t, false, "sqlite")
	configure(t, e, func(c *setting.Comments) {
		c.Guests, c.MinSeconds, c.Moderation, c.MaxLinks = true, 0, setting.HoldNone, 5
	})
	a := e.Article(user.Editor, "Storm warning", article.Published)
	payloads := []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(2)>`, `javascript:alert(3)`, `'><svg onload=alert(4)>`,
		`<a href="javascript:alert(5)">x</a>`, "\u202Etxt.exe", "http://x.example/\"onmouseover=alert(6)//", `<iframe srcdoc="<script>alert(7)</script>">`}
	// Six comments at most from one address in ten minutes: two payloads each.
	for i := 0; i < len(payloads); i += 2 {
		p, q := payloads[i], payloads[i+1]
		r := post(t, e.Browser(), a, url.Values{"name": {p}, "email": {fmt.Sprintf("h%d@example.com", i)}, "body": {q + "\n" + p + "\n\n" + q}})
		if r.Status != 303 {
			t.Fatalf("payload %d: %d %.300s", i, r.Status, r.Body)
		}
	}
	page := e.Get(a.URL(), "").Body
	for _, bad := range []string{"<script>alert", "<img src=x", "<svg onload", `href="javascript:`, "<iframe", "\u202E"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	// Text may mention an attribute; no tag may carry one that runs script.
	if m := regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`).FindString(page); m != "" {
		t.Errorf("a tag carries an event handler: %s", m)
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("a payload is not shown as the text it was")
	}
}

// Moderators who ask for it get a message when comments wait, at most one
// every ten minutes; others get none.
func TestModeratorsAskedByMail(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		configure(t, e, func(c *setting.Comments) { c.Guests, c.MinSeconds = true, 0 })
		a := e.Article(user.Editor, "Water rates rise", article.Published)
		if r := e.Post("/newsroom/account", user.Editor, url.Values{"notify_comments": {"1"}}, ""); r.Status != 303 {
			t.Fatalf("editor asks for notices: %d", r.Status)
		}
		// A contributor may ask, but moderates nothing, so gets nothing.
		e.Post("/newsroom/account", user.Contributor, url.Values{"notify_comments": {"1"}}, "")
		want(t, "the editor's account page", e.Get("/newsroom/account", user.Editor), 200, `name="notify_comments" value="1" checked`)
		for i, body := range []string{"Why now?", "And who decided?"} {
			r := post(t, e.Browser(), a, url.Values{"name": {"Guest"}, "email": {fmt.Sprintf("g%d@example.com", i)}, "body": {body}})
			if r.Status != 303 {
				t.Fatalf("comment %d: %d", i, r.Status)
			}
		}
		e.RunJobs()
		got := ms.To(e.Users[user.Editor].Email)
		if len(got) != 1 || !strings.Contains(got[0].Subject, "waits for moderation") || !strings.Contains(got[0].Text, "Water rates rise") {
			t.Fatalf("the editor's notices: %+v", got)
		}
		if link := ms.Link(t, e.Users[user.Editor].Email, "/newsroom/comments"); !strings.Contains(link, "status=pending") {
			t.Errorf("the notice links to %s", link)
		}
		for _, r := range []user.Role{user.Admin, user.Contributor, user.Reader} {
			if n := len(ms.To(e.Users[r].Email)); n != 0 {
				t.Errorf("%s got %d notices without asking or moderating", r, n)
			}
		}
	})
}

// A story with many comments shows them a page of threads at a time.
func TestCommentPages(t *testing.T) {
	e := webtest.New(t, false, "sqlite")
	ctx := context.Background()
	configure(t, e, func(c *setting.Comments) { c.Guests, c.MinSeconds, c.Moderation = true, 0, setting.HoldNone })
	a := e.Article(user.Editor, "A talked-about story", article.Published)
	start := time.Now().Add(-time.Hour)
	for i := range 120 {
		c := comment.Comment{ArticleID: a.ID, Name: "Reader", Email: "r@example.com", Body: fmt.Sprintf("Comment number %03d", i),
			Status: comment.Approved, CreatedAt: start.Add(time.Duration(i) * time.Second)}
		c.BodyHash = comment.Hash(c.Body)
		if err := e.App.Store.CreateComment(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	first := e.Get(a.URL(), "")
	want(t, "page 1", first, 200, "120 comments", "Comment number 000", "Comment number 049", "Page 1 of 3", `href="`+a.URL()+`?cpage=2#comments"`)
	if strings.Contains(first.Body, "Comment number 050") {
		t.Fatal("page 1 shows page 2's threads")
	}
	want(t, "page 3", e.Get(a.URL()+"?cpage=3", ""), 200, "Comment number 119", "Page 3 of 3", `href="`+a.URL()+`?cpage=2#comments"`)
	for _, bad := range []string{"?cpage=4", "?cpage=0", "?cpage=two"} {
		want(t, bad, e.Get(a.URL()+bad, ""), 404)
	}
	// A new comment takes its writer to the page that shows it.
	r := post(t, e.Browser(), a, url.Values{"name": {"Late"}, "email": {"late@example.com"}, "body": {"The latest word."}})
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), a.URL()+"?cpage=3#comment-") {
		t.Fatalf("after posting: %d %s", r.Status, r.Header.Get("Location"))
	}
}
