// Package tag owns article topics. It must not import store or web.
package tag

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/slug"
)

// ErrNotFound is returned when no tag matches.
var ErrNotFound = fmt.Errorf("tag: %w", apperr.NotFound)

// Tag is a topic.
type Tag struct {
	ID    int64
	Slug  string
	Name  string
	Count int // published articles, where counted
}

// URL is the tag's page.
func (t Tag) URL() string { return "/tag/" + t.Slug }

// MaxPerArticle limits the tags of one article.
const MaxPerArticle = 20

// ParseNames splits a comma-separated list into clean, unique tag names.
func ParseNames(s string) ([]string, error) {
	return CleanNames(strings.Split(s, ","))
}

// CleanNames trims, de-duplicates and checks tag names.
func CleanNames(in []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, n := range in {
		n = strings.Join(strings.Fields(n), " ")
		if n == "" {
			continue
		}
		if utf8.RuneCountInString(n) > 60 {
			return nil, apperr.FieldError("tags", "Each tag may have at most 60 characters.")
		}
		s := slug.Make(n)
		if s == "" {
			return nil, apperr.FieldError("tags", fmt.Sprintf("%q needs at least one letter or digit.", n))
		}
		if seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, n)
	}
	if len(out) > MaxPerArticle {
		return nil, apperr.FieldError("tags", fmt.Sprintf("Use at most %d tags.", MaxPerArticle))
	}
	return out, nil
}
