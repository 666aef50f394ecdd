package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/media"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/tag"
	"broadsheet/internal/user"
)

func authorIDs(as []author.Author) []int64 {
	out := make([]int64, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

func tagSlugs(ts []tag.Tag) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Slug
	}
	return out
}

func TestSaveArticle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		news := mkSection(t, s, 0, "news", 0)
		u := mkUser(t, s, "reporter@example.com", user.Author)
		au1, au2, au3 := mkAuthor(t, s, "ada"), mkAuthor(t, s, "bola"), mkAuthor(t, s, "chidi")
		hero := media.Media{Name: "f00d.jpg", Original: "flood.jpg", MIME: "image/jpeg", Width: 1600, Height: 900, Size: 12345}
		if err := s.SaveMedia(ctx, &hero); err != nil {
			t.Fatal(err)
		}

		a := &article.Article{Headline: "Flood warning", Standfirst: "Rain all week", Slug: "flood-warning", SectionID: news,
			Body: doc("The river is rising."), Credit: "Staff", HeroMediaID: hero.ID, HeroCaption: "The river", HeroCredit: "Photo desk",
			HeroAlt: "A swollen river", Status: article.Published, PublishedAt: t0.Add(time.Hour), CreatedAt: t0, UpdatedAt: t0.Add(time.Hour),
			Correction: "An earlier version misspelt the river.", CreatedBy: u.ID}
		in := article.Input{Tags: []string{"Flood Warnings", "Lagos"}, AuthorIDs: []int64{au2.ID, au1.ID}}
		if err := s.SaveArticle(ctx, a, in, article.Revision{UserID: u.ID, CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 {
			t.Fatal("SaveArticle did not set the id")
		}

		got, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Headline != a.Headline || got.Standfirst != a.Standfirst || got.Slug != a.Slug || got.SectionID != news ||
			got.Body.Text() != "The river is rising." || got.Credit != "Staff" || got.Correction != a.Correction ||
			got.Status != article.Published || got.CreatedBy != u.ID {
			t.Errorf("article read back as %+v", got)
		}
		if got.HeroMediaID != hero.ID || got.HeroURL != "/media/f00d.jpg" || got.HeroWidth != 1600 || got.HeroHeight != 900 ||
			got.HeroCaption != "The river" || got.HeroCredit != "Photo desk" || got.HeroAlt != "A swollen river" {
			t.Errorf("hero read back as %+v", got)
		}
		if !got.CreatedAt.Equal(t0) || !got.PublishedAt.Equal(t0.Add(time.Hour)) || !got.UpdatedAt.Equal(t0.Add(time.Hour)) || !got.PublishAt.IsZero() {
			t.Errorf("times: created %v, published %v, updated %v, publish at %v", got.CreatedAt, got.PublishedAt, got.UpdatedAt, got.PublishAt)
		}
		if got.CreatedAt.Location() != time.UTC {
			t.Errorf("times come back in %v; want UTC", got.CreatedAt.Location())
		}
		if names := got.TagNames(); !slices.Equal(names, []string{"Flood Warnings", "Lagos"}) {
			t.Errorf("tags %v", names)
		}
		if sl := tagSlugs(got.Tags); !slices.Equal(sl, []string{"flood-warnings", "lagos"}) {
			t.Errorf("tag slugs %v", sl)
		}
		if ids := authorIDs(got.Authors); !slices.Equal(ids, []int64{au2.ID, au1.ID}) {
			t.Errorf("authors %v; want %v in the order given", ids, []int64{au2.ID, au1.ID})
		}
		lagos := got.Tags[1]

		bySlug, err := s.ArticleBySlug(ctx, news, "flood-warning")
		if err != nil || bySlug.ID != a.ID || len(bySlug.Tags) != 2 || len(bySlug.Authors) != 2 {
			t.Errorf("ArticleBySlug = %+v, %v", bySlug, err)
		}

		// Update: a tag named differently but with the same slug is the same tag.
		id := a.ID
		a.Headline, a.HeroMediaID, a.UpdatedAt = "Flood warning extended", 0, t0.Add(2*time.Hour)
		in = article.Input{Tags: []string{"budget 2025", "LAGOS"}, AuthorIDs: []int64{au3.ID, au2.ID}}
		if err := s.SaveArticle(ctx, a, in, article.Revision{UserID: u.ID, CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		if a.ID != id {
			t.Fatalf("update changed the id from %d to %d", id, a.ID)
		}
		got, err = s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Headline != "Flood warning extended" || got.HeroURL != "" || !got.UpdatedAt.Equal(t0.Add(2*time.Hour)) || !got.CreatedAt.Equal(t0) {
			t.Errorf("updated article %+v", got)
		}
		if sl := tagSlugs(got.Tags); !slices.Equal(sl, []string{"budget-2025", "lagos"}) {
			t.Errorf("tags after update %v", sl)
		}
		if got.Tags[1].ID != lagos.ID || got.Tags[1].Name != "Lagos" {
			t.Errorf("LAGOS became %+v; want the existing tag %+v", got.Tags[1], lagos)
		}
		if ids := authorIDs(got.Authors); !slices.Equal(ids, []int64{au3.ID, au2.ID}) {
			t.Errorf("authors after update %v", ids)
		}
		tags, _ := s.Tags(ctx)
		if len(tags) != 3 {
			t.Errorf("%d tags; want 3 (an unused tag stays)", len(tags))
		}

		// Unknown authors are refused and nothing is kept.
		bad := &article.Article{Headline: "Orphan", Slug: "orphan", SectionID: news, Status: article.Draft, CreatedAt: t0, UpdatedAt: t0}
		if err := s.SaveArticle(ctx, bad, article.Input{AuthorIDs: []int64{9999}}, article.Revision{CreatedAt: t0}, ""); err == nil {
			t.Error("saved an article with an unknown author")
		}
		if _, err := s.ArticleBySlug(ctx, news, "orphan"); !errors.Is(err, apperr.NotFound) {
			t.Errorf("the refused article was kept: %v", err)
		}
	})
}

// sortTime is the position the store lists an article at, as a cursor needs it.
func sortTime(a *article.Article) time.Time {
	switch {
	case a.Status == article.Published && !a.PublishedAt.IsZero():
		return a.PublishedAt
	case a.Status == article.Scheduled:
		return a.PublishAt
	}
	return a.CreatedAt
}

func TestArticlesFilter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		news := mkSection(t, s, 0, "news", 0)
		world := mkSection(t, s, news, "world", 0)
		sport := mkSection(t, s, 0, "sport", 1)
		u1 := mkUser(t, s, "one@example.com", user.Author)
		u2 := mkUser(t, s, "two@example.com", user.Author)
		au1, au2 := mkAuthor(t, s, "ada"), mkAuthor(t, s, "bola")
		h := time.Hour

		a1 := save(t, s, art{headline: "Flood warning for Lagos", standfirst: "Rain expected", section: news, status: article.Published,
			at: t0.Add(1 * h), tags: []string{"Weather"}, authors: []int64{au1.ID}, by: u1.ID})
		a2 := save(t, s, art{headline: "100% turnout in poll", standfirst: "Take the count", section: world, status: article.Published,
			at: t0.Add(2 * h), tags: []string{"Politics"}, authors: []int64{au2.ID}, by: u2.ID})
		a3 := save(t, s, art{headline: "snake_case and other styles", section: sport, status: article.Published, at: t0.Add(3 * h), by: u1.ID})
		a4 := save(t, s, art{headline: "Budget draft", section: news, status: article.Draft, at: t0.Add(4 * h), by: u2.ID,
			tags: []string{"Politics"}, authors: []int64{au1.ID, au2.ID}})
		a5 := save(t, s, art{headline: "Tie A", section: news, status: article.Published, at: t0.Add(5 * h), by: u1.ID})
		a6 := save(t, s, art{headline: "Tie B", section: news, status: article.Published, at: t0.Add(5 * h), by: u1.ID})
		a7 := save(t, s, art{headline: `Back\slash story`, body: "Rising FLOODING downstream", section: sport,
			status: article.Submitted, at: t0.Add(-h), by: u1.ID})
		all := []*article.Article{a6, a5, a4, a3, a2, a1, a7} // sort time desc, then id desc
		weather, _ := s.TagBySlug(ctx, "weather")
		politics, _ := s.TagBySlug(ctx, "politics")

		for _, tc := range []struct {
			name string
			f    article.Filter
			want []*article.Article
		}{
			{"all", article.Filter{}, all},
			{"published", article.Filter{Statuses: []article.Status{article.Published}}, []*article.Article{a6, a5, a3, a2, a1}},
			{"not yet out", article.Filter{Statuses: []article.Status{article.Draft, article.Submitted}}, []*article.Article{a4, a7}},
			{"sections", article.Filter{SectionIDs: []int64{news, world}}, []*article.Article{a6, a5, a4, a2, a1}},
			{"section", article.Filter{SectionIDs: []int64{sport}}, []*article.Article{a3, a7}},
			{"tag", article.Filter{TagID: weather.ID}, []*article.Article{a1}},
			{"tag politics", article.Filter{TagID: politics.ID}, []*article.Article{a4, a2}},
			{"author", article.Filter{AuthorID: au2.ID}, []*article.Article{a4, a2}},
			{"created by", article.Filter{CreatedBy: u2.ID}, []*article.Article{a4, a2}},
			{"exclude", article.Filter{Statuses: []article.Status{article.Published}, ExcludeIDs: []int64{a6.ID, a5.ID}}, []*article.Article{a3, a2, a1}},
			{"limit offset", article.Filter{Limit: 2, Offset: 1}, []*article.Article{a5, a4}},
			{"offset past the end", article.Filter{Offset: 50}, nil},
			{"cursor inside a tie", article.Filter{AfterTime: t0.Add(5 * h), AfterID: a6.ID}, []*article.Article{a5, a4, a3, a2, a1, a7}},
			{"cursor after a tie", article.Filter{AfterTime: t0.Add(5 * h), AfterID: a5.ID}, []*article.Article{a4, a3, a2, a1, a7}},
			{"newer than a tie", article.Filter{AfterTime: t0.Add(5 * h), AfterID: a5.ID, Newer: true}, []*article.Article{a6}},
			{"newer, oldest first", article.Filter{AfterTime: a3.PublishedAt, AfterID: a3.ID, Newer: true}, []*article.Article{a4, a5, a6}},
			{"newer and status", article.Filter{Statuses: []article.Status{article.Published}, AfterTime: a1.PublishedAt, AfterID: a1.ID, Newer: true, Limit: 2}, []*article.Article{a2, a3}},
			{"cursor and status", article.Filter{Statuses: []article.Status{article.Published}, AfterTime: a3.PublishedAt, AfterID: a3.ID}, []*article.Article{a2, a1}},
			{"from a time", article.Filter{From: t0.Add(5 * h)}, []*article.Article{a6, a5}},
			{"before a time", article.Filter{To: t0.Add(5 * h)}, []*article.Article{a4, a3, a2, a1, a7}},
			{"everything at once", article.Filter{Statuses: []article.Status{article.Published}, SectionIDs: []int64{news}, From: t0.Add(5 * h), Limit: 1}, []*article.Article{a6}},
		} {
			got, err := s.Articles(ctx, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if !slices.Equal(ids(got), ids(tc.want)) {
				t.Errorf("%s: got %v; want %v", tc.name, ids(got), ids(tc.want))
			}
			count := tc.f
			count.Limit, count.Offset = 0, 0
			n, err := s.CountArticles(ctx, count)
			full, _ := s.Articles(ctx, count)
			if err != nil || n != len(full) {
				t.Errorf("%s: CountArticles = %d, %v; Articles lists %d", tc.name, n, err, len(full))
			}
		}

		// Lists come with their tags and authors.
		list, _ := s.Articles(ctx, article.Filter{TagID: politics.ID})
		if len(list) != 2 || !slices.Equal(authorIDs(list[0].Authors), []int64{au1.ID, au2.ID}) || !slices.Equal(list[1].TagNames(), []string{"Politics"}) {
			t.Errorf("list without tags or authors: %+v", list)
		}

		// Paging with the cursor visits every article once, in order.
		var seen []*article.Article
		f := article.Filter{Limit: 3}
		for range 10 {
			page, err := s.Articles(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			seen = append(seen, page...)
			last := page[len(page)-1]
			f.AfterTime, f.AfterID = sortTime(last), last.ID
		}
		if !slices.Equal(ids(seen), ids(all)) {
			t.Errorf("cursor paging visited %v; want %v", ids(seen), ids(all))
		}
	})
}

