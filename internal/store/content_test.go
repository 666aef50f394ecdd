package store_test

import (
	"broadsheet/internal/audit"
	"context"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/media"
	"broadsheet/internal/page"
	"broadsheet/internal/setting"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
)

func TestPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		before := time.Now().UTC().Add(-time.Second)
		about := page.Page{Slug: "about", Title: "About us", Body: doc("We report.")}
		if err := s.SavePage(ctx, &about); err != nil {
			t.Fatal(err)
		}
		if about.ID == 0 || about.UpdatedAt.Before(before) {
			t.Fatalf("SavePage left %+v", about)
		}
		contact := page.Page{Slug: "contact", Title: "Contact", Body: doc("Write to us.")}
		if err := s.SavePage(ctx, &contact); err != nil {
			t.Fatal(err)
		}

		got, err := s.PageBySlug(ctx, "about")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != about.ID || got.Title != "About us" || got.Body.Text() != "We report." || !got.UpdatedAt.Equal(about.UpdatedAt.Truncate(time.Microsecond)) {
			t.Errorf("page read back as %+v; saved %+v", got, about)
		}
		if byID, err := s.Page(ctx, contact.ID); err != nil || byID.Slug != "contact" {
			t.Errorf("Page(%d) = %+v, %v", contact.ID, byID, err)
		}

		about.Title, about.Slug, about.Body = "Who we are", "who-we-are", doc("Still reporting.")
		if err := s.SavePage(ctx, &about); err != nil {
			t.Fatal(err)
		}
		if got, err := s.PageBySlug(ctx, "who-we-are"); err != nil || got.ID != about.ID || got.Body.Text() != "Still reporting." {
			t.Errorf("updated page %+v, %v", got, err)
		}
		_, err = s.PageBySlug(ctx, "about")
		wantKind(t, err, page.ErrNotFound)

		list, err := s.Pages(ctx)
		if err != nil || len(list) != 2 || list[0].ID != contact.ID || list[1].ID != about.ID {
			t.Errorf("Pages() = %+v, %v; want by title", list, err)
		}

		dup := page.Page{Slug: "contact", Title: "Contact again"}
		wantField(t, s.SavePage(ctx, &dup), "slug")
		about.Slug = "contact"
		wantField(t, s.SavePage(ctx, &about), "slug")

		if err := s.DeletePage(ctx, contact.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.Page(ctx, contact.ID)
		wantKind(t, err, apperr.NotFound)
	})
}

