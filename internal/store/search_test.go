package store_test

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/search"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
)

// The query language, one table, the same answers on both engines.
func TestSearchQueryLanguage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "search@example.com", user.Editor)
		news := mkSection(t, s, 0, "news", 0)
		sport := mkSection(t, s, 0, "sport", 1)
		reporter := author.Author{Slug: "ngozi", Name: "Ngozi Ádébáyọ̀"}
		if err := s.SaveAuthor(ctx, &reporter); err != nil {
			t.Fatal(err)
		}
		pub := article.Published
		stories := map[string]art{
			"election": {headline: "Elections delayed in the north", standfirst: "The electoral commission cites security.", body: "Voters waited for hours. The state of emergency continues.", section: news, status: pub, tags: []string{"Politics"}},
			"cafe":     {headline: "Café culture returns to Évora", body: "Owners of the ÉVORA cafés welcome tourists.", section: news, status: pub, tags: []string{"Travel"}},
			"football": {headline: "Harbour United win the derby", body: "A late goal in the transfer window debate. Emergency services on standby.", section: sport, status: pub, tags: []string{"Football"}, authors: []int64{reporter.ID}},
			"covid":    {headline: "COVID-19 cases fall", body: "Hospitals report fewer cases of covid 19 this week.", section: news, status: pub},
			"draft":    {headline: "Elections draft not yet published", body: "Secret election plans.", section: news, status: article.Draft},
			"strasse":  {headline: "Straße closed for repairs", body: "Большой ремонт дороги начался.", section: news, status: pub},
			"running":  {headline: "Runners ran the city marathon", body: "Running in the heat, they runs.", section: sport, status: pub},
		}
		ids := map[int64]string{}
		for name, x := range stories {
			x.by = u.ID
			ids[save(t, s, x).ID] = name
		}
		published := []article.Status{pub}
		for _, c := range []struct {
			query  string
			typing bool
			want   []string
		}{
			{"election", false, []string{"election"}},               // stems: elections, electoral? (electoral stems apart)
			{"ELECTIONS", false, []string{"election"}},              // case
			{"elected", false, []string{"election"}},                // other forms of the word
			{"cafe", false, []string{"cafe"}},                       // accents: café
			{"évora CAFÉS", false, []string{"cafe"}},                // accents and case in the query
			{"\"state of emergency\"", false, []string{"election"}}, // a phrase, stop words and all
			{"\"emergency state\"", false, nil},                     // the phrase's order counts
			{"emergency", false, []string{"election", "football"}},  // all that have the word
			{"emergency -football", false, []string{"election"}},    // exclude a tag's word
			{"emergency -\"transfer window\"", false, []string{"election"}},
			{"the of and", false, nil},             // only common words: nothing
			{"-emergency", false, nil},             // only exclusions: nothing
			{"covid-19", false, []string{"covid"}}, // a word of parts is a phrase
			{"covid 19 cases", false, []string{"covid"}},
			{"strasse", false, []string{"strasse"}},       // ß folds to ss
			{"ремонт", false, []string{"strasse"}},        // another script
			{"РЕМОНТ дороги", false, []string{"strasse"}}, // its case too
			{"run", false, []string{"running"}},           // runners? no: run, running, runs
			{"adebayo", false, []string{"football"}},      // author names, accents folded
			{"politics", false, []string{"election"}},     // tags
			{"harb", true, []string{"football"}},          // the word being typed
			{"harbour uni", true, []string{"football"}},
			{"harbour uni ", true, nil},    // a finished word is a whole word
			{"ev", true, []string{"cafe"}}, // prefixes fold accents too
			{"secret", false, nil},         // drafts are not published
			{"nothing matches this", false, nil},
			{"\"unclosed phrase", false, nil},
			{"election \"", false, []string{"election"}},
		} {
			q := search.Parse(c.query, c.typing)
			got, total, err := s.SearchArticles(ctx, q, article.Filter{Statuses: published})
			if err != nil {
				t.Fatalf("%q: %v", c.query, err)
			}
			var names []string
			for _, a := range got {
				names = append(names, ids[a.ID])
			}
			sort.Strings(names)
			want := append([]string(nil), c.want...)
			sort.Strings(want)
			if !slices.Equal(names, want) || total != len(want) {
				t.Errorf("%q: %v (total %d); want %v", c.query, names, total, want)
			}
		}
		// Drafts are found in the newsroom's search (every status).
		if got, _, _ := s.SearchArticles(ctx, search.Parse("secret", false), article.Filter{}); len(got) != 1 || ids[got[0].ID] != "draft" {
			t.Errorf("newsroom search: %v", got)
		}
		// Filters: section, author, dates.
		if got, _, _ := s.SearchArticles(ctx, search.Parse("emergency", false), article.Filter{Statuses: published, SectionIDs: []int64{sport}}); len(got) != 1 || ids[got[0].ID] != "football" {
			t.Errorf("section filter: %v", got)
		}
		if got, _, _ := s.SearchArticles(ctx, search.Parse("emergency", false), article.Filter{Statuses: published, AuthorID: reporter.ID}); len(got) != 1 {
			t.Errorf("author filter: %v", got)
		}
		if got, _, _ := s.SearchArticles(ctx, search.Parse("emergency", false), article.Filter{Statuses: published, From: t0.Add(time.Hour)}); len(got) != 0 {
			t.Errorf("date filter: %v", got)
		}
	})
}

