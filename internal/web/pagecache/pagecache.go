// Package pagecache keeps rendered reader pages in memory, compressed once,
// and serves them to every reader, signed in or not (a page's personal part
// comes from the page's script, never from the cached bytes).
//
// A handler opts in (Keep), names what its page shows (Keep, Tag) and,
// where the page goes stale by the clock, says when (Until); an answer not
// kept, with a status other than 200, or that sets a cookie is never stored. A change
// marks the pages that share one of its keys stale (Purge, fed by the
// store's purge log). A stale or expired page is rendered again by the one
// request that finds it so, while requests arriving meanwhile are served
// the previous copy; a render that fails serves the previous copy too
// (stale-if-error). A page's cost is its bytes (plain, gzip and brotli);
// when the total passes the bound, the least recently used pages go.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"

	"broadsheet/internal/cachekey"
)

// Options configure a Cache.
type Options struct {
	// MaxBytes bounds the memory the pages take (default 64 MB).
	MaxBytes int64
	// MaxAge is the longest a page is served without being rendered again,
	// whatever purges say: a safety net for what no key names (default 10
	// minutes).
	MaxAge time.Duration
	// CacheControl is sent with cached pages, for browsers and for a CDN or
	// Varnish in front (default: a minute for shared caches, revalidated by
	// browsers, served stale while revalidating and on errors).
	CacheControl string
	// SurrogateKeys says whether a request gets the Surrogate-Key header
	// (nil: every request; the app gives it only to trusted proxies, which
	// purge by it, since it can be a kilobyte or two).
	SurrogateKeys func(*http.Request) bool
	Now           func() time.Time
	Log           *slog.Logger
}

// Stats count what the cache did since it started.
type Stats struct {
	Hits, Misses, Stale, Renders, Uncacheable, Evictions int64
	Pages                                                int
	Bytes                                                int64
}

// Cache is an in-memory page cache. The zero value is not usable; call New.
type Cache struct {
	opt Options

	mu      sync.Mutex
	entries map[string]*entry
	lru     list.List // of *entry, most recently used first
	byKey   map[string]map[*entry]struct{}
	used    int64
	flights map[string]*flight
	seq     uint64      // counts purges
	purges  []purgeNote // purges since the oldest render in flight began

	hits, misses, stale, renders, uncacheable, evictions atomic.Int64
}

type entry struct {
	key       string
	status    int
	header    http.Header
	body      []byte
	gz, br    []byte
	etag      string    // quoted hash of body, without representation suffix
	modified  time.Time // Last-Modified
	stored    time.Time
	freshTill time.Time
	keys      []string
	surrogate string
	stale     bool
	elem      *list.Element
	size      int64
}

type flight struct {
	done chan struct{}
	e    *entry // the page rendered, when it could be stored
}

type purgeNote struct {
	seq  uint64
	keys []string
}

// New returns an empty cache.
func New(o Options) *Cache {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 64 << 20
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 10 * time.Minute
	}
	if o.CacheControl == "" {
		o.CacheControl = "public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Cache{opt: o, entries: map[string]*entry{}, byKey: map[string]map[*entry]struct{}{}, flights: map[string]*flight{}}
}

// tags is what a handler says about the page it renders.
type tags struct {
	mu    sync.Mutex
	on    bool
	off   bool
	keys  map[string]struct{}
	until time.Time
}

type ctxKey struct{}

// Keep marks the page being rendered for ctx's request as one to keep, and
// names what it shows. Outside the cache it does nothing.
func Keep(ctx context.Context, keys ...string) {
	Tag(ctx, keys...)
	if t, _ := ctx.Value(ctxKey{}).(*tags); t != nil {
		t.mu.Lock()
		t.on = true
		t.mu.Unlock()
	}
}

// Tag names what the page being rendered shows, without marking it as one
// to keep (a part shared by pages kept and pages not).
func Tag(ctx context.Context, keys ...string) {
	t, _ := ctx.Value(ctxKey{}).(*tags)
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.keys == nil {
		t.keys = map[string]struct{}{}
	}
	for _, k := range keys {
		t.keys[k] = struct{}{}
	}
}

