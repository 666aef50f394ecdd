package site

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/push"
	"broadsheet/internal/throttle"
	"broadsheet/internal/web/assets"
	"broadsheet/internal/web/session"
)

// Browser alerts: a visitor's browser subscribes to breaking news with the
// Push API (its push service's address and the keys to encrypt to), kept
// without anything else about the reader.
var (
	pushPerAddress = throttle.Rule{Name: "push-ip", Max: 20, Window: time.Hour}
	pushPerNetwork = throttle.Rule{Name: "push-net", Max: 200, Window: time.Hour} // an IPv6 /48, or an IPv4 /24
)

// networkKey is the network around the client's address: a /48 for IPv6
// (a site's allocation, where /64s are plenty), a /24 for IPv4.
func networkKey(r *http.Request) string {
	ip, err := netip.ParseAddr(session.ClientIP(r))
	if err != nil {
		return session.ClientIP(r)
	}
	bits := 48
	if ip = ip.Unmap(); ip.Is4() {
		bits = 24
	}
	p, _ := ip.Prefix(bits)
	return p.String()
}

// PushConfig is what the browser alerts need from the server's setup.
type PushConfig struct {
	PublicKey string   // the site's VAPID key, for browsers' applicationServerKey
	Allowed   []string // push services' origins accepted besides the browsers' own
}

func (s *Site) pushRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /sw.js", s.serviceWorker)
	mux.Handle("POST /alerts/push", s.wrap(s.subscribePush))
	mux.Handle("POST /alerts/push/stop", s.wrap(s.unsubscribePush))
}

// serviceWorker serves the site's service worker from the root, so that it
// may show notifications for the whole site. It is checked for updates on
// every visit.
func (s *Site) serviceWorker(w http.ResponseWriter, r *http.Request) {
	b, err := assets.Static.ReadFile("static/sw.js")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

// pushRequest is what the page's script sends: the browser's
// PushSubscription as JSON.
type pushRequest struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
}

// readPush reads a JSON body of at most 4 KB. Only JSON is taken, so that
// another site's page cannot post here without the browser asking first
// (which this site never allows).
func readPush(r *http.Request) (pushRequest, error) {
	var p pushRequest
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return p, apperr.FieldError("endpoint", "Send the subscription as JSON.")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 4<<10))
	if err := dec.Decode(&p); err != nil {
		return p, apperr.FieldError("endpoint", "Send the subscription as JSON.")
	}
	return p, nil
}

func pushAnswer(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

func pushRefused(w http.ResponseWriter, err error) error {
	msg := "The browser's subscription was not accepted."
	status := http.StatusUnprocessableEntity
	var v *apperr.Validation
	var lim *throttle.Limited
	switch {
	case errors.As(err, &v):
		_, msg = v.First()
	case errors.As(err, &lim):
		status, msg = http.StatusTooManyRequests, lim.Error()
	default:
		return err
	}
	return pushAnswer(w, status, map[string]string{"error": msg})
}

func (s *Site) subscribePush(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := readPush(r)
	if err != nil {
		return pushRefused(w, err)
	}
	t := push.Target{Endpoint: strings.TrimSpace(p.Endpoint), P256dh: p.Keys.P256dh, Auth: p.Keys.Auth}
	if err := push.Check(t, s.Push.Allowed); err != nil {
		return pushRefused(w, apperr.FieldError("endpoint", "This browser's push service cannot be used: "+err.Error()+"."))
	}
	if err := s.Limiter.Take(ctx, "browser alert subscriptions", throttle.Pair{Rule: pushPerAddress, Key: session.AddressKey(r)},
		throttle.Pair{Rule: pushPerNetwork, Key: networkKey(r)}); err != nil {
		return pushRefused(w, err)
	}
	sub := alert.PushSubscription{Endpoint: t.Endpoint, P256dh: t.P256dh, Auth: t.Auth, CreatedAt: s.now()}
	if err := s.Store.SavePushSubscription(ctx, &sub); err != nil {
		return pushRefused(w, err)
	}
	return pushAnswer(w, http.StatusCreated, map[string]string{"status": "subscribed"})
}

// unsubscribePush forgets a browser; the answer is the same whether or not
// it was known.
func (s *Site) unsubscribePush(w http.ResponseWriter, r *http.Request) error {
	p, err := readPush(r)
	if err != nil {
		return pushRefused(w, err)
	}
	if ep := strings.TrimSpace(p.Endpoint); ep != "" && len(ep) <= push.MaxEndpoint {
		if err := s.Store.DeletePushSubscription(r.Context(), 0, ep); err != nil && !errors.Is(err, apperr.NotFound) {
			return err
		}
	}
	return pushAnswer(w, http.StatusOK, map[string]string{"status": "unsubscribed"})
}

// queuePushAlerts queues one push alert per browser for article id, each
// once: a second run (after a restart) queues nobody twice. They go after
// everything else on the queue (scheduled publishing, people's mail, the
// email alerts), so however many browsers there are, they hold up nothing.
func (s *Site) queuePushAlerts(ctx context.Context, a *article.Article) error {
	st, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	headline := []rune(a.Headline)
	if len(headline) > 200 {
		headline = append(headline[:199], '…')
	}
	msg := alert.PushPayload{ArticleID: a.ID, Title: st.SiteName + ": breaking news", Body: string(headline), URL: s.BaseURL + a.URL(),
		Tag: fmt.Sprintf("breaking-%d", a.ID), TTL: int(min(max(st.BreakingFor(), time.Hour), 24*time.Hour) / time.Second)}
	var after int64
	for {
		subs, err := s.Store.PushRecipients(ctx, after, 500)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			key := fmt.Sprintf("push:alert:%d:%d", a.ID, sub.ID)
			msg.SubscriptionID = sub.ID
			if _, err := s.Store.EnqueueOncePriority(ctx, alert.JobPush, key, msg, time.Time{}, -1); err != nil {
				return err
			}
			after = sub.ID
		}
		if len(subs) < 500 {
			return nil
		}
	}
}
