package store_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/richtext"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
)

// TestQueryPlans: every query a reader page runs reads through an index,
// on both engines, over an archive of a few thousand stories: none reads
// a whole table of stories, so no page's cost grows with the archive. (On
// PostgreSQL sequential scans are switched off for the check: a plan that
// still reads a whole table has no index to use.)
func TestQueryPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an archive")
	}
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		news := mkSection(t, s, 0, "news", 1)
		world := mkSection(t, s, news, "world", 1)
		sport := mkSection(t, s, 0, "sport", 2)
		var authors []author.Author
		var names []string
		for i := range 20 {
			authors = append(authors, mkAuthor(t, s, fmt.Sprintf("reporter-%d", i)))
		}
		for i := range 60 {
			names = append(names, fmt.Sprintf("Topic %d", i))
		}
		tags, err := s.EnsureTags(ctx, names)
		if err != nil {
			t.Fatal(err)
		}
		au := authors[3]
		var batch []store.Bulk
		for i := range 3000 {
			at := t0.Add(-time.Duration(i) * time.Hour)
			sec := []int64{news, world, sport}[i%3]
			name := names[i%len(names)]
			w := authors[i%len(authors)]
			batch = append(batch, store.Bulk{A: &article.Article{Headline: fmt.Sprintf("Story %d about %s", i, name), Slug: fmt.Sprintf("story-%d", i),
				SectionID: sec, Body: richtext.FromPlainText("Words of the story " + name), Status: article.Published, PublishedAt: at, CreatedAt: at, UpdatedAt: at},
				TagIDs: []int64{tags[name]}, TagNames: []string{name}, AuthorIDs: []int64{w.ID}, AuthorNames: []string{w.Name}})
		}
		if err := s.BulkArticles(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if err := s.FillPurgeLog(ctx, 5000); err != nil {
			t.Fatal(err)
		}
		if err := s.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		pub := []article.Status{article.Published}
		deep := t0.Add(-2500 * time.Hour)
		list := func(f article.Filter) (string, []any) { return store.ArticlesQuery(f) }
		checks := map[string]func() (string, []any){
			"home's newest": func() (string, []any) { return list(article.Filter{Statuses: pub, Limit: 16}) },
			"a section": func() (string, []any) {
				return list(article.Filter{Statuses: pub, SectionIDs: []int64{news, world}, Limit: 21})
			},
			"a section far back": func() (string, []any) {
				return list(article.Filter{Statuses: pub, SectionIDs: []int64{news, world}, AfterTime: deep, AfterID: 1, Limit: 21})
			},
			"a tag":     func() (string, []any) { return list(article.Filter{Statuses: pub, TagID: tags["Topic 7"], Limit: 21}) },
			"an author": func() (string, []any) { return list(article.Filter{Statuses: pub, AuthorID: au.ID, Limit: 21}) },
			"the previous story": func() (string, []any) {
				return list(article.Filter{Statuses: pub, AfterTime: deep, AfterID: 5, Limit: 1})
			},
			"the next story": func() (string, []any) {
				return list(article.Filter{Statuses: pub, AfterTime: deep, AfterID: 5, Newer: true, Limit: 1})
			},
			"stories by number": func() (string, []any) { return list(article.Filter{IDs: []int64{3, 9, 27}, Statuses: pub, Limit: 3}) },
			"the news sitemap": func() (string, []any) {
				return list(article.Filter{Statuses: pub, From: t0.Add(-48 * time.Hour), Limit: 500})
			},
		}
		for name, q := range checks {
			sql, args := q()
			checkPlan(t, s, name, sql, args...)
			// Lists read their page in index order: nothing sorts the
			// stories of a tag, an author or one side of a cursor.
			if name != "a section" && name != "a section far back" && name != "stories by number" && name != "the news sitemap" { // the last: two days' stories
				checkUnsorted(t, s, name, sql, args...)
			}
		}
		for name, q := range map[string]struct {
			sql  string
			args []any
		}{
			"the breaking-news story":        {"SELECT id FROM articles WHERE breaking_until > ?", []any{t0.UnixMicro()}},
			"a story by its address":         {"SELECT a.id FROM articles a WHERE a.section_id = ? AND a.slug = ? AND a.section_id IS NOT NULL AND a.slug <> ''", []any{news, "story-3"}},
			"the home page's topics":         {"SELECT t.id, COUNT(*) FROM (SELECT id FROM articles WHERE status = 'published' ORDER BY sort_at DESC, id DESC LIMIT ?) r JOIN article_tags at ON at.article_id = r.id JOIN tags t ON t.id = at.tag_id GROUP BY t.id ORDER BY COUNT(*) DESC LIMIT ?", []any{200, 12}},
			"related stories":                {"SELECT t.article_id FROM article_tags t JOIN articles a ON a.id = t.article_id WHERE t.tag_id = ? AND a.status = ? ORDER BY t.article_id DESC LIMIT ?", []any{tags["Topic 7"], "published", 40}},
			"an article sitemap":             {"SELECT id FROM articles WHERE status = 'published' AND id >= ? AND id < ? ORDER BY id", []any{1, 50001}},
			"the purge log's recent entries": {"SELECT MIN(id) FROM cache_purges WHERE created_at >= ?", []any{time.Now().Add(-10 * time.Second).UnixMicro()}},
			"the purge log":                  {"SELECT id, keys, created_at FROM cache_purges WHERE id > ? ORDER BY id LIMIT ?", []any{4990, 5000}},
		} {
			checkPlan(t, s, name, q.sql, q.args...)
		}
		// A story's address is one entry of its unique index, not a walk
		// through its section.
		by := "SELECT a.id FROM articles a WHERE a.section_id = ? AND a.slug = ? AND a.section_id IS NOT NULL AND a.slug <> ''"
		if plan, err := s.Explain(ctx, by, news, "story-3"); err != nil || !strings.Contains(strings.Join(plan, " "), "articles_section_slug") {
			t.Errorf("a story by its address does not use its unique index: %v %v", plan, err)
		}
	})
}

