package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/media"
	"broadsheet/internal/section"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/tag"
)

func TestSections(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		news := mkSection(t, s, 0, "news", 1)
		sport := mkSection(t, s, 0, "sport", 0)
		local := mkSection(t, s, news, "local", 1)
		world := mkSection(t, s, news, "world", 0)
		football := mkSection(t, s, sport, "football", 0)

		rows, err := s.Sections(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range rows {
			got = append(got, r.ID)
		}
		// Position first, then id for equal positions.
		if want := []int64{sport, world, football, news, local}; !slices.Equal(got, want) {
			t.Errorf("sections in order %v; want %v", got, want)
		}
		tree := section.NewTree(rows)
		var paths []string
		for _, sc := range tree.All() {
			paths = append(paths, sc.Path)
		}
		if want := []string{"sport", "sport/football", "news", "news/world", "news/local"}; !slices.Equal(paths, want) {
			t.Errorf("tree %v; want %v", paths, want)
		}
		w := tree.ByID[world]
		if w.Name != "Section world" || w.ParentID != news || w.Position != 0 {
			t.Errorf("world read back as %+v", *w)
		}

		// Sibling slugs are unique, at the top level too; cousins may share one.
		_, err = s.SaveSection(ctx, 0, section.Input{Name: "World again", Slug: "world", ParentID: news})
		wantField(t, err, "slug")
		_, err = s.SaveSection(ctx, 0, section.Input{Name: "News again", Slug: "news"})
		wantField(t, err, "slug")
		mkSection(t, s, sport, "world", 1)
		mkSection(t, s, 0, "world", 2)
		_, err = s.SaveSection(ctx, local, section.Input{Name: "Local", Slug: "world", ParentID: news})
		wantField(t, err, "slug")

		// An update keeps the id and changes the row.
		if id, err := s.SaveSection(ctx, local, section.Input{Name: "Local news", Slug: "local-news", ParentID: news, Description: "Near you", Position: 5}); err != nil || id != local {
			t.Fatalf("update: %d, %v", id, err)
		}
		rows, _ = s.Sections(ctx)
		tree = section.NewTree(rows)
		if l := tree.ByPath["news/local-news"]; l == nil || l.ID != local || l.Description != "Near you" || l.Position != 5 {
			t.Errorf("updated section: %+v", l)
		}

		// Only empty sections go.
		wantKind(t, s.DeleteSection(ctx, news), apperr.Conflict)
		save(t, s, art{headline: "Goal", section: football})
		wantKind(t, s.DeleteSection(ctx, football), apperr.Conflict)
		if err := s.DeleteSection(ctx, world); err != nil {
			t.Fatal(err)
		}
		rows, _ = s.Sections(ctx)
		if section.NewTree(rows).ByID[world] != nil {
			t.Error("deleted section is still listed")
		}
	})
}

func TestAuthors(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		photo := media.Media{Name: "ab12.jpg", Original: "me.jpg", MIME: "image/jpeg", Width: 10, Height: 10, Size: 99}
		if err := s.SaveMedia(ctx, &photo); err != nil {
			t.Fatal(err)
		}
		a := author.Author{Slug: "ada", Name: "Ada Obi", Bio: "Covers courts.", PhotoMediaID: photo.ID,
			Links: []string{"https://example.com/ada", "https://social.example/@ada"}}
		if err := s.SaveAuthor(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 {
			t.Fatal("SaveAuthor did not set the id")
		}
		b := mkAuthor(t, s, "bola")

		got, err := s.AuthorBySlug(ctx, "ada")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != a.ID || got.Name != a.Name || got.Bio != a.Bio || !slices.Equal(got.Links, a.Links) ||
			got.PhotoMediaID != photo.ID || got.PhotoURL != "/media/ab12.jpg" {
			t.Errorf("author read back as %+v", got)
		}
		if byID, err := s.Author(ctx, a.ID); err != nil || byID.Slug != "ada" {
			t.Errorf("Author(%d) = %+v, %v", a.ID, byID, err)
		}

		// Update: links replaced (also to none), photo removed.
		a.Links, a.PhotoMediaID, a.Name = nil, 0, "Ada Obi-Eze"
		if err := s.SaveAuthor(ctx, &a); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Author(ctx, a.ID)
		if len(got.Links) != 0 || got.PhotoURL != "" || got.Name != "Ada Obi-Eze" {
			t.Errorf("updated author %+v", got)
		}

		list, err := s.Authors(ctx)
		if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
			t.Errorf("Authors() = %+v, %v; want ada, bola by name", list, err)
		}

		dup := author.Author{Slug: "ada", Name: "Another Ada"}
		wantField(t, s.SaveAuthor(ctx, &dup), "slug")
		b.Slug = "ada"
		wantField(t, s.SaveAuthor(ctx, &b), "slug")

		_, err = s.AuthorBySlug(ctx, "nobody")
		wantKind(t, err, apperr.NotFound)
		_, err = s.Author(ctx, 9999)
		wantKind(t, err, author.ErrNotFound)

		if ok, err := s.AuthorsExist(ctx, []int64{a.ID, b.ID}); err != nil || !ok {
			t.Errorf("AuthorsExist(both) = %v, %v", ok, err)
		}
		if ok, err := s.AuthorsExist(ctx, []int64{a.ID, 9999}); err != nil || ok {
			t.Errorf("AuthorsExist(one unknown) = %v, %v", ok, err)
		}
		if ok, err := s.AuthorsExist(ctx, nil); err != nil || !ok {
			t.Errorf("AuthorsExist(none) = %v, %v", ok, err)
		}
	})
}

