package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
)

// TestArticleService runs the newsroom workflow through article.Service on the
// real store: who may write, publish and edit what, scheduling and redirects.
func TestArticleService(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := t0
		svc := &article.Service{Store: s, Jobs: s, Now: func() time.Time { return now }}

		news := mkSection(t, s, 0, "news", 0)
		world := mkSection(t, s, news, "world", 0)
		byline := mkAuthor(t, s, "cara")
		contributor := mkUser(t, s, "contrib@example.com", user.Contributor)
		contributor.AuthorID = byline.ID
		if err := s.UpdateUser(ctx, contributor); err != nil {
			t.Fatal(err)
		}
		writer := mkUser(t, s, "author@example.com", user.Author)
		editor := mkUser(t, s, "editor@example.com", user.Editor)

		// A contributor writes a draft; their author profile signs it.
		draft, err := svc.Create(ctx, contributor, article.Input{Headline: "Markets rally", SectionID: news, Body: doc("Shares rose."), Tags: []string{"Markets"}})
		if err != nil {
			t.Fatal(err)
		}
		if draft.Status != article.Draft || draft.Slug != "markets-rally" || draft.CreatedBy != contributor.ID ||
			len(draft.Authors) != 1 || draft.Authors[0].ID != byline.ID || draft.TagNames()[0] != "Markets" {
			t.Errorf("created %+v", draft)
		}

		// ... may not publish it, but may submit it.
		_, err = svc.Update(ctx, contributor, draft.ID, withStatus(draft, article.Published), false)
		wantKind(t, err, apperr.Forbidden)
		_, err = svc.Create(ctx, contributor, article.Input{Headline: "Straight out", SectionID: news, Body: doc("x"), Status: article.Published})
		wantKind(t, err, apperr.Forbidden)
		sub, err := svc.Update(ctx, contributor, draft.ID, withStatus(draft, article.Submitted), false)
		if err != nil || sub.Status != article.Submitted {
			t.Fatalf("submit: %+v, %v", sub, err)
		}
		if got, _ := s.Article(ctx, draft.ID); got.Status != article.Submitted {
			t.Errorf("stored status %q; want submitted", got.Status)
		}

		// An author publishes their own article, not someone else's.
		now = t0.Add(time.Hour)
		_, err = svc.Create(ctx, writer, article.Input{Headline: "Own scoop", SectionID: world, Body: doc("Exclusive."), Status: article.Published})
		wantField(t, err, "authors") // a writer without a profile names the byline
		own, err := svc.Create(ctx, writer, article.Input{Headline: "Own scoop", SectionID: world, Body: doc("Exclusive."), Status: article.Published,
			AuthorIDs: []int64{byline.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if own.Status != article.Published || !own.PublishedAt.Equal(now) {
			t.Errorf("published %+v", own)
		}
		_, err = svc.Update(ctx, writer, draft.ID, withStatus(sub, article.Published), false)
		wantKind(t, err, apperr.Forbidden)

		// An editor edits and publishes anyone's; then the contributor may no
		// longer change it.
		now = t0.Add(2 * time.Hour)
		in := withStatus(sub, article.Published)
		in.Headline = "Markets rally strongly"
		pub, err := svc.Update(ctx, editor, draft.ID, in, false)
		if err != nil {
			t.Fatal(err)
		}
		if pub.Status != article.Published || pub.Headline != "Markets rally strongly" || !pub.PublishedAt.Equal(now) || pub.CreatedBy != contributor.ID {
			t.Errorf("editor's update: %+v", pub)
		}
		_, err = svc.Update(ctx, contributor, draft.ID, article.FromArticle(pub), false)
		wantKind(t, err, apperr.Forbidden)

		// A published article whose slug changes leaves a redirect at its old address.
		now = t0.Add(3 * time.Hour)
		in = article.FromArticle(own)
		in.Slug = "own-scoop-updated"
		moved, err := svc.Update(ctx, writer, own.ID, in, false)
		if err != nil {
			t.Fatal(err)
		}
		if moved.Slug != "own-scoop-updated" || !moved.PublishedAt.Equal(own.PublishedAt) || !moved.UpdatedAt.Equal(now) {
			t.Errorf("moved %+v", moved)
		}
		if aid, sid, err := s.Redirect(ctx, "/news/world/own-scoop"); err != nil || aid != own.ID || sid != 0 {
			t.Errorf("Redirect(old path) = %d, %d, %v; want article %d", aid, sid, err, own.ID)
		}
		if got, err := s.ArticleBySlug(ctx, world, "own-scoop-updated"); err != nil || got.ID != own.ID {
			t.Errorf("new address: %v", err)
		}
		// A draft never had an address: renaming it leaves none behind.
		d2, err := svc.Create(ctx, writer, article.Input{Headline: "Quiet draft", SectionID: news})
		if err != nil {
			t.Fatal(err)
		}
		in = article.FromArticle(d2)
		in.Slug = "renamed-draft"
		if _, err := svc.Update(ctx, writer, d2.ID, in, false); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Redirect(ctx, "/news/quiet-draft")
		wantKind(t, err, apperr.NotFound)

		// A typed slug that another article in the section has is a field error;
		// a slug made from the headline gets a free suffix instead.
		_, err = svc.Create(ctx, writer, article.Input{Headline: "Another scoop", Slug: "own-scoop-updated", SectionID: world})
		wantField(t, err, "slug")
		twin, err := svc.Create(ctx, writer, article.Input{Headline: "Own scoop updated", SectionID: world})
		if err != nil || twin.Slug != "own-scoop-updated-2" {
			t.Errorf("headline twin: %v, slug %q", err, twin.Slug)
		}

		revs, err := s.Revisions(ctx, draft.ID)
		if err != nil || len(revs) != 3 || revs[0].UserID != editor.ID || revs[0].Snapshot.Headline != "Markets rally strongly" {
			t.Errorf("revisions of the contributor's article: %+v, %v", revs, err)
		}
	})
}

// TestScheduledPublishing schedules an article, checks the queued job, and
// publishes it through PublishDue only when its time has come.
func TestScheduledPublishing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := t0
		svc := &article.Service{Store: s, Jobs: s, Now: func() time.Time { return now }}
		news := mkSection(t, s, 0, "news", 0)
		writer := mkUser(t, s, "sched@example.com", user.Author)
		contributor := mkUser(t, s, "c@example.com", user.Contributor)
		at := t0.Add(6 * time.Hour)

		_, err := svc.Create(ctx, contributor, article.Input{Headline: "Too soon", SectionID: news, Body: doc("x"), Status: article.Scheduled, PublishAt: at})
		wantKind(t, err, apperr.Forbidden)
		_, err = svc.Create(ctx, writer, article.Input{Headline: "In the past", SectionID: news, Body: doc("x"), Status: article.Scheduled, PublishAt: now.Add(-time.Minute)})
		wantField(t, err, "publish_at")

		a, err := svc.Create(ctx, writer, article.Input{Headline: "Election results", SectionID: news, Body: doc("Counting continues."),
			Status: article.Scheduled, PublishAt: at, AuthorIDs: []int64{mkAuthor(t, s, "sched").ID}})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != article.Scheduled || !a.PublishAt.Equal(at) || !a.PublishedAt.IsZero() {
			t.Fatalf("scheduled %+v", a)
		}
		listed, _ := s.Articles(ctx, article.Filter{Statuses: []article.Status{article.Published}})
		if len(listed) != 0 {
			t.Errorf("a scheduled article is listed as published: %v", ids(listed))
		}

		// The publishing job is queued for the scheduled time.
		if j, ok, err := s.ClaimJob(ctx, at.Add(-time.Second), time.Minute); err != nil || ok {
			t.Fatalf("claimed %+v, %v before the scheduled time", j, err)
		}
		j, ok, err := s.ClaimJob(ctx, at, time.Minute)
		if err != nil || !ok || j.Kind != article.JobPublish {
			t.Fatalf("job at the scheduled time: %+v, %v, %v", j, ok, err)
		}
		var p article.PublishPayload
		if err := json.Unmarshal([]byte(j.Payload), &p); err != nil || p.ArticleID != a.ID {
			t.Errorf("job payload %s (%v); want article %d", j.Payload, err, a.ID)
		}

		// Too early: nothing happens.
		now = at.Add(-time.Second)
		if err := svc.PublishDue(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Article(ctx, a.ID); got.Status != article.Scheduled {
			t.Fatalf("published early: %+v", got)
		}

		// Due: published, dated at the scheduled time.
		now = at.Add(3 * time.Second)
		if err := svc.PublishDue(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != article.Published || !got.PublishedAt.Equal(at) || !got.PublishAt.IsZero() || !got.UpdatedAt.Equal(now) || got.Headline != "Election results" {
			t.Errorf("after PublishDue: %+v", got)
		}
		listed, _ = s.Articles(ctx, article.Filter{Statuses: []article.Status{article.Published}})
		if len(listed) != 1 || listed[0].ID != a.ID {
			t.Errorf("published list %v; want the article", ids(listed))
		}
		if err := s.FinishJob(ctx, j.ID, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}

		// Running the job twice, or for an article that is gone, does nothing.
		now = at.Add(time.Hour)
		if err := svc.PublishDue(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.Article(ctx, a.ID); !again.UpdatedAt.Equal(got.UpdatedAt) {
			t.Errorf("a second PublishDue changed the article: %+v", again)
		}
		if err := svc.PublishDue(ctx, 99999); err != nil {
			t.Errorf("PublishDue(unknown) = %v; want nil", err)
		}

		// Unscheduled before its time: the job finds nothing to do.
		b, err := svc.Create(ctx, writer, article.Input{Headline: "Maybe later", SectionID: news, Body: doc("x"), Status: article.Scheduled, PublishAt: now.Add(time.Hour),
			AuthorIDs: []int64{a.Authors[0].ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Update(ctx, writer, b.ID, withStatus(b, article.Draft), false); err != nil {
			t.Fatal(err)
		}
		now = now.Add(2 * time.Hour)
		if err := svc.PublishDue(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Article(ctx, b.ID); err != nil || got.Status != article.Draft {
			t.Errorf("an unscheduled article: %+v, %v; want still a draft", got, err)
		}
	})
}

func withStatus(a *article.Article, st article.Status) article.Input {
	in := article.FromArticle(a)
	in.Status = st
	return in
}
