package site

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"

	"broadsheet/internal/ad"
	"broadsheet/internal/apperr"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/setting"
	"broadsheet/internal/web/pagecache"
	"broadsheet/internal/web/render"
)

// Ads are the advertisement slots a page shows; nil where there is nothing
// to show (an empty slot renders nothing, not even its label).
type Ads struct {
	Header, Sidebar, Article, List *render.AdSlot
	every                          int // a list slot after every so many stories
}

// ListAd returns the slot to show after the i-th of n stories, if any: after
// every few stories, never after the last one.
func (p Page) ListAd(i, n int) *render.AdSlot {
	l := p.Ads.List
	if l == nil || p.Ads.every < 1 || (i+1)%p.Ads.every != 0 || i+1 >= n {
		return nil
	}
	slot := *l
	slot.Label = fmt.Sprintf("Advertisement between stories %d", (i+1)/p.Ads.every)
	return &slot
}

// adRoutes serves the frames the slots load and the house ads' clicks.
func (s *Site) adRoutes(mux *http.ServeMux) {
	mux.Handle("GET /ads/slot/{placement}", s.wrap(s.adFrame))
	mux.Handle("GET /ads/click/{id}", s.wrap(s.adClick))
}

// placeAds fills the page's slots for a page in section sec (0: a page
// outside the sections, such as the home page). Only pages of content call
// it: the tips, account and alerts pages never show ads, so no ad network
// learns who opens them.
func (s *Site) placeAds(ctx context.Context, p *Page, sec int64) error {
	p.Ads = Ads{}
	if s.Ads == nil {
		return nil
	}
	ads, err := s.Ads.All(ctx)
	if err != nil {
		// The page is worth more than its ads: show it without them.
		s.Log.Error("ads: not loaded; pages show none", "err", err)
		return nil
	}
	keep(ctx, cachekey.Ads)
	if len(ads) == 0 {
		return nil
	}
	trail := sectionTrail(p, sec)
	now := s.now()
	pagecache.Until(ctx, ad.NextChange(ads, now)) // an ad starts or ends
	cfg := p.Settings.AdSlots
	p.Ads.every = cfg.ListEvery
	for _, pl := range ad.Placements {
		size := cfg.Size(string(pl))
		if size.Off || len(ad.Candidates(ads, pl, trail, now)) == 0 {
			continue
		}
		slot := &render.AdSlot{Placement: string(pl), Width: size.Width, Height: size.Height, Lazy: pl != ad.Header,
			Src: "/ads/slot/" + string(pl)}
		if len(trail) > 0 { // the section and its parents, so the frame need not look them up
			ids := make([]string, len(trail))
			for i, id := range trail {
				ids[i] = strconv.FormatInt(id, 10)
			}
			slot.Src += "?s=" + strings.Join(ids, "-")
		}
		switch pl {
		case ad.Header:
			slot.Label, p.Ads.Header = "Advertisement", slot
		case ad.Sidebar:
			slot.Label, p.Ads.Sidebar = "Advertisement beside the stories", slot
		case ad.InArticle:
			slot.Label, p.Ads.Article = "Advertisement in the story", slot
		case ad.InList:
			p.Ads.List = slot
		}
	}
	return nil
}

// sectionTrail is section sec and its parents, by id (root first).
func sectionTrail(p *Page, sec int64) []int64 {
	var trail []int64
	if p.tree != nil && p.tree.ByID[sec] != nil {
		for _, s := range p.tree.ByID[sec].Trail() {
			trail = append(trail, s.ID)
		}
	}
	return trail
}

// countable reports whether a request for an ad is a reader's view (dest
// "iframe") or click (dest "document"): browsers say so in Fetch Metadata,
// which scripts and crawlers leave out; a prefetch and a robot are not
// readers. It is no defence against fraud by hand, only against noise.
func countable(r *http.Request, dest string) bool {
	if r.Header.Get("Sec-Fetch-Dest") != dest || r.Header.Get("Sec-Purpose") != "" || r.Header.Get("Purpose") == "prefetch" {
		return false
	}
	ua := strings.ToLower(r.UserAgent())
	return !strings.Contains(ua, "bot") && !strings.Contains(ua, "spider") && !strings.Contains(ua, "crawl")
}

