package site

import (
	"context"
	"net/http"
	"strings"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/web/pagecache"
)

// cached is a reader page the page cache may keep: the handler's page is
// kept when it names what it shows (keep, showing) and answers 200.
func (s *Site) cached(h handler) http.Handler {
	if s.Cache == nil {
		return s.wrap(h)
	}
	return s.Cache.Handler(s.wrap(h))
}

// keep marks the page being rendered as one to cache, named by keys.
func keep(ctx context.Context, keys ...string) { pagecache.Keep(ctx, keys...) }

// showing names the stories a page shows, with their main pictures and
// their authors, so that a change to any of them refreshes the page.
func showing(ctx context.Context, as ...*article.Article) {
	keys := make([]string, 0, 3*len(as))
	for _, a := range as {
		if a == nil {
			continue
		}
		keys = append(keys, cachekey.Article(a.ID))
		if a.HeroURL != "" {
			keys = append(keys, cachekey.Media(strings.TrimPrefix(a.HeroURL, "/media/")))
		}
		for _, au := range a.Authors {
			keys = append(keys, cachekey.Author(au.ID))
		}
	}
	pagecache.Tag(ctx, keys...)
}

// cards names the stories a page shows as cards, which also show their
// comment counts.
func cards(ctx context.Context, as ...*article.Article) {
	showing(ctx, as...)
	for _, a := range as {
		if a != nil {
			pagecache.Tag(ctx, cachekey.Comments(a.ID))
		}
	}
}

// sectionLists names the story lists of sections (a section page shows its
// whole subtree's).
func sectionLists(ids []int64) []string {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = cachekey.SectionList(id)
	}
	return keys
}

// nextMidnight is when the date in the masthead changes.
func nextMidnight(now time.Time, loc *time.Location) time.Time {
	t := now.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
}
