package web_test

import (
	"context"
	"fmt"
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
		a := e.article(user.Editor, "Budget vote at noon", article.Scheduled)
		if a.Status != article.Scheduled {
			t.Fatalf("status %s", a.Status)
		}
		if r := e.get(a.URL(), ""); r.status != 404 {
			t.Fatalf("scheduled article visible before its time: %d", r.status)
		}
		w := e.app.Worker
		w.Now = func() time.Time { return time.Now() } // not yet due
		if w.RunOnce(context.Background()) {
			t.Fatal("a job ran before it was due")
		}
		// A worker started later (as after a restart) finds the job in the database.
		later := time.Now().Add(2 * time.Hour)
		w.Now = func() time.Time { return later }
		e.app.Articles.Now = func() time.Time { return later }
		if !w.RunOnce(context.Background()) {
			t.Fatal("the due job did not run")
		}
		got, err := e.app.Store.Article(context.Background(), a.ID)
		if err != nil || got.Status != article.Published {
			t.Fatalf("after the job: %v %s", err, got.Status)
		}
		if !got.PublishedAt.Equal(a.PublishAt) {
			t.Fatalf("published at %v, want the scheduled %v", got.PublishedAt, a.PublishAt)
		}
		if r := e.get(a.URL(), ""); r.status != 200 {
			t.Fatalf("published article: %d", r.status)
		}
		if n, _ := e.app.Store.PendingJobs(context.Background()); n != 0 {
			t.Fatalf("%d jobs still pending", n)
		}
	})
}

func TestSectionRenameRedirects(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.article(user.Editor, "Ceasefire holds", article.Published)
		old := a.URL()
		r := e.post(fmt.Sprintf("/newsroom/sections/%d", e.world), user.Editor, url.Values{"name": {"Global"}, "slug": {"global"}, "parent": {fmt.Sprint(e.news)}, "position": {"0"}}, "")
		if r.status != 303 {
			t.Fatalf("rename: %d %.400s", r.status, r.body)
		}
		for path, want := range map[string]string{old: "/news/global/ceasefire-holds", "/news/world": "/news/global"} {
			r := e.get(path, "")
			if r.status != 301 || r.header.Get("Location") != want {
				t.Fatalf("%s: %d to %q, want 301 to %q", path, r.status, r.header.Get("Location"), want)
			}
		}
		// A reserved slug is refused with a message, and the typed name is kept.
		r = e.post("/newsroom/sections", user.Editor, url.Values{"name": {"Typed name"}, "slug": {"newsroom"}}, "")
		if r.status != 422 || !strings.Contains(r.body, "reserved") || !strings.Contains(r.body, "Typed name") {
			t.Fatalf("reserved slug: %d", r.status)
		}
	})
}

func TestAutosaveAndPreview(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.article(user.Author, "Draft for autosave", article.Draft)
		path := fmt.Sprintf("/newsroom/articles/%d", a.ID)
		form := url.Values{"headline": {"Autosaved headline"}, "section": {fmt.Sprint(e.world)}, "body_html": {"<p>Typed so far</p>"}}
		for range 3 {
			r := e.post(path+"/autosave", user.Author, form, "")
			if r.status != 200 || !strings.Contains(r.body, "saved_at") {
				t.Fatalf("autosave: %d %s", r.status, r.body)
			}
		}
		revs, _ := e.app.Store.Revisions(context.Background(), a.ID)
		autos := 0
		for _, r := range revs {
			if r.Autosave {
				autos++
			}
		}
		if autos != 1 {
			t.Fatalf("autosaves kept %d revisions, want 1", autos)
		}
		r := e.get(path+"/preview", user.Author)
		if r.status != 200 || !strings.Contains(r.body, "Autosaved headline") || !strings.Contains(r.body, "Preview:") || !strings.Contains(r.body, "noindex") {
			t.Fatalf("preview: %d", r.status)
		}
		if r := e.get(path+"/preview", user.Contributor); r.status != 403 {
			t.Fatalf("another contributor's preview: %d", r.status)
		}
	})
}

