package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/page"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

// cachedPages fetches each page and says which were not served from the
// page cache (rendered again), leaving every page kept afterwards.
func cachedPages(t *testing.T, e *env, pages []string) []string {
	t.Helper()
	var rendered []string
	for _, p := range pages {
		r := e.Get(p, "")
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", p, r.Status)
		}
		if r.Header.Get("X-Cache") != "hit" {
			rendered = append(rendered, p)
		}
	}
	sort.Strings(rendered)
	return rendered
}

// TestCacheRefreshesExactlyWhatAChangeTouches makes one change of each kind
// and checks which of a fixed set of pages are rendered again: all those
// that show what changed, and none of the others.
func TestCacheRefreshesExactlyWhatAChangeTouches(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sport, err := e.App.Store.SaveSection(ctx, 0, section.Input{Name: "Sport", Slug: "sport", Position: 2})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Store.SavePage(ctx, &page.Page{Slug: "about", Title: "About us", Body: richtext.FromHTML("<p>Who we are.</p>")}); err != nil {
			t.Fatal(err)
		}
		admin := e.Users[user.Admin]
		story := func(sec int64, headline, tag string) *article.Article {
			t.Helper()
			a, err := e.App.Articles.Create(ctx, admin, article.Input{Headline: headline, SectionID: sec, Tags: []string{tag},
				AuthorIDs: []int64{e.Users[user.Editor].AuthorID}, Body: richtext.FromHTML("<p>Body of " + headline + ".</p>"), Status: article.Published})
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond) // distinct publication times: a fixed order
			return a
		}
		// Oldest to newest across the site: s1 (sport), w1 (news/world), n1 (news).
		s1 := story(sport, "Cup final goes to extra time", "Football")
		w1 := story(e.World, "Harbour reopens in Lagos", "Lagos")
		n1 := story(e.News, "Lagos council passes budget", "Lagos")
		url := func(a *article.Article) string {
			tree, err := e.App.Articles.Tree(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.App.Articles.Get(ctx, tree, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.URL()
		}
		S1, W1, N1 := url(s1), url(w1), url(n1)
		pages := []string{"/", "/news", "/news/world", "/sport", S1, W1, N1, "/tag/lagos", "/tag/football", "/author/a-editor",
			"/feed/rss", "/feed/rss/sport", "/sitemaps/articles-1.xml", "/search?q=lagos", "/about"}
		cachedPages(t, e, pages)
		if got := cachedPages(t, e, pages); len(got) != 0 {
			t.Fatalf("rendered again with nothing changed: %v", got)
		}
		expect := func(what string, want ...string) {
			t.Helper()
			sort.Strings(want)
			if got := cachedPages(t, e, pages); !slices.Equal(got, want) {
				t.Errorf("%s: rendered again\n%v\nwant\n%v", what, got, want)
			}
		}

		// A published story edited: it, the lists it is on, its neighbour's
		// page (it is the previous story there), the site's lists.
		in := article.FromArticle(s1)
		in.Headline = "Cup final decided on penalties"
		if _, err := e.App.Articles.Update(ctx, admin, s1.ID, in, false); err != nil {
			t.Fatal(err)
		}
		expect("editing the sport story", "/", "/sport", S1, W1, "/tag/football", "/author/a-editor", "/feed/rss", "/feed/rss/sport",
			"/sitemaps/articles-1.xml", "/search?q=lagos")

		// An approved comment: the story's page, and the cards that show
		// its comment count.
		c := comment.Comment{ArticleID: w1.ID, Name: "A reader", Body: "Good news.", BodyHash: "h1", Status: comment.Approved, CreatedAt: time.Now()}
		if err := e.App.Store.CreateComment(ctx, &c); err != nil {
			t.Fatal(err)
		}
		withCount := []string{"/", "/news", "/news/world", W1, N1, "/tag/lagos", "/author/a-editor"}
		expect("an approved comment", withCount...)
		// One held for moderation shows nowhere.
		held := comment.Comment{ArticleID: w1.ID, Name: "A reader", Body: "Held.", BodyHash: "h2", Status: comment.Pending, CreatedAt: time.Now()}
		if err := e.App.Store.CreateComment(ctx, &held); err != nil {
			t.Fatal(err)
		}
		expect("a comment held for moderation")
		if _, err := e.App.Store.ModerateComments(ctx, []int64{held.ID}, comment.Approved, admin.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		expect("approving it", withCount...)

		// A draft written and saved: no reader page shows it.
		draft, err := e.App.Articles.Create(ctx, admin, article.Input{Headline: "Not yet", SectionID: e.News, Tags: []string{"Lagos"},
			Body: richtext.FromHTML("<p>Draft.</p>"), Status: article.Draft})
		if err != nil {
			t.Fatal(err)
		}
		expect("a draft")

		// The tag renamed: the pages that show its name, and the site's lists.
		tg, err := e.App.Store.TagBySlug(ctx, "lagos")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.Store.RenameTag(ctx, tg.ID, "Lagos State"); err != nil {
			t.Fatal(err)
		}
		expect("renaming a tag", "/", W1, N1, "/tag/lagos", "/feed/rss", "/search?q=lagos")

		// The draft published as the newest story in news/world: its
		// section and the parents' lists, the stories whose related
		// stories come from that section, the previous newest story's page.
		in = article.FromArticle(draft)
		in.SectionID, in.Status, in.AuthorIDs = e.World, article.Published, []int64{e.Users[user.Editor].AuthorID}
		if _, err := e.App.Articles.Update(ctx, admin, draft.ID, in, false); err != nil {
			t.Fatal(err)
		}
		expect("publishing a story", "/", "/news", "/news/world", W1, N1, "/tag/lagos", "/author/a-editor", "/feed/rss",
			"/sitemaps/articles-1.xml", "/search?q=lagos")

		// The author's profile: every page that shows the name.
		au, err := e.App.Store.Author(ctx, e.Users[user.Editor].AuthorID)
		if err != nil {
			t.Fatal(err)
		}
		au.Bio = "Reports on the city."
		if err := e.App.Store.SaveAuthor(ctx, &au); err != nil {
			t.Fatal(err)
		}
		expect("an author's profile", "/", "/news", "/news/world", "/sport", S1, W1, N1, "/tag/lagos", "/tag/football", "/author/a-editor",
			"/feed/rss", "/feed/rss/sport", "/search?q=lagos")

		// Settings: every page.
		st, err := e.App.Store.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.SiteName = "The Lagos Ledger"
		if err := e.App.Store.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		expect("the settings", pages...)
		if r := e.Get("/sport", ""); !strings.Contains(r.Body, "The Lagos Ledger") {
			t.Error("the new site name is not on a page rendered after the change")
		}

		// The story unpublished: its page goes (404, never kept), the rest
		// that showed it is rendered again.
		in = article.FromArticle(s1)
		in.Headline, in.Status = "Cup final decided on penalties", article.Draft
		if _, err := e.App.Articles.Update(ctx, admin, s1.ID, in, false); err != nil {
			t.Fatal(err)
		}
		if r := e.Get(S1, ""); r.Status != http.StatusNotFound {
			t.Fatalf("an unpublished story's page answers %d", r.Status)
		}
		pages = slices.DeleteFunc(pages, func(p string) bool { return p == S1 })
		expect("unpublishing a story", "/", "/sport", W1, "/tag/football", "/author/a-editor", "/feed/rss", "/feed/rss/sport",
			"/sitemaps/articles-1.xml", "/search?q=lagos")
	})
}