func TestArticleSlugTaken(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		news := mkSection(t, s, 0, "news", 0)
		sport := mkSection(t, s, 0, "sport", 1)
		first := save(t, s, art{headline: "First", slug: "big-day", section: news})
		save(t, s, art{headline: "Elsewhere", slug: "big-day", section: sport}) // another section: fine

		dup := &article.Article{Headline: "Second", Slug: "big-day", SectionID: news, Status: article.Draft, CreatedAt: t0, UpdatedAt: t0}
		err := s.SaveArticle(ctx, dup, article.Input{Tags: []string{"Never Made"}}, article.Revision{CreatedAt: t0}, "")
		if !errors.Is(err, article.ErrSlugTaken) || !errors.Is(err, apperr.Conflict) {
			t.Fatalf("insert with a taken slug: %v; want article.ErrSlugTaken", err)
		}
		if _, err := s.TagBySlug(ctx, "never-made"); !errors.Is(err, apperr.NotFound) {
			t.Errorf("the refused save left a tag behind: %v", err)
		}

		other := save(t, s, art{headline: "Other", slug: "other", section: news})
		other.Slug = "big-day"
		err = s.SaveArticle(ctx, other, article.Input{}, article.Revision{CreatedAt: t0}, "")
		wantKind(t, err, article.ErrSlugTaken)
		if got, _ := s.ArticleBySlug(ctx, news, "big-day"); got == nil || got.ID != first.ID {
			t.Errorf("big-day is now %+v; want the first article", got)
		}
		// Saving an article with its own slug is no conflict.
		first.Headline = "First, updated"
		if err := s.SaveArticle(ctx, first, article.Input{}, article.Revision{CreatedAt: t0}, ""); err != nil {
			t.Errorf("resave: %v", err)
		}
	})
}

