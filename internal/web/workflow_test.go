package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/user"
)

func TestScheduledArticlePublishesThroughTheQueue(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Editor, "Budget vote at noon", article.Scheduled)
		if a.Status != article.Scheduled {
			t.Fatalf("status %s", a.Status)
		}
		if r := e.Get(a.URL(), ""); r.Status != 404 {
			t.Fatalf("scheduled article visible before its time: %d", r.Status)
		}
		w := e.App.Worker
		w.Now = func() time.Time { return time.Now() } // not yet due
		if w.RunOnce(context.Background()) {
			t.Fatal("a job ran before it was due")
		}
		// A worker started later (as after a restart) finds the job in the database.
		later := time.Now().Add(2 * time.Hour)
		w.Now = func() time.Time { return later }
		e.App.Articles.Now = func() time.Time { return later }
		if !w.RunOnce(context.Background()) {
			t.Fatal("the due job did not run")
		}
		got, err := e.App.Store.Article(context.Background(), a.ID)
		if err != nil || got.Status != article.Published {
			t.Fatalf("after the job: %v %s", err, got.Status)
		}
		if !got.PublishedAt.Equal(a.PublishAt) {
			t.Fatalf("published at %v, want the scheduled %v", got.PublishedAt, a.PublishAt)
		}
		if r := e.Get(a.URL(), ""); r.Status != 200 {
			t.Fatalf("published article: %d", r.Status)
		}
		if n, _ := e.App.Store.PendingJobs(context.Background()); n != 0 {
			t.Fatalf("%d jobs still pending", n)
		}
	})
}

func TestSectionRenameRedirects(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Editor, "Ceasefire holds", article.Published)
		old := a.URL()
		r := e.Post(fmt.Sprintf("/newsroom/sections/%d", e.World), user.Editor, url.Values{"name": {"Global"}, "slug": {"global"}, "parent": {fmt.Sprint(e.News)}, "position": {"0"}}, "")
		if r.Status != 303 {
			t.Fatalf("rename: %d %.400s", r.Status, r.Body)
		}
		for path, want := range map[string]string{old: "/news/global/ceasefire-holds", "/news/world": "/news/global"} {
			r := e.Get(path, "")
			if r.Status != 301 || r.Header.Get("Location") != want {
				t.Fatalf("%s: %d to %q, want 301 to %q", path, r.Status, r.Header.Get("Location"), want)
			}
		}
		// A reserved slug is refused with a message, and the typed name is kept.
		r = e.Post("/newsroom/sections", user.Editor, url.Values{"name": {"Typed name"}, "slug": {"newsroom"}}, "")
		if r.Status != 422 || !strings.Contains(r.Body, "reserved") || !strings.Contains(r.Body, "Typed name") {
			t.Fatalf("reserved slug: %d", r.Status)
		}
	})
}

func TestAutosaveAndPreview(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Author, "Draft for autosave", article.Draft)
		path := fmt.Sprintf("/newsroom/articles/%d", a.ID)
		form := url.Values{"headline": {"Autosaved headline"}, "section": {fmt.Sprint(e.World)}, "body_html": {"<p>Typed so far</p>"}}
		for range 3 {
			r := e.Post(path+"/autosave", user.Author, form, "")
			if r.Status != 200 || !strings.Contains(r.Body, "saved_at") {
				t.Fatalf("autosave: %d %s", r.Status, r.Body)
			}
		}
		revs, _ := e.App.Store.Revisions(context.Background(), a.ID)
		autos := 0
		for _, r := range revs {
			if r.Autosave {
				autos++
			}
		}
		if autos != 1 {
			t.Fatalf("autosaves kept %d revisions, want 1", autos)
		}
		r := e.Get(path+"/preview", user.Author)
		if r.Status != 200 || !strings.Contains(r.Body, "Autosaved headline") || !strings.Contains(r.Body, "Preview:") || !strings.Contains(r.Body, "noindex") {
			t.Fatalf("preview: %d", r.Status)
		}
		if r := e.Get(path+"/preview", user.Contributor); r.Status != 403 {
			t.Fatalf("another contributor's preview: %d", r.Status)
		}
	})
}