// Until says the page goes stale by the clock at t (the date in the
// masthead, a ranking, an ad's start or end, the breaking-news bar).
func Until(ctx context.Context, t time.Time) {
	tg, _ := ctx.Value(ctxKey{}).(*tags)
	if tg == nil || t.IsZero() {
		return
	}
	tg.mu.Lock()
	defer tg.mu.Unlock()
	if tg.until.IsZero() || t.Before(tg.until) {
		tg.until = t
	}
}

// NoStore keeps the page being rendered out of the cache, whatever else
// tagged it.
func NoStore(ctx context.Context) {
	if t, _ := ctx.Value(ctxKey{}).(*tags); t != nil {
		t.mu.Lock()
		t.off = true
		t.mu.Unlock()
	}
}

// Purge marks stale every page that shows one of keys (cachekey.All: every
// page). A render in flight when the purge comes is stored stale.
func (c *Cache) Purge(keys ...string) {
	if len(keys) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	if len(c.flights) > 0 {
		c.purges = append(c.purges, purgeNote{seq: c.seq, keys: keys})
	}
	for _, k := range keys {
		if k == cachekey.All {
			for _, e := range c.entries {
				e.stale = true
			}
			continue
		}
		for e := range c.byKey[k] {
			e.stale = true
		}
	}
}

// Stats reports the counters and the cache's size.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	pages, used := len(c.entries), c.used
	c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Stale: c.stale.Load(), Renders: c.renders.Load(),
		Uncacheable: c.uncacheable.Load(), Evictions: c.evictions.Load(), Pages: pages, Bytes: used}
}

// Handler serves GET and HEAD from the cache, rendering with next what is
// missing, stale or expired. Other methods go straight to next.
func (c *Cache) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		k := requestKey(r.URL)
		c.mu.Lock()
		e := c.entries[k]
		if e != nil && !e.stale && c.opt.Now().Before(e.freshTill) {
			c.lru.MoveToFront(e.elem)
			c.mu.Unlock()
			c.hits.Add(1)
			c.serve(w, r, e, "hit")
			return
		}
		if f := c.flights[k]; f != nil {
			c.mu.Unlock()
			if e != nil { // someone is rendering it again: the previous copy meanwhile
				c.stale.Add(1)
				c.serve(w, r, e, "stale")
				return
			}
			select {
			case <-f.done:
			case <-r.Context().Done():
				return
			}
			if f.e != nil {
				c.hits.Add(1)
				c.serve(w, r, f.e, "hit")
				return
			}
			// The page could not be kept (an error, a redirect): render it here.
			c.uncacheable.Add(1)
			c.render(next, r).writeTo(w, r)
			return
		}
		f := &flight{done: make(chan struct{})}
		c.flights[k] = f
		start := c.seq
		c.mu.Unlock()
		c.misses.Add(1)

		var ne *entry
		defer func() { // also when next panics: nobody may wait for ever
			c.mu.Lock()
			if ne != nil {
				c.store(ne, start)
				f.e = ne
			}
			delete(c.flights, k)
			if len(c.flights) == 0 {
				c.purges = nil
			}
			c.mu.Unlock()
			close(f.done)
		}()
		rec := c.render(next, r)
		if rec.cacheable() {
			ne = c.build(k, rec)
			c.serve(w, r, ne, "miss")
			return
		}
		c.uncacheable.Add(1)
		if e != nil && rec.status >= 500 { // stale-if-error
			c.opt.Log.Warn("page cache: render failed, serving the previous copy", "path", r.URL.Path, "status", rec.status)
			c.serve(w, r, e, "stale")
			return
		}
		rec.writeTo(w, r)
	})
}

// render runs next for r (a HEAD as a GET) into a recorder.
func (c *Cache) render(next http.Handler, r *http.Request) *recorder {
	c.renders.Add(1)
	t := &tags{}
	r2 := r.WithContext(context.WithValue(r.Context(), ctxKey{}, t))
	if r.Method == http.MethodHead {
		r2.Method = http.MethodGet
	}
	// The page is rendered whole for everyone; the cache answers 304 itself.
	r2.Header = r.Header.Clone()
	r2.Header.Del("If-None-Match")
	r2.Header.Del("If-Modified-Since")
	rec := &recorder{header: http.Header{}, tags: t}
	next.ServeHTTP(rec, r2)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec
}

