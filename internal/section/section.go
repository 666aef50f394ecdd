// Package section owns the tree of sections and subsections that makes the menus
// and the first segments of article URLs. It must not import store or web.
package section

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/slug"
)

// ErrNotFound is returned when no section matches.
var ErrNotFound = fmt.Errorf("section: %w", apperr.NotFound)

// Reserved are the first path segments the application owns; no section or
// static page may take them.
var Reserved = map[string]bool{
	"newsroom": true, "api": true, "static": true, "media": true, "search": true, "feed": true,
	"feeds": true, "tag": true, "tags": true, "author": true, "authors": true, "healthz": true,
	"alerts": true, "tips": true, "page": true, "pages": true, "comments": true, "account": true,
	"login": true, "logout": true, "signup": true, "sitemap.xml": true, "robots.txt": true,
	"favicon.ico": true, "rss": true, "amp": true, "wp-admin": true, "wp-content": true,
	"wp-login.php": true, "wp-json": true, "embed": true, "preview": true, "archive": true,
}

// Section is one node of the tree.
type Section struct {
	ID          int64
	ParentID    int64 // 0 for a top-level section
	Slug        string
	Name        string
	Description string
	Position    int
	Path        string     // slug path from the root, e.g. "news/world"; filled by Tree
	Children    []*Section // filled by Tree
	Parent      *Section   // filled by Tree
}

// URL is the section's page.
func (s *Section) URL() string { return "/" + s.Path }

// Trail lists the section and its ancestors from the root down.
func (s *Section) Trail() []*Section {
	var t []*Section
	for x := s; x != nil; x = x.Parent {
		t = append([]*Section{x}, t...)
	}
	return t
}

// Root returns the top-level ancestor.
func (s *Section) Root() *Section {
	x := s
	for x.Parent != nil {
		x = x.Parent
	}
	return x
}

// Subtree lists the ids of the section and all below it.
func (s *Section) Subtree() []int64 {
	ids := []int64{s.ID}
	for _, c := range s.Children {
		ids = append(ids, c.Subtree()...)
	}
	return ids
}

// Tree is the whole section tree, indexed.
type Tree struct {
	Roots  []*Section
	ByID   map[int64]*Section
	ByPath map[string]*Section
}

// NewTree links flat rows (ordered by position) into a tree.
func NewTree(rows []Section) *Tree {
	t := &Tree{ByID: map[int64]*Section{}, ByPath: map[string]*Section{}}
	for i := range rows {
		s := rows[i]
		s.Children, s.Parent = nil, nil
		t.ByID[s.ID] = &s
	}
	for i := range rows {
		s := t.ByID[rows[i].ID]
		if p, ok := t.ByID[s.ParentID]; ok && s.ParentID != s.ID {
			s.Parent = p
			p.Children = append(p.Children, s)
		} else {
			t.Roots = append(t.Roots, s)
		}
	}
	var walk func(s *Section, prefix string, depth int)
	walk = func(s *Section, prefix string, depth int) {
		if depth > 8 {
			return
		}
		s.Path = prefix + s.Slug
		t.ByPath[s.Path] = s
		for _, c := range s.Children {
			walk(c, s.Path+"/", depth+1)
		}
	}
	for _, r := range t.Roots {
		walk(r, "", 0)
	}
	return t
}

// All lists every section depth-first in menu order.
func (t *Tree) All() []*Section {
	var out []*Section
	var walk func([]*Section)
	walk = func(ss []*Section) {
		for _, s := range ss {
			out = append(out, s)
			walk(s.Children)
		}
	}
	walk(t.Roots)
	return out
}

// Input is a new or changed section.
type Input struct {
	Name, Slug, Description string
	ParentID                int64
	Position                int
}

// Validate checks an input against the tree; id is the section being changed (0 if new).
func (in *Input) Validate(t *Tree, id int64) error {
	v := &apperr.Validation{}
	in.Name = strings.TrimSpace(in.Name)
	in.Slug = strings.TrimSpace(in.Slug)
	in.Description = strings.TrimSpace(in.Description)
	if in.Slug == "" {
		in.Slug = slug.Make(in.Name)
	}
	switch {
	case in.Name == "":
		v.Add("name", "Enter a name.")
	case utf8.RuneCountInString(in.Name) > 80:
		v.Add("name", "Use at most 80 characters.")
	}
	if utf8.RuneCountInString(in.Description) > 500 {
		v.Add("description", "Use at most 500 characters.")
	}
	switch {
	case !slug.Valid(in.Slug):
		v.Add("slug", "Use lower-case letters, digits and hyphens, such as world-news.")
	case in.ParentID == 0 && Reserved[in.Slug]:
		v.Add("slug", fmt.Sprintf("%q is reserved by the site; choose another.", in.Slug))
	}
	if in.ParentID != 0 {
		p, ok := t.ByID[in.ParentID]
		if !ok {
			v.Add("parent", "Choose an existing parent section.")
		} else if id != 0 {
			for x := p; x != nil; x = x.Parent {
				if x.ID == id {
					v.Add("parent", "A section cannot be placed under itself.")
					break
				}
			}
		}
	}
	for _, s := range t.ByID {
		if s.ID != id && s.ParentID == in.ParentID && s.Slug == in.Slug {
			v.Add("slug", "Another section here already uses this slug.")
		}
	}
	return v.Err()
}