// The index follows every change in the article's transaction: publish,
// unpublish, edit, a tag renamed or deleted, an author renamed, a deletion.
func TestSearchIndexFollowsChanges(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "index@example.com", user.Editor)
		sec := mkSection(t, s, 0, "news", 0)
		writer := author.Author{Slug: "w", Name: "Amaka Obi"}
		if err := s.SaveAuthor(ctx, &writer); err != nil {
			t.Fatal(err)
		}
		a := save(t, s, art{headline: "Bridge reopens", body: "Traffic flows again.", section: sec, status: article.Draft, tags: []string{"Transport"},
			authors: []int64{writer.ID}, by: u.ID})
		find := func(query string) int {
			t.Helper()
			_, n, err := s.SearchArticles(ctx, search.Parse(query, false), article.Filter{Statuses: []article.Status{article.Published}})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if find("bridge") != 0 {
			t.Error("a draft is found")
		}
		a.Status, a.PublishedAt = article.Published, t0
		if err := s.SaveArticle(ctx, a, article.Input{Tags: []string{"Transport"}, AuthorIDs: []int64{writer.ID}}, article.Revision{UserID: u.ID, CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		if find("bridge") != 1 || find("transport") != 1 || find("amaka") != 1 {
			t.Error("not found once published")
		}
		a.Headline = "Tunnel reopens"
		if err := s.SaveArticle(ctx, a, article.Input{Tags: []string{"Transport"}, AuthorIDs: []int64{writer.ID}}, article.Revision{UserID: u.ID, CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		if find("bridge") != 0 || find("tunnel") != 1 {
			t.Error("an edit is not in the index")
		}
		tags, _ := s.Tags(ctx)
		if _, err := s.RenameTag(ctx, tags[0].ID, "Roads"); err != nil {
			t.Fatal(err)
		}
		if find("transport") != 0 || find("roads") != 1 {
			t.Error("a renamed tag")
		}
		writer.Name = "Chidi Obi"
		if err := s.SaveAuthor(ctx, &writer); err != nil {
			t.Fatal(err)
		}
		if find("amaka") != 0 || find("chidi") != 1 {
			t.Error("a renamed author")
		}
		if err := s.DeleteTag(ctx, tags[0].ID); err != nil {
			t.Fatal(err)
		}
		if find("roads") != 0 {
			t.Error("a deleted tag")
		}
		a.Status = article.Unpublished
		if err := s.SaveArticle(ctx, a, article.Input{AuthorIDs: []int64{writer.ID}}, article.Revision{UserID: u.ID, CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		if find("tunnel") != 0 {
			t.Error("found once unpublished")
		}
		if err := s.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := s.SearchArticles(ctx, search.Parse("tunnel", false), article.Filter{}); n != 0 {
			t.Error("found once deleted")
		}
		if n, err := s.IndexMissing(ctx); err != nil || n != 0 {
			t.Errorf("missing after all that: %d %v", n, err)
		}
	})
}

// A broad query counts up to the cap ("more than 1,000") and lists the
// newest first, page by page, within the filters; a narrow one is counted
// exactly and ranked.
func TestSearchBroadQueries(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "broad@example.com", user.Editor)
		news := mkSection(t, s, 0, "news", 0)
		sport := mkSection(t, s, 0, "sport", 1)
		n := article.SearchCountCap + 3
		for i := 0; i < n; i++ {
			sec, body := news, "The harbour reopens."
			if i%10 == 0 {
				sec = sport
			}
			if i%100 == 0 {
				body += " A rare kingfisher was seen."
			}
			// Published out of id order: the newest story is not the last saved.
			at := t0.Add(time.Duration((i*7919)%n) * time.Minute)
			save(t, s, art{headline: "Story " + strconv.Itoa(i), body: body, section: sec, status: article.Published, at: at, by: u.ID})
		}
		published := []article.Status{article.Published}
		got, total, err := s.SearchArticles(ctx, search.Parse("harbour", false), article.Filter{Statuses: published, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if total != article.SearchCountCap+1 || len(got) != 20 {
			t.Fatalf("broad: total %d, %d results", total, len(got))
		}
		for i := 1; i < len(got); i++ {
			if got[i].PublishedAt.After(got[i-1].PublishedAt) {
				t.Fatalf("broad results not newest first at %d: %v after %v", i, got[i].PublishedAt, got[i-1].PublishedAt)
			}
		}
		if !got[0].PublishedAt.Equal(t0.Add(time.Duration(n-1) * time.Minute)) {
			t.Errorf("the first result is not the newest: %v", got[0].PublishedAt)
		}
		page2, _, err := s.SearchArticles(ctx, search.Parse("harbour", false), article.Filter{Statuses: published, Limit: 20, Offset: 20})
		if err != nil || len(page2) != 20 || !page2[0].PublishedAt.Before(got[19].PublishedAt) {
			t.Errorf("page 2: %d results, %v", len(page2), err)
		}
		// The same query within one section: fewer than the cap, ranked.
		inSport, total, err := s.SearchArticles(ctx, search.Parse("harbour", false), article.Filter{Statuses: published, SectionIDs: []int64{sport}, Limit: 20})
		if err != nil || total != (n+9)/10 || len(inSport) != 20 {
			t.Errorf("in a section: total %d, %d results, %v", total, len(inSport), err)
		}
		// Broad with a word being typed, and narrow.
		if _, total, err := s.SearchArticles(ctx, search.Parse("harbour sto", true), article.Filter{Statuses: published, Limit: 5}); err != nil || total != article.SearchCountCap+1 {
			t.Errorf("typing: total %d, %v", total, err)
		}
		rare, total, err := s.SearchArticles(ctx, search.Parse("kingfisher", false), article.Filter{Statuses: published, Limit: 20})
		if err != nil || total != (n+99)/100 || len(rare) != total {
			t.Errorf("narrow: total %d, %d results, %v", total, len(rare), err)
		}
		if _, total, err := s.SearchArticles(ctx, search.Parse("harbour -kingfisher", false), article.Filter{Statuses: published, Limit: 20}); err != nil || total != n-(n+99)/100 {
			t.Errorf("with an exclusion: total %d, %v", total, err)
		}
	})
}

// Past the cap, both ways of walking the stories give the newest matches in
// order: a lookup per story when most stories match, and the matches read
// into a set when a third do; so does a search over every status (the
// newsroom's). SQLite only: PostgreSQL's planner chooses by itself.
func TestSearchBroadWalks(t *testing.T) {
	t.Parallel()
	s := storetest.SQLite(t)
	ctx := context.Background()
	u := mkUser(t, s, "walks@example.com", user.Editor)
	news := mkSection(t, s, 0, "news", 0)
	n := 3*article.SearchCountCap + 150
	var third []time.Time // the publication times of the stories with "kingfisher"
	for i := 0; i < n; i++ {
		body, status := "The harbour reopens.", article.Published
		if i%3 == 0 {
			body += " A kingfisher was seen."
		}
		if i%97 == 0 {
			status = article.Draft // neither found on the site nor counted
		}
		at := t0.Add(time.Duration((i*7919)%n) * time.Minute)
		save(t, s, art{headline: "Story " + strconv.Itoa(i), body: body, section: news, status: status, at: at, by: u.ID})
		if i%3 == 0 && status == article.Published {
			third = append(third, at)
		}
	}
	sort.Slice(third, func(i, j int) bool { return third[i].After(third[j]) })
	published := []article.Status{article.Published}
	for _, q := range []string{"kingfisher", "harbour"} {
		for page := 0; page < 3; page++ {
			got, total, err := s.SearchArticles(ctx, search.Parse(q, false), article.Filter{Statuses: published, Limit: 20, Offset: page * 20})
			if err != nil || total != article.SearchCountCap+1 || len(got) != 20 {
				t.Fatalf("%s, page %d: total %d, %d results, %v", q, page+1, total, len(got), err)
			}
			for i := 1; i < len(got); i++ {
				if !got[i].PublishedAt.Before(got[i-1].PublishedAt) {
					t.Fatalf("%s, page %d: not newest first at %d", q, page+1, i)
				}
			}
			if q == "kingfisher" {
				for i, a := range got {
					if !a.PublishedAt.Equal(third[page*20+i]) {
						t.Fatalf("kingfisher, page %d, result %d: %v; want %v", page+1, i, a.PublishedAt, third[page*20+i])
					}
				}
			}
		}
	}
	all, total, err := s.SearchArticles(ctx, search.Parse("kingfisher", false), article.Filter{Limit: 20})
	if err != nil || total != article.SearchCountCap+1 || len(all) != 20 {
		t.Fatalf("every status: total %d, %d results, %v", total, len(all), err)
	}
	for i := 1; i < len(all); i++ {
		if article.SortTime(all[i]).After(article.SortTime(all[i-1])) {
			t.Fatalf("every status: not newest first at %d", i)
		}
	}
}