func TestNewDraftsFollowTheirHeadline(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		var ids []string
		for range 2 { // two fresh drafts at once must not collide
			r := e.post("/newsroom/articles", user.Author, nil, "")
			if r.status != 303 {
				t.Fatalf("new article: %d %.300s", r.status, r.body)
			}
			ids = append(ids, r.header.Get("Location"))
		}
		for i, loc := range ids {
			r := e.post(loc, user.Author, url.Values{"headline": {"Market reopens"}, "slug": {""}, "section": {fmt.Sprint(e.world)},
				"body_html": {"<p>Stalls are back.</p>"}, "action": {"publish"}}, "")
			if r.status != 303 {
				t.Fatalf("publish %d: %d %.300s", i, r.status, r.body)
			}
		}
		for _, path := range []string{"/news/world/market-reopens", "/news/world/market-reopens-2"} {
			if r := e.get(path, ""); r.status != 200 {
				t.Fatalf("%s: %d", path, r.status)
			}
		}
		// Once published, the address stays when the headline changes.
		r := e.post(ids[0], user.Author, url.Values{"headline": {"Market reopens after fire"}, "slug": {"market-reopens"}, "section": {fmt.Sprint(e.world)},
			"body_html": {"<p>Stalls are back.</p>"}, "action": {"save"}}, "")
		if r.status != 303 {
			t.Fatalf("update: %d", r.status)
		}
		if r := e.get("/news/world/market-reopens", ""); r.status != 200 || !strings.Contains(r.body, "Market reopens after fire") {
			t.Fatalf("published address changed: %d", r.status)
		}
	})
}

func TestRedirectsStayOnThisSite(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		for _, path := range []string{"/%5Cevil.example/", "/%5C%5Cevil.example", "/news%5C/x/", "/news/%09/"} {
			r := e.get(path, "")
			if loc := r.header.Get("Location"); r.status/100 == 3 && (strings.Contains(loc, "\\") || strings.HasPrefix(loc, "//")) {
				t.Fatalf("%s redirects to %q", path, loc)
			}
		}
		r := e.get("/news/?page=2&utm_source=x", "")
		if r.status != 301 || r.header.Get("Location") != "/news?page=2&utm_source=x" {
			t.Fatalf("trailing slash: %d %q", r.status, r.header.Get("Location"))
		}
	})
}

func TestAddressesDoNotHideEachOther(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.article(user.Editor, "Quiet week", article.Published)
		if r := e.post("/newsroom/pages/new", user.Editor, url.Values{"title": {"About us"}, "slug": {"about"}}, ""); r.status != 303 {
			t.Fatalf("page: %d", r.status)
		}
		for _, f := range []url.Values{
			{"name": {"About"}, "slug": {"about"}},
			{"name": {"Quiet"}, "slug": {a.Slug}, "parent": {fmt.Sprint(e.world)}},
		} {
			if r := e.post("/newsroom/sections", user.Editor, f, ""); r.status != 422 || !strings.Contains(r.body, "already uses this address") {
				t.Fatalf("%v: %d", f, r.status)
			}
		}
		// An unknown picture is a field error that keeps the form, not a failure.
		r := e.post(fmt.Sprintf("/newsroom/articles/%d", a.ID), user.Editor, url.Values{"headline": {"Typed"}, "section": {fmt.Sprint(e.world)},
			"hero_media_id": {"999999"}, "hero_alt": {"A picture"}, "body_html": {"<p>x</p>"}, "action": {"save"}}, "")
		if r.status != 422 || !strings.Contains(r.body, "Choose a picture from the list") || !strings.Contains(r.body, "Typed") {
			t.Fatalf("unknown picture: %d %s", r.status, r.body)
		}
	})
}

func TestListPagesAreStable(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		for i := range 45 {
			e.article(user.Editor, fmt.Sprintf("Numbered story %02d", i), article.Published)
		}
		link := regexp.MustCompile(`href="(/news/world\?(?:before|after)=[^"]+)" rel="(next|prev)"`)
		story := regexp.MustCompile(`Numbered story (\d\d)`)
		seen := map[string]bool{}
		path := "/news/world"
		var pages []string
		for range 5 {
			r := e.get(path, "")
			if r.status != 200 {
				t.Fatalf("%s: %d", path, r.status)
			}
			for _, m := range story.FindAllStringSubmatch(r.body, -1) {
				seen[m[1]] = true
			}
			pages = append(pages, path)
			next := ""
			for _, m := range link.FindAllStringSubmatch(r.body, -1) {
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
		before := e.get(pages[1], "").body
		e.article(user.Editor, "Breaking story", article.Published)
		if after := e.get(pages[1], "").body; story.FindAllString(after, -1) == nil || strings.Join(story.FindAllString(after, -1), ",") != strings.Join(story.FindAllString(before, -1), ",") {
			t.Fatal("page 2 changed when a story was published")
		}
	})
}