// TestCacheNeverLeaksThePersonalPart: a page is the same bytes for a
// signed-in reader and for a stranger, whoever asked first, and carries
// nothing of either.
func TestCacheNeverLeaksThePersonalPart(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Editor, "Night trains return", article.Published)
		reader := e.Users[user.Reader]
		first := e.Get(a.URL(), user.Reader)
		second := e.Get(a.URL(), "")
		third := e.Get(a.URL(), user.Editor)
		if first.Body != second.Body || second.Body != third.Body {
			t.Fatal("signed-in and anonymous readers got different copies of a kept page")
		}
		if third.Header.Get("X-Cache") != "hit" {
			t.Fatalf("the page was not kept (X-Cache %q)", third.Header.Get("X-Cache"))
		}
		for _, secret := range []string{reader.Email, reader.Name, e.CSRF[user.Reader], e.Cookies[user.Reader], e.CSRF[user.Editor], e.Users[user.Editor].Email} {
			if strings.Contains(first.Body, secret) {
				t.Errorf("the kept page carries %q", secret)
			}
		}
		if first.Header.Get("Set-Cookie") != "" || third.Header.Get("Set-Cookie") != "" {
			t.Error("a kept page sets a cookie")
		}
		// The personal part comes from its own address, never kept.
		id := strconv.FormatInt(a.ID, 10)
		st := e.Get("/account/state?article="+id, user.Reader)
		if !strings.Contains(st.Body, reader.Name) || st.Header.Get("X-Cache") != "" {
			t.Errorf("/account/state: %q, X-Cache %q", st.Body, st.Header.Get("X-Cache"))
		}
		if again := e.Get("/account/state?article="+id, ""); strings.Contains(again.Body, reader.Name) {
			t.Error("/account/state gave a stranger the reader's name")
		}
		for _, p := range []string{"/account", "/newsroom"} {
			if r := e.Get(p, user.Editor); r.Header.Get("X-Cache") != "" {
				t.Errorf("%s went through the page cache", p)
			}
		}
	})
}