// parseTrail reads a frame's "s" parameter: section ids joined by "-".
func parseTrail(v string) []int64 {
	var trail []int64
	for _, part := range strings.SplitN(v, "-", 33) {
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil || id <= 0 || len(trail) == 32 {
			break
		}
		trail = append(trail, id)
	}
	return trail
}

// AdFrame is the document of a house ad's frame.
type AdFrame struct {
	Ad    *ad.Ad
	Click string
}

// houseCSP lets a house ad's frame show the site's pictures and the ad's
// style sheet, and follow its link; nothing runs in it.
const houseCSP = "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; " +
	"sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"

// adFrame answers a slot's frame with one ad chosen by weight among those
// that fit the placement, the section and the moment, and counts the
// impression. The page that holds the frame stays the same for every reader
// (it can be cached); only this small document changes.
func (s *Site) adFrame(w http.ResponseWriter, r *http.Request) error {
	pl := ad.Placement(r.PathValue("placement"))
	if !pl.Valid() || s.Ads == nil {
		return apperr.NotFound
	}
	ctx := r.Context()
	st, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	ads, err := s.Ads.All(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	var a *ad.Ad
	if !st.AdSlots.Size(string(pl)).Off {
		a = ad.Pick(ad.Candidates(ads, pl, parseTrail(r.URL.Query().Get("s")), now), rand.IntN)
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("X-Robots-Tag", "noindex")
	if a != nil && s.AdCounts != nil && countable(r, "iframe") {
		s.AdCounts.Impression(a.ID, now.In(st.Location()).Format("2006-01-02"))
	}
	if a != nil && a.Kind == ad.Network {
		h.Set("Content-Security-Policy", networkCSP(st.AdSlots, a.Code))
		h.Set("Content-Type", "text/html; charset=utf-8")
		_, err := w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
			`<meta name="robots" content="noindex"><title>Advertisement</title><style>html,body{margin:0}</style></head><body>` + a.Code + "\n</body></html>\n"))
		return err
	}
	h.Set("Content-Security-Policy", houseCSP)
	f := AdFrame{Ad: a}
	if a != nil {
		f.Click = fmt.Sprintf("/ads/click/%d", a.ID)
	}
	return s.Render.RenderBare(w, http.StatusOK, "ad", f)
}

// networkCSP is the policy of an ad network's frame: its inline scripts by
// their hashes, and only the hosts named in the settings for anything it
// loads. The frame is sandboxed (also when opened on its own): it runs in an
// origin of its own, away from the site's cookies and pages.
func networkCSP(cfg setting.AdSlots, code string) string {
	var hosts []string
	for _, h := range cfg.HostList() {
		hosts = append(hosts, "https://"+h)
	}
	from := strings.Join(hosts, " ")
	list := func(extra ...string) string {
		v := strings.TrimSpace(strings.Join(extra, " ") + " " + from)
		if v == "" {
			return "'none'"
		}
		return v
	}
	scripts := ad.ScriptHashes(code)
	for i, h := range scripts {
		scripts[i] = "'" + h + "'"
	}
	return "default-src 'none'; script-src " + list(scripts...) + "; style-src " + list("'unsafe-inline'") +
		"; img-src " + list("data:") + "; font-src " + list() + "; media-src " + list() + "; frame-src " + list() +
		"; connect-src " + list() + "; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; " +
		"sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
}

// adClick counts a click on a house ad and sends the reader to the ad's
// link, as stored: the address takes no destination, so it cannot send
// anyone elsewhere. An ad that has not started, or is paused, answers "not
// found" (its link is not public yet); one that has ended still leads on
// (a page read before it ended) without counting.
func (s *Site) adClick(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || s.Ads == nil {
		return apperr.NotFound
	}
	ads, err := s.Ads.All(r.Context())
	if err != nil {
		return err
	}
	for i := range ads {
		a := &ads[i]
		if a.ID != id {
			continue
		}
		link, ok := ad.CheckLink(a.Link)
		now := s.now()
		if a.Kind != ad.House || !ok || a.Paused || (!a.Starts.IsZero() && now.Before(a.Starts)) {
			return apperr.NotFound
		}
		if s.AdCounts != nil && a.Live(now) && countable(r, "document") {
			st, err := s.Store.Settings(r.Context())
			if err != nil {
				return err
			}
			s.AdCounts.Click(a.ID, now.In(st.Location()).Format("2006-01-02"))
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex")
		http.Redirect(w, r, link, http.StatusFound)
		return nil
	}
	return apperr.NotFound
}
