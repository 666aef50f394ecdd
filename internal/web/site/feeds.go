package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/feed"
	"broadsheet/internal/richtext"
)

// Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site, each
// section (its subsections included), each tag and each author, at
//
//	/feed/{rss|atom|json}                       the site
//	/feed/{rss|atom|json}/{section path}        a section
//	/feed/{rss|atom|json}/tag/{slug}            a tag
//	/feed/{rss|atom|json}/author/{slug}         an author
//
// and the addresses WordPress used (/feed, /rss, /tag/x/feed, /author/x/feed,
// /{section}/feed), which answer RSS.

// FeedLink is a feed advertised in a page's head.
type FeedLink struct{ Title, Type, URL string }

// feedItems is how many stories a feed carries.
const feedItems = 30

var feedTypes = map[string]string{"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}

func (s *Site) feedRoutes(mux *http.ServeMux) {
	mux.Handle("GET /feed", s.cached(func(w http.ResponseWriter, r *http.Request) error { return s.serveFeed(w, r, "rss", "") }))
	mux.Handle("GET /feed/{format}", s.cached(func(w http.ResponseWriter, r *http.Request) error {
		return s.serveFeed(w, r, r.PathValue("format"), "")
	}))
	mux.Handle("GET /feed/{format}/{path...}", s.cached(func(w http.ResponseWriter, r *http.Request) error {
		return s.serveFeed(w, r, r.PathValue("format"), strings.TrimSuffix(r.PathValue("path"), "/"))
	}))
	mux.Handle("GET /rss", s.wrap(func(w http.ResponseWriter, r *http.Request) error { return s.redirect(w, r, "/feed/rss") }))
	mux.Handle("GET /tag/{slug}/feed", s.cached(func(w http.ResponseWriter, r *http.Request) error {
		return s.serveFeed(w, r, "rss", "tag/"+r.PathValue("slug"))
	}))
	mux.Handle("GET /author/{slug}/feed", s.cached(func(w http.ResponseWriter, r *http.Request) error {
		return s.serveFeed(w, r, "rss", "author/"+r.PathValue("slug"))
	}))
}

// feedLinks are the feeds a page advertises: its own scope's (scope "" is
// the site) in the three formats, and the site's RSS.
func feedLinks(scope, name, site string) []FeedLink {
	var out []FeedLink
	suffix := ""
	if scope != "" {
		suffix = "/" + scope
	}
	title := site
	if name != "" {
		title = site + ": " + name
	}
	for _, f := range []struct{ format, label string }{{"rss", "RSS"}, {"atom", "Atom"}, {"json", "JSON Feed"}} {
		out = append(out, FeedLink{Title: title + " (" + f.label + ")", Type: feedTypes[f.format], URL: "/feed/" + f.format + suffix})
	}
	if scope != "" {
		out = append(out, FeedLink{Title: site + " (RSS)", Type: feedTypes["rss"], URL: "/feed/rss"})
	}
	return out
}

// serveFeed answers a feed of scope ("" for the site, a section's path,
// "tag/{slug}" or "author/{slug}") in format.
func (s *Site) serveFeed(w http.ResponseWriter, r *http.Request, format, scope string) error {
	ctype, ok := feedTypes[format]
	if !ok {
		return apperr.NotFound
	}
	ctx := r.Context()
	st, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	tree, err := s.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	f := article.Filter{Statuses: published, Limit: feedItems, WithBody: !st.FeedSummaries}
	fd := feed.Feed{Title: st.SiteName, Description: st.Tagline, Language: st.Lang(), Link: s.BaseURL + "/"}
	switch kind, slug, _ := strings.Cut(scope, "/"); {
	case scope == "":
		keep(ctx, cachekey.Latest)
	case kind == "tag" && slug != "":
		t, err := s.Store.TagBySlug(ctx, slug)
		if err != nil {
			return err
		}
		f.TagID = t.ID
		keep(ctx, cachekey.TagList(t.ID), cachekey.Tag(t.ID))
		fd.Title, fd.Link, fd.Description = st.SiteName+": "+t.Name, s.BaseURL+t.URL(), "Stories about "+t.Name+"."
	case kind == "author" && slug != "":
		a, err := s.Store.AuthorBySlug(ctx, slug)
		if err != nil {
			return err
		}
		f.AuthorID = a.ID
		keep(ctx, cachekey.AuthorList(a.ID), cachekey.Author(a.ID))
		fd.Title, fd.Link, fd.Description = st.SiteName+": "+a.Name, s.BaseURL+a.URL(), "Stories by "+a.Name+"."
	default:
		sec := tree.ByPath[scope]
		if sec == nil {
			return apperr.NotFound
		}
		f.SectionIDs = sec.Subtree()
		keep(ctx, sectionLists(f.SectionIDs)...)
		fd.Title, fd.Link, fd.Description = st.SiteName+": "+sec.Name, s.BaseURL+sec.URL(), sec.Description
	}
	fd.Self = s.BaseURL + "/feed/" + format
	if scope != "" {
		fd.Self += "/" + scope
	}
	host := "localhost"
	if u, err := url.Parse(s.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	fd.ID = "tag:" + host + ",2026:feed/" + scope
	if st.LogoURL != "" {
		fd.Icon = s.BaseURL + st.LogoURL
	}
	as, err := s.Articles.List(ctx, tree, f)
	if err != nil {
		return err
	}
	showing(ctx, as...)
	for _, a := range as {
		if a.URL() == "" {
			continue
		}
		it := feed.Item{ID: fmt.Sprintf("tag:%s,%s:article/%d", host, a.CreatedAt.UTC().Format("2006-01-02"), a.ID),
			Title: a.Headline, Link: s.BaseURL + a.URL(), Summary: a.Standfirst, Published: a.PublishedAt, Updated: a.UpdatedAt}
		if it.Summary == "" && !st.FeedSummaries {
			it.Summary = richtext.Excerpt(a.Body, 200)
		}
		if !st.FeedSummaries {
			it.Content = string(richtext.Render(a.Body, richtext.Options{BaseURL: s.BaseURL}))
			if a.Correction != "" {
				it.Content += "<p><strong>Correction:</strong> " + html.EscapeString(a.Correction) + "</p>"
			}
		}
		if it.Updated.Before(it.Published) {
			it.Updated = it.Published
		}
		if it.Updated.After(fd.Updated) {
			fd.Updated = it.Updated
		}
		for _, au := range a.Authors {
			it.Authors = append(it.Authors, feed.Person{Name: au.Name, URL: s.BaseURL + au.URL()})
		}
		if a.Section != nil {
			it.Categories = append(it.Categories, a.Section.Name)
		}
		for _, t := range a.Tags {
			it.Categories = append(it.Categories, t.Name)
		}
		if a.HeroURL != "" {
			name := strings.TrimPrefix(a.HeroURL, "/media/")
			im := &feed.Image{URL: s.BaseURL + a.HeroURL, Type: imageType(name), Width: a.HeroWidth, Height: a.HeroHeight, Alt: a.HeroAlt}
			if fi, err := s.Media.Files.Stat(ctx, name); err == nil {
				im.Length = fi.Size
			}
			it.Image = im
		}
		fd.Items = append(fd.Items, it)
	}
	var body []byte
	switch format {
	case "rss":
		body, err = feed.RSS(fd)
	case "atom":
		body, err = feed.Atom(fd)
	default:
		body, err = feed.JSON(fd)
	}
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("Content-Type", ctype+"; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if !fd.Updated.IsZero() {
		h.Set("Last-Modified", fd.Updated.UTC().Format(http.TimeFormat))
	}
	if notModified(r, etag, fd.Updated) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	_, err = w.Write(body)
	return err
}

// notModified reports whether the client's copy is current: If-None-Match
// decides when sent, else If-Modified-Since.
func notModified(r *http.Request, etag string, updated time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			if t = strings.TrimSpace(t); t == etag || t == "W/"+etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !updated.IsZero() {
		return !updated.Truncate(time.Second).After(ims)
	}
	return false
}

func imageType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".png":
		return "image/png"
	case ".webp":
		return "image/webp"
	case ".gif":
		return "image/gif"
	}
	return "image/jpeg"
}