// TestCacheOneRenderForAHotStory: many readers asking for a story just
// changed cause one render; the others get the previous copy meanwhile.
func TestCacheOneRenderForAHotStory(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Editor, "Breaking: bridge closed", article.Published)
		url := a.URL()
		e.Get(url, "")
		in := article.FromArticle(a)
		in.Headline = "Breaking: bridge closed for a week"
		if _, err := e.App.Articles.Update(context.Background(), e.Users[user.Admin], a.ID, in, false); err != nil {
			t.Fatal(err)
		}
		before := e.App.Cache.Stats().Renders
		var wg sync.WaitGroup
		var mu sync.Mutex
		states := map[string]int{}
		for range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.Get(url, "")
				mu.Lock()
				states[r.Header.Get("X-Cache")]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if n := e.App.Cache.Stats().Renders - before; n != 1 {
			t.Errorf("%d renders for 40 requests of a changed story (%v)", n, states)
		}
		if r := e.Get(url, ""); !strings.Contains(r.Body, "for a week") || r.Header.Get("X-Cache") != "hit" {
			t.Errorf("after the render: X-Cache %q", r.Header.Get("X-Cache"))
		}
	})
}

// TestCacheCompressesPagesAndAssets: the browser gets brotli or gzip, the
// same copy each time, and 304 for what it has.
func TestCacheCompressesPagesAndAssets(t *testing.T) {
	e := newAppEnv(t, false, "sqlite")
	e.Article(user.Editor, "Markets open higher", article.Published)
	get := func(path string, header ...string) *http.Response {
		req, _ := http.NewRequest("GET", e.Srv.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	home := get("/", "Accept-Encoding", "gzip, deflate, br")
	if home.Header.Get("Content-Encoding") != "br" || home.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("home: %v", home.Header)
	}
	if home.Header.Get("Surrogate-Key") != "" {
		t.Error("a browser got the Surrogate-Key header")
	}
	if r := get("/", "Accept-Encoding", "gzip", "If-None-Match", home.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", r.StatusCode)
	}
	body := e.Get("/", "").Body
	css := strings.SplitN(strings.SplitN(body, `<link rel="stylesheet" href="`, 2)[1], `"`, 2)[0]
	js := strings.SplitN(strings.SplitN(body, `<script src="`, 2)[1], `"`, 2)[0]
	for _, asset := range []string{css, js} {
		for _, c := range []struct{ accept, enc string }{{"br, gzip", "br"}, {"gzip", "gzip"}, {"", ""}} {
			r := get(asset, "Accept-Encoding", c.accept)
			if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != c.enc || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
				t.Errorf("%s with %q: %d %q %q", asset, c.accept, r.StatusCode, r.Header.Get("Content-Encoding"), r.Header.Get("Cache-Control"))
			}
			if r := get(asset, "Accept-Encoding", c.accept, "If-None-Match", r.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
				t.Errorf("%s revalidated with %q: %d", asset, c.accept, r.StatusCode)
			}
		}
	}
	// Minified: no comment and no indentation left in the style sheet.
	sheet := e.Get(css, "").Body
	if strings.Contains(sheet, "/*") || strings.Contains(sheet, "\n  ") || len(sheet) < 1000 {
		t.Errorf("the style sheet is not minified (%d bytes)", len(sheet))
	}
}

// TestCacheSurrogateKeysForTrustedProxies: a CDN or Varnish named in
// --trusted-proxies gets the keys it purges by.
func TestCacheSurrogateKeysForTrustedProxies(t *testing.T) {
	e := webtest.New(t, false, "sqlite", "--trusted-proxies", "127.0.0.1")
	a := e.Article(user.Editor, "Markets open higher", article.Published)
	r := e.Get(a.URL(), "")
	keys := strings.Fields(r.Header.Get("Surrogate-Key"))
	for _, k := range []string{"a" + strconv.FormatInt(a.ID, 10), "s" + strconv.FormatInt(a.ID, 10), "c" + strconv.FormatInt(a.ID, 10)} {
		if !slices.Contains(keys, k) {
			t.Errorf("Surrogate-Key %v lacks %s", keys, k)
		}
	}
}

