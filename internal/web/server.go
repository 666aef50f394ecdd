// Package web assembles the HTTP surfaces (reader site, newsroom, API) behind
// one middleware chain. HTTP status codes live only below this package.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/media"
	"broadsheet/internal/web/api"
	"broadsheet/internal/web/middleware"
	"broadsheet/internal/web/newsroom"
	"broadsheet/internal/web/render"
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
	Articles     *article.Service
	Media        media.Store
	BaseURL      string
	SecureCookie bool
	Log          *slog.Logger
	Now          func() time.Time
}

// New returns the whole site's handler.
func New(d Deps) (http.Handler, error) {
	rd, err := render.New()
	if err != nil {
		return nil, err
	}
	s := &site.Site{Store: d.Store, Articles: d.Articles, Render: rd, Media: d.Media, BaseURL: d.BaseURL, Log: d.Log, Now: d.Now}
	nr := &newsroom.Newsroom{Store: d.Store, Articles: d.Articles, Render: rd, Media: d.Media, Site: s, SecureCookie: d.SecureCookie, Log: d.Log}
	ap := &api.API{Store: d.Store, Articles: d.Articles, Log: d.Log}

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
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("User-agent: *\nDisallow: /newsroom\nDisallow: /search\n"))
	})
	s.Routes(mux)
	nr.Routes(mux)
	ap.Routes(mux)

	// Browsers' own cross-origin signals (Sec-Fetch-Site, Origin) refuse forged
	// form posts to the newsroom before any handler runs; the session's CSRF
	// token is the second lock.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Cross-origin request refused.", http.StatusForbidden)
	}))
	var h http.Handler = mux
	h = limitBodies(h)
	h = guardNewsroom(cop.Handler(h), h)
	if strings.HasPrefix(d.BaseURL, "https://") {
		h = middleware.HSTS(h)
	}
	h = middleware.Secure(h)
	h = middleware.Recover(d.Log, s.Fail, h)
	h = middleware.Log(d.Log, h)
	return h, nil
}

// guardNewsroom applies cross-origin protection to the newsroom only; the API
// authenticates with bearer tokens, which a browser never sends on its own.
func guardNewsroom(protected, plain http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/newsroom") {
			protected.ServeHTTP(w, r)
			return
		}
		plain.ServeHTTP(w, r)
	})
}

// limitBodies caps request bodies: uploads may be large, forms and JSON not.
func limitBodies(next http.Handler) http.Handler {
	small := middleware.LimitBody(4<<20, next)
	large := middleware.LimitBody(media.MaxBytes+1<<20, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/newsroom/") && r.Method == http.MethodPost {
			large.ServeHTTP(w, r)
			return
		}
		small.ServeHTTP(w, r)
	})
}
