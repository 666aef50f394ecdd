package site

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/media"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/tag"
	"broadsheet/internal/web/render"
)

// HomePage is the front page.
type HomePage struct {
	Page
	Lead     *article.Article
	Top      []*article.Article
	Sections []SectionBlock
	Latest   []*article.Article
	Tags     []tag.Tag
	// MostRead are the last day's and the last week's rankings; More are
	// stories for under the lead when nothing has been read yet.
	MostRead []*MostRead
	More     []*article.Article
}

// SectionBlock is a section's strip on the home page.
type SectionBlock struct {
	Section  *section.Section
	Articles []*article.Article
}

func (s *Site) showHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.page(ctx, r, "")
	if err != nil {
		return err
	}
	p.Title, p.IsHome = p.Settings.SiteName, true
	tree := p.tree
	keep(ctx, cachekey.Latest) // the newest stories, and each section's
	latest, err := s.Articles.List(ctx, tree, article.Filter{Statuses: published, Limit: 16})
	if err != nil {
		return err
	}
	if err := s.placeAds(ctx, &p, 0); err != nil {
		return err
	}
	p.Meta = s.homeMeta(p.Settings)
	hp := HomePage{Page: p}
	var shown []int64
	for _, a := range latest { // the lead is the newest story with a picture
		if a.HeroURL != "" {
			hp.Lead = a
			break
		}
	}
	if hp.Lead == nil && len(latest) > 0 {
		hp.Lead = latest[0]
	}
	if hp.Lead != nil {
		shown = append(shown, hp.Lead.ID)
		for _, a := range latest {
			if a.ID != hp.Lead.ID && len(hp.Top) < 4 {
				hp.Top = append(hp.Top, a)
				shown = append(shown, a.ID)
			}
		}
	}
	for _, a := range latest {
		if !contains(shown, a.ID) && len(hp.Latest) < 8 {
			hp.Latest = append(hp.Latest, a)
		}
	}
	for _, box := range []*MostRead{
		s.mostReadBox(ctx, tree, "Most read", "most-read-day", nil, 24*time.Hour),
		s.mostReadBox(ctx, tree, "Most read", "most-read-week", nil, 7*24*time.Hour),
	} {
		if box != nil {
			hp.MostRead = append(hp.MostRead, box)
		}
	}
	if len(hp.MostRead) == 0 {
		for _, a := range latest {
			if !contains(shown, a.ID) && !slices.Contains(hp.Latest, a) {
				hp.More = append(hp.More, a)
				shown = append(shown, a.ID)
			}
		}
	}
	for _, sec := range tree.Roots {
		as, err := s.Articles.List(ctx, tree, article.Filter{Statuses: published, SectionIDs: sec.Subtree(), ExcludeIDs: shown, Limit: 4})
		if err != nil {
			return err
		}
		if len(as) > 0 {
			hp.Sections = append(hp.Sections, SectionBlock{Section: sec, Articles: as})
		}
		cards(ctx, as...)
	}
	if hp.Tags, err = s.Store.RecentTags(ctx, recentStories, 12); err != nil {
		return err
	}
	for _, t := range hp.Tags {
		keep(ctx, cachekey.Tag(t.ID))
	}
	cards(ctx, latest...)
	if hp.Lead != nil && hp.Lead.HeroURL != "" {
		hp.OGImage = s.BaseURL + hp.Lead.HeroURL
		hp.Meta.ImageWidth, hp.Meta.ImageHeight = hp.Lead.HeroWidth, hp.Lead.HeroHeight
	}
	return s.Render.Render(w, http.StatusOK, "site/home", hp)
}

// recentStories is how many of the newest stories the home page's topics
// come from: the topics in the news now, at a cost that does not grow with
// the archive.
const recentStories = 200

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// ListPage is a section, tag, author or search results page.
type ListPage struct {
	Page
	Heading     string
	Kicker      string
	Intro       string
	Section     *section.Section
	Subsections []*section.Section
	Trail       []*section.Section
	Author      *author.Author
	Articles    []*article.Article
	Pagination  Pagination
	// MostRead is the sidebar's ranking: trending in the section, or most
	// read across the site.
	MostRead *MostRead
}

