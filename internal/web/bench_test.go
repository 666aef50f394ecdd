package web_test

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"broadsheet/internal/app"
	"broadsheet/internal/config"
)

// benchApp is the demo newsroom on SQLite, served in-process (flags such
// as --page-cache-mb 0 added).
func benchApp(b *testing.B, flags ...string) *app.App {
	b.Helper()
	cfg, _, err := config.Load(append([]string{"--data", b.TempDir()}, flags...), func(string) string { return "" }, flag.NewFlagSet("b", flag.ContinueOnError))
	if err != nil {
		b.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	if _, _, err := a.SeedDemo(context.Background()); err != nil {
		b.Fatal(err)
	}
	return a
}

func benchPage(b *testing.B, h http.Handler, path string) {
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatalf("%s: %d", path, rec.Code)
		}
	}
}

// BenchmarkReaderPages renders each kind of page every time (the page
// cache off), then serves the same pages from the cache.
func BenchmarkReaderPages(b *testing.B) {
	for _, mode := range []struct{ name, cacheMB string }{{"uncached", "0"}, {"cached", "64"}} {
		b.Run(mode.name, func(b *testing.B) {
			a := benchApp(b, "--page-cache-mb", mode.cacheMB)
			rec := httptest.NewRecorder()
			a.Handler.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			home := rec.Body.String()
			article := regexp.MustCompile(`class="lead-title"><a href="([^"]+)"`).FindStringSubmatch(home)[1]
			commented := regexp.MustCompile(`href="(/[^"]*/night-trains-[^"]*)"`).FindStringSubmatch(home)[1]
			tag := regexp.MustCompile(`href="(/tag/[^"]+)"`).FindStringSubmatch(home)[1]
			for _, p := range []struct{ name, path string }{{"home", "/"}, {"section", "/news"}, {"article", article},
				{"article-with-comments", commented}, {"tag", tag}, {"search", "/search?q=lagos"}, {"feed", "/feed/rss"},
				{"sitemap", "/sitemaps/articles-1.xml"}, {"api-list", "/api/v1/articles"}, {"ad-frame", "/ads/slot/sidebar"}} {
				b.Run(p.name, func(b *testing.B) { benchPage(b, a.Handler, p.path) })
			}
		})
	}
}
