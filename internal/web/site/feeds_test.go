package site_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"broadsheet/internal/article"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

type rssDoc struct {
	Channel struct {
		Title string `xml:"title"`
		Items []struct {
			Title    string   `xml:"title"`
			Link     string   `xml:"link"`
			GUID     string   `xml:"guid"`
			Category []string `xml:"category"`
			Encoded  string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

// Feeds for the site, a section (with its subsections), a tag and an
// author, in RSS, Atom and JSON Feed, at their addresses and WordPress's,
// named in the pages' heads, answering 304 to a current copy.
func TestFeeds(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		for i := 0; i < 32; i++ { // in news/world, tagged "Test topic"
			e.Article(user.Editor, fmt.Sprintf("Story %d", i), article.Published)
		}
		e.Article(user.Editor, `Storm <b>"warning"</b> & more`, article.Published) // the newest
		e.Article(user.Editor, "A draft", article.Draft)
		get := func(path string) webtest.Resp {
			t.Helper()
			r := e.Get(path, "")
			if r.Status != 200 {
				t.Fatalf("%s: %d %.300s", path, r.Status, r.Body)
			}
			return r
		}
		for _, path := range []string{"/feed", "/feed/rss", "/feed/rss/news", "/feed/rss/news/world", "/feed/rss/tag/test-topic", "/news/feed", "/tag/test-topic/feed"} {
			r := get(path)
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/rss+xml") {
				t.Errorf("%s: %s", path, r.Header.Get("Content-Type"))
			}
			var doc rssDoc
			if err := xml.Unmarshal([]byte(r.Body), &doc); err != nil {
				t.Fatalf("%s: not XML: %v", path, err)
			}
			if len(doc.Channel.Items) != 30 {
				t.Errorf("%s: %d items; want 30", path, len(doc.Channel.Items))
			}
			for _, it := range doc.Channel.Items {
				if it.Title == "A draft" || !strings.HasPrefix(it.Link, e.Srv.URL+"/news/world/") || !strings.HasPrefix(it.GUID, "tag:127.0.0.1,") {
					t.Errorf("%s: item %+v", path, it)
				}
			}
		}
		r := get("/feed/atom")
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") || xml.Unmarshal([]byte(r.Body), new(struct{})) != nil {
			t.Errorf("atom: %s", r.Header.Get("Content-Type"))
		}
		j := get("/feed/json/news")
		var jf struct {
			Version string `json:"version"`
			Items   []struct {
				Title string `json:"title"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(j.Body), &jf); err != nil || jf.Version != "https://jsonfeed.org/version/1.1" || len(jf.Items) != 30 {
			t.Errorf("json feed: %v %.200s", err, j.Body)
		}
		// Unknown scopes and formats are not found.
		for _, path := range []string{"/feed/xml", "/feed/rss/nowhere", "/feed/rss/tag/none", "/feed/rss/author/none", "/feed/rss/tag/"} {
			if r := e.Get(path, ""); r.Status != 404 {
				t.Errorf("%s: %d", path, r.Status)
			}
		}
		if r := e.Get("/rss", ""); r.Status != http.StatusMovedPermanently || r.Header.Get("Location") != "/feed/rss" {
			t.Errorf("/rss: %d %q", r.Status, r.Header.Get("Location"))
		}
		// 304s.
		r = get("/feed/rss")
		req, _ := http.NewRequest("GET", e.Srv.URL+"/feed/rss", nil)
		req.Header.Set("If-None-Match", r.Header.Get("ETag"))
		if nr := e.Do(req); nr.Status != http.StatusNotModified || nr.Body != "" {
			t.Errorf("If-None-Match: %d", nr.Status)
		}
		req, _ = http.NewRequest("GET", e.Srv.URL+"/feed/rss", nil)
		req.Header.Set("If-Modified-Since", r.Header.Get("Last-Modified"))
		if nr := e.Do(req); nr.Status != http.StatusNotModified {
			t.Errorf("If-Modified-Since: %d", nr.Status)
		}
		req.Header.Set("If-None-Match", `"stale"`)
		if nr := e.Do(req); nr.Status != 200 {
			t.Errorf("a stale ETag: %d", nr.Status)
		}
		// Pages name their feeds.
		want(t, "home", e.Get("/", ""), 200, `<link rel="alternate" type="application/rss&#43;xml" title="Broadsheet (RSS)" href="/feed/rss">`)
		want(t, "section", e.Get("/news", ""), 200, `type="application/atom&#43;xml" title="Broadsheet: News (Atom)" href="/feed/atom/news">`)
		want(t, "tag", e.Get("/tag/test-topic", ""), 200, `href="/feed/json/tag/test-topic"`)
		// Full text by default; summaries when the settings say so.
		var doc rssDoc
		xml.Unmarshal([]byte(get("/feed/rss").Body), &doc)
		if !strings.Contains(doc.Channel.Items[0].Encoded, "<p>Body of") {
			t.Errorf("full text: %q", doc.Channel.Items[0].Encoded)
		}
		st, _ := e.App.Store.Settings(ctx)
		st.FeedSummaries = true
		e.App.Store.SaveSettings(ctx, st)
		doc = rssDoc{}
		xml.Unmarshal([]byte(get("/feed/rss").Body), &doc)
		if doc.Channel.Items[0].Encoded != "" {
			t.Errorf("summaries only, yet: %q", doc.Channel.Items[0].Encoded)
		}
		if doc.Channel.Items[0].Title != `Storm <b>"warning"</b> & more` {
			t.Errorf("the latest story: %q", doc.Channel.Items[0].Title)
		}
	})
}