func (s *Site) listPage(w http.ResponseWriter, r *http.Request, lp ListPage, f article.Filter) error {
	ctx := r.Context()
	q := r.URL.Query()
	var sec int64
	if lp.Section != nil {
		sec = lp.Section.ID
	}
	if err := s.placeAds(ctx, &lp.Page, sec); err != nil {
		return err
	}
	if lp.Section != nil {
		lp.MostRead = s.mostReadBox(ctx, lp.tree, "Trending in "+lp.Section.Name, "trending-heading", lp.Section.Subtree(), 6*time.Hour, 24*time.Hour, 7*24*time.Hour)
	} else {
		lp.MostRead = s.mostReadBox(ctx, lp.tree, "Most read", "most-read-heading", nil, 24*time.Hour, 7*24*time.Hour)
	}
	before, after := q.Get("before"), q.Get("after")
	cursor := before + after
	if before != "" && after != "" {
		return apperr.NotFound
	}
	if cursor != "" {
		t, id, ok := article.ParseCursor(cursor)
		if !ok {
			return apperr.NotFound
		}
		f.AfterTime, f.AfterID, f.Newer = t, id, after != ""
	}
	f.Limit = perPage + 1 // one more tells whether the list goes on
	as, err := s.Articles.List(ctx, lp.tree, f)
	if err != nil {
		return err
	}
	more := len(as) > perPage
	if more {
		as = as[:perPage]
	}
	if after != "" { // fetched oldest first: show newest first
		for i, j := 0, len(as)-1; i < j; i, j = i+1, j-1 {
			as[i], as[j] = as[j], as[i]
		}
	}
	if cursor != "" && len(as) == 0 {
		return apperr.NotFound
	}
	base := r.URL.Path + "?"
	if len(as) > 0 {
		switch {
		case after == "" && more, after != "":
			lp.Pagination.Older = base + "before=" + article.Cursor(as[len(as)-1])
		}
		switch {
		case before != "", after != "" && more:
			lp.Pagination.Newer = base + "after=" + article.Cursor(as[0])
		case after != "":
			lp.Pagination.Newer = strings.TrimSuffix(strings.TrimSuffix(base, "&"), "?")
		}
	}
	lp.Articles = as
	cards(ctx, as...)
	lp.Canonical = s.BaseURL + r.URL.Path
	if before != "" {
		lp.Canonical += "?before=" + before
	} else if after != "" {
		lp.Canonical += "?after=" + after
	}
	return s.Render.Render(w, http.StatusOK, "site/list", lp)
}

func (s *Site) showSection(w http.ResponseWriter, r *http.Request, p Page, sec *section.Section) error {
	p.Title = sec.Name
	p.Feeds = feedLinks(sec.Path, sec.Name, p.Settings.SiteName)
	p.Active = sec.Root().Slug
	if sec.Description != "" {
		p.Description = sec.Description
	}
	keep(r.Context(), sectionLists(sec.Subtree())...)
	lp := ListPage{Page: p, Heading: sec.Name, Intro: sec.Description, Section: sec, Subsections: sec.Children, Trail: sec.Trail()}
	if sec.Parent != nil {
		lp.Subsections = sec.Parent.Children
	}
	return s.listPage(w, r, lp, article.Filter{Statuses: published, SectionIDs: sec.Subtree()})
}

func (s *Site) showTag(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Store.TagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p, err := s.page(r.Context(), r, t.Name)
	if err != nil {
		return err
	}
	keep(r.Context(), cachekey.TagList(t.ID), cachekey.Tag(t.ID))
	p.Description = "News and analysis about " + t.Name + "."
	p.Feeds = feedLinks("tag/"+t.Slug, t.Name, p.Settings.SiteName)
	return s.listPage(w, r, ListPage{Page: p, Heading: t.Name, Kicker: "Topic"}, article.Filter{Statuses: published, TagID: t.ID})
}

func (s *Site) showAuthor(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Store.AuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p, err := s.page(r.Context(), r, a.Name)
	if err != nil {
		return err
	}
	p.OGType = "profile"
	keep(r.Context(), cachekey.AuthorList(a.ID), cachekey.Author(a.ID))
	p.Feeds = feedLinks("author/"+a.Slug, a.Name, p.Settings.SiteName)
	if a.Bio != "" {
		p.Description = a.Bio
	}
	return s.listPage(w, r, ListPage{Page: p, Heading: a.Name, Kicker: "Author", Author: &a}, article.Filter{Statuses: published, AuthorID: a.ID})
}

// ArticlePage is a story.
type ArticlePage struct {
	Page
	Article *article.Article
	Trail   []*section.Section
	// Body is the story in parts: the in-article advertisement and the
	// "More from" stories each come after the part that says so.
	Body      []BodyPart
	Related   []*article.Article
	Next      *article.Article
	Prev      *article.Article
	Share     []ShareLink
	URL       string // absolute
	Preview   bool
	WordCount int
	Comments  Comments
	// MostRead is the sidebar's ranking.
	MostRead *MostRead
}

