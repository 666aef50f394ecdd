package pagecache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"broadsheet/internal/cachekey"
)

// page is a handler whose body names the path and how many times it was
// rendered, tagged with the keys given for its path.
type page struct {
	renders atomic.Int64
	keys    map[string][]string
	hold    chan struct{} // when set, each render waits for it
	status  int
	cookie  bool
	until   time.Time
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := p.renders.Add(1)
	if p.hold != nil {
		<-p.hold
	}
	if keys, ok := p.keys[r.URL.Path]; ok {
		Keep(r.Context(), keys...)
	}
	Tag(r.Context(), "shared") // names a part without keeping the page
	Until(r.Context(), p.until)
	if p.cookie {
		http.SetCookie(w, &http.Cookie{Name: "x", Value: "y"})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if p.status != 0 {
		w.WriteHeader(p.status)
	}
	fmt.Fprintf(w, "<p>%s render %d</p>%s", r.URL.Path, n, strings.Repeat("<p>filler text for compression</p>", 40))
}

func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestKeepsTaggedPagesOnly(t *testing.T) {
	p := &page{keys: map[string][]string{"/kept": {"a1"}}}
	c := New(Options{})
	h := c.Handler(p)
	first := get(t, h, "/kept")
	second := get(t, h, "/kept")
	if first.Body.String() != second.Body.String() || p.renders.Load() != 1 {
		t.Fatalf("a tagged page was rendered %d times", p.renders.Load())
	}
	if got := first.Header().Get("X-Cache") + " " + second.Header().Get("X-Cache"); got != "miss hit" {
		t.Errorf("X-Cache: %s", got)
	}
	if got := second.Header().Get("Surrogate-Key"); got != "a1 shared" {
		t.Errorf("Surrogate-Key %q", got)
	}
	if cc := second.Header().Get("Cache-Control"); !strings.Contains(cc, "stale-while-revalidate") || !strings.Contains(cc, "stale-if-error") {
		t.Errorf("Cache-Control %q", cc)
	}
	get(t, h, "/plain")
	get(t, h, "/plain")
	if n := p.renders.Load(); n != 3 {
		t.Errorf("an untagged page was kept: %d renders in all", n)
	}
	if s := c.Stats(); s.Pages != 1 || s.Hits != 1 || s.Uncacheable != 2 {
		t.Errorf("stats %+v", s)
	}
}

func TestNeverKeeps(t *testing.T) {
	for name, p := range map[string]*page{
		"a cookie":  {keys: map[string][]string{"/": {"a1"}}, cookie: true},
		"a 404":     {keys: map[string][]string{"/": {"a1"}}, status: http.StatusNotFound},
		"a 500":     {keys: map[string][]string{"/": {"a1"}}, status: http.StatusInternalServerError},
		"a created": {keys: map[string][]string{"/": {"a1"}}, status: http.StatusCreated},
	} {
		t.Run(name, func(t *testing.T) {
			h := New(Options{}).Handler(p)
			w := get(t, h, "/")
			get(t, h, "/")
			if p.renders.Load() != 2 {
				t.Errorf("kept: %d renders", p.renders.Load())
			}
			if p.status != 0 && w.Code != p.status {
				t.Errorf("status %d, want %d", w.Code, p.status)
			}
			if p.cookie && w.Header().Get("Set-Cookie") == "" {
				t.Error("the cookie was lost")
			}
		})
	}
	t.Run("NoStore", func(t *testing.T) {
		var renders int
		h := New(Options{}).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			renders++
			Keep(r.Context(), "a1")
			NoStore(r.Context())
			w.Write([]byte("personal"))
		}))
		get(t, h, "/")
		get(t, h, "/")
		if renders != 2 {
			t.Errorf("NoStore page rendered %d times for two requests", renders)
		}
	})
	t.Run("POST", func(t *testing.T) {
		p := &page{keys: map[string][]string{"/": {"a1"}}}
		h := New(Options{}).Handler(p)
		for range 2 {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", nil))
		}
		if p.renders.Load() != 2 {
			t.Errorf("a POST was answered from the cache")
		}
	})
}

func TestPurgeRefreshesExactlyTheNamedPages(t *testing.T) {
	p := &page{keys: map[string][]string{"/one": {"a1", "ls1"}, "/two": {"a2", "ls1"}, "/three": {"a3"}}}
	c := New(Options{})
	h := c.Handler(p)
	before := map[string]string{}
	for _, path := range []string{"/one", "/two", "/three"} {
		before[path] = get(t, h, path).Body.String()
	}
	check := func(changed ...string) {
		t.Helper()
		for _, path := range []string{"/one", "/two", "/three"} {
			now := get(t, h, path).Body.String()
			want := false
			for _, c := range changed {
				want = want || c == path
			}
			if (now != before[path]) != want {
				t.Errorf("%s changed: %v, want %v", path, now != before[path], want)
			}
			before[path] = now
		}
	}
	c.Purge("a1")
	check("/one")
	c.Purge("ls1")
	check("/one", "/two")
	c.Purge("nothing-shows-this")
	check()
	c.Purge(cachekey.All)
	check("/one", "/two", "/three")
}

