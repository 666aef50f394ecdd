package e2e

import (
	"bufio"
	"context"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// startSite is a whole Broadsheet whose mail goes to a real SMTP server in
// the test and whose job worker runs, with guests allowed to comment and a
// published article.
func startSite(t *testing.T) (*webtest.Env, *webtest.MailServer, *article.Article) {
	t.Helper()
	ms := webtest.NewMailServer(t)
	e := webtest.New(t, false, "sqlite", "--smtp-url", ms.URL(), "--mail-from", "news@example.com", "--log-level", "warn")
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	e.App.Worker.Poll = 50 * time.Millisecond
	go e.App.Worker.Run(ctx)
	st, err := e.App.Store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.SiteName = "The Lagoon Ledger"
	st.Comments.Guests, st.Comments.MinSeconds = true, 1
	if err := e.App.Store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	return e, ms, e.Article(user.Editor, "Ferry service returns to the lagoon", article.Published)
}

// waitLink waits for a message to addr with a link to path and returns it.
func waitLink(t *testing.T, ms *webtest.MailServer, addr, path string, count int) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(ms.To(addr)) < count {
		if time.Now().After(deadline) {
			t.Fatalf("no message %d to %s after 10 s", count, addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return ms.Link(t, addr, path)
}

// TestReaderJoinsInBrowser is the readers' flow as a person does it: sign up,
// open the link mailed to the test's SMTP server, sign in, comment and see it
// held; an editor approves it in the newsroom; the comment shows with the
// count updated; reply to it; reset the password by the mailed link.
func TestReaderJoinsInBrowser(t *testing.T) {
	chromium := browserOrSkip(t)
	start := time.Now()
	e, ms, a := startSite(t)
	base := e.Srv.URL

	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	bctx, closeBrowser, err := NewBrowser(ctx, chromium, profileDir(t))
	if err != nil {
		t.Fatal(err)
	}
	defer closeBrowser()
	rctx, closeReader, err := NewVisitorTab(bctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeReader()
	reader, setup := WatchTab(rctx)
	step := func(ctx context.Context, w *Watch, what string, actions ...chromedp.Action) {
		t.Helper()
		if err := runStep(ctx, actions...); err != nil {
			checkTab(t, what, w)
			t.Fatalf("%s: %v (after %s)", what, err, time.Since(start).Round(time.Millisecond))
		}
	}
	const (
		name     = "Tunde Bakare"
		email    = "tunde@example.com"
		password = "lagoon ferries at dawn"
		newPass  = "a fresh tide of words"
		text     = "Good news for the morning commute.\nAbout time!"
		reply    = "Agreed. The old timetable was a mess."
	)
	var got string
	step(rctx, reader, "open the article", setup,
		chromedp.Navigate(base+a.URL()),
		chromedp.WaitVisible("#respond", chromedp.ByQuery),
		chromedp.Click(`.topbar [data-account-link]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action="/account/login"]`, chromedp.ByQuery),
		chromedp.Click(`a[href^="/account/signup"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action="/account/signup"]`, chromedp.ByQuery),
	)
	step(rctx, reader, "sign up",
		chromedp.SendKeys("#f-name", name, chromedp.ByQuery),
		chromedp.SendKeys("#f-email", email, chromedp.ByQuery),
		chromedp.SendKeys("#f-password", password, chromedp.ByQuery),
		chromedp.Click(`form[action="/account/signup"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//h1[contains(., "Check your inbox")]`, chromedp.BySearch),
	)
	link := waitLink(t, ms, email, "/account/verify", 1)
	step(rctx, reader, "open the verification link",
		chromedp.Navigate(link),
		chromedp.Click(`form[action="/account/verify"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[contains(., "Your account is ready")]`, chromedp.BySearch),
		chromedp.Click(`form[action="/account/logout"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.topbar [data-account-link]`, chromedp.ByQuery),
	)
	step(rctx, reader, "sign in from the comment form",
		chromedp.Navigate(base+a.URL()),
		chromedp.Click(`.guest-fields a[href^="/account/login"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-email", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", email, chromedp.ByQuery),
		chromedp.SendKeys("#f-password", password, chromedp.ByQuery),
		chromedp.Click(`form[action="/account/login"] button[type=submit]`, chromedp.ByQuery),
		// Back on the article, the page's script shows who comments.
		chromedp.WaitVisible(`.commenting-as:not([hidden])`, chromedp.ByQuery),
		chromedp.Text(`.commenting-as [data-reader-name]`, &got, chromedp.ByQuery),
	)
	if got != name {
		t.Fatalf("commenting as %q, want %q", got, name)
	}
	step(rctx, reader, "comment",
		chromedp.Sleep(1100*time.Millisecond), // the site's minimum time to write
		chromedp.SendKeys("#f-body", text, chromedp.ByQuery),
		chromedp.Click(`[data-comment-form] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[contains(., "waiting for moderation")]`, chromedp.BySearch),
		chromedp.TextContent("#comments-heading", &got, chromedp.ByQuery),
	)
	if got != "0 comments" {
		t.Errorf("heading while the comment is held: %q", got)
	}
	held, err := e.App.Store.Comments(context.Background(), comment.Filter{Status: comment.Pending})
	if err != nil || len(held) != 1 {
		t.Fatalf("held comments: %v, %v", held, err)
	}

	// The editor approves it in the newsroom.
	ectx, closeEditor, err := NewVisitorTab(bctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeEditor()
	editor, esetup := WatchTab(ectx)
	var badge string
	step(ectx, editor, "approve in the newsroom", esetup,
		SignIn(base, e.Users[user.Editor].Email, webtest.Password),
		chromedp.Text(`.nr-nav .badge`, &badge, chromedp.ByQuery),
		chromedp.Click(`.nr-nav a[href="/newsroom/comments"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//td[contains(., "Good news for the morning commute")]`, chromedp.BySearch),
		chromedp.Click(`button[name=act][value="approve:`+strconv.FormatInt(held[0].ID, 10)+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[contains(., "No comment is waiting")]`, chromedp.BySearch),
	)
	if badge != "1" {
		t.Errorf("the newsroom's badge said %q, want 1", badge)
	}
	checkTab(t, "newsroom", editor)

	var heading, meta, body string
	step(rctx, reader, "see the approved comment",
		chromedp.Navigate(base+a.URL()),
		chromedp.WaitVisible(`#comment-`+strconv.FormatInt(held[0].ID, 10), chromedp.ByQuery),
		chromedp.TextContent("#comments-heading", &heading, chromedp.ByQuery),
		chromedp.Text(".story-head .meta", &meta, chromedp.ByQuery),
		chromedp.Text(`#comment-`+strconv.FormatInt(held[0].ID, 10)+` .comment-body`, &body, chromedp.ByQuery),
	)
	if heading != "1 comment" || !strings.Contains(meta, "1 comment") || !strings.Contains(body, "About time!") {
		t.Fatalf("after approval: heading %q, byline %q, comment %q", heading, meta, body)
	}

	var cancelShown bool
	step(rctx, reader, "reply to it",
		chromedp.Click(`#comment-`+strconv.FormatInt(held[0].ID, 10)+` [data-reply]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#comment-`+strconv.FormatInt(held[0].ID, 10)+` #respond`, chromedp.ByQuery),
		chromedp.Evaluate(`!document.querySelector('.cancel-reply').hidden`, &cancelShown),
		chromedp.Sleep(1100*time.Millisecond),
		chromedp.SendKeys("#f-body", reply, chromedp.ByQuery),
		chromedp.Click(`[data-comment-form] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#comment-`+strconv.FormatInt(held[0].ID, 10)+` .comment-replies .comment`, chromedp.ByQuery),
		chromedp.TextContent("#comments-heading", &heading, chromedp.ByQuery),
	)
	if !cancelShown {
		t.Error("no Cancel reply while replying")
	}
	if heading != "2 comments" {
		t.Errorf("after the reply (the writer now has an approved comment): %q", heading)
	}

	step(rctx, reader, "forget the password",
		chromedp.Navigate(base+"/account"),
		chromedp.Click(`form[action="/account/logout"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.topbar [data-account-link]`, chromedp.ByQuery),
		chromedp.Navigate(base+"/account/login"),
		chromedp.Click(`a[href="/account/forgot"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-email", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", email, chromedp.ByQuery),
		chromedp.Click(`form[action="/account/forgot"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//h1[contains(., "Check your inbox")]`, chromedp.BySearch),
	)
	link = waitLink(t, ms, email, "/account/reset", 2)
	step(rctx, reader, "reset the password by the mailed link",
		chromedp.Navigate(link),
		chromedp.WaitVisible("#f-password", chromedp.ByQuery),
		chromedp.SendKeys("#f-password", newPass, chromedp.ByQuery),
		chromedp.Click(`form[action="/account/reset"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[contains(., "Your new password is set")]`, chromedp.BySearch),
		chromedp.Click(`form[action="/account/logout"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.topbar [data-account-link]`, chromedp.ByQuery),
		chromedp.Navigate(base+"/account/login"),
		chromedp.SendKeys("#f-email", email, chromedp.ByQuery),
		chromedp.SendKeys("#f-password", newPass, chromedp.ByQuery),
		chromedp.Click(`form[action="/account/login"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[contains(., "Signed in as")]`, chromedp.BySearch),
	)
	checkTab(t, "site", reader)
	t.Logf("signed up, commented, was approved, replied and reset a password in %s", time.Since(start).Round(time.Millisecond))
}

// payloads reads the script-injection payloads of the test data.
func payloads(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/xss-payloads.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "# ") {
			out = append(out, l)
		}
	}
	if len(out) < 40 {
		t.Fatalf("only %d payloads", len(out))
	}
	return out
}

// The trap notes every call of alert, confirm, prompt or print, before the
// page's own scripts run.
const trap = `window.__calls = [];
for (const f of ['alert', 'confirm', 'prompt', 'print']) {
  window[f] = function () { window.__calls.push(f + ':' + Array.from(arguments).join(',')); };
}`

// TestHostileInputInertInBrowser posts every payload of the test data as a
// comment's text, a guest's name and a reader's display name, then opens
// the article, the reply page, the account page and the newsroom's queue in
// Chromium: no payload may run, and none may become markup.
func TestHostileInputInertInBrowser(t *testing.T) {
	chromium := browserOrSkip(t)
	e, _, a := startSite(t)
	ctx := context.Background()
	ps := payloads(t)
	reader := e.Users[user.Reader]
	// A reader whose display name is a payload.
	reader.Name = user.CleanName(ps[0] + " " + ps[7])
	if err := e.App.Store.UpdateUser(ctx, reader); err != nil {
		t.Fatal(err)
	}
	var first int64
	for i, p := range ps {
		c := comment.Comment{ArticleID: a.ID, Name: user.CleanName(p), Email: "x" + strconv.Itoa(i) + "@example.com", Body: comment.CleanBody(p + "\n" + p),
			Status: comment.Approved, CreatedAt: time.Now()}
		if i%3 == 0 {
			c.UserID, c.Name, c.Email = reader.ID, reader.Name, reader.Email
		}
		if i%5 == 4 {
			c.Status = comment.Pending // for the newsroom's queue
		}
		c.BodyHash = comment.Hash(c.Body)
		if err := e.App.Store.CreateComment(ctx, &c); err != nil {
			t.Fatal(err)
		}
		if first == 0 {
			first = c.ID
		}
	}
	cctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	bctx, closeBrowser, err := NewBrowser(cctx, chromium, profileDir(t))
	if err != nil {
		t.Fatal(err)
	}
	defer closeBrowser()
	w, setup := WatchTab(bctx)
	if err := runStep(bctx, setup, chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(trap).Do(ctx)
		return err
	})); err != nil {
		t.Fatal(err)
	}
	pages := []string{a.URL(), "/comments/new?article=" + strconv.FormatInt(a.ID, 10) + "&reply=" + strconv.FormatInt(first, 10),
		"/api/v1/articles/" + strconv.FormatInt(a.ID, 10) + "/comments"}
	check := func(path string) {
		t.Helper()
		var calls []string
		var tags []string
		var text string
		if err := runStep(bctx,
			chromedp.Navigate(e.Srv.URL+path),
			chromedp.Sleep(300*time.Millisecond), // let anything that would run, run
			chromedp.Evaluate(`window.__calls`, &calls),
			chromedp.Evaluate(`Array.from(document.querySelectorAll('.comment-body *, .comment-author *, .comment-text *, .comment-meta *, main h1 *, .intro *'))
				.map(e => e.tagName.toLowerCase()).filter(t => !['p','br','a','strong','em','time','span'].includes(t))`, &tags),
			chromedp.Evaluate(`document.body.innerText`, &text),
		); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(calls) > 0 {
			t.Errorf("%s: a payload ran: %v", path, calls)
		}
		if len(tags) > 0 {
			t.Errorf("%s: payloads became elements: %v", path, tags)
		}
		if !strings.Contains(text, "alert(1)") {
			t.Errorf("%s: the payloads' text is not shown as text", path)
		}
	}
	for _, p := range pages {
		check(p)
	}
	// Signed in: the reader's own account page, and the newsroom's queue.
	if err := runStep(bctx, SignIn(e.Srv.URL, e.Users[user.Editor].Email, webtest.Password)); err != nil {
		t.Fatal(err)
	}
	check("/newsroom/comments?status=all")
	check("/newsroom/comments/" + strconv.FormatInt(first, 10))
	var hrefs []string
	if err := runStep(bctx, chromedp.Navigate(e.Srv.URL+a.URL()),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.comment-body a')).map(a => a.getAttribute('href') + ' ' + a.rel)`, &hrefs)); err != nil {
		t.Fatal(err)
	}
	for _, h := range hrefs {
		u, err := url.Parse(strings.Fields(h)[0])
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.HasSuffix(h, " nofollow ugc noopener") {
			t.Errorf("a comment's link: %q", h)
		}
	}
	// The reader, with a hostile display name, signs in and opens the
	// article: the script puts the name in "Commenting as".
	var calls []string
	vctx, closeVisitor, err := NewVisitorTab(bctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeVisitor()
	vw, vsetup := WatchTab(vctx)
	if err := runStep(vctx, vsetup, chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(trap).Do(ctx)
		return err
	}),
		chromedp.Navigate(e.Srv.URL+"/account/login"),
		chromedp.SendKeys("#f-email", reader.Email, chromedp.ByQuery),
		chromedp.SendKeys("#f-password", webtest.Password, chromedp.ByQuery),
		chromedp.Click(`form[action="/account/login"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[contains(., "Signed in as")]`, chromedp.BySearch),
		chromedp.Navigate(e.Srv.URL+a.URL()),
		chromedp.WaitVisible(`.commenting-as:not([hidden])`, chromedp.ByQuery),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`window.__calls`, &calls),
	); err != nil {
		t.Fatal(err)
	}
	if len(calls) > 0 {
		t.Errorf("a payload ran for the signed-in reader: %v", calls)
	}
	checkTab(t, "hostile pages", w)
	checkTab(t, "reader", vw)
}