// bodyPictures gives the rendering options that show a story's pictures
// with their current variants (looked up by their lasting addresses, so a
// replaced file or a new focal point shows at once).
func (s *Site) bodyPictures(ctx context.Context, d richtext.Doc) (richtext.Options, error) {
	var names []string
	for _, b := range d.Blocks {
		if b.Type == richtext.Image {
			names = append(names, strings.TrimPrefix(b.Src, "/media/"))
		}
	}
	if len(names) == 0 {
		return richtext.Options{}, nil
	}
	pics, err := s.Store.PicturesNamed(ctx, names)
	if err != nil {
		return richtext.Options{}, err
	}
	for _, n := range names {
		keep(ctx, cachekey.Media(n))
	}
	return richtext.Options{Picture: func(b richtext.Block) template.HTML {
		p, ok := pics[strings.TrimPrefix(b.Src, "/media/")]
		if !ok {
			return ""
		}
		return render.PictureHTML(p, b.Alt, "(min-width: 48rem) 42rem, 100vw", false)
	}}, nil
}

// BodyPart is a run of the story's blocks, and what follows it.
type BodyPart struct {
	HTML        template.HTML
	Ad, Related bool
}

// relatedAfter is how many blocks come before the "More from" stories in a
// long story (a shorter one has them after its end).
const relatedAfter = 3

// bodyParts cuts a story's blocks for the in-article advertisement (after
// paragraph adAfter, or after the end of a shorter story) and the "More
// from" stories (after a few blocks, never right after a subheading, or
// after the end of a short story).
func bodyParts(blocks []richtext.Block, adAfter int, render func([]richtext.Block) template.HTML) []BodyPart {
	adCut, paras := len(blocks), 0
	for i, b := range blocks {
		if b.Type == richtext.Paragraph {
			if paras++; paras == adAfter {
				adCut = i + 1
				break
			}
		}
	}
	relCut := relatedAfter
	for relCut < len(blocks) && blocks[relCut-1].Type == richtext.Heading {
		relCut++
	}
	if len(blocks) < relCut+3 {
		relCut = len(blocks)
	}
	cuts := []int{adCut, relCut}
	if relCut < adCut {
		cuts = []int{relCut, adCut}
	}
	var parts []BodyPart
	from := 0
	for _, c := range cuts {
		if len(parts) > 0 && c == from { // both at the same place
			part := &parts[len(parts)-1]
			part.Ad, part.Related = part.Ad || c == adCut, part.Related || c == relCut
			continue
		}
		parts = append(parts, BodyPart{HTML: render(blocks[from:c]), Ad: c == adCut, Related: c == relCut})
		from = c
	}
	if from < len(blocks) {
		parts = append(parts, BodyPart{HTML: render(blocks[from:])})
	}
	return parts
}

// ShareLink is a plain link to share on a network; no third-party script runs.
type ShareLink struct{ Label, Network, URL string }

// ArticleView builds an article page; preview pages use it too, so they look
// exactly as readers will see them.
func (s *Site) ArticleView(r *http.Request, a *article.Article, preview bool) (ArticlePage, error) {
	p, err := s.page(r.Context(), r, "")
	if err != nil {
		return ArticlePage{}, err
	}
	return s.articleView(r, p, a, preview)
}

