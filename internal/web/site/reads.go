package site

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/reads"
	"broadsheet/internal/section"
	"broadsheet/internal/throttle"
	"broadsheet/internal/web/pagecache"
	"broadsheet/internal/web/session"
)

// Readership: an article page's script reports one read per story and
// browsing session with a beacon to POST /reads, once the page is shown
// (a prefetched or prerendered page that is never opened reports nothing).
// The answer is always 204 and says nothing of whether the read counted.

// Limits on what one network address adds, kept in this instance's memory
// only (under a hash of the address): a reader reads many stories, each a
// few times at most, so a script repeating one story gains two reads an
// hour from each address it has.
var (
	readsPerAddress = throttle.Rule{Name: "reads-ip", Max: 120, Window: time.Hour}
	readsPerStory   = throttle.Rule{Name: "reads-ip-story", Max: 2, Window: time.Hour}
)

// readLimitKeys bounds the memory of those limits (a key holds a time per
// read): beyond it the oldest addresses are forgotten.
const readLimitKeys = 20_000

func (s *Site) readRoutes(mux *http.ServeMux) {
	m := throttle.NewMemory(time.Hour)
	m.MaxKeys = readLimitKeys
	s.readLimit = throttle.Limiter{Store: m, Now: s.Now}
	s.readable = &publishedIDs{ttl: time.Minute}
	mux.HandleFunc("POST /reads", s.postRead)
}

func (s *Site) postRead(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	defer w.WriteHeader(http.StatusNoContent) // after the body is read
	if s.Reads == nil || !s.countRead(r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 256)
	id, err := strconv.ParseInt(r.PostFormValue("a"), 10, 64)
	if err != nil || id <= 0 {
		return
	}
	ctx := r.Context()
	addr := session.AddressKey(r)
	if err := s.readLimit.Take(ctx, "reads", throttle.Pair{Rule: readsPerAddress, Key: addr},
		throttle.Pair{Rule: readsPerStory, Key: addr + " " + strconv.FormatInt(id, 10)}); err != nil {
		return
	}
	// Only a published story counts: made-up numbers never take room in the
	// counter meant for real ones.
	if ok, err := s.readable.published(ctx, id, s.now(), s.Store.ArticlePublished); err != nil || !ok {
		return
	}
	s.Reads.Add(reads.KeyAt(id, s.now()), 1) // the day is the flush's to find, in the site's zone
}

// publishedIDs remembers for a while which story numbers are published
// stories, so that counting a read rarely asks the database.
type publishedIDs struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[int64]publishedEntry
}

type publishedEntry struct {
	ok bool
	at time.Time
}

func (p *publishedIDs) published(ctx context.Context, id int64, now time.Time, ask func(context.Context, int64) (bool, error)) (bool, error) {
	p.mu.Lock()
	e, found := p.m[id]
	p.mu.Unlock()
	if found && now.Sub(e.at) < p.ttl {
		return e.ok, nil
	}
	ok, err := ask(ctx, id)
	if err != nil {
		return false, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil || len(p.m) >= 50_000 {
		p.m = map[int64]publishedEntry{}
	}
	p.m[id] = publishedEntry{ok, now}
	return ok, nil
}

// countRead reports whether a beacon is a reader's: sent by the site's own
// page (not another site's), by a browser rather than a bot, not for a
// prefetch, and not by a signed-in member of staff.
func (s *Site) countRead(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "same-origin" && (site != "" || !sameOrigin(r)) {
		return false
	}
	if r.Header.Get("Sec-Purpose") != "" || r.Header.Get("Purpose") != "" || r.Header.Get("X-Moz") != "" || reads.Bot(r.UserAgent()) {
		return false
	}
	if _, err := r.Cookie(session.Cookie); err == nil && s.Sessions != nil {
		if _, u, err := s.Sessions.Load(r); err == nil && u.IsStaff() {
			return false
		}
	}
	return true
}

// sameOrigin reports whether a request without Fetch Metadata names this
// host as its origin.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o != "" && (o == "https://"+r.Host || o == "http://"+r.Host)
}

// mostRead lists the published stories most read over the last window
// within sections (none: everywhere), best first. A failure leaves the
// list empty: the page is whole without it.
func (s *Site) mostRead(ctx context.Context, tree *section.Tree, window time.Duration, sections []int64, n int) []*article.Article {
	if s.Board == nil {
		return nil
	}
	pagecache.Until(ctx, s.now().Add(s.Board.TTL)) // the ranking is asked again then
	top, err := s.Board.Top(ctx, window, sections, n)
	if err != nil || len(top) == 0 {
		if err != nil {
			s.Log.Warn("most read", "err", err)
		}
		return nil
	}
	ids := make([]int64, len(top))
	for i, t := range top {
		ids[i] = t.ArticleID
	}
	as, err := s.Articles.List(ctx, tree, article.Filter{IDs: ids, Statuses: []article.Status{article.Published}, Limit: len(ids)})
	if err != nil {
		s.Log.Warn("most read", "err", err)
		return nil
	}
	slices.SortFunc(as, func(a, b *article.Article) int { return slices.Index(ids, a.ID) - slices.Index(ids, b.ID) })
	return as
}

// MostRead is a ranking box: "Most read" or "Trending".
type MostRead struct {
	Heading string
	ID      string // the heading's id
	Period  string // "in the last 24 hours"
	Stories []*article.Article
}

// mostReadBox ranks the stories of the first window that has any (a quiet
// site's last day may have none, its last week some).
func (s *Site) mostReadBox(ctx context.Context, tree *section.Tree, heading, id string, sections []int64, windows ...time.Duration) *MostRead {
	for _, w := range windows {
		if as := s.mostRead(ctx, tree, w, sections, 5); len(as) > 0 {
			cards(ctx, as...)
			return &MostRead{Heading: heading, ID: id, Period: period(w), Stories: as}
		}
	}
	return nil
}

func period(w time.Duration) string {
	if w <= 48*time.Hour {
		return "in the last " + strconv.Itoa(int(w.Hours())) + " hours"
	}
	return "in the last " + strconv.Itoa(int(w.Hours()/24)) + " days"
}