func TestRevisions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		news := mkSection(t, s, 0, "news", 0)
		ann := mkUser(t, s, "ann@example.com", user.Author)
		ben := mkUser(t, s, "ben@example.com", user.Editor)
		a := save(t, s, art{headline: "v1", section: news, by: ann.ID})

		step := func(headline string, by user.User, autosave bool) {
			t.Helper()
			a.Headline = headline
			rev := article.Revision{UserID: by.ID, Autosave: autosave, CreatedAt: t0.Add(time.Minute),
				Snapshot: article.Snapshot{Headline: headline, Body: doc("text of " + headline), Tags: []string{"T"}, Status: a.Status}}
			if err := s.SaveArticle(ctx, a, article.Input{}, rev, ""); err != nil {
				t.Fatal(err)
			}
		}
		list := func() []string {
			t.Helper()
			revs, err := s.Revisions(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range revs {
				if r.ArticleID != a.ID {
					t.Errorf("revision %d belongs to article %d", r.ID, r.ArticleID)
				}
				kind := "save"
				if r.Autosave {
					kind = "auto"
				}
				out = append(out, fmt.Sprintf("%s/%s/%s", r.Snapshot.Headline, r.UserName, kind))
			}
			return out
		}

		step("v2", ann, false)
		step("v3", ann, true)
		step("v4", ann, true) // replaces v3: same person, autosave after autosave
		want := []string{"v4/User ann@example.com/auto", "v2/User ann@example.com/save", "/User ann@example.com/save"}
		if got := list(); !slices.Equal(got, want) {
			t.Fatalf("revisions %v; want %v", got, want)
		}
		step("v5", ben, true) // someone else's autosave is kept apart
		step("v6", ben, false)
		step("v7", ben, true) // after a real save: a new one
		want = append([]string{"v7/User ben@example.com/auto", "v6/User ben@example.com/save", "v5/User ben@example.com/auto"}, want...)
		if got := list(); !slices.Equal(got, want) {
			t.Fatalf("revisions %v; want %v", got, want)
		}

		revs, _ := s.Revisions(ctx, a.ID)
		r, err := s.Revision(ctx, revs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.ID != revs[0].ID || r.UserID != ben.ID || !r.Autosave || r.Snapshot.Body.Text() != "text of v7" ||
			!slices.Equal(r.Snapshot.Tags, []string{"T"}) || !r.CreatedAt.Equal(t0.Add(time.Minute)) {
			t.Errorf("revision read back as %+v", r)
		}
		_, err = s.Revision(ctx, 99999)
		wantKind(t, err, apperr.NotFound)
		if none, err := s.Revisions(ctx, 99999); err != nil || len(none) != 0 {
			t.Errorf("revisions of an unknown article: %v, %v", none, err)
		}
	})
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		news := mkSection(t, s, 0, "news", 0)
		sport := mkSection(t, s, 0, "sport", 1)
		a := save(t, s, art{headline: "Moved", slug: "new-home", section: news, status: article.Published})
		if err := s.SaveArticle(ctx, a, article.Input{}, article.Revision{CreatedAt: t0}, "/news/old-home"); err != nil {
			t.Fatal(err)
		}
		if aid, sid, err := s.Redirect(ctx, "/news/old-home"); err != nil || aid != a.ID || sid != 0 {
			t.Errorf("Redirect = %d, %d, %v; want article %d", aid, sid, err, a.ID)
		}
		_, _, err := s.Redirect(ctx, "/news/never-was")
		wantKind(t, err, apperr.NotFound)

		// A path taken over by a moved section now points there.
		if err := s.AddSectionRedirects(ctx, map[int64]string{sport: "/news/old-home"}, map[int64]string{a.ID: "/old-news/new-home"}); err != nil {
			t.Fatal(err)
		}
		if aid, sid, err := s.Redirect(ctx, "/news/old-home"); err != nil || aid != 0 || sid != sport {
			t.Errorf("Redirect = %d, %d, %v; want section %d", aid, sid, err, sport)
		}
		if aid, sid, err := s.Redirect(ctx, "/old-news/new-home"); err != nil || aid != a.ID || sid != 0 {
			t.Errorf("Redirect = %d, %d, %v; want article %d", aid, sid, err, a.ID)
		}
		// And back to an article again.
		if err := s.SaveArticle(ctx, a, article.Input{}, article.Revision{CreatedAt: t0}, "/news/old-home"); err != nil {
			t.Fatal(err)
		}
		if aid, sid, err := s.Redirect(ctx, "/news/old-home"); err != nil || aid != a.ID || sid != 0 {
			t.Errorf("Redirect = %d, %d, %v; want article %d", aid, sid, err, a.ID)
		}
	})
}

func TestArticleNotFound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		news := mkSection(t, s, 0, "news", 0)
		_, err := s.Article(ctx, 424242)
		wantKind(t, err, apperr.NotFound)
		wantKind(t, err, article.ErrNotFound)
		_, err = s.ArticleBySlug(ctx, news, "nothing-here")
		wantKind(t, err, apperr.NotFound)
		ghost := &article.Article{ID: 424242, Headline: "Ghost", Slug: "ghost", SectionID: news, Status: article.Draft, CreatedAt: t0, UpdatedAt: t0}
		err = s.SaveArticle(ctx, ghost, article.Input{}, article.Revision{CreatedAt: t0}, "")
		wantKind(t, err, apperr.NotFound)
		if n, err := s.CountArticles(ctx, article.Filter{}); err != nil || n != 0 {
			t.Errorf("CountArticles = %d, %v; want 0", n, err)
		}
		if list, err := s.Articles(ctx, article.Filter{}); err != nil || len(list) != 0 {
			t.Errorf("Articles = %v, %v; want none", list, err)
		}
	})
}