// articleView builds an article page inside a frame already loaded.
func (s *Site) articleView(r *http.Request, p Page, a *article.Article, preview bool) (ArticlePage, error) {
	ctx := r.Context()
	p.Title = a.Headline
	tree := p.tree
	var err error
	a.Section = tree.ByID[a.SectionID]
	ap := ArticlePage{Page: p, Article: a, Preview: preview, WordCount: richtext.WordCount(a.Body)}
	ap.OGType = "article"
	if a.Standfirst != "" {
		ap.Description = a.Standfirst
	} else {
		ap.Description = richtext.Excerpt(a.Body, 160)
	}
	if a.Section != nil {
		ap.Trail = a.Section.Trail()
		ap.Active = a.Section.Root().Slug
		ap.Canonical = s.BaseURL + a.URL()
	}
	if preview {
		ap.NoIndex = true
	}
	opts, err := s.bodyPictures(ctx, a.Body)
	if err != nil {
		return ap, err
	}
	ap.Body = bodyParts(a.Body.Blocks, p.Settings.AdSlots.ArticleAfter, func(bs []richtext.Block) template.HTML {
		return richtext.Render(richtext.Doc{Blocks: bs}, opts)
	})
	if err := s.placeAds(ctx, &ap.Page, a.SectionID); err != nil {
		return ap, err
	}
	if preview { // the newsroom's look at a story: the places, empty; no ad loads in staff's browsers
		for _, slot := range []*render.AdSlot{ap.Ads.Header, ap.Ads.Sidebar, ap.Ads.Article, ap.Ads.List} {
			if slot != nil {
				slot.Src = "" // a frame without an address stays empty
			}
		}
	}
	if a.HeroURL != "" {
		ap.OGImage = s.BaseURL + a.HeroURL
	}
	ap.URL = ap.Canonical
	if !preview {
		ap.Meta = s.articleMeta(p.Settings, a, ap.Trail, ap.URL)
	}
	ap.Share = shareLinks(ap.URL, a.Headline)
	if !preview {
		page := 1
		if v := r.URL.Query().Get("cpage"); v != "" {
			if page, err = strconv.Atoi(v); err != nil {
				return ap, article.ErrNotFound
			}
		}
		if ap.Comments, err = s.commentsOf(ctx, a, p.Settings, page); err != nil {
			return ap, err
		}
		ap.Comments.Form.Held = heldNotice(r.URL.Query())
	}
	if ap.Related, err = s.Articles.Related(ctx, tree, a, 4); err != nil {
		return ap, err
	}
	if !preview {
		ap.MostRead = s.mostReadBox(ctx, tree, "Most read", "most-read-heading", nil, 24*time.Hour, 7*24*time.Hour)
	}
	if a.Status == article.Published {
		if older, err := s.Articles.List(ctx, tree, article.Filter{Statuses: published, AfterTime: a.PublishedAt, AfterID: a.ID, Limit: 1}); err == nil && len(older) > 0 {
			ap.Prev = older[0]
		}
		if newer, err := s.Articles.List(ctx, tree, article.Filter{Statuses: published, AfterTime: a.PublishedAt, AfterID: a.ID, Newer: true, Limit: 1}); err == nil && len(newer) > 0 {
			ap.Next = newer[0]
		}
	}
	return ap, nil
}

func shareLinks(u, title string) []ShareLink {
	qu, qt := url.QueryEscape(u), url.QueryEscape(title)
	return []ShareLink{
		{"WhatsApp", "whatsapp", "https://wa.me/?text=" + url.QueryEscape(title+" "+u)},
		{"Facebook", "facebook", "https://www.facebook.com/sharer/sharer.php?u=" + qu},
		{"X", "x", "https://x.com/intent/post?url=" + qu + "&text=" + qt},
		{"LinkedIn", "linkedin", "https://www.linkedin.com/sharing/share-offsite/?url=" + qu},
		{"Email", "email", "mailto:?subject=" + url.PathEscape(title) + "&body=" + url.PathEscape(u)},
	}
}

