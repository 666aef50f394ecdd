package web_test

import (
	"broadsheet/internal/search"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/user"
)

func TestAPIRolesAndInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		editorsDraft := e.Article(user.Editor, "Editor draft", article.Draft)
		editorsLive := e.Article(user.Editor, "Editor live", article.Published)
		contribDraft := e.Article(user.Contributor, "Contributor draft", article.Draft)
		long := strings.Repeat("x", 201)
		tests := []struct {
			name, method, path string
			as                 user.Role
			body               string
			status             int
			contains           string
		}{
			{"list without token shows published", "GET", "/api/v1/articles", "", "", 200, "Editor live"},
			{"drafts need a token", "GET", "/api/v1/articles?status=draft", "", "", 401, "bearer token"},
			{"bad token", "POST", "/api/v1/articles", "", `{"headline":"x"}`, 401, "bearer token"},
			{"unknown article", "GET", "/api/v1/articles/999999", "", "", 404, "not found"},
			{"draft invisible to readers", "GET", fmt.Sprintf("/api/v1/articles/%d", editorsDraft.ID), "", "", 404, "not found"},
			{"draft invisible to another contributor", "GET", fmt.Sprintf("/api/v1/articles/%d", editorsDraft.ID), user.Contributor, "", 404, "not found"},
			{"editor sees any draft", "GET", fmt.Sprintf("/api/v1/articles/%d", contribDraft.ID), user.Editor, "", 200, "Contributor draft"},
			{"contributor may draft", "POST", "/api/v1/articles", user.Contributor, `{"headline":"A draft","section":"news/world"}`, 201, `"status": "draft"`},
			{"contributor may not publish", "POST", "/api/v1/articles", user.Contributor, `{"headline":"Live?","section":"news/world","body_html":"<p>x</p>","status":"published"}`, 403, "role"},
			{"contributor may not schedule", "POST", "/api/v1/articles", user.Contributor, `{"headline":"Later?","section":"news/world","body_html":"<p>x</p>","status":"scheduled","publish_at":"2099-01-01T00:00:00Z"}`, 403, "role"},
			{"contributor may submit", "POST", "/api/v1/articles", user.Contributor, `{"headline":"Please review","section":"news/world","body_html":"<p>x</p>","status":"submitted"}`, 201, `"submitted"`},
			{"author may publish own", "POST", "/api/v1/articles", user.Author, `{"headline":"Author live","section":"news/world","body_html":"<p>x</p>","status":"published"}`, 201, `"published"`},
			{"author may not edit another's article", "PATCH", fmt.Sprintf("/api/v1/articles/%d", editorsLive.ID), user.Author, `{"headline":"Hijack"}`, 403, "role"},
			{"contributor may not edit a live article", "PATCH", fmt.Sprintf("/api/v1/articles/%d", editorsLive.ID), user.Contributor, `{"headline":"Hijack"}`, 403, "role"},
			{"editor edits any", "PATCH", fmt.Sprintf("/api/v1/articles/%d", contribDraft.ID), user.Editor, `{"standfirst":"Edited by the desk"}`, 200, "Edited by the desk"},
			{"missing headline", "POST", "/api/v1/articles", user.Editor, `{"section":"news/world"}`, 422, `"field": "headline"`},
			{"overlong headline", "POST", "/api/v1/articles", user.Editor, `{"headline":"` + long + `"}`, 422, `"field": "headline"`},
			{"wrong type", "POST", "/api/v1/articles", user.Editor, `{"headline":5}`, 422, `"field": "headline"`},
			{"wrong type in list", "POST", "/api/v1/articles", user.Editor, `{"headline":"x","tags":"one"}`, 422, `"field": "tags"`},
			{"unknown field", "POST", "/api/v1/articles", user.Editor, `{"headline":"x","colour":"red"}`, 422, `"field": "colour"`},
			{"broken JSON", "POST", "/api/v1/articles", user.Editor, `{"headline":`, 422, "not valid JSON"},
			{"unknown section", "POST", "/api/v1/articles", user.Editor, `{"headline":"x","section":"nowhere"}`, 422, `"field": "section"`},
			{"unknown author", "POST", "/api/v1/articles", user.Editor, `{"headline":"x","authors":["Nobody Here"]}`, 422, `"field": "authors"`},
			{"bad status", "POST", "/api/v1/articles", user.Editor, `{"headline":"x","status":"live"}`, 422, `"field": "status"`},
			{"schedule in the past", "POST", "/api/v1/articles", user.Editor, `{"headline":"x","section":"news/world","body_html":"<p>x</p>","status":"scheduled","publish_at":"2001-01-01T00:00:00Z"}`, 422, `"field": "publish_at"`},
			{"bad cursor", "GET", "/api/v1/articles?cursor=zzz", "", "", 422, `"field": "cursor"`},
			{"bad limit", "GET", "/api/v1/articles?limit=1000", "", "", 422, `"field": "limit"`},
			{"unknown endpoint", "GET", "/api/v1/nothing", "", "", 404, "not found"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				as := tt.as
				var r resp
				if tt.name == "bad token" {
					req, _ := http.NewRequest(tt.method, e.Srv.URL+tt.path, strings.NewReader(tt.body))
					req.Header.Set("Authorization", "Bearer bs_forged")
					r = e.Do(req)
				} else {
					r = e.API(tt.method, tt.path, as, tt.body)
				}
				if r.Status != tt.status || !strings.Contains(r.Body, tt.contains) {
					t.Fatalf("got %d %s, want %d containing %q", r.Status, r.Body, tt.status, tt.contains)
				}
				if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
					t.Fatalf("content type %q", r.Header.Get("Content-Type"))
				}
			})
		}
		// Refused requests changed nothing.
		got, err := e.App.Store.Article(t.Context(), editorsLive.ID)
		if err != nil || got.Headline != "Editor live" {
			t.Fatalf("a refused PATCH changed the article: %v %q", err, got.Headline)
		}
		found, _, _ := e.App.Store.SearchArticles(t.Context(), search.Parse("live", false), article.Filter{})
		for _, a := range found {
			if a.Headline == "Live?" {
				t.Fatalf("a refused POST created an article")
			}
		}
	})
}