func TestMedia(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "photo@example.com", "author")
		var saved []media.Media
		for i, name := range []string{"a1.jpg", "b2.png", "c3.webp"} {
			m := media.Media{Name: name, Original: "IMG_" + name, MIME: "image/jpeg", Width: 100 * (i + 1), Height: 50, Size: int64(1000 + i),
				Alt: "alt " + name, Caption: "caption", Credit: "credit", UploadedBy: u.ID, Source: "Wire", Rights: "Once only",
				Hash: "h" + name, Version: "v" + name, FocalX: 100 * i, FocalY: 900}
			if err := s.SaveMedia(ctx, &m); err != nil {
				t.Fatal(err)
			}
			saved = append(saved, m)
		}
		got, err := s.Media(ctx, saved[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		want := saved[1]
		want.CreatedAt = want.CreatedAt.Truncate(time.Microsecond)
		if got != want {
			t.Errorf("media read back as %+v; want %+v", got, want)
		}

		list, err := s.MediaList(ctx, 2, 0)
		if err != nil || len(list) != 2 || list[0].ID != saved[2].ID || list[1].ID != saved[1].ID {
			t.Errorf("MediaList(2, 0) = %+v, %v; want newest first", list, err)
		}
		list, err = s.MediaList(ctx, 2, 2)
		if err != nil || len(list) != 1 || list[0].ID != saved[0].ID {
			t.Errorf("MediaList(2, 2) = %+v, %v", list, err)
		}

		texts := saved[0]
		texts.Alt, texts.Caption, texts.Credit = "new alt", "new caption", "new credit"
		if ok, err := s.UpdateMediaDetails(ctx, texts, saved[0].Hash); err != nil || !ok {
			t.Fatal(ok, err)
		}
		got, _ = s.Media(ctx, saved[0].ID)
		if got.Alt != "new alt" || got.Caption != "new caption" || got.Credit != "new credit" || got.Name != "a1.jpg" {
			t.Errorf("after UpdateMediaDetails: %+v", got)
		}

		dup := media.Media{Name: "a1.jpg", Original: "x", MIME: "image/jpeg", Width: 1, Height: 1, Size: 1}
		if err := s.SaveMedia(ctx, &dup); err == nil {
			t.Error("saved two media items with the same file name")
		}
		_, err = s.Media(ctx, 9999)
		wantKind(t, err, media.ErrNotFound)

		// Details, a focal point and a replaced file, each only over the
		// item as it was read.
		m := saved[1]
		before := m
		m.Alt, m.Caption, m.Credit, m.Source, m.Rights, m.FocalX, m.FocalY, m.Version = "a", "c", "cr", "Agency", "Until May", 120, 340, "v2"
		if ok, err := s.UpdateMediaDetails(ctx, m, "another hash"); err != nil || ok {
			t.Fatalf("details over another file: %v %v", ok, err)
		}
		if ok, err := s.UpdateMediaDetails(ctx, m, before.Hash); err != nil || !ok {
			t.Fatalf("details: %v %v", ok, err)
		}
		if ok, err := s.ReplaceMediaFile(ctx, before, m); err != nil || ok {
			t.Fatalf("a replacement over a changed item: %v %v", ok, err)
		}
		replaced := m
		replaced.Original, replaced.Width, replaced.Height, replaced.Size, replaced.Hash, replaced.Version = "new.png", 640, 480, 77, "h2", "v3"
		if ok, err := s.ReplaceMediaFile(ctx, m, replaced); err != nil || !ok {
			t.Fatalf("replace: %v %v", ok, err)
		}
		if ok, err := s.SetMediaVersion(ctx, m, media.Media{Hash: "h9", Version: "v9"}); err != nil || ok {
			t.Fatalf("a job's version over a replaced file: %v %v", ok, err)
		}
		found := replaced
		found.Width, found.Height = 641, 481
		if ok, err := s.SetMediaVersion(ctx, replaced, found); err != nil || !ok {
			t.Fatalf("a job's version: %v %v", ok, err)
		}
		m = found
		got, err = s.MediaByName(ctx, "b2.png")
		m.CreatedAt = m.CreatedAt.Truncate(time.Microsecond)
		if err != nil || got != m {
			t.Errorf("MediaByName = %+v, %v; want %+v", got, err, m)
		}
		_, err = s.MediaByName(ctx, "nothing.jpg")
		wantKind(t, err, media.ErrNotFound)
		pics, err := s.PicturesNamed(ctx, []string{"b2.png", "c3.webp", "gone.jpg"})
		if err != nil || len(pics) != 2 || pics["b2.png"] != (media.Picture{Name: "b2.png", Version: "v3", Width: 641, Height: 481}) {
			t.Errorf("PicturesNamed = %+v, %v", pics, err)
		}
		if after, err := s.MediaAfter(ctx, saved[0].ID, 10); err != nil || len(after) != 2 || after[0].ID != saved[1].ID {
			t.Errorf("MediaAfter = %+v, %v", after, err)
		}

		// The library's filters: words, uploader, kind and dates.
		other := mkUser(t, s, "other@example.com", "author")
		doc := media.Media{Name: "d4.pdf", Original: "budget.pdf", MIME: media.PDF, Size: 10, UploadedBy: other.ID}
		if err := s.SaveMedia(ctx, &doc); err != nil {
			t.Fatal(err)
		}
		count := func(f media.Filter) int {
			t.Helper()
			list, err := s.SearchMedia(ctx, f, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		day := time.Now().UTC().Truncate(24 * time.Hour)
		for _, c := range []struct {
			f    media.Filter
			want int
		}{
			{media.Filter{}, 4},
			{media.Filter{Text: "BUDGET"}, 1},
			{media.Filter{Text: "100%_"}, 0},
			{media.Filter{UploadedBy: other.ID}, 1},
			{media.Filter{Kind: "pictures"}, 3},
			{media.Filter{Kind: "documents", UploadedBy: u.ID}, 0},
			{media.Filter{From: day}, 4},
			{media.Filter{Before: day}, 0},
			{media.Filter{From: day.AddDate(0, 0, 1)}, 0},
		} {
			if got := count(c.f); got != c.want {
				t.Errorf("SearchMedia(%+v) found %d; want %d", c.f, got, c.want)
			}
		}
		ups, err := s.MediaUploaders(ctx)
		if err != nil || len(ups) != 2 {
			t.Errorf("MediaUploaders = %+v, %v", ups, err)
		}
	})
}

func TestSettings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		got, err := s.Settings(ctx)
		if err != nil || got != setting.Default() {
			t.Fatalf("Settings() on a new site = %+v, %v; want the defaults", got, err)
		}

		want := setting.Settings{SiteName: "The Daily Lagos", Tagline: "All the news", LogoURL: "/media/logo.png", TimeZone: "Africa/Lagos", Language: "yo",
			Social: setting.Social{X: "https://x.com/daily", WhatsApp: "https://wa.me/123"},
			AdSlots: setting.AdSlots{Header: setting.AdSize{Width: 970, Height: 250}, Sidebar: setting.AdSize{Off: true, Width: 300, Height: 600},
				ArticleAfter: 2, ListEvery: 5, Hosts: "ads.example\n*.cdn.example"}}
		if err := s.SaveSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Settings(ctx); err != nil || got != want {
			t.Errorf("settings read back as %+v, %v; want %+v", got, err, want)
		}

		// Saving again replaces the whole set.
		want = setting.Default()
		want.SiteName = "Renamed"
		if err := s.SaveSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Settings(ctx); err != nil || got != want {
			t.Errorf("settings after a second save %+v, %v; want %+v", got, err, want)
		}
	})
}

func TestAudit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "audit@example.com", "admin")
		for _, e := range []audit.Entry{
			{UserID: u.ID, Action: "article.publish", Target: "article 1", Detail: "d", IP: "192.0.2.1"},
			{Action: "job.failed", Target: "job 2"},
			{UserID: u.ID, Action: "user.update", Target: "user 3"},
		} {
			if err := s.Audit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		log, err := s.AuditLog(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 2 || log[0].Action != "user.update" || log[1].Action != "job.failed" {
			t.Fatalf("AuditLog(2) = %+v; want the latest two, newest first", log)
		}
		if log[0].UserName != u.Name || log[0].UserID != u.ID || log[1].UserID != 0 || log[1].UserName != "" || log[0].At.IsZero() {
			t.Errorf("entries %+v", log)
		}
		all, _ := s.AuditLog(ctx, 10)
		if len(all) != 3 || all[2].IP != "192.0.2.1" || all[2].Detail != "d" || all[2].Target != "article 1" {
			t.Errorf("AuditLog(10) = %+v", all)
		}
	})
}
