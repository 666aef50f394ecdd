package site_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/richtext"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

var moreFrom = regexp.MustCompile(`(?s)<section class="more-from".*?</section>`)
var cardTitle = regexp.MustCompile(`<h3 class="card-title"><a href="[^"]+">([^<]+)</a></h3>`)

// related returns the "More from" headlines of an article page.
func related(t *testing.T, e *webtest.Env, a *article.Article) []string {
	t.Helper()
	r := e.Get(webtest.PathOf(t, a.URL()), "")
	var out []string
	for _, m := range cardTitle.FindAllStringSubmatch(moreFrom.FindString(r.Body), -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// Related stories: pinned ones first, in the editor's order; then those
// sharing the rarest tags; then the newest of the section. Never the story
// itself, never one unpublished. Pins are set in the editor by address or
// number; a line that is not a story is refused with what was typed kept.
func TestRelatedStories(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		admin := e.Users[user.Admin]
		story := func(headline string, section int64, status article.Status, tags ...string) *article.Article {
			t.Helper()
			a, err := e.App.Articles.Create(ctx, admin, article.Input{Headline: headline, SectionID: section, Tags: tags,
				Body: richtext.FromHTML("<p>One.</p><p>Two.</p><p>Three.</p><p>Four.</p>"), Status: status})
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond) // distinct publication times
			tree, err := e.App.Articles.Tree(ctx)
			if err != nil {
				t.Fatal(err)
			}
			a.Section = tree.ByID[a.SectionID]
			return a
		}
		for i := 0; i < 6; i++ { // make "Rivers" common
			story(fmt.Sprintf("River story %d", i), e.News, article.Published, "Rivers")
		}
		pinned := story("An older explainer", e.News, article.Published, "Elections")
		rare := story("Dam inquiry opens", e.News, article.Published, "Dam inquiry")
		common := story("Rivers rise again", e.World, article.Published, "Rivers")
		hidden := story("A draft about the dam", e.World, article.Draft, "Dam inquiry")
		a := story("Flood warning", e.World, article.Published, "Dam inquiry", "Rivers")
		if got := related(t, e, a); len(got) != 4 || got[0] != rare.Headline || got[1] != common.Headline {
			t.Errorf("by tags: %q", got)
		}

		path := fmt.Sprintf("/newsroom/articles/%d", a.ID)
		form := url.Values{"headline": {a.Headline}, "section": {fmt.Sprint(e.World)}, "tags": {"Dam inquiry, Rivers"},
			"body_html": {"<p>One.</p><p>Two.</p><p>Three.</p><p>Four.</p>"}, "action": {"save"}, "authors": {fmt.Sprint(admin.AuthorID)}}
		form.Set("related", e.Srv.URL+pinned.URL()+"\nnot a story\n")
		r := e.Post(path, user.Editor, form, "")
		if r.Status != 422 || !strings.Contains(r.Body, "Line 2: no story at") || !strings.Contains(r.Body, "not a story\n</textarea>") {
			t.Fatalf("a bad line: %d %.3000s", r.Status, r.Body)
		}
		form.Set("related", fmt.Sprintf("%s\n%d\n%d\n%s", e.Srv.URL+pinned.URL(), a.ID, hidden.ID, webtest.PathOf(t, pinned.URL())))
		if r := e.Post(path, user.Editor, form, ""); r.Status != 303 {
			t.Fatalf("pins: %d %.2000s", r.Status, r.Body)
		}
		got, err := e.App.Store.Article(ctx, a.ID)
		if err != nil || len(got.Related) != 2 || got.Related[0] != pinned.ID || got.Related[1] != hidden.ID {
			t.Fatalf("pins saved: %v %v", got.Related, err) // the story itself and the repeat dropped
		}
		if r := e.Get(path, user.Editor); !strings.Contains(r.Body, pinned.URL()+"\n"+hidden.URL()+"</textarea>") {
			t.Errorf("the editor does not show the pins as addresses")
		}
		if got := related(t, e, a); len(got) != 4 || got[0] != pinned.Headline || got[1] != rare.Headline || got[2] != common.Headline {
			t.Errorf("pinned first: %q", got) // the draft is pinned but not shown
		}
		for _, h := range related(t, e, a) {
			if h == a.Headline || h == hidden.Headline {
				t.Errorf("shown: %q", h)
			}
		}
		// A contributor finds only what they may see: not someone else's draft.
		own := e.Article(user.Contributor, "A contributor's draft", article.Draft)
		cform := url.Values{"headline": {own.Headline}, "section": {fmt.Sprint(e.World)}, "body_html": {"<p>Text.</p>"}, "action": {"save"},
			"related": {fmt.Sprintf("%d\n%s", rare.ID, e.Srv.URL+hidden.URL())}}
		cpath := fmt.Sprintf("/newsroom/articles/%d", own.ID)
		if r := e.Post(cpath, user.Contributor, cform, ""); r.Status != 422 || !strings.Contains(r.Body, "Line 2: no story at") {
			t.Errorf("a contributor pinned another's draft: %d", r.Status)
		}
		cform.Set("related", fmt.Sprintf("%d, %d", rare.ID, hidden.ID))
		if r := e.Post(cpath, user.Contributor, cform, ""); r.Status != 422 || !strings.Contains(r.Body, "Line 1: no story at") {
			t.Errorf("a contributor pinned another's draft by number: %d", r.Status)
		}
		cform.Set("related", fmt.Sprint(rare.ID))
		if r := e.Post(cpath, user.Contributor, cform, ""); r.Status != 303 {
			t.Errorf("a contributor's pin of a published story: %d", r.Status)
		}

		// The API shows and sets pins too; a form without the field keeps them.
		var got1 struct{ Related []int64 }
		webtest.DecodeJSON(t, e.API("GET", fmt.Sprintf("/api/v1/articles/%d", a.ID), user.Editor, "").Body, &got1)
		if len(got1.Related) != 2 || got1.Related[0] != pinned.ID {
			t.Errorf("API: %v", got1.Related)
		}
		form.Del("related")
		if r := e.Post(path, user.Editor, form, ""); r.Status != 303 {
			t.Fatal(r.Status)
		}
		if got, _ := e.App.Store.Article(ctx, a.ID); len(got.Related) != 2 {
			t.Errorf("a form without the field dropped the pins: %v", got.Related)
		}
		if r := e.API("PATCH", fmt.Sprintf("/api/v1/articles/%d", a.ID), user.Editor, fmt.Sprintf(`{"related":[%d, 99999]}`, rare.ID)); r.Status != 422 {
			t.Errorf("API pin of no story: %d %s", r.Status, r.Body)
		}
		if r := e.API("PATCH", fmt.Sprintf("/api/v1/articles/%d", a.ID), user.Editor, `{"related":[]}`); r.Status != 200 {
			t.Errorf("API unpin: %d %s", r.Status, r.Body)
		}
		if got, _ := e.App.Store.Article(ctx, a.ID); len(got.Related) != 0 {
			t.Errorf("unpinned: %v", got.Related)
		}
	})
}