func TestTags(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sec := mkSection(t, s, 0, "news", 0)
		a1 := save(t, s, art{headline: "One", section: sec, status: article.Published, tags: []string{"Floods", "Lagos"}})
		save(t, s, art{headline: "Two", section: sec, status: article.Published, tags: []string{"Lagos"}})
		save(t, s, art{headline: "Three", section: sec, status: article.Draft, tags: []string{"Floods", "Budget"}})

		tags, err := s.Tags(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tg := range tags {
			got = append(got, fmt.Sprintf("%s:%d", tg.Slug, tg.Count))
		}
		// Drafts do not count; ties by name.
		if want := []string{"lagos:2", "floods:1", "budget:0"}; !slices.Equal(got, want) {
			t.Errorf("tags %v; want %v", got, want)
		}

		lagos, err := s.TagBySlug(ctx, "lagos")
		if err != nil || lagos.Name != "Lagos" {
			t.Fatalf("TagBySlug = %+v, %v", lagos, err)
		}
		if keep, err := s.RenameTag(ctx, lagos.ID, "Lagos State"); err != nil || keep != lagos.ID {
			t.Fatal(keep, err)
		}
		if tg, _ := s.TagBySlug(ctx, "lagos"); tg.Name != "Lagos State" {
			t.Errorf("renamed tag %+v; want the slug kept and the name changed", tg)
		}
		_, err = s.RenameTag(ctx, 9999, "x")
		wantKind(t, err, tag.ErrNotFound)

		// Renaming a tag to another tag's name merges them.
		budget, _ := s.TagBySlug(ctx, "budget")
		keep, err := s.RenameTag(ctx, budget.ID, "lagos state")
		if err != nil || keep != lagos.ID {
			t.Fatalf("merge kept %d, %v; want %d", keep, err, lagos.ID)
		}
		_, err = s.TagBySlug(ctx, "budget")
		wantKind(t, err, apperr.NotFound)

		floods, _ := s.TagBySlug(ctx, "floods")
		if err := s.DeleteTag(ctx, floods.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.TagBySlug(ctx, "floods")
		wantKind(t, err, apperr.NotFound)
		got1, err := s.Article(ctx, a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if names := got1.TagNames(); !slices.Equal(names, []string{"Lagos State"}) {
			t.Errorf("article tags after delete %v", names)
		}
	})
}

// TestRecentTags: the home page's topics come from the newest stories only,
// most used first; drafts and older stories do not count.
func TestRecentTags(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sec := mkSection(t, s, 0, "news", 1)
		for i := range 5 { // old stories, all about the budget
			save(t, s, art{headline: "Old", section: sec, status: article.Published, at: t0.Add(time.Duration(i) * time.Minute), tags: []string{"Budget"}})
		}
		save(t, s, art{headline: "Newer", section: sec, status: article.Published, at: t0.Add(time.Hour), tags: []string{"Floods", "Ports"}})
		save(t, s, art{headline: "Newest", section: sec, status: article.Published, at: t0.Add(2 * time.Hour), tags: []string{"Floods"}})
		save(t, s, art{headline: "Draft", section: sec, at: t0.Add(3 * time.Hour), tags: []string{"Secret", "Secret two"}})
		got, err := s.RecentTags(ctx, 2, 10)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tg := range got {
			names = append(names, fmt.Sprintf("%s:%d", tg.Name, tg.Count))
		}
		if strings.Join(names, " ") != "Floods:2 Ports:1" {
			t.Errorf("the two newest stories' tags: %v", names)
		}
		if got, _ := s.RecentTags(ctx, 100, 1); len(got) != 1 || got[0].Name != "Budget" {
			t.Errorf("the most used of all, limited to one: %v", got)
		}
	})
}