func TestNewDraftsFollowTheirHeadline(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		var keys, ids []string
		for range 2 { // two new articles' pages at once must not collide
			r := e.Get("/newsroom/articles/new", user.Author)
			m := regexp.MustCompile(`name="draft_key" value="([0-9a-f]{32})"`).FindStringSubmatch(r.Body)
			if r.Status != 200 || m == nil {
				t.Fatalf("new article: %d", r.Status)
			}
			keys = append(keys, m[1])
		}
		for i, key := range keys {
			r := e.Post("/newsroom/articles/new", user.Author, url.Values{"draft_key": {key}, "headline": {"Market reopens"}, "slug": {""}, "section": {fmt.Sprint(e.World)},
				"body_html": {"<p>Stalls are back.</p>"}, "action": {"publish"}, "authors": {fmt.Sprint(e.Users[user.Author].AuthorID)}}, "")
			if r.Status != 303 {
				t.Fatalf("publish %d: %d %.300s", i, r.Status, r.Body)
			}
			ids = append(ids, strings.SplitN(r.Header.Get("Location"), "?", 2)[0])
		}
		for _, path := range []string{"/news/world/market-reopens", "/news/world/market-reopens-2"} {
			if r := e.Get(path, ""); r.Status != 200 {
				t.Fatalf("%s: %d", path, r.Status)
			}
		}
		// Once published, the address stays when the headline changes.
		r := e.Post(ids[0], user.Author, url.Values{"headline": {"Market reopens after fire"}, "slug": {"market-reopens"}, "section": {fmt.Sprint(e.World)},
			"body_html": {"<p>Stalls are back.</p>"}, "action": {"save"}, "authors": {fmt.Sprint(e.Users[user.Author].AuthorID)}}, "")
		if r.Status != 303 {
			t.Fatalf("update: %d", r.Status)
		}
		if r := e.Get("/news/world/market-reopens", ""); r.Status != 200 || !strings.Contains(r.Body, "Market reopens after fire") {
			t.Fatalf("published address changed: %d", r.Status)
		}
	})
}

func TestRedirectsStayOnThisSite(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		for _, path := range []string{"/%5Cevil.example/", "/%5C%5Cevil.example", "/news%5C/x/", "/news/%09/"} {
			r := e.Get(path, "")
			if loc := r.Header.Get("Location"); r.Status/100 == 3 && (strings.Contains(loc, "\\") || strings.HasPrefix(loc, "//")) {
				t.Fatalf("%s redirects to %q", path, loc)
			}
		}
		r := e.Get("/news/?page=2&utm_source=x", "")
		if r.Status != 301 || r.Header.Get("Location") != "/news?page=2&utm_source=x" {
			t.Fatalf("trailing slash: %d %q", r.Status, r.Header.Get("Location"))
		}
	})
}

func TestAddressesDoNotHideEachOther(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Editor, "Quiet week", article.Published)
		if r := e.Post("/newsroom/pages/new", user.Editor, url.Values{"title": {"About us"}, "slug": {"about"}}, ""); r.Status != 303 {
			t.Fatalf("page: %d", r.Status)
		}
		for _, f := range []url.Values{
			{"name": {"About"}, "slug": {"about"}},
			{"name": {"Quiet"}, "slug": {a.Slug}, "parent": {fmt.Sprint(e.World)}},
		} {
			if r := e.Post("/newsroom/sections", user.Editor, f, ""); r.Status != 422 || !strings.Contains(r.Body, "already uses this address") {
				t.Fatalf("%v: %d", f, r.Status)
			}
		}
		// An unknown picture is a field error that keeps the form, not a failure.
		r := e.Post(fmt.Sprintf("/newsroom/articles/%d", a.ID), user.Editor, url.Values{"headline": {"Typed"}, "section": {fmt.Sprint(e.World)},
			"hero_media_id": {"999999"}, "hero_alt": {"A picture"}, "body_html": {"<p>x</p>"}, "action": {"save"}}, "")
		if r.Status != 422 || !strings.Contains(r.Body, "Choose a picture from the list") || !strings.Contains(r.Body, "Typed") {
			t.Fatalf("unknown picture: %d %s", r.Status, r.Body)
		}
	})
}