func TestOneRenderForManyRequests(t *testing.T) {
	p := &page{keys: map[string][]string{"/hot": {"a1"}}, hold: make(chan struct{})}
	c := New(Options{})
	h := c.Handler(p)
	const n = 50
	run := func() []string {
		bodies := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				bodies[i] = get(t, h, "/hot").Body.String()
			}()
		}
		deadline := time.Now().Add(5 * time.Second)
		for p.renders.Load() == 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond) // let the others arrive while it renders
		p.hold <- struct{}{}
		wg.Wait()
		return bodies
	}
	cold := run()
	if got := p.renders.Load(); got != 1 {
		t.Fatalf("%d renders for %d requests of a page not yet kept", got, n)
	}
	for _, b := range cold {
		if b != cold[0] {
			t.Fatal("requests waiting for the render got different pages")
		}
	}
	c.Purge("a1")
	hot := run()
	if got := p.renders.Load(); got != 2 {
		t.Fatalf("%d renders in all after the purge, want 2", got)
	}
	var old, fresh int
	for _, b := range hot {
		switch {
		case strings.Contains(b, "render 1<"):
			old++
		case strings.Contains(b, "render 2<"):
			fresh++
		}
	}
	if fresh == 0 || old == 0 || old+fresh != n {
		t.Errorf("after the purge: %d previous copies and %d new pages of %d", old, fresh, n)
	}
	if s := c.Stats(); s.Stale != int64(old) {
		t.Errorf("stale count %d, want %d", s.Stale, old)
	}
}

func TestPurgeDuringRenderKeepsItStale(t *testing.T) {
	p := &page{keys: map[string][]string{"/": {"a1"}}, hold: make(chan struct{})}
	c := New(Options{})
	h := c.Handler(p)
	done := make(chan struct{})
	go func() { get(t, h, "/"); close(done) }()
	for p.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.Purge("a1") // the render read the old content
	p.hold <- struct{}{}
	<-done
	go func() { p.hold <- struct{}{} }()
	if w := get(t, h, "/"); !strings.Contains(w.Body.String(), "render 2<") {
		t.Errorf("a page rendered across a purge was served as fresh: %q", w.Body.String()[:20])
	}
}

func TestEncodingsAndValidators(t *testing.T) {
	p := &page{keys: map[string][]string{"/": {"a1"}}}
	h := New(Options{}).Handler(p)
	plain := get(t, h, "/")
	if plain.Header().Get("Content-Encoding") != "" || plain.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("identity answer: %v", plain.Header())
	}
	body := plain.Body.String()
	for _, c := range []struct{ accept, enc string }{
		{"gzip, deflate, br", "br"}, {"br;q=0, gzip", "gzip"}, {"gzip;q=0", ""}, {"*", "br"}, {"identity", ""}, {"deflate, gzip;q=0.5", "gzip"},
	} {
		w := get(t, h, "/", "Accept-Encoding", c.accept)
		if got := w.Header().Get("Content-Encoding"); got != c.enc {
			t.Errorf("Accept-Encoding %q: %q, want %q", c.accept, got, c.enc)
			continue
		}
		sent := w.Body.Len()
		var rd io.Reader = w.Body
		switch c.enc {
		case "br":
			rd = brotli.NewReader(w.Body)
		case "gzip":
			zr, err := gzip.NewReader(w.Body)
			if err != nil {
				t.Fatal(err)
			}
			rd = zr
		}
		got, err := io.ReadAll(rd)
		if err != nil || string(got) != body {
			t.Errorf("Accept-Encoding %q: the body does not decode to the page (%v)", c.accept, err)
		}
		if c.enc != "" && sent >= len(body) {
			t.Errorf("%s copy is %d bytes for a page of %d", c.enc, sent, len(body))
		}
		if n := w.Header().Get("Content-Length"); n != fmt.Sprint(sent) {
			t.Errorf("Content-Length %s for %d bytes", n, sent)
		}
	}
	br := get(t, h, "/", "Accept-Encoding", "br")
	for _, tag := range []string{plain.Header().Get("ETag"), br.Header().Get("ETag"), "W/" + br.Header().Get("ETag"), `"other", ` + plain.Header().Get("ETag")} {
		w := get(t, h, "/", "If-None-Match", tag, "Accept-Encoding", "gzip")
		if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: %d with %d bytes", tag, w.Code, w.Body.Len())
		}
	}
	if w := get(t, h, "/", "If-None-Match", `"other"`); w.Code != http.StatusOK {
		t.Errorf("another ETag: %d", w.Code)
	}
	if w := get(t, h, "/", "If-Modified-Since", plain.Header().Get("Last-Modified")); w.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since its own date: %d", w.Code)
	}
	if w := get(t, h, "/", "If-Modified-Since", "Mon, 02 Jan 2006 15:04:05 GMT"); w.Code != http.StatusOK {
		t.Errorf("If-Modified-Since an old date: %d", w.Code)
	}
	head := httptest.NewRecorder()
	h.ServeHTTP(head, httptest.NewRequest(http.MethodHead, "/", nil))
	if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("Content-Length") != fmt.Sprint(len(body)) {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %s", head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
	}
	if p.renders.Load() != 1 {
		t.Errorf("%d renders for one page", p.renders.Load())
	}
}

