package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/comment"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
)

// TestPurgeLog: each change records the page cache keys it touches in its
// own transaction, tells this process at once, and leaves a log that other
// processes read; changes no reader sees record nothing.
func TestPurgeLog(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var mu sync.Mutex
		var heard []store.Purge
		s.OnPurge(func(p store.Purge) { mu.Lock(); heard = append(heard, p); mu.Unlock() })
		last := func() []string {
			t.Helper()
			mu.Lock()
			defer mu.Unlock()
			if len(heard) == 0 {
				return nil
			}
			p := heard[len(heard)-1]
			heard = nil
			k := slices.Clone(p.Keys)
			slices.Sort(k)
			return k
		}
		start, err := s.LastPurge(ctx)
		if err != nil {
			t.Fatal(err)
		}
		news := mkSection(t, s, 0, "news", 1)
		if got := last(); !slices.Equal(got, []string{cachekey.All}) {
			t.Errorf("a new section: %v", got)
		}
		world := mkSection(t, s, news, "world", 1)
		last()
		au := mkAuthor(t, s, "reporter")
		last()

		draft := save(t, s, art{headline: "Draft", section: world, tags: []string{"Ports"}, authors: []int64{au.ID}})
		if got := last(); got != nil {
			t.Errorf("a draft saved: %v", got)
		}
		older := save(t, s, art{headline: "Older", section: news, status: article.Published, at: t0.Add(-time.Hour)})
		last()
		// Publishing the draft: the story, the lists it joins, its sitemap,
		// and the page of the story before it.
		draft.Status, draft.PublishedAt, draft.UpdatedAt = article.Published, t0, t0
		if err := s.SaveArticle(ctx, draft, article.Input{Tags: []string{"Ports"}, AuthorIDs: []int64{au.ID}}, article.Revision{CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		ports, err := s.TagBySlug(ctx, "ports")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{cachekey.Article(draft.ID), cachekey.AuthorList(au.ID), cachekey.Latest, cachekey.SectionList(world),
			cachekey.Sitemap(draft.ID), cachekey.Story(older.ID), cachekey.TagList(ports.ID)}
		slices.Sort(want)
		if got := last(); !slices.Equal(got, want) {
			t.Errorf("publishing:\n%v\nwant\n%v", got, want)
		}
		// Moved to another section and retagged while published: both
		// sections' and both tags' lists.
		draft.SectionID = news
		if err := s.SaveArticle(ctx, draft, article.Input{Tags: []string{"Harbours"}, AuthorIDs: []int64{au.ID}}, article.Revision{CreatedAt: t0}, ""); err != nil {
			t.Fatal(err)
		}
		got := last()
		harbours, _ := s.TagBySlug(ctx, "harbours")
		for _, k := range []string{cachekey.SectionList(world), cachekey.SectionList(news), cachekey.TagList(ports.ID), cachekey.TagList(harbours.ID)} {
			if !slices.Contains(got, k) {
				t.Errorf("moving and retagging: %v lacks %s", got, k)
			}
		}
		// Comments: only approved ones show.
		c := comment.Comment{ArticleID: draft.ID, Name: "A reader", Body: "Held", BodyHash: "x", Status: comment.Pending, CreatedAt: t0}
		if err := s.CreateComment(ctx, &c); err != nil {
			t.Fatal(err)
		}
		if got := last(); got != nil {
			t.Errorf("a held comment: %v", got)
		}
		if _, err := s.ModerateComments(ctx, []int64{c.ID}, comment.Approved, 0, t0); err != nil {
			t.Fatal(err)
		}
		if got := last(); !slices.Equal(got, []string{cachekey.Comments(draft.ID)}) {
			t.Errorf("approving a comment: %v", got)
		}
		st, err := s.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.SiteName = "Another name"
		if err := s.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		if got := last(); !slices.Equal(got, []string{cachekey.All}) {
			t.Errorf("settings: %v", got)
		}
		if err := s.DeleteArticle(ctx, draft.ID); err != nil {
			t.Fatal(err)
		}
		if got := last(); !slices.Contains(got, cachekey.Article(draft.ID)) || !slices.Contains(got, cachekey.SectionList(news)) {
			t.Errorf("deleting a published story: %v", got)
		}
		// A change that fails records nothing.
		if err := s.DeleteArticle(ctx, draft.ID); err == nil {
			t.Fatal("deleted twice")
		}
		if got := last(); got != nil {
			t.Errorf("a failed change: %v", got)
		}

		// The log, as another process reads it.
		log, err := s.Purges(ctx, start, time.Now().Add(time.Hour), 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) < 8 {
			t.Fatalf("%d entries after %d", len(log), start)
		}
		for i, p := range log {
			if p.ID <= start || (i > 0 && p.ID <= log[i-1].ID) || len(p.Keys) == 0 {
				t.Fatalf("entry %d: %+v", i, p)
			}
		}
		top, err := s.LastPurge(ctx)
		if err != nil || top != log[len(log)-1].ID {
			t.Errorf("LastPurge %d, %v; the log ends at %d", top, err, log[len(log)-1].ID)
		}
		// Read again from the top, the recent entries come back (a
		// transaction with an earlier id may have committed late).
		again, err := s.Purges(ctx, top, time.Now().Add(-time.Minute), 100)
		if err != nil || len(again) < len(log) {
			t.Errorf("the last minute read again: %d entries, %v", len(again), err)
		}
		if err := s.PrunePurges(ctx, time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if rest, err := s.Purges(ctx, start, time.Now().Add(-time.Minute), 100); err != nil || len(rest) != 0 {
			t.Errorf("after pruning: %d entries, %v", len(rest), err)
		}
		// Ids are never given twice, even after a sweep.
		mkSection(t, s, 0, "sport", 2)
		if p := last(); p == nil {
			t.Fatal("no purge for a new section")
		}
		if after, _ := s.LastPurge(ctx); after <= top {
			t.Errorf("an id was given again after the sweep: %d <= %d", after, top)
		}
	})
}

// TestListenPurges: on PostgreSQL a purge wakes a listener as its
// transaction commits; on SQLite listening returns at once (polling it is).
func TestListenPurges(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		woke := make(chan struct{}, 10)
		done := make(chan error, 1)
		go func() { done <- s.ListenPurges(ctx, func() { woke <- struct{}{} }) }()
		if s.Engine() == "sqlite" {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			return
		}
		select { // the first wake: whatever was recorded before it listened
		case <-woke:
		case <-time.After(5 * time.Second):
			t.Fatal("the listener did not start")
		}
		mkSection(t, s, 0, "news", 1)
		select {
		case <-woke:
		case <-time.After(2 * time.Second):
			t.Fatal("a purge did not wake the listener")
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}
