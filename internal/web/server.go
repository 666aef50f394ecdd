// Package web assembles the HTTP surfaces (reader site, newsroom, API) behind
// one middleware chain. HTTP status codes live only below this package.
package web

import (
	"broadsheet/internal/ad"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/media"
	"broadsheet/internal/oidc"
	"broadsheet/internal/reads"
	"broadsheet/internal/setting"
	"broadsheet/internal/tally"
	"broadsheet/internal/throttle"
	"broadsheet/internal/tip"
	"broadsheet/internal/web/api"
	"broadsheet/internal/web/middleware"
	"broadsheet/internal/web/newsroom"
	"broadsheet/internal/web/pagecache"
	"broadsheet/internal/web/render"
	"broadsheet/internal/web/session"
	"broadsheet/internal/web/site"
)

// Store is everything the three surfaces read and write, plus a health check.
type Store interface {
	site.Store
	newsroom.Store
	api.Store
	Ping(ctx context.Context) error
}

// Deps is what the web layer is built from.
type Deps struct {
	Store        Store
	Cache        *pagecache.Cache // rendered reader pages (nil: none kept)
	Articles     *article.Service
	Comments     *comment.Service
	Limiter      *throttle.Limiter
	OIDC         *oidc.Client
	Providers    []setting.Provider // sign-in providers set by the server's configuration
	FormKey      []byte             // signs comment forms and hashes addresses
	Media        media.Store
	TipVault     tip.Vault                 // the tips' encrypted attachments
	Ads          *ad.Book                  // the ads the slots choose from (nil: no ads)
	AdCounts     *ad.Counter               // impressions and clicks until they are saved
	Reads        *tally.Counter[reads.Key] // readers' reads until they are saved (nil: not counted)
	Board        *reads.Board              // "Most read" rankings (nil: none shown)
	Push         site.PushConfig
	BaseURL      string
	SecureCookie bool
	// TrustedProxies are the proxies whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	Log            *slog.Logger
	Now            func() time.Time
	// Jobs, when set, receives the handlers of the web layer's own jobs
	// (work a request hands over so that its answer takes the same time
	// whatever the work turns out to be).
	Jobs func(kind string, h func(ctx context.Context, payload []byte) error)
}

// New returns the whole site's handler.
func New(d Deps) (http.Handler, error) {
	rd, err := render.New()
	if err != nil {
		return nil, err
	}
	if len(d.FormKey) < 16 {
		return nil, errors.New("web: a form key of at least 16 bytes is needed")
	}
	sessions := &session.Manager{Store: d.Store, Limiter: d.Limiter, SecureCookie: d.SecureCookie}
	s := &site.Site{Store: d.Store, Articles: d.Articles, Comments: d.Comments, Sessions: sessions, Limiter: d.Limiter, OIDC: d.OIDC,
		Providers: d.Providers, FormKey: d.FormKey, Render: rd, Media: d.Media, BaseURL: d.BaseURL, Log: d.Log, Now: d.Now,
		Ads: d.Ads, AdCounts: d.AdCounts, Push: d.Push, Reads: d.Reads, Board: d.Board, Cache: d.Cache,
		Tips: site.TipBox{Vault: d.TipVault, Limiter: &throttle.Limiter{Store: throttle.NewMemory(site.TipsWindow)}}}
	if d.Jobs != nil {
		d.Jobs(site.JobForgot, s.Forgot)
		d.Jobs(site.JobBreaking, s.BreakingAlert)
		d.Jobs(site.JobDigest, s.Digest)
	}
	nr := &newsroom.Newsroom{Store: d.Store, Articles: d.Articles, Comments: d.Comments, Render: rd, Media: d.Media, Site: s, Sessions: sessions, Log: d.Log, Ads: d.Ads}
	ap := &api.API{Store: d.Store, Articles: d.Articles, Comments: d.Comments, Log: d.Log}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /static/{name}", rd.ServeStatic)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if err := d.Store.Ping(r.Context()); err != nil {
			d.Log.Error("healthz", "err", err)
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})
	// Browsers, feed readers and crawlers ask for /favicon.ico whatever a page
	// names (and for pages that name none: JSON, images): the site's icon.
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		r.SetPathValue("name", "favicon.svg")
		rd.ServeStatic(w, r)
	})
	mux.HandleFunc("GET /ads.txt", func(w http.ResponseWriter, r *http.Request) {
		st, err := d.Store.Settings(r.Context())
		if err != nil {
			d.Log.Error("ads.txt", "err", err)
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		if st.AdsTxt == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Write([]byte(st.AdsTxt + "\n"))
	})
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		st, err := d.Store.Settings(r.Context())
		if err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		var b strings.Builder
		b.WriteString("User-agent: *\nDisallow: /newsroom\nDisallow: /search\nDisallow: /account\nDisallow: /comments\nDisallow: /ads/\n")
		if st.RobotsTxt != "" {
			b.WriteString("\n" + st.RobotsTxt + "\n")
		}
		b.WriteString("\nSitemap: " + d.BaseURL + "/sitemap.xml\nSitemap: " + d.BaseURL + "/sitemaps/news.xml\n")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Write([]byte(b.String()))
	})
	s.Routes(mux)
	nr.Routes(mux)
	ap.Routes(mux)

	// Browsers' own cross-origin signals (Sec-Fetch-Site, Origin) refuse forged
	// form posts to the newsroom and the reader site before any handler runs;
	// the session's CSRF token is the second lock for signed-in forms.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Cross-origin request refused. Forms on this site must be sent from its own pages.", http.StatusForbidden)
	}))
	var h http.Handler = mux
	h = limitBodies(h)
	h = guardForms(cop.Handler(h), h)
	if strings.HasPrefix(d.BaseURL, "https://") {
		h = middleware.HSTS(h)
	}
	h = middleware.Secure(h)
	h = middleware.Recover(d.Log, site.Quiet, s.Fail, h)
	h = middleware.Log(d.Log, site.Quiet, h)
	h = middleware.RealIP(d.TrustedProxies, h)
	return h, nil
}

// guardForms applies cross-origin protection to everything but the API, which
// authenticates with bearer tokens that a browser never sends on its own.
func guardForms(protected, plain http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			plain.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// limitBodies caps request bodies: newsroom uploads may be large, JSON not,
// and a reader's form (a comment of 5,000 characters at most) small.
func limitBodies(next http.Handler) http.Handler {
	reader := middleware.LimitBody(64<<10, next)
	tips := middleware.LimitBody(site.MaxTipsBody, next)
	small := middleware.LimitBody(4<<20, next)
	large := middleware.LimitBody(media.MaxBytes+1<<20, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/newsroom/") && r.Method == http.MethodPost:
			large.ServeHTTP(w, r)
		case (r.URL.Path == "/tips" || r.URL.Path == "/tips/follow-up") && r.Method == http.MethodPost:
			tips.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, "/newsroom/"), strings.HasPrefix(r.URL.Path, "/api/"):
			small.ServeHTTP(w, r)
		default:
			reader.ServeHTTP(w, r)
		}
	})
}
