// Package page owns static pages such as About, Contact, Advertise and Privacy.
// It must not import store or web.
package page

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/slug"
)

// ErrNotFound is returned when no page matches.
var ErrNotFound = fmt.Errorf("page: %w", apperr.NotFound)

// Page is a static page at /{slug}.
type Page struct {
	ID        int64
	Slug      string
	Title     string
	Body      richtext.Doc
	UpdatedAt time.Time
}

// URL is the page's address.
func (p Page) URL() string { return "/" + p.Slug }

// Validate checks a page; section slugs at the top level share its namespace.
func (p *Page) Validate(tree *section.Tree) error {
	v := &apperr.Validation{}
	p.Title = strings.TrimSpace(p.Title)
	p.Slug = strings.TrimSpace(p.Slug)
	if p.Slug == "" {
		p.Slug = slug.Make(p.Title)
	}
	if p.Title == "" {
		v.Add("title", "Enter a title.")
	} else if utf8.RuneCountInString(p.Title) > 200 {
		v.Add("title", "Use at most 200 characters.")
	}
	switch {
	case !slug.Valid(p.Slug):
		v.Add("slug", "Use lower-case letters, digits and hyphens.")
	case section.Reserved[p.Slug]:
		v.Add("slug", fmt.Sprintf("%q is reserved by the site; choose another.", p.Slug))
	case tree != nil && tree.ByPath[p.Slug] != nil:
		v.Add("slug", "A section already uses this address.")
	}
	return v.Err()
}