func TestListPagesAreStable(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		for i := range 45 {
			e.Article(user.Editor, fmt.Sprintf("Numbered story %02d", i), article.Published)
		}
		link := regexp.MustCompile(`href="(/news/world\?(?:before|after)=[^"]+)" rel="(next|prev)"`)
		story := regexp.MustCompile(`Numbered story (\d\d)`)
		seen := map[string]bool{}
		path := "/news/world"
		var pages []string
		for range 5 {
			r := e.Get(path, "")
			if r.Status != 200 {
				t.Fatalf("%s: %d", path, r.Status)
			}
			for _, m := range story.FindAllStringSubmatch(r.Body, -1) {
				seen[m[1]] = true
			}
			pages = append(pages, path)
			next := ""
			for _, m := range link.FindAllStringSubmatch(r.Body, -1) {
				if m[2] == "next" {
					next = strings.ReplaceAll(m[1], "&amp;", "&")
				}
			}
			if next == "" {
				break
			}
			path = next
		}
		if len(seen) != 45 || len(pages) != 3 {
			t.Fatalf("saw %d stories on %d pages", len(seen), len(pages))
		}
		// Publishing more does not change what an older page shows.
		before := e.Get(pages[1], "").Body
		e.Article(user.Editor, "Breaking story", article.Published)
		if after := e.Get(pages[1], "").Body; story.FindAllString(after, -1) == nil || strings.Join(story.FindAllString(after, -1), ",") != strings.Join(story.FindAllString(before, -1), ",") {
			t.Fatal("page 2 changed when a story was published")
		}
	})
}

func TestOldAddressesNeedOneRedirect(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Editor, "Port strike ends", article.Published)
		r := e.API("PATCH", fmt.Sprintf("/api/v1/articles/%d", a.ID), user.Editor, `{"slug":"port-strike-over"}`)
		if r.Status != 200 {
			t.Fatalf("patch: %d", r.Status)
		}
		for path, want := range map[string]string{
			a.URL() + "/":                   "/news/world/port-strike-over",
			"/news/world/port-strike-over/": "/news/world/port-strike-over",
			"/news/":                        "/news",
		} {
			r := e.Get(path, "")
			if r.Status != 301 || r.Header.Get("Location") != want {
				t.Errorf("%s: %d to %q, want %q", path, r.Status, r.Header.Get("Location"), want)
			}
		}
	})
}

func TestStaleTabsDoNotOverwrite(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Contributor, "First headline", article.Draft)
		path := fmt.Sprintf("/newsroom/articles/%d", a.ID)
		opened := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(e.Get(path, user.Contributor).Body)
		if opened == nil {
			t.Fatal("the form has no version")
		}
		form := func(headline string) url.Values {
			return url.Values{"headline": {headline}, "section": {fmt.Sprint(e.World)}, "body_html": {"<p>Text</p>"}, "version": {opened[1]}, "action": {"save"}}
		}
		if r := e.Post(path, user.Editor, form("Desk's headline"), ""); r.Status != 303 {
			t.Fatalf("editor save: %d", r.Status)
		}
		r := e.Post(path+"/autosave", user.Contributor, form("Stale headline"), "")
		if r.Status != 409 || !strings.Contains(r.Body, `"conflict":true`) || !strings.Contains(r.Body, "A editor saved this article") {
			t.Fatalf("stale autosave: %d %s", r.Status, r.Body)
		}
		r = e.Post(path, user.Contributor, form("Stale headline"), "")
		if r.Status != 409 || !strings.Contains(r.Body, "Stale headline") || !strings.Contains(r.Body, "after you opened it") {
			t.Fatalf("stale save: %d", r.Status)
		}
		got, _ := e.App.Store.Article(context.Background(), a.ID)
		if got.Headline != "Desk's headline" {
			t.Fatalf("a stale tab overwrote the article: %q", got.Headline)
		}
		// Saving again from the conflict page keeps the writer's version, knowingly.
		again := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(r.Body)
		f := form("Stale headline")
		f.Set("version", again[1])
		if r := e.Post(path, user.Contributor, f, ""); r.Status != 303 {
			t.Fatalf("deliberate save: %d", r.Status)
		}
	})
}

