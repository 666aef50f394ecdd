// Package author owns the public profiles that sign articles. It must not import
// store or web.
package author

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/richtext"
	"broadsheet/internal/slug"
)

// ErrNotFound is returned when no author matches.
var ErrNotFound = fmt.Errorf("author: %w", apperr.NotFound)

// Author is a byline.
type Author struct {
	ID           int64
	Slug         string
	Name         string
	Bio          string
	PhotoMediaID int64
	PhotoURL     string // filled by the store from the media row, with
	PhotoVersion string // the version of its variants and its size
	PhotoWidth   int
	PhotoHeight  int
	Links        []string
}

// URL is the author's page.
func (a Author) URL() string { return "/author/" + a.Slug }

// Validate checks and normalises an author.
func (a *Author) Validate() error {
	v := &apperr.Validation{}
	a.Name = strings.TrimSpace(a.Name)
	a.Bio = strings.TrimSpace(a.Bio)
	a.Slug = strings.TrimSpace(a.Slug)
	if a.Slug == "" {
		a.Slug = slug.Make(a.Name)
	}
	if a.Name == "" {
		v.Add("name", "Enter a name.")
	} else if utf8.RuneCountInString(a.Name) > 100 {
		v.Add("name", "Use at most 100 characters.")
	}
	if !slug.Valid(a.Slug) {
		v.Add("slug", "Use lower-case letters, digits and hyphens.")
	}
	if utf8.RuneCountInString(a.Bio) > 2000 {
		v.Add("bio", "Use at most 2000 characters.")
	}
	var links []string
	for _, l := range a.Links {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		h, ok := richtext.SafeHref(l)
		if !ok || !strings.HasPrefix(h, "http") {
			v.Add("links", fmt.Sprintf("%q is not an http(s) address.", l))
			continue
		}
		links = append(links, h)
	}
	if len(links) > 10 {
		v.Add("links", "Use at most 10 links.")
	}
	a.Links = links
	return v.Err()
}

// Create makes a profile named name with a free slug (name, name-2, ...)
// through save, and returns its id; 0 when the name makes no slug. A
// journalist needs a byline: `broadsheet user add` and the newsroom's user
// form give one this way.
func Create(ctx context.Context, save func(context.Context, *Author) error, name string) (int64, error) {
	base := slug.Make(name)
	if base == "" {
		return 0, nil
	}
	for i := 1; i <= 50; i++ {
		a := Author{Name: name, Slug: base}
		if i > 1 {
			a.Slug = fmt.Sprintf("%s-%d", base, i)
		}
		if err := a.Validate(); err != nil {
			return 0, nil
		}
		err := save(ctx, &a)
		if err == nil {
			return a.ID, nil
		}
		if _, taken := apperr.AsValidation(err); !taken {
			return 0, err
		}
	}
	return 0, nil
}