// build makes an entry of a recorded page: its compressed copies, hash and
// lifetime. It runs outside the lock.
func (c *Cache) build(k string, rec *recorder) *entry {
	now := c.opt.Now()
	rec.tags.mu.Lock()
	keys := make([]string, 0, len(rec.tags.keys))
	for key := range rec.tags.keys {
		keys = append(keys, key)
	}
	until := rec.tags.until
	rec.tags.mu.Unlock()
	sort.Strings(keys)
	fresh := now.Add(c.opt.MaxAge)
	if !until.IsZero() && until.Before(fresh) {
		fresh = until
	}
	h := rec.header.Clone()
	modified := now.Truncate(time.Second)
	if t, err := http.ParseTime(h.Get("Last-Modified")); err == nil && t.Before(modified) {
		modified = t // the handler knows when its content last changed (a feed)
	}
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", c.opt.CacheControl)
	}
	for _, name := range []string{"Content-Length", "Date", "Etag", "Last-Modified", "Vary", "Content-Encoding"} {
		h.Del(name)
	}
	sum := sha256.Sum256(rec.body.Bytes())
	e := &entry{key: k, status: rec.status, header: h, body: bytes.Clone(rec.body.Bytes()),
		etag: base64.RawURLEncoding.EncodeToString(sum[:18]), modified: modified, stored: now, freshTill: fresh, keys: keys,
		surrogate: strings.Join(keys, " ")}
	if len(e.body) >= 512 && compressible(h.Get("Content-Type")) {
		e.gz = gzipBytes(e.body)
		e.br = brotliBytes(e.body, 7) // within a few percent of the best for pages, at a few milliseconds each
	}
	e.size = int64(len(e.body)+len(e.gz)+len(e.br)+len(k)+len(e.surrogate)) + 512
	return e
}

// store puts e in the cache, stale if a purge that names it came since its
// render began at purge count start, and evicts until the bound holds.
func (c *Cache) store(e *entry, start uint64) {
	if e.size > c.opt.MaxBytes/8 {
		return // one page may not crowd out the rest
	}
	for _, p := range c.purges {
		if p.seq > start && touches(p.keys, e.keys) {
			e.stale = true
			break
		}
	}
	if old := c.entries[e.key]; old != nil {
		c.remove(old)
	}
	c.entries[e.key] = e
	e.elem = c.lru.PushFront(e)
	for _, k := range e.keys {
		set := c.byKey[k]
		if set == nil {
			set = map[*entry]struct{}{}
			c.byKey[k] = set
		}
		set[e] = struct{}{}
	}
	c.used += e.size
	for c.used > c.opt.MaxBytes {
		last := c.lru.Back()
		if last == nil || last.Value.(*entry) == e {
			break
		}
		c.remove(last.Value.(*entry))
		c.evictions.Add(1)
	}
}

func (c *Cache) remove(e *entry) {
	delete(c.entries, e.key)
	c.lru.Remove(e.elem)
	for _, k := range e.keys {
		if set := c.byKey[k]; set != nil {
			delete(set, e)
			if len(set) == 0 {
				delete(c.byKey, k)
			}
		}
	}
	c.used -= e.size
}

func touches(purged, keys []string) bool {
	for _, p := range purged {
		if p == cachekey.All {
			return true
		}
		for _, k := range keys {
			if k == p {
				return true
			}
		}
	}
	return false
}