func TestAPIArticleAppearsOnSiteAndSlugChangeRedirects(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.API("POST", "/api/v1/articles", user.Editor, `{"headline":"Harbour reopens after storm","standfirst":"Ships return.","section":"news/world",
			"body_html":"<p>The <b>harbour</b> reopened.<script>alert(1)</script></p><p onclick=\"x()\">Second</p>","tags":["Storms","Ports"],"credit":"AFP","status":"published"}`)
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var a struct {
			ID          int64    `json:"id"`
			URL         string   `json:"url"`
			BodyHTML    string   `json:"body_html"`
			Section     string   `json:"section"`
			Tags        []string `json:"tags"`
			PublishedAt string   `json:"published_at"`
			UpdatedAt   string   `json:"updated_at"`
			Status      string   `json:"status"`
		}
		decodeJSON(t, r.Body, &a)
		if a.URL != "/news/world/harbour-reopens-after-storm" || a.Section != "news/world" || len(a.Tags) != 2 || a.Status != "published" {
			t.Fatalf("unexpected article JSON: %s", r.Body)
		}
		if strings.Contains(a.BodyHTML, "script") || strings.Contains(a.BodyHTML, "onclick") || !strings.Contains(a.BodyHTML, "<strong>harbour</strong>") {
			t.Fatalf("body not cleaned: %s", a.BodyHTML)
		}
		if _, err := time.Parse(time.RFC3339, a.PublishedAt); err != nil {
			t.Fatalf("published_at %q: %v", a.PublishedAt, err)
		}
		for _, path := range []string{"/", "/news", "/news/world", a.URL} {
			if r := e.Get(path, ""); r.Status != 200 || !strings.Contains(r.Body, "Harbour reopens after storm") {
				t.Fatalf("%s: %d, headline missing", path, r.Status)
			}
		}
		r = e.API("PATCH", fmt.Sprintf("/api/v1/articles/%d", a.ID), user.Editor, `{"slug":"harbour-reopens"}`)
		if r.Status != 200 {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		old := e.Get(a.URL, "")
		if old.Status != http.StatusMovedPermanently || old.Header.Get("Location") != "/news/world/harbour-reopens" {
			t.Fatalf("old URL: %d to %q", old.Status, old.Header.Get("Location"))
		}
		if r := e.Get("/news/world/harbour-reopens", ""); r.Status != 200 || !strings.Contains(r.Body, `rel="canonical" href="`) {
			t.Fatalf("new URL: %d", r.Status)
		}
		// Cursor pagination walks every published article once.
		for i := range 5 {
			e.Article(user.Editor, fmt.Sprintf("Paged story %d", i), article.Published)
		}
		seen := map[int64]bool{}
		cursor := ""
		for range 10 {
			r := e.API("GET", "/api/v1/articles?limit=2&cursor="+cursor, "", "")
			var page struct {
				Articles []struct {
					ID int64 `json:"id"`
				} `json:"articles"`
				Next string `json:"next_cursor"`
			}
			decodeJSON(t, r.Body, &page)
			for _, x := range page.Articles {
				if seen[x.ID] {
					t.Fatalf("article %d listed twice", x.ID)
				}
				seen[x.ID] = true
			}
			if page.Next == "" {
				break
			}
			cursor = page.Next
		}
		if len(seen) != 6 {
			t.Fatalf("cursor pagination saw %d articles, want 6", len(seen))
		}
	})
}
