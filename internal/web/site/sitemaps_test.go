package site_test

import (
	"context"
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

// Sitemaps: an index over the articles' sitemaps, the pages' and Google
// News's, each valid XML within the protocol's limits; robots.txt names them
// and takes the settings' rules.
func TestSitemapsAndRobots(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		live := e.Article(user.Editor, `Dam <opens> & "floods"`, article.Published)
		e.Article(user.Editor, "Draft never listed", article.Draft)
		if r := e.API("POST", "/api/v1/articles", user.Editor, `{"headline":"Embargoed","section":"news","tags":["Secret merger"],"status":"draft"}`); r.Status != 201 {
			t.Fatalf("draft: %d %s", r.Status, r.Body)
		}
		get := func(path string) string {
			t.Helper()
			r := e.Get(path, "")
			if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") {
				t.Fatalf("%s: %d %s", path, r.Status, r.Header.Get("Content-Type"))
			}
			return r.Body
		}
		var index struct {
			Sitemaps []struct {
				Loc string `xml:"loc"`
			} `xml:"sitemap"`
		}
		if err := xml.Unmarshal([]byte(get("/sitemap.xml")), &index); err != nil || len(index.Sitemaps) != 3 {
			t.Fatalf("index: %v %+v", err, index)
		}
		type urlset struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
				News    struct {
					Title string `xml:"title"`
					Date  string `xml:"publication_date"`
					Name  string `xml:"publication>name"`
				} `xml:"news"`
			} `xml:"url"`
		}
		for _, sm := range index.Sitemaps {
			u, err := url.Parse(sm.Loc)
			if err != nil || u.Host == "" {
				t.Fatalf("index names %q", sm.Loc)
			}
			var us urlset
			body := get(u.Path)
			if err := xml.Unmarshal([]byte(body), &us); err != nil {
				t.Fatalf("%s: %v", u.Path, err)
			}
			if strings.Contains(body, "Draft never listed") {
				t.Errorf("%s lists a draft", u.Path)
			}
			switch {
			case strings.HasSuffix(u.Path, "articles-1.xml"):
				if len(us.URLs) != 1 || us.URLs[0].Loc != e.Srv.URL+live.URL() || us.URLs[0].LastMod == "" {
					t.Errorf("articles: %+v", us)
				}
			case strings.HasSuffix(u.Path, "news.xml"):
				if len(us.URLs) != 1 || us.URLs[0].News.Title != `Dam <opens> & "floods"` || us.URLs[0].News.Name != "Broadsheet" {
					t.Errorf("news: %+v", us)
				}
				if _, err := time.Parse(time.RFC3339, us.URLs[0].News.Date); err != nil {
					t.Errorf("news date: %v", err)
				}
			case strings.HasSuffix(u.Path, "pages.xml"):
				if len(us.URLs) < 4 || !strings.Contains(body, e.Srv.URL+"/news/world") || !strings.Contains(body, "/tag/test-topic") ||
					strings.Contains(body, "secret-merger") {
					t.Errorf("pages: %s", body)
				}
			}
		}
		for _, path := range []string{"/sitemaps/articles-2.xml", "/sitemaps/articles-0.xml", "/sitemaps/other.xml", "/sitemaps/articles-x.xml"} {
			if r := e.Get(path, ""); r.Status != 404 {
				t.Errorf("%s: %d", path, r.Status)
			}
		}
		// robots.txt: the fixed rules, the settings' own, the sitemaps.
		st, _ := e.App.Store.Settings(ctx)
		st.RobotsTxt = "User-agent: BadBot\r\nDisallow: /\x00"
		if err := st.Validate(); err != nil {
			t.Fatal(err)
		}
		e.App.Store.SaveSettings(ctx, st)
		r := e.Get("/robots.txt", "")
		if r.Status != 200 || !strings.Contains(r.Body, "Disallow: /newsroom") || !strings.Contains(r.Body, "User-agent: BadBot\nDisallow: /\n") ||
			!strings.Contains(r.Body, "Sitemap: "+e.Srv.URL+"/sitemap.xml") || !strings.Contains(r.Body, "Sitemap: "+e.Srv.URL+"/sitemaps/news.xml") {
			t.Errorf("robots.txt:\n%s", r.Body)
		}
	})
}