// resolve serves every other path: a section, a static page, an article, or an
// old address that moved (301), in that order.
func (s *Site) resolve(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	path := r.PathValue("path")
	// Our addresses are made of slugs: anything with a backslash, a control
	// character or an empty segment is not one (and must never become a
	// redirect that a browser reads as another host).
	if strings.ContainsAny(path, "\\\x00\r\n\t") || strings.Contains(strings.TrimRight(path, "/"), "//") || strings.HasPrefix(path, "/") {
		return apperr.NotFound
	}
	// Old WordPress-style addresses end in a slash: resolve them as without
	// it, then answer with one redirect to wherever that leads.
	slash := strings.HasSuffix(path, "/")
	path = strings.TrimSuffix(path, "/")
	p, err := s.page(ctx, r, "")
	if err != nil {
		return err
	}
	tree := p.tree
	if rest, ok := strings.CutSuffix(path, "/feed"); ok && tree.ByPath[rest] != nil {
		return s.serveFeed(w, r, "rss", rest) // WordPress's section feeds
	}
	if sec := tree.ByPath[path]; sec != nil {
		if slash {
			return s.redirect(w, r, sec.URL())
		}
		return s.showSection(w, r, p, sec)
	}
	if !strings.Contains(path, "/") {
		pg, err := s.Store.PageBySlug(ctx, path)
		if err == nil && slash {
			return s.redirect(w, r, pg.URL())
		}
		if err == nil {
			return s.staticPage(w, r, p, pg.Slug, nil, http.StatusOK)
		}
		if !errors.Is(err, apperr.NotFound) {
			return err
		}
	}
	if i := strings.LastIndexByte(path, '/'); i > 0 {
		if sec := tree.ByPath[path[:i]]; sec != nil {
			a, err := s.Store.ArticleBySlug(ctx, sec.ID, path[i+1:])
			if err == nil && a.Status == article.Published && slash {
				return s.redirect(w, r, "/"+path)
			}
			if err == nil && a.Status == article.Published {
				ap, err := s.articleView(r, p, a, false)
				if err != nil {
					return err
				}
				// The story, its thread, and what its sidebar and related
				// stories come from: its tags' and its section's lists.
				keep(ctx, cachekey.Story(a.ID), cachekey.Comments(a.ID), cachekey.SectionList(a.SectionID))
				for _, t := range a.Tags {
					keep(ctx, cachekey.Tag(t.ID), cachekey.TagList(t.ID))
				}
				showing(ctx, a)
				cards(ctx, ap.Related...)
				showing(ctx, ap.Prev, ap.Next)
				return s.Render.Render(w, http.StatusOK, "site/article", ap)
			}
			if err != nil && !errors.Is(err, apperr.NotFound) {
				return err
			}
		}
	}
	articleID, sectionID, err := s.Store.Redirect(ctx, "/"+path)
	if errors.Is(err, apperr.NotFound) {
		return s.redirectFromMovedSection(w, r, tree, path)
	}
	if err != nil {
		return err
	}
	target := ""
	if articleID != 0 {
		a, err := s.Articles.Get(ctx, tree, articleID)
		if err != nil {
			return err
		}
		if a.Status != article.Published || a.URL() == "" {
			return apperr.NotFound
		}
		target = a.URL()
	} else if sec := tree.ByID[sectionID]; sec != nil {
		target = sec.URL()
	}
	if target == "" || target == "/"+path {
		return apperr.NotFound
	}
	return s.redirect(w, r, target)
}

// redirectFromMovedSection answers an old article address whose section was
// renamed or moved: the section's old path is in the redirects table, and the
// article keeps its slug.
func (s *Site) redirectFromMovedSection(w http.ResponseWriter, r *http.Request, tree *section.Tree, path string) error {
	i := strings.LastIndexByte(path, '/')
	if i <= 0 {
		return apperr.NotFound
	}
	_, sectionID, err := s.Store.Redirect(r.Context(), "/"+path[:i])
	if err != nil {
		return err
	}
	sec := tree.ByID[sectionID]
	if sec == nil {
		return apperr.NotFound
	}
	a, err := s.Store.ArticleBySlug(r.Context(), sec.ID, path[i+1:])
	if err != nil {
		return err
	}
	if a.Status != article.Published {
		return apperr.NotFound
	}
	return s.redirect(w, r, "/"+sec.Path+"/"+a.Slug)
}

// redirect answers 301 to a path of this site, keeping the query string
// (page numbers, campaign tags).
func (s *Site) redirect(w http.ResponseWriter, r *http.Request, target string) error {
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.ContainsAny(target, "\\\r\n") {
		return apperr.NotFound
	}
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
	return nil
}

// serveMedia serves the library's files. Pictures were re-encoded at
// upload; every file is still sent with its exact type, nosniff and a
// sandboxing CSP, so that no stored file can ever run as a page. Variants
// and crops are content-named and cached for ever; a lasting address
// (which a replaced file keeps) and a variant not made yet (served by the
// lasting rendition) are cached briefly.
func (s *Site) serveMedia(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	f, fallback, err := s.Media.Open(r.Context(), name)
	if err != nil {
		if !errors.Is(err, media.ErrNotFound) {
			s.Log.Error("media: open", "name", name, "err", err)
		}
		s.NotFound(w, r)
		return
	}
	defer f.Close()
	h := w.Header()
	ct := media.ContentType(f)
	if ct == media.PDF {
		// A document is only ever a download: never shown in a page, where a
		// PDF reader (or anything posing as one) would run in the site's name.
		h.Set("Content-Disposition", `attachment; filename="document.pdf"`)
	}
	h.Set("Content-Type", ct)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	info := f.Info()
	switch {
	case fallback:
		h.Set("Cache-Control", "public, max-age=60")
	case strings.Contains(name, "-"):
		h.Set("Cache-Control", "public, max-age=31536000, immutable") // content-named: a new file gets a new name
	default:
		h.Set("Cache-Control", "public, max-age=300, stale-while-revalidate=86400")
		h.Set("ETag", fmt.Sprintf(`"%x-%x"`, info.Size, info.ModTime.UnixNano()))
	}
	http.ServeContent(w, r, "", info.ModTime, f)
}
