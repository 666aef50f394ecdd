// Package middleware holds the HTTP layers every request passes: request id and
// logging, panic recovery, security headers with a per-request CSP nonce, and
// body limits. It must not import domain packages or the store.
package middleware

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"
)

type ctxKey int

const (
	nonceKey ctxKey = iota
	requestIDKey
)

// Nonce returns the request's CSP nonce.
func Nonce(r *http.Request) string {
	s, _ := r.Context().Value(nonceKey).(string)
	return s
}

// RequestID returns the request's id.
func RequestID(r *http.Request) string {
	s, _ := r.Context().Value(requestIDKey).(string)
	return s
}

func random(n int) string {
	b := make([]byte, n)
	rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *recorder) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Log gives every request an id and logs one line when it ends, except for
// the paths quiet says to leave out (the tips box: no line may tell when a
// tipster came).
func Log(log *slog.Logger, quiet func(path string) bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := random(9)
		w.Header().Set("X-Request-Id", id)
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
		if quiet != nil && quiet(r.URL.Path) {
			return
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("id", id), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.Int("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}

// Recover turns a panic into the 500 page given by fail, logging the stack once;
// no stack trace ever reaches the client. On the paths quiet names, the log
// line has the day only, and no path or request id.
func Recover(log *slog.Logger, quiet func(path string) bool, fail func(http.ResponseWriter, *http.Request), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				if quiet != nil && quiet(r.URL.Path) {
					slog.New(DayOnly(log.Handler())).Error("panic in a quiet page", "panic", v, "stack", string(debug.Stack()))
					fail(w, r)
					return
				}
				log.Error("panic", "id", RequestID(r), "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				fail(w, r)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Secure sets a strict Content-Security-Policy with a fresh nonce for the
// request's scripts, and the other headers that close common holes.
func Secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := random(16)
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'nonce-"+nonce+"'; style-src 'self'; "+
			"img-src 'self' data:; font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; "+
			"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), nonceKey, nonce)))
	})
}

// HSTS tells browsers to use HTTPS only, for a year; set when the site's public
// address is https.
func HSTS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		next.ServeHTTP(w, r)
	})
}

// LimitBody caps request bodies at n bytes.
func LimitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, n)
		}
		next.ServeHTTP(w, r)
	})
}

// DayOnly wraps a log handler so that its records carry the day and not the
// time: for what must be logged about the tips box (a failure), without
// telling when a tipster came.
func DayOnly(h slog.Handler) slog.Handler { return dayOnly{h} }

type dayOnly struct{ h slog.Handler }

func (d dayOnly) Enabled(ctx context.Context, l slog.Level) bool { return d.h.Enabled(ctx, l) }
func (d dayOnly) Handle(ctx context.Context, r slog.Record) error {
	r.Time = r.Time.UTC().Truncate(24 * time.Hour)
	return d.h.Handle(ctx, r)
}
func (d dayOnly) WithAttrs(as []slog.Attr) slog.Handler { return dayOnly{d.h.WithAttrs(as)} }
func (d dayOnly) WithGroup(n string) slog.Handler       { return dayOnly{d.h.WithGroup(n)} }

type proxyKey struct{}

// ViaProxy reports whether the request came through a trusted proxy (a CDN,
// Varnish, a load balancer), which may want the page cache's keys.
func ViaProxy(r *http.Request) bool {
	v, _ := r.Context().Value(proxyKey{}).(bool)
	return v
}

// RealIP makes a request's RemoteAddr the reader's address when it comes
// through a trusted proxy: the nearest address in X-Forwarded-For that is
// not itself a trusted proxy. Requests from anywhere else keep their own
// address, whatever they claim. With no trusted proxies it does nothing.
func RealIP(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	isTrusted := func(a netip.Addr) bool {
		a = a.Unmap()
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		peer, perr := netip.ParseAddr(host)
		if err != nil || perr != nil || !isTrusted(peer) {
			next.ServeHTTP(w, r)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), proxyKey{}, true))
		var hops []string
		for _, h := range r.Header.Values("X-Forwarded-For") {
			hops = append(hops, strings.Split(h, ",")...)
		}
		for i := len(hops) - 1; i >= 0 && i >= len(hops)-20; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // a hop that is not an address: believe nothing further
			}
			if !isTrusted(a) {
				r.RemoteAddr = net.JoinHostPort(a.Unmap().String(), "0")
				break
			}
		}
		next.ServeHTTP(w, r)
	})
}