// serve answers from an entry: 304 when the browser has it, else the best
// encoding it accepts.
func (c *Cache) serve(w http.ResponseWriter, r *http.Request, e *entry, state string) {
	h := w.Header()
	for name, v := range e.header {
		h[name] = v
	}
	h.Set("Last-Modified", e.modified.UTC().Format(http.TimeFormat))
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Cache", state)
	if age := int(c.opt.Now().Sub(e.stored).Seconds()); age > 0 {
		h.Set("Age", strconv.Itoa(age))
	}
	if e.surrogate != "" && len(e.surrogate) <= 8<<10 && (c.opt.SurrogateKeys == nil || c.opt.SurrogateKeys(r)) {
		h.Set("Surrogate-Key", e.surrogate)
	}
	body, enc := e.body, ""
	switch acceptEncoding(r.Header.Get("Accept-Encoding"), e.br != nil, e.gz != nil) {
	case "br":
		body, enc = e.br, "br"
	case "gzip":
		body, enc = e.gz, "gzip"
	}
	if enc != "" {
		h.Set("Content-Encoding", enc)
		h.Set("ETag", `"`+e.etag+"-"+enc+`"`)
	} else {
		h.Set("ETag", `"`+e.etag+`"`)
	}
	if notModified(r, e) {
		h.Del("Content-Encoding")
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified reports whether the request's validators match e: any of its
// representations' ETags, or, without If-None-Match, a date not older.
func notModified(r *http.Request, e *entry) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			t = strings.TrimPrefix(t, "W/")
			t = strings.Trim(t, `"`)
			t = strings.TrimSuffix(strings.TrimSuffix(t, "-br"), "-gzip")
			if t == e.etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !e.modified.After(t) {
			return true
		}
	}
	return false
}

// acceptEncoding picks br, gzip or "" (identity) from an Accept-Encoding
// header, honouring q=0.
func acceptEncoding(h string, br, gz bool) string {
	if h == "" {
		return ""
	}
	var okBr, okGz bool
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		if q <= 0 {
			continue
		}
		switch name {
		case "br":
			okBr = true
		case "gzip", "x-gzip":
			okGz = true
		case "*":
			okBr, okGz = true, true
		}
	}
	switch {
	case okBr && br:
		return "br"
	case okGz && gz:
		return "gzip"
	}
	return ""
}

func compressible(ct string) bool {
	ct, _, _ = strings.Cut(ct, ";")
	ct = strings.TrimSpace(ct)
	return strings.HasPrefix(ct, "text/") || strings.HasSuffix(ct, "+xml") || strings.HasSuffix(ct, "/xml") ||
		strings.HasSuffix(ct, "json") || ct == "application/javascript"
}

// Gzip compresses b once, at the best ratio (pages and assets are
// compressed when stored, not per request).
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// brotliBytes compresses b once at the quality given.
func brotliBytes(b []byte, quality int) []byte {
	var buf bytes.Buffer
	zw := brotli.NewWriterLevel(&buf, quality)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// requestKey is the page's address: the path and the query with its
// parameters sorted and campaign tags left out (they do not change a page).
func requestKey(u *url.URL) string {
	if u.RawQuery == "" {
		return u.Path
	}
	q := u.Query()
	for name := range q {
		if strings.HasPrefix(name, "utm_") || name == "fbclid" || name == "gclid" || name == "mc_cid" || name == "mc_eid" {
			q.Del(name)
		}
	}
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}

// recorder keeps a handler's answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	tags   *tags
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(s int) {
	if r.status == 0 {
		r.status = s
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) cacheable() bool {
	r.tags.mu.Lock()
	defer r.tags.mu.Unlock()
	return r.tags.on && !r.tags.off && r.status == http.StatusOK && len(r.header.Values("Set-Cookie")) == 0
}

// writeTo sends a recorded answer that is not kept.
func (r *recorder) writeTo(w http.ResponseWriter, req *http.Request) {
	h := w.Header()
	for name, v := range r.header {
		h[name] = v
	}
	w.WriteHeader(r.status)
	if req.Method != http.MethodHead {
		w.Write(r.body.Bytes())
	}
}

// Compress gives b's gzip and brotli copies at the best ratios, for static
// assets compressed once when the server starts.
func Compress(b []byte) (gz, br []byte) {
	return gzipBytes(b), brotliBytes(b, brotli.BestCompression)
}

// AcceptEncoding picks "br", "gzip" or "" for a request given the copies there are.
func AcceptEncoding(r *http.Request, br, gz bool) string {
	return acceptEncoding(r.Header.Get("Accept-Encoding"), br, gz)
}