// TestCacheTwoInstances: two instances on one database, each with its own
// page cache: a change made through one shows on the other within two
// seconds (the purge log, read four times a second), both ways.
func TestCacheTwoInstances(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go e.App.FollowPurges(ctx)
		twin := e.Twin()
		a := e.Article(user.Editor, "Ferry timetable changes", article.Published)
		// Each instance keeps the pages once it has read the purges of the
		// story's creation (the other instance reads them a moment later).
		for _, inst := range []*env{e, twin} {
			for _, p := range []string{a.URL(), "/"} {
				deadline := time.Now().Add(3 * time.Second)
				for inst.Get(p, "").Header.Get("X-Cache") != "hit" {
					if time.Now().After(deadline) {
						t.Fatalf("%s is not kept", p)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
		}
		time.Sleep(300 * time.Millisecond) // a poll more: nothing left to read
		waitFor := func(inst *env, path, text string) time.Duration {
			t.Helper()
			start := time.Now()
			for time.Since(start) < 5*time.Second {
				if strings.Contains(inst.Get(path, "").Body, text) {
					return time.Since(start)
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Fatalf("%s never showed %q", path, text)
			return 0
		}
		in := article.FromArticle(a)
		in.Headline = "Ferry timetable changes from Monday"
		if _, err := e.App.Articles.Update(ctx, e.Users[user.Admin], a.ID, in, false); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(e.Get(a.URL(), "").Body, "from Monday") {
			t.Error("the instance that made the change shows the old page")
		}
		for _, p := range []string{a.URL(), "/"} {
			d := waitFor(twin, p, "from Monday")
			if d > 2*time.Second {
				t.Errorf("%s on the other instance changed after %s", p, d)
			}
			t.Logf("%s changed on the other instance after %s", p, d.Round(time.Millisecond))
		}
		// The other way: a comment approved through the twin.
		c := comment.Comment{ArticleID: a.ID, Name: "A reader", Body: "Thanks for the update.", BodyHash: "t1", Status: comment.Approved, CreatedAt: time.Now()}
		if err := twin.App.Store.CreateComment(ctx, &c); err != nil {
			t.Fatal(err)
		}
		if d := waitFor(e, a.URL(), "Thanks for the update."); d > 2*time.Second {
			t.Errorf("the comment showed on the first instance after %s", d)
		}
	})
}

// TestScheduledPublishingTwoInstances: two instances' job workers racing
// over the same scheduled stories publish each exactly once, and the
// stories show on both instances' cached pages.
func TestScheduledPublishingTwoInstances(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go e.App.FollowPurges(ctx)
		twin := e.Twin()
		var stories []*article.Article
		for i := range 12 {
			stories = append(stories, e.Article(user.Editor, fmt.Sprintf("Scheduled story number %d", i), article.Scheduled))
		}
		home := e.Get("/", "").Body + twin.Get("/", "").Body
		if strings.Contains(home, "Scheduled story number") {
			t.Fatal("a scheduled story shows before its time")
		}
		later := time.Now().Add(2 * time.Hour)
		var runs atomic.Int64
		for _, inst := range []*env{e, twin} {
			inst.App.Articles.Now = func() time.Time { return later }
			w := inst.App.Worker
			w.Now = func() time.Time { return later }
			publish := w.Handlers[article.JobPublish]
			w.Handlers[article.JobPublish] = func(ctx context.Context, p []byte) error {
				runs.Add(1)
				return publish(ctx, p)
			}
		}
		var wg sync.WaitGroup
		for _, inst := range []*env{e, twin, e, twin} { // two goroutines per instance
			wg.Add(1)
			go func() {
				defer wg.Done()
				for inst.App.Worker.RunOnce(ctx) {
				}
			}()
		}
		wg.Wait()
		if n := runs.Load(); n != int64(len(stories)) {
			t.Errorf("%d publishing jobs ran for %d scheduled stories", n, len(stories))
		}
		for _, a := range stories {
			got, err := e.App.Store.Article(ctx, a.ID)
			if err != nil || got.Status != article.Published {
				t.Fatalf("story %d: %v %s", a.ID, err, got.Status)
			}
		}
		for _, inst := range []*env{e, twin} {
			deadline := time.Now().Add(3 * time.Second)
			for !strings.Contains(inst.Get("/", "").Body, "Scheduled story number 11") {
				if time.Now().After(deadline) {
					t.Fatal("an instance's home page does not show the stories published by the jobs")
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
	})
}