func TestDeleteOnlyDraftsThatNeverWentOut(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		loc := fmt.Sprintf("/newsroom/articles/%d", e.Article(user.Contributor, "A draft", article.Draft).ID)
		if !strings.Contains(e.Get(loc, user.Contributor).Body, "Delete draft") {
			t.Fatalf("a draft cannot be deleted: %q", loc)
		}
		if r := e.Post(loc+"/delete", user.Author, nil, ""); r.Status != 403 {
			t.Fatalf("another author deleting: %d", r.Status)
		}
		if r := e.Post(loc+"/delete", user.Contributor, nil, ""); r.Status != 303 {
			t.Fatalf("delete: %d", r.Status)
		}
		if r := e.Get(loc, user.Contributor); r.Status != 404 {
			t.Fatalf("deleted draft: %d", r.Status)
		}
		live := e.Article(user.Editor, "Live story", article.Published)
		if r := e.Post(fmt.Sprintf("/newsroom/articles/%d/delete", live.ID), user.Editor, nil, ""); r.Status != 403 {
			t.Fatalf("deleting a published article: %d", r.Status)
		}
	})
}

// An editor sends a submitted story back with a note: it returns to draft,
// the writer sees the note on the story and their dashboard, and it closes
// when they submit again. Writers cannot send stories back; an empty note
// or a story not waiting for review is refused, the typed note kept.
func TestSendBackWithANote(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.Article(user.Contributor, "Bridge story", article.Submitted)
		path := fmt.Sprintf("/newsroom/articles/%d", a.ID)
		if r := e.Get(path, user.Editor); !strings.Contains(r.Body, `action="`+path+`/return"`) {
			t.Fatal("the editor is not offered to send the story back")
		}
		if r := e.Post(path+"/return", user.Author, url.Values{"note": {"No."}}, ""); r.Status != 403 {
			t.Errorf("an author sent a story back: %d", r.Status)
		}
		if r := e.Post(path+"/return", user.Editor, url.Values{"note": {"  "}}, ""); r.Status != 422 || !strings.Contains(r.Body, "Say what the writer should change") {
			t.Errorf("an empty note: %d", r.Status)
		}
		note := "Check the toll figure with the ministry <b>before</b> we run it."
		if r := e.Post(path+"/return", user.Editor, url.Values{"note": {note}}, ""); r.Status != 303 {
			t.Fatalf("send back: %d %.500s", r.Status, r.Body)
		}
		if got, _ := e.App.Store.Article(ctx, a.ID); got.Status != article.Draft {
			t.Errorf("status %s after sending back", got.Status)
		}
		escaped := "Check the toll figure with the ministry &lt;b&gt;before&lt;/b&gt; we run it."
		for _, page := range []string{path, "/newsroom"} {
			if r := e.Get(page, user.Contributor); !strings.Contains(r.Body, "Sent back") || !strings.Contains(r.Body, escaped) {
				t.Errorf("the writer does not see the note on %s", page)
			}
		}
		if r := e.Post(path+"/return", user.Editor, url.Values{"note": {"Again"}}, ""); r.Status != 409 || !strings.Contains(r.Body, "no longer waiting for review") {
			t.Errorf("sending back a draft: %d", r.Status)
		}
		in := article.FromArticle(a)
		in.Status = article.Submitted
		if _, err := e.App.Articles.Update(ctx, e.Users[user.Contributor], a.ID, in, false); err != nil {
			t.Fatal(err)
		}
		if r := e.Get("/newsroom", user.Contributor); strings.Contains(r.Body, escaped) {
			t.Error("the note stays after the story is submitted again")
		}
		if entries, _ := e.App.Store.AuditLog(ctx, 50); !strings.Contains(fmt.Sprint(entries), "article.return") {
			t.Error("sending back is not in the audit log")
		}
	})
}

