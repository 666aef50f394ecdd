package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"broadsheet/internal/article"
	"broadsheet/internal/richtext"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

// The search page: results with the matched words marked, filters, pages,
// advice when nothing matches, and markup in a story or a query shown as
// text; search as you type answers JSON with the best few.
func TestSearchPageAndSuggestions(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		mk := func(headline, body string, section int64) *article.Article {
			a := e.Article(user.Editor, headline, article.Published)
			in := article.FromArticle(a)
			in.Body, in.SectionID = richtext.FromHTML(body), section
			a, err := e.App.Articles.Update(ctx, e.Users[user.Admin], a.ID, in, false)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		mk("Flood warning for the delta", "<p>Rivers rose overnight. The <b>flooding</b> closed roads &lt;script&gt;alert(1)&lt;/script&gt;.</p>", e.World)
		mk("Dry season ahead", "<p>No floods this year, forecasters say.</p>", e.News)
		for i := 0; i < 23; i++ {
			mk(fmt.Sprintf("Harbour report %d", i), "<p>Ships and tides.</p>", e.News)
		}
		b := e.Browser()
		r := b.Get("/search?q=" + url.QueryEscape("floods"))
		want(t, "results", r, 200, "2 results", "<mark>flooding</mark>", "<mark>floods</mark>", "Flood warning for the delta", `<meta name="robots" content="noindex`)
		if strings.Contains(r.Body, "<script>alert(1)") || !strings.Contains(r.Body, "&lt;script&gt;alert(1)") {
			t.Error("markup from a story's text is not escaped in its snippet")
		}
		want(t, "a section", b.Get("/search?q=floods&section=news/world"), 200, "1 result", "Flood warning")
		want(t, "an unknown section", b.Get("/search?q=floods&section=nowhere"), 422, "There is no such section.")
		want(t, "a bad date", b.Get("/search?q=floods&from=yesterday"), 422, "Give a date such as")
		want(t, "dates", b.Get("/search?q=floods&to=2001-01-01"), 200, "0 results", "search without the filters")
		want(t, "nothing", b.Get("/search?q=zebra+crossing"), 200, "0 results", "check the spelling")
		want(t, "only common words", b.Get("/search?q=the+of"), 200, "too common")
		if r := b.Get("/search?q=floods&from=x"); strings.Contains(r.Body, "too common") {
			t.Error("a bad filter is told its words are too common")
		}
		want(t, "a query with markup", b.Get("/search?q="+url.QueryEscape(`"><svg onload=alert(1)>`)), 200, "&lt;svg onload=alert(1)&gt;")
		// Pages of 20, with links on.
		p1 := b.Get("/search?q=harbour")
		want(t, "page 1", p1, 200, "23 results", `rel="next"`)
		p2 := b.Get("/search?q=harbour&page=2")
		want(t, "page 2", p2, 200, "page 2", `rel="prev"`)
		if strings.Count(p2.Body, `class="search-result"`) != 3 {
			t.Errorf("page 2 has %d results; want 3", strings.Count(p2.Body, `class="search-result"`))
		}
		// Search as you type.
		s := b.Get("/search/suggest?q=" + url.QueryEscape("flood war"))
		var got struct {
			Total   int    `json:"total"`
			Count   string `json:"count"`
			All     string `json:"all"`
			Results []struct {
				Headline, URL, Section, Date string
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(s.Body), &got); err != nil || got.Total != 1 || got.Count != "1 result" || len(got.Results) != 1 ||
			got.Results[0].Headline != "Flood warning for the delta" || got.Results[0].Section != "World" || got.All != "/search?q=flood+war" {
			t.Errorf("suggest: %v %s", err, s.Body)
		}
		if s := b.Get("/search/suggest?q=harbour"); !strings.Contains(s.Body, `"total":23`) || strings.Count(s.Body, `"headline"`) != 6 {
			t.Errorf("suggest caps at 6: %.300s", s.Body)
		}
		if s := b.Get("/search/suggest?q=h"); !strings.Contains(s.Body, `"results":[]`) {
			t.Errorf("one letter: %s", s.Body)
		}
	})
}
