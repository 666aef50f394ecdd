package store_test

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/store"
	"broadsheet/internal/user"
)

// t0 is a fixed moment the fixtures count from; stored times keep microseconds.
var t0 = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)

func doc(text string) richtext.Doc {
	return richtext.Doc{Blocks: []richtext.Block{{Type: richtext.Paragraph, Inlines: []richtext.Inline{{Text: text}}}}}
}

func mkUser(t *testing.T, s *store.Store, email string, role user.Role) user.User {
	t.Helper()
	u := user.User{Email: email, Name: "User " + email, Role: role, PasswordHash: "hash-of-" + email}
	if err := s.CreateUser(context.Background(), &u); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func mkSection(t *testing.T, s *store.Store, parent int64, sl string, pos int) int64 {
	t.Helper()
	id, err := s.SaveSection(context.Background(), 0, section.Input{Name: "Section " + sl, Slug: sl, ParentID: parent, Position: pos})
	if err != nil {
		t.Fatalf("save section %s: %v", sl, err)
	}
	return id
}

func mkAuthor(t *testing.T, s *store.Store, sl string) author.Author {
	t.Helper()
	a := author.Author{Slug: sl, Name: "Author " + sl}
	if err := s.SaveAuthor(context.Background(), &a); err != nil {
		t.Fatalf("save author %s: %v", sl, err)
	}
	return a
}

// art describes an article saved straight through the store, as the service would.
type art struct {
	headline, standfirst, body, slug string
	section                          int64
	status                           article.Status
	at                               time.Time // creation, and publication when published
	tags                             []string
	authors                          []int64
	by                               int64
}

func save(t *testing.T, s *store.Store, x art) *article.Article {
	t.Helper()
	if x.status == "" {
		x.status = article.Draft
	}
	if x.at.IsZero() {
		x.at = t0
	}
	if x.slug == "" {
		x.slug = "story-" + nextNumber()
	}
	a := &article.Article{Headline: x.headline, Standfirst: x.standfirst, Slug: x.slug, SectionID: x.section,
		Body: doc(x.body), Status: x.status, CreatedAt: x.at, UpdatedAt: x.at, CreatedBy: x.by}
	if x.status == article.Published {
		a.PublishedAt = x.at
	}
	in := article.Input{Tags: x.tags, AuthorIDs: x.authors}
	rev := article.Revision{UserID: x.by, CreatedAt: x.at}
	if err := s.SaveArticle(context.Background(), a, in, rev, ""); err != nil {
		t.Fatalf("save article %q: %v", x.headline, err)
	}
	return a
}

// fixtures numbers the slugs of articles saved without one.
var fixtures atomic.Int64

func nextNumber() string { return strconv.FormatInt(fixtures.Add(1), 10) }

func wantKind(t *testing.T, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v; want %v", err, kind)
	}
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	v, ok := apperr.AsValidation(err)
	if !ok {
		t.Fatalf("error %v; want a field error on %q", err, field)
	}
	if _, ok := v.Fields[field]; !ok {
		t.Fatalf("field errors %v; want one on %q", v.Fields, field)
	}
}

func ids(as []*article.Article) []int64 {
	out := make([]int64, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}