// A conditional request that misses the cache still gets the whole page
// rendered and stored, not the handler's own 304.
func TestConditionalMissRendersWhole(t *testing.T) {
	h := New(Options{}).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Keep(r.Context(), "lall")
		if r.Header.Get("If-None-Match") != "" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte("feed"))
	}))
	if w := get(t, h, "/feed", "If-None-Match", `"x"`); w.Code != http.StatusOK || w.Body.String() != "feed" {
		t.Errorf("%d %q", w.Code, w.Body.String())
	}
}

func TestCampaignTagsShareAPage(t *testing.T) {
	p := &page{keys: map[string][]string{"/s": {"a1"}}}
	h := New(Options{}).Handler(p)
	get(t, h, "/s?q=lagos&page=2")
	get(t, h, "/s?page=2&q=lagos&utm_source=x&fbclid=1")
	if p.renders.Load() != 1 {
		t.Errorf("%d renders", p.renders.Load())
	}
	get(t, h, "/s?q=lagos&page=3")
	if p.renders.Load() != 2 {
		t.Errorf("another page number shared the page")
	}
}

func TestClockAndMaxAge(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	p := &page{keys: map[string][]string{"/": {"a1"}}, until: now.Add(time.Minute)}
	h := New(Options{Now: clock, MaxAge: 10 * time.Minute}).Handler(p)
	get(t, h, "/")
	advance(59 * time.Second)
	if get(t, h, "/"); p.renders.Load() != 1 {
		t.Fatal("re-rendered before its time")
	}
	if w := get(t, h, "/"); w.Header().Get("Age") != "59" {
		t.Errorf("Age %q", w.Header().Get("Age"))
	}
	advance(2 * time.Second)
	if get(t, h, "/"); p.renders.Load() != 2 {
		t.Fatal("kept past the time its handler gave")
	}
	p.until = time.Time{}
	advance(9 * time.Minute)
	if get(t, h, "/"); p.renders.Load() != 3 {
		t.Fatal("the render after that was kept by the old time")
	}
	advance(9 * time.Minute)
	if get(t, h, "/"); p.renders.Load() != 3 {
		t.Fatal("re-rendered before the longest age")
	}
	advance(2 * time.Minute)
	if get(t, h, "/"); p.renders.Load() != 4 {
		t.Fatal("kept past the longest age")
	}
}

func TestStaleIfError(t *testing.T) {
	p := &page{keys: map[string][]string{"/": {"a1"}}}
	c := New(Options{})
	h := c.Handler(p)
	first := get(t, h, "/").Body.String()
	c.Purge("a1")
	p.status = http.StatusInternalServerError
	w := get(t, h, "/")
	if w.Code != http.StatusOK || w.Body.String() != first || w.Header().Get("X-Cache") != "stale" {
		t.Errorf("a failed render: %d %q", w.Code, w.Header().Get("X-Cache"))
	}
	p.status = 0
	if w := get(t, h, "/"); !strings.Contains(w.Body.String(), "render 3<") {
		t.Error("the page was not rendered again once it could be")
	}
}

func TestMemoryBound(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 4000) // compresses to little: about 4.6 kB an entry
	const bound = 64 << 10
	c := New(Options{MaxBytes: bound})
	var renders atomic.Int64
	h := c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		Keep(r.Context(), "p"+r.URL.Path)
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	}))
	get(t, h, "/favourite")
	for i := range 100 {
		get(t, h, fmt.Sprintf("/page-%d", i))
		get(t, h, "/favourite") // read often: never the least recently used
		if s := c.Stats(); s.Bytes > bound {
			t.Fatalf("%d bytes kept, bound %d", s.Bytes, bound)
		}
	}
	if renders.Load() != 101 {
		t.Errorf("the page read most was evicted: %d renders", renders.Load())
	}
	s := c.Stats()
	if s.Evictions == 0 || s.Pages < 5 {
		t.Errorf("stats %+v", s)
	}
	// A page larger than an eighth of the bound is served, not kept.
	big := New(Options{MaxBytes: 16 << 10}).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		Keep(r.Context(), "big")
		w.Write(body)
	}))
	before := renders.Load()
	get(t, big, "/")
	if w := get(t, big, "/"); w.Body.Len() != len(body) || renders.Load() != before+2 {
		t.Errorf("an oversized page: %d bytes, %d renders", w.Body.Len(), renders.Load()-before)
	}
}

func TestTagOutsideTheCache(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	Keep(r.Context(), "a1") // no panic, nothing to do
	Tag(r.Context(), "a1")
	Until(r.Context(), time.Now())
	NoStore(r.Context())
}

func BenchmarkHit(b *testing.B) {
	p := &page{keys: map[string][]string{"/": {"a1"}}}
	h := New(Options{}).Handler(p)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept-Encoding", "gzip, deflate, br")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
	})
}