func TestOldAddressesNeedOneRedirect(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.article(user.Editor, "Port strike ends", article.Published)
		r := e.api("PATCH", fmt.Sprintf("/api/v1/articles/%d", a.ID), user.Editor, `{"slug":"port-strike-over"}`)
		if r.status != 200 {
			t.Fatalf("patch: %d", r.status)
		}
		for path, want := range map[string]string{
			a.URL() + "/":                   "/news/world/port-strike-over",
			"/news/world/port-strike-over/": "/news/world/port-strike-over",
			"/news/":                        "/news",
		} {
			r := e.get(path, "")
			if r.status != 301 || r.header.Get("Location") != want {
				t.Errorf("%s: %d to %q, want %q", path, r.status, r.header.Get("Location"), want)
			}
		}
	})
}

func TestStaleTabsDoNotOverwrite(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.article(user.Contributor, "First headline", article.Draft)
		path := fmt.Sprintf("/newsroom/articles/%d", a.ID)
		opened := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(e.get(path, user.Contributor).body)
		if opened == nil {
			t.Fatal("the form has no version")
		}
		form := func(headline string) url.Values {
			return url.Values{"headline": {headline}, "section": {fmt.Sprint(e.world)}, "body_html": {"<p>Text</p>"}, "version": {opened[1]}, "action": {"save"}}
		}
		if r := e.post(path, user.Editor, form("Desk's headline"), ""); r.status != 303 {
			t.Fatalf("editor save: %d", r.status)
		}
		r := e.post(path+"/autosave", user.Contributor, form("Stale headline"), "")
		if r.status != 409 || !strings.Contains(r.body, `"conflict":true`) || !strings.Contains(r.body, "A editor saved this article") {
			t.Fatalf("stale autosave: %d %s", r.status, r.body)
		}
		r = e.post(path, user.Contributor, form("Stale headline"), "")
		if r.status != 409 || !strings.Contains(r.body, "Stale headline") || !strings.Contains(r.body, "after you opened it") {
			t.Fatalf("stale save: %d", r.status)
		}
		got, _ := e.app.Store.Article(context.Background(), a.ID)
		if got.Headline != "Desk's headline" {
			t.Fatalf("a stale tab overwrote the article: %q", got.Headline)
		}
		// Saving again from the conflict page keeps the writer's version, knowingly.
		again := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(r.body)
		f := form("Stale headline")
		f.Set("version", again[1])
		if r := e.post(path, user.Contributor, f, ""); r.status != 303 {
			t.Fatalf("deliberate save: %d", r.status)
		}
	})
}

func TestDeleteOnlyDraftsThatNeverWentOut(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.post("/newsroom/articles", user.Contributor, nil, "")
		loc := r.header.Get("Location")
		if r.status != 303 || !strings.Contains(e.get(loc, user.Contributor).body, "Delete draft") {
			t.Fatalf("new draft: %d %q", r.status, loc)
		}
		if r := e.post(loc+"/delete", user.Author, nil, ""); r.status != 403 {
			t.Fatalf("another author deleting: %d", r.status)
		}
		if r := e.post(loc+"/delete", user.Contributor, nil, ""); r.status != 303 {
			t.Fatalf("delete: %d", r.status)
		}
		if r := e.get(loc, user.Contributor); r.status != 404 {
			t.Fatalf("deleted draft: %d", r.status)
		}
		live := e.article(user.Editor, "Live story", article.Published)
		if r := e.post(fmt.Sprintf("/newsroom/articles/%d/delete", live.ID), user.Editor, nil, ""); r.status != 403 {
			t.Fatalf("deleting a published article: %d", r.status)
		}
	})
}
