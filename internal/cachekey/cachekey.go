// Package cachekey names what a reader page shows, so that a change can say
// which cached pages it makes stale. A page is stored with the keys of what
// it shows; the store records, in the transaction of each change, the keys
// of what that change touched; the page cache marks the pages that share a
// key stale. The same keys go out as the Surrogate-Key header, so a CDN or
// Varnish in front can purge exactly the same pages (docs/caching.md).
//
// Keys are short ASCII words without spaces:
//
//	all        every page: settings, the section menu, static pages, the breaking-news bar
//	a{id}      a story: its own page, and every page that shows it (card, link, neighbour)
//	s{id}      a story's own page only (its previous and next links change with a new neighbour)
//	ls{id}     the list of stories in section id (a section page names every section in its subtree)
//	lall       the site's newest stories (home, the site's feeds, search results, news sitemap)
//	lt{id}     the list of stories with tag id; t{id} where the tag's name shows
//	lau{id}    the list of stories by author id; au{id} where the author's name or photo shows
//	m{name}    a library picture (its variants' names change when it is replaced)
//	sm{n}      the article sitemap n (stories n*50,000 to n*50,000+49,999 by number)
//	ads        a page with advertisement slots
//	c{id}      a story's comment thread
package cachekey

import "strconv"

// Fixed keys.
const (
	All    = "all"
	Latest = "lall"
	Ads    = "ads"
)

// SitemapSize is how many stories one article sitemap lists.
const SitemapSize = 50_000

// Article names a story wherever it shows.
func Article(id int64) string { return "a" + strconv.FormatInt(id, 10) }

// Story names a story's own page only.
func Story(id int64) string { return "s" + strconv.FormatInt(id, 10) }

// Comments names a story's comment thread.
func Comments(id int64) string { return "c" + strconv.FormatInt(id, 10) }

// SectionList names the list of a section's own stories.
func SectionList(id int64) string { return "ls" + strconv.FormatInt(id, 10) }

// Tag names a tag wherever its name shows.
func Tag(id int64) string { return "t" + strconv.FormatInt(id, 10) }

// TagList names the list of a tag's stories.
func TagList(id int64) string { return "lt" + strconv.FormatInt(id, 10) }

// Author names an author wherever the name or photo shows.
func Author(id int64) string { return "au" + strconv.FormatInt(id, 10) }

// AuthorList names the list of an author's stories.
func AuthorList(id int64) string { return "lau" + strconv.FormatInt(id, 10) }

// Media names a library picture.
func Media(name string) string { return "m" + name }

// Sitemap names the article sitemap that lists story id.
func Sitemap(id int64) string { return "sm" + strconv.FormatInt(id/SitemapSize, 10) }

// SitemapN names article sitemap n.
func SitemapN(n int64) string { return "sm" + strconv.FormatInt(n, 10) }
