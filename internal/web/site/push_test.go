package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/article"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

func postJSON(t *testing.T, e *webtest.Env, path, ctype, body string) webtest.Resp {
	t.Helper()
	req, _ := http.NewRequest("POST", e.Srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	return e.Do(req)
}

func subJSON(endpoint, p256dh, auth string) string {
	return `{"endpoint":"` + endpoint + `","expirationTime":null,"keys":{"p256dh":"` + p256dh + `","auth":"` + auth + `"}}`
}

// Browser alerts: browsers subscribe with the Push API; a breaking story
// reaches each one once, encrypted for it (RFC 8291) and signed with the
// site's VAPID key (RFC 8292), checked at a push service started here. A
// browser that left its push service is forgotten; one that unsubscribed
// gets nothing; subscriptions to strange places are refused.
func TestBrowserAlerts(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		ps := webtest.NewPushService(t)
		e := webtest.New(t, false, engine, "--push-service", ps.Origin())
		ctx := context.Background()
		key := e.App.Push.Keys.Public()
		want(t, "alerts page", e.Browser().Get("/alerts"), 200, `data-push data-key="`+key+`"`, "Turn on browser alerts")
		sw := e.Get("/sw.js", "")
		if sw.Status != 200 || !strings.HasPrefix(sw.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(sw.Body, "showNotification") {
			t.Fatalf("service worker: %d %q", sw.Status, sw.Header.Get("Content-Type"))
		}

		stay, stayKey, stayAuth := ps.Subscribe()
		leave, leaveKey, leaveAuth := ps.Subscribe()
		stop, stopKey, stopAuth := ps.Subscribe()
		refused, refusedKey, refusedAuth := ps.Subscribe()
		for _, c := range []struct{ name, ctype, body, want string }{
			{"a form post", "application/x-www-form-urlencoded", "endpoint=" + stay, "as JSON"},
			{"not JSON", "application/json", "{", "as JSON"},
			{"another host", "application/json", subJSON("https://evil.example/push/1", stayKey, stayAuth), "not at a known push service"},
			{"the database's port", "application/json", subJSON("http://127.0.0.1:5432/", stayKey, stayAuth), "not at a known push service"},
			{"a bad key", "application/json", subJSON(stay, "AAAA", stayAuth), "not a P-256 key"},
			{"a short secret", "application/json", subJSON(stay, stayKey, "AAAA"), "not 16 bytes"},
			{"too long", "application/json", subJSON(stay+strings.Repeat("x", 5000), stayKey, stayAuth), "as JSON"},
		} {
			if r := postJSON(t, e, "/alerts/push", c.ctype, c.body); r.Status != 422 || !strings.Contains(r.Body, c.want) {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		_, otherKey, otherAuth := ps.Subscribe()
		for _, s := range [][3]string{{stay, stayKey, stayAuth}, {leave, leaveKey, leaveAuth}, {stop, stopKey, stopAuth}, {refused, refusedKey, refusedAuth},
			{stay, otherKey, otherAuth}} { // the last: someone who learnt the endpoint, with other keys
			if r := postJSON(t, e, "/alerts/push", "application/json; charset=utf-8", subJSON(s[0], s[1], s[2])); r.Status != 201 {
				t.Fatalf("subscribe %s: %d %s", s[0], r.Status, r.Body)
			}
		}
		if c, _ := e.App.Store.CountAlertSubscriptions(ctx); c.Browsers != 4 {
			t.Fatalf("%d browsers; want 4 (one subscribed twice)", c.Browsers)
		}
		for _, ep := range []string{stop, "https://fcm.googleapis.com/never-subscribed"} {
			if r := postJSON(t, e, "/alerts/push/stop", "application/json", `{"endpoint":"`+ep+`"}`); r.Status != 200 {
				t.Errorf("stop %s: %d %s", ep, r.Status, r.Body)
			}
		}
		ps.Leave(leave)
		ps.Refuse(refused)

		a := e.Article(user.Editor, "Dam opens its gates", article.Published)
		if _, err := e.App.Articles.SetBreaking(ctx, e.Users[user.Editor], a.ID, true, time.Hour); err != nil {
			t.Fatal(err)
		}
		payload := []byte(`{"article_id":` + itoa(a.ID) + `}`)
		job := e.App.Worker.Handlers[article.JobBreaking]
		for i := 0; i < 2; i++ { // run twice, as after a restart: nobody gets a second one
			if err := job(ctx, payload); err != nil {
				t.Fatal(err)
			}
			e.RunJobs()
		}
		// (the message reached the browser with its first keys: the service decrypted it)
		if p := ps.Problems(); len(p) != 0 {
			t.Fatalf("the push service refused: %v", p)
		}
		got := ps.Messages(stay)
		if len(got) != 1 {
			t.Fatalf("%d messages; want 1", len(got))
		}
		m := got[0]
		if m.Message.Title != "Broadsheet: breaking news" || m.Message.Body != "Dam opens its gates" || m.Message.URL != e.Srv.URL+a.URL() ||
			m.Message.Tag != "breaking-"+itoa(a.ID) || m.Header.Get("Urgency") != "high" || m.Header.Get("Topic") != "breaking" || m.Header.Get("TTL") == "0" {
			t.Errorf("message %+v %v", m.Message, m.Header)
		}
		// Only the browser can read it: the headline is not in the body.
		if strings.Contains(string(m.Raw), "Dam opens") {
			t.Error("the push body holds the headline in clear")
		}
		if n := len(ps.Messages(stop)); n != 0 {
			t.Errorf("an unsubscribed browser got %d", n)
		}
		// The browser that left, and the one its service refuses for good, are
		// forgotten after one try each; the report counts them.
		if c, _ := e.App.Store.CountAlertSubscriptions(ctx); c.Browsers != 1 {
			t.Errorf("%d browsers left; want 1", c.Browsers)
		}
		sends, err := e.App.Store.AlertSends(ctx, 10)
		if err != nil || len(sends) != 1 || sends[0].PushSent != 1 || sends[0].PushGone != 1 || sends[0].PushFailed != 1 || sends[0].PushQueued != 0 {
			t.Fatalf("report: %+v %v", sends, err)
		}
		want(t, "the newsroom's report", e.Get("/newsroom/alerts", user.Editor), 200, "1 browser")
		_ = alert.PushGone
	})
}
