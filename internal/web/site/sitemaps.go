package site

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/feed"
	"broadsheet/internal/section"
	"broadsheet/internal/web/pagecache"
)

// Sitemaps: /sitemap.xml is an index over /sitemaps/articles-N.xml (the
// stories with ids from (N-1)*50,000 to N*50,000: at most 50,000 each, and
// a file costs one range of the primary key, never an offset), /sitemaps/pages.xml (home, sections, tags,
// authors, static pages) and /sitemaps/news.xml (Google News: the stories of
// the last two days, at most 1,000).

// newsWindow is how far back the news sitemap reaches.
const newsWindow = 48 * time.Hour

func (s *Site) sitemapRoutes(mux *http.ServeMux) {
	mux.Handle("GET /sitemap.xml", s.cached(s.sitemapIndex))
	mux.Handle("GET /sitemaps/{name}", s.cached(s.sitemap))
}

func writeXML(w http.ResponseWriter, r *http.Request, body []byte, err error) error {
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=600")
	w.Header().Set("X-Robots-Tag", "noindex")
	_, err = w.Write(body)
	return err
}

func (s *Site) sitemapIndex(w http.ResponseWriter, r *http.Request) error {
	maxID, err := s.Store.MaxArticleID(r.Context())
	if err != nil {
		return err
	}
	keep(r.Context(), cachekey.Latest)
	maps := []feed.URL{{Loc: s.BaseURL + "/sitemaps/pages.xml"}, {Loc: s.BaseURL + "/sitemaps/news.xml"}}
	for i := 1; i == 1 || int64(i-1)*feed.MaxSitemapURLs <= maxID; i++ {
		maps = append(maps, feed.URL{Loc: fmt.Sprintf("%s/sitemaps/articles-%d.xml", s.BaseURL, i)})
	}
	body, err := feed.Index(maps)
	return writeXML(w, r, body, err)
}

func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name := r.PathValue("name")
	tree, err := s.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	var urls []feed.URL
	switch {
	case name == "pages.xml":
		keep(ctx, cachekey.Latest) // tags and authors with a published story
		urls = append(urls, feed.URL{Loc: s.BaseURL + "/"})
		var walk func([]*section.Section)
		walk = func(ss []*section.Section) {
			for _, sec := range ss {
				urls = append(urls, feed.URL{Loc: s.BaseURL + sec.URL()})
				walk(sec.Children)
			}
		}
		walk(tree.Roots)
		tags, authors, err := s.Store.PublishedTaxonomy(ctx)
		if err != nil {
			return err
		}
		for _, t := range tags {
			urls = append(urls, feed.URL{Loc: s.BaseURL + "/tag/" + t})
		}
		for _, a := range authors {
			urls = append(urls, feed.URL{Loc: s.BaseURL + "/author/" + a})
		}
		pages, err := s.Store.Pages(ctx)
		if err != nil {
			return err
		}
		for _, p := range pages {
			urls = append(urls, feed.URL{Loc: s.BaseURL + p.URL()})
		}
	case name == "news.xml":
		keep(ctx, cachekey.Latest)
		pagecache.Until(ctx, s.now().Add(time.Hour)) // stories leave the two days' window
		st, err := s.Store.Settings(ctx)
		if err != nil {
			return err
		}
		var as []*article.Article
		for off := 0; off < feed.MaxNewsURLs; off += 500 {
			page, err := s.Articles.List(ctx, tree, article.Filter{Statuses: published, From: s.now().Add(-newsWindow), Limit: 500, Offset: off})
			if err != nil {
				return err
			}
			as = append(as, page...)
			if len(page) < 500 {
				break
			}
		}
		for _, a := range as {
			if a.URL() == "" {
				continue
			}
			urls = append(urls, feed.URL{Loc: s.BaseURL + a.URL(), LastMod: a.UpdatedAt,
				News: &feed.News{Publication: st.SiteName, Language: newsLanguage(st.Lang()), Title: a.Headline, Published: a.PublishedAt}})
		}
	case strings.HasPrefix(name, "articles-") && strings.HasSuffix(name, ".xml"):
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "articles-"), ".xml"))
		if err != nil || n < 1 || n > 10_000 {
			return apperr.NotFound
		}
		maxID, err := s.Store.MaxArticleID(ctx)
		if err != nil {
			return err
		}
		from := int64(n-1) * feed.MaxSitemapURLs
		if n > 1 && from > maxID {
			return apperr.NotFound
		}
		keep(ctx, cachekey.SitemapN(int64(n-1)))
		as, err := s.Store.SitemapArticles(ctx, from, from+feed.MaxSitemapURLs)
		if err != nil {
			return err
		}
		for _, a := range as {
			a.Section = tree.ByID[a.SectionID]
			if a.URL() == "" {
				continue
			}
			u := feed.URL{Loc: s.BaseURL + a.URL(), LastMod: a.UpdatedAt}
			if a.HeroURL != "" {
				u.Images = []string{s.BaseURL + a.HeroURL}
			}
			urls = append(urls, u)
		}
	default:
		return apperr.NotFound
	}
	body, err := feed.Sitemap(urls)
	return writeXML(w, r, body, err)
}

// newsLanguage is a language tag as Google News sitemaps take it: the
// ISO 639 code alone, except Chinese, which keeps its script (zh-cn, zh-tw).
func newsLanguage(tag string) string {
	tag = strings.ToLower(tag)
	if strings.HasPrefix(tag, "zh-") {
		if strings.Contains(tag, "hant") || strings.HasSuffix(tag, "-tw") || strings.HasSuffix(tag, "-hk") {
			return "zh-tw"
		}
		return "zh-cn"
	}
	lang, _, _ := strings.Cut(tag, "-")
	return lang
}