// wholeTable is a plan step that reads every row of a table of stories or
// their links: SQLite's "SCAN a" without an index, PostgreSQL's "Seq Scan".
var wholeTable = regexp.MustCompile(`^(SCAN (a|articles|at|t|article_tags|article_authors|cache_purges)$|.*Seq Scan on (articles|article_tags|article_authors|cache_purges))`)

func checkPlan(t *testing.T, s *store.Store, name, sql string, args ...any) {
	t.Helper()
	plan, err := s.Explain(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, sql)
	}
	for _, line := range plan {
		if wholeTable.MatchString(strings.TrimLeft(line, "-> ")) {
			t.Errorf("%s reads a whole table:\n  %s", name, strings.Join(plan, "\n  "))
			return
		}
	}
	if testing.Verbose() {
		t.Logf("%s:\n  %s", name, strings.Join(plan, "\n  "))
	}
}

// sorting is a plan step that sorts the rows it found: SQLite's temporary
// B-tree for ORDER BY, PostgreSQL's Sort.
var sorting = regexp.MustCompile(`USE TEMP B-TREE FOR ORDER BY|^Sort  \(|-> +Sort  \(`)

func checkUnsorted(t *testing.T, s *store.Store, name, sql string, args ...any) {
	t.Helper()
	plan, err := s.Explain(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, line := range plan {
		if sorting.MatchString(line) {
			t.Errorf("%s sorts what it found:\n  %s", name, strings.Join(plan, "\n  "))
			return
		}
	}
}

// TestListingByLinks: a tag's and an author's pages, read through their
// links, page through the same stories in the same order as the stories'
// own index, both ways, and follow a story unpublished or moved in time.
func TestListingByLinks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sec := mkSection(t, s, 0, "news", 1)
		au := mkAuthor(t, s, "writer")
		other := mkAuthor(t, s, "other")
		var ports []*article.Article
		for i := range 30 {
			tags, authors := []string{"Budget"}, []int64{other.ID}
			if i%3 != 0 {
				tags, authors = []string{"Ports", "Budget"}, []int64{au.ID}
			}
			st := article.Published
			if i%10 == 9 {
				st = article.Draft
			}
			a := save(t, s, art{headline: fmt.Sprintf("Story %d", i), section: sec, status: st, at: t0.Add(time.Duration(i%7) * time.Hour), tags: tags, authors: authors})
			if i%3 != 0 && st == article.Published {
				ports = append(ports, a)
			}
		}
		tg, err := s.TagBySlug(ctx, "ports")
		if err != nil {
			t.Fatal(err)
		}
		pub := []article.Status{article.Published}
		// The expected order: the stories' own, read without the links.
		want := func() []int64 {
			var ids []int64
			all, err := s.Articles(ctx, article.Filter{Statuses: pub, SectionIDs: []int64{sec}, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range all {
				for _, x := range a.Tags {
					if x.ID == tg.ID {
						ids = append(ids, a.ID)
					}
				}
			}
			return ids
		}
		walk := func(f article.Filter) []int64 {
			var got []int64
			f.Statuses, f.Limit = pub, 4
			for range 20 {
				page, err := s.Articles(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				got = append(got, ids(page)...)
				last := page[len(page)-1]
				f.AfterTime, f.AfterID = last.PublishedAt, last.ID
			}
			return got
		}
		if got, w := walk(article.Filter{TagID: tg.ID}), want(); fmt.Sprint(got) != fmt.Sprint(w) || len(w) != len(ports) {
			t.Fatalf("the tag's pages:\n%v\nwant\n%v", got, w)
		}
		if got := walk(article.Filter{AuthorID: au.ID}); fmt.Sprint(got) != fmt.Sprint(want()) {
			t.Errorf("the author's pages: %v", got)
		}
		// Newer, from the middle: the stories before it, oldest first.
		w := want()
		mid, err := s.Article(ctx, w[5])
		if err != nil {
			t.Fatal(err)
		}
		newer, err := s.Articles(ctx, article.Filter{Statuses: pub, TagID: tg.ID, AfterTime: mid.PublishedAt, AfterID: mid.ID, Newer: true, Limit: 3})
		if err != nil || fmt.Sprint(ids(newer)) != fmt.Sprint([]int64{w[4], w[3], w[2]}) {
			t.Errorf("newer than the sixth: %v, want %v (%v)", ids(newer), []int64{w[4], w[3], w[2]}, err)
		}
		// Unpublished: gone from the links' pages; moved in time: moved there.
		first, err := s.Article(ctx, w[0])
		if err != nil {
			t.Fatal(err)
		}
		first.Status = article.Draft
		if err := s.SaveArticle(ctx, first, article.Input{Tags: first.TagNames(), AuthorIDs: []int64{au.ID}}, article.Revision{CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		last, err := s.Article(ctx, w[len(w)-1])
		if err != nil {
			t.Fatal(err)
		}
		last.PublishedAt = t0.Add(100 * time.Hour)
		if err := s.SaveArticle(ctx, last, article.Input{Tags: last.TagNames(), AuthorIDs: []int64{au.ID}}, article.Revision{CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		got := walk(article.Filter{TagID: tg.ID})
		if fmt.Sprint(got) != fmt.Sprint(want()) || got[0] != last.ID || slices.Contains(got, first.ID) {
			t.Errorf("after unpublishing one and moving another: %v, want %v", got, want())
		}
	})
}