// "New article" stores nothing until something is typed: its page carries
// a key; a save or autosave with nothing typed stores no draft, the first
// with content stores one, and later ones (autosaves, then the final save)
// find it again rather than making another.
func TestNewArticleStoredOnceTyped(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		count := func() int {
			n, err := e.App.Store.CountArticles(ctx, article.Filter{CreatedBy: e.Users[user.Author].ID})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if r := e.Post("/newsroom/articles", user.Author, nil, ""); r.Status != 303 || r.Header.Get("Location") != "/newsroom/articles/new" || count() != 0 {
			t.Fatalf("the old New article button stored a draft: %d", r.Status)
		}
		page := e.Get("/newsroom/articles/new", user.Author)
		key := regexp.MustCompile(`name="draft_key" value="([0-9a-f]{32})"`).FindStringSubmatch(page.Body)
		if key == nil || !strings.Contains(page.Body, `action="/newsroom/articles/new"`) || strings.Contains(page.Body, "Delete draft") || count() != 0 {
			t.Fatalf("the new article's page: %d", page.Status)
		}
		autosave := func(v url.Values) resp {
			req, _ := http.NewRequest("POST", e.Srv.URL+"/newsroom/articles/new/autosave", strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-CSRF-Token", e.CSRF[user.Author])
			req.Header.Set("Accept", "application/json")
			req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[user.Author]})
			return e.Do(req)
		}
		if r := autosave(url.Values{"draft_key": {key[1]}, "headline": {" "}, "body_html": {"<p></p>"}}); r.Status != 200 || count() != 0 {
			t.Fatalf("an empty autosave: %d, %d stored", r.Status, count())
		}
		if r := e.Post("/newsroom/articles/new", user.Author, url.Values{"draft_key": {key[1]}, "action": {"save"}}, ""); r.Status != 422 || !strings.Contains(r.Body, "Nothing was saved") || count() != 0 {
			t.Fatalf("an empty save: %d", r.Status)
		}
		for i, h := range []string{"Bridge", "Bridge reopens", "Bridge reopens today"} {
			if r := autosave(url.Values{"draft_key": {key[1]}, "headline": {h}}); r.Status != 200 || !strings.Contains(r.Body, `"id"`) {
				t.Fatalf("autosave %d: %d %s", i, r.Status, r.Body)
			}
		}
		if count() != 1 {
			t.Fatalf("%d drafts after three autosaves; want 1", count())
		}
		r := e.Post("/newsroom/articles/new", user.Author, url.Values{"draft_key": {key[1]}, "headline": {"Bridge reopens on Monday"}, "action": {"save"}}, "")
		if r.Status != 303 || !regexp.MustCompile(`^/newsroom/articles/\d+\?done=saved$`).MatchString(r.Header.Get("Location")) || count() != 1 {
			t.Fatalf("the final save: %d %q, %d drafts", r.Status, r.Header.Get("Location"), count())
		}
		if r := e.Post("/newsroom/articles/new", user.Author, url.Values{"draft_key": {"../../x"}, "headline": {"x"}}, ""); r.Status == 303 || count() != 1 {
			t.Errorf("a forged key: %d", r.Status)
		}
		// Another person's page key finds nothing of this author's.
		if r := e.Post("/newsroom/articles/new", user.Contributor, url.Values{"draft_key": {key[1]}, "headline": {"Mine"}, "action": {"save"}}, ""); r.Status != 303 || count() != 1 {
			t.Errorf("another's save with the same key: %d, %d drafts", r.Status, count())
		}
	})
}
