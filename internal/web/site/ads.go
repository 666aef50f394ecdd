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
	"broadsheet/internal/setting"
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
	if err != nil || len(ads) == 0 {
		return err
	}
	trail := sectionTrail(p, sec)
	now := s.now()
	cfg := p.Settings.AdSlots
	p.Ads.every = cfg.ListEvery
	for _, pl := range ad.Placements {
		size := cfg.Size(string(pl))
		if size.Off || len(ad.Candidates(ads, pl, trail, now)) == 0 {
			continue
		}
		slot := &render.AdSlot{Placement: string(pl), Width: size.Width, Height: size.Height, Lazy: pl != ad.Header,
			Src: "/ads/slot/" + string(pl)}
		if sec != 0 {
			slot.Src += "?s=" + strconv.FormatInt(sec, 10)
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

// sectionTrail is section sec and its parents, by id.
func sectionTrail(p *Page, sec int64) []int64 {
	if p.tree == nil {
		return nil
	}
	var trail []int64
	for s := p.tree.ByID[sec]; s != nil && len(trail) < 32; s = p.tree.ByID[s.ParentID] {
		trail = append(trail, s.ID)
	}
	return trail
}

// sep is what joins another parameter to an address.
func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

// prefetched reports whether the browser only fetched ahead: not a view.
func prefetched(r *http.Request) bool {
	return r.Header.Get("Sec-Purpose") != "" || r.Header.Get("Purpose") == "prefetch" || r.Header.Get("X-Moz") == "prefetch"
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
	p := Page{}
	if p.tree, err = s.Articles.Tree(ctx); err != nil {
		return err
	}
	sec, _ := strconv.ParseInt(r.URL.Query().Get("s"), 10, 64)
	ads, err := s.Ads.All(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	a := ad.Pick(ad.Candidates(ads, pl, sectionTrail(&p, sec), now), rand.IntN)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	if a != nil && s.AdCounts != nil && !prefetched(r) && r.URL.Query().Get("preview") == "" {
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
// anyone elsewhere.
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
		if a.Kind != ad.House || !ok {
			return apperr.NotFound
		}
		if s.AdCounts != nil && !prefetched(r) {
			st, err := s.Store.Settings(r.Context())
			if err != nil {
				return err
			}
			s.AdCounts.Click(a.ID, s.now().In(st.Location()).Format("2006-01-02"))
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex")
		http.Redirect(w, r, link, http.StatusFound)
		return nil
	}
	return apperr.NotFound
}
