package store_test

import (
	"context"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/reads"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
)

// Reads add up by story and hour and by story and day; rankings count only
// published stories in the window and sections asked for; old hours are
// pruned while the days stay; reads of a deleted story are dropped.
func TestReadsRankAndPrune(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "reads@example.com", user.Editor)
		news := mkSection(t, s, 0, "news", 0)
		world := mkSection(t, s, news, "world", 0)
		sport := mkSection(t, s, 0, "sport", 1)
		a := save(t, s, art{headline: "A", section: world, status: article.Published, by: u.ID})
		b := save(t, s, art{headline: "B", section: sport, status: article.Published, by: u.ID})
		c := save(t, s, art{headline: "C", section: news, status: article.Published, by: u.ID})
		draft := save(t, s, art{headline: "Draft", section: news, status: article.Draft, by: u.ID})
		gone := save(t, s, art{headline: "Gone", section: news, status: article.Published, by: u.ID})
		if err := s.DeleteArticle(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 29, 12, 30, 0, 0, time.UTC)
		h := reads.HourOf(now)
		key := func(id int64, hoursAgo int) reads.Key {
			return reads.KeyAt(id, now.Add(-time.Duration(hoursAgo)*time.Hour))
		}
		counts := map[reads.Key]int64{
			key(a.ID, 0): 5, key(a.ID, 3): 2, // 7 today
			key(b.ID, 1): 4, key(b.ID, 100): 50, // 4 today, 54 this week
			key(c.ID, 30):    6, // none today
			key(draft.ID, 0): 99,
			key(gone.ID, 0):  99,
		}
		if err := s.AddReads(ctx, counts, time.UTC); err != nil {
			t.Fatal(err)
		}
		if err := s.AddReads(ctx, map[reads.Key]int64{key(a.ID, 0): 1}, time.UTC); err != nil { // adds to the same hour
			t.Fatal(err)
		}
		rank := func(window time.Duration, sections ...int64) []reads.Ranked {
			t.Helper()
			got, err := s.MostRead(ctx, reads.HourOf(now.Add(-window))+1, sections, 10)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		same := func(what string, got []reads.Ranked, want ...reads.Ranked) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("%s: %+v; want %+v", what, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s: %+v; want %+v", what, got, want)
				}
			}
		}
		same("day", rank(24*time.Hour), reads.Ranked{ArticleID: a.ID, Views: 8}, reads.Ranked{ArticleID: b.ID, Views: 4})
		same("week", rank(7*24*time.Hour), reads.Ranked{ArticleID: b.ID, Views: 54}, reads.Ranked{ArticleID: a.ID, Views: 8}, reads.Ranked{ArticleID: c.ID, Views: 6})
		same("news and world, week", rank(7*24*time.Hour, news, world), reads.Ranked{ArticleID: a.ID, Views: 8}, reads.Ranked{ArticleID: c.ID, Views: 6})

		day := func(hoursAgo int) string { return now.Add(-time.Duration(hoursAgo) * time.Hour).Format(time.DateOnly) }
		st, days, err := s.ReadStats(ctx, b.ID, h-23, h-7*24+1, day(29*24), day(13*24))
		if err != nil {
			t.Fatal(err)
		}
		if st.Last24h != 4 || st.Last7d != 54 || st.Last30d != 54 || st.Total != 54 || len(days) != 2 || days[1] != (reads.Day{Day: day(0), Views: 4}) {
			t.Errorf("stats %+v, days %+v", st, days)
		}
		totals, err := s.ReadTotals(ctx, []int64{a.ID, b.ID, c.ID}, day(0))
		if err != nil || totals[a.ID] != 8 || totals[b.ID] != 4 || totals[c.ID] != 0 {
			t.Errorf("totals %v, %v", totals, err)
		}

		// A week and a day later the hours are gone and the days stay.
		if err := s.PruneReads(ctx, h+8*24+1); err != nil {
			t.Fatal(err)
		}
		if got := rank(30 * 24 * time.Hour); len(got) != 0 {
			t.Errorf("after pruning: %+v", got)
		}
		if st, _, _ := s.ReadStats(ctx, b.ID, 0, 0, "", ""); st.Total != 54 || st.Last7d != 0 {
			t.Errorf("after pruning: %+v", st)
		}
	})
}

// Related stories: candidates share a tag, are published and are not the
// story; pins are kept in order with the story and go with it.
func TestRelatedCandidatesAndPins(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "related@example.com", user.Editor)
		news := mkSection(t, s, 0, "news", 0)
		a := save(t, s, art{headline: "Flood", section: news, status: article.Published, by: u.ID, tags: []string{"Rivers", "Weather"}})
		b := save(t, s, art{headline: "Dam", section: news, status: article.Published, by: u.ID, tags: []string{"Rivers"}})
		c := save(t, s, art{headline: "Sun", section: news, status: article.Published, by: u.ID, tags: []string{"Weather"}})
		save(t, s, art{headline: "Draft", section: news, status: article.Draft, by: u.ID, tags: []string{"Rivers"}})
		save(t, s, art{headline: "Other", section: news, status: article.Published, by: u.ID, tags: []string{"Markets"}})
		full, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		cands, uses, err := s.RelatedCandidates(ctx, full)
		if err != nil {
			t.Fatal(err)
		}
		if len(cands) != 2 || cands[0].ID+cands[1].ID != b.ID+c.ID || cands[0].ID == cands[1].ID {
			t.Errorf("candidates %+v", cands)
		}
		for _, x := range cands { // what ranking needs
			if x.Status != article.Published || x.SectionID != news || x.PublishedAt.IsZero() || len(x.Tags) != 1 || x.Tags[0].ID == 0 {
				t.Errorf("candidate %+v", x)
			}
		}
		if uses[full.Tags[0].ID] != 3 || uses[full.Tags[1].ID] != 2 { // Rivers: a, b, the draft; Weather: a, c
			t.Errorf("uses %v", uses)
		}
		full.Related = []int64{c.ID, b.ID}
		if err := s.SaveArticle(ctx, full, article.Input{Tags: full.TagNames(), Related: []int64{c.ID, b.ID}}, article.Revision{UserID: u.ID, CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		got, err := s.Article(ctx, a.ID)
		if err != nil || len(got.Related) != 2 || got.Related[0] != c.ID || got.Related[1] != b.ID {
			t.Fatalf("pins %v, %v", got.Related, err)
		}
		if err := s.DeleteArticle(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Article(ctx, a.ID); len(got.Related) != 1 || got.Related[0] != b.ID {
			t.Errorf("pins after a deletion: %v", got.Related)
		}
	})
}
