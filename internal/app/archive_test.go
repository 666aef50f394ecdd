package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"broadsheet/internal/article"
	"broadsheet/internal/web/webtest"
)

// TestGenerateArchive: generated stories land on both engines, published
// in the past, in the demo's sections, with tags, authors and pictures;
// search finds them, their pages and their sections' older pages answer,
// and a second run adds more without clashing.
func TestGenerateArchive(t *testing.T) {
	webtest.EachEngine(t, func(t *testing.T, engine string) {
		e := webtest.New(t, true, engine)
		ctx := context.Background()
		if _, _, err := e.App.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		before, err := e.App.Store.CountArticles(ctx, article.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var progress []int
		if err := e.App.GenerateArchive(ctx, 2500, func(n int) { progress = append(progress, n) }); err != nil {
			t.Fatal(err)
		}
		if len(progress) != 2 || progress[1] != 2500 {
			t.Errorf("progress %v", progress)
		}
		if err := e.App.GenerateArchive(ctx, 10, nil); err != nil {
			t.Fatalf("a second run: %v", err)
		}
		after, err := e.App.Store.CountArticles(ctx, article.Filter{Statuses: []article.Status{article.Published}})
		if err != nil || after != before+2510 {
			t.Fatalf("%d published after generating 2,510 on %d: %v", after, before, err)
		}
		tree, _ := e.App.Articles.Tree(ctx)
		oldest, err := e.App.Articles.List(ctx, tree, article.Filter{Statuses: []article.Status{article.Published}, Limit: 50, Offset: after - 50, WithBody: true})
		if err != nil {
			t.Fatal(err)
		}
		var pictures, tagged, signed int
		for _, a := range oldest {
			if a.HeroURL != "" {
				pictures++
			}
			if len(a.Tags) > 0 {
				tagged++
			}
			if len(a.Authors) > 0 {
				signed++
			}
			if a.Section == nil || len(a.Body.Blocks) < 6 || a.Headline == "" {
				t.Fatalf("a generated story: %+v", a)
			}
		}
		if pictures < 20 || tagged != 50 || signed < 40 {
			t.Errorf("of the 50 oldest: %d with pictures, %d tagged, %d signed", pictures, tagged, signed)
		}
		page := e.Get(oldest[0].URL(), "")
		if page.Status != 200 || !strings.Contains(page.Body, oldest[0].Body.Text()[:40]) {
			t.Errorf("the oldest story's page: %d", page.Status)
		}
		res := e.Get("/search?q=lagos", "")
		if !regexp.MustCompile(`More than 1,000 results|[0-9,]+ results`).MatchString(res.Body) {
			t.Errorf("search over the archive: %.300s", res.Body)
		}
		sec := e.Get("/news", "")
		older := regexp.MustCompile(`href="(/news\?before=[^"]+)"`).FindStringSubmatch(sec.Body)
		if older == nil {
			t.Fatal("no older page on /news")
		}
		if r := e.Get(strings.ReplaceAll(older[1], "&amp;", "&"), ""); r.Status != 200 {
			t.Errorf("%s: %d", older[1], r.Status)
		}
	})
}
