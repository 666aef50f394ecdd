package site_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/article"
	"broadsheet/internal/section"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

// News alerts by email: double opt-in through the test SMTP server, the
// manage page behind its link, one-click unsubscribing (RFC 8058), and the
// same answer whatever the address's state.
func TestNewsAlerts(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		ctx := context.Background()
		b := e.Browser()
		want(t, "alerts page", b.Get("/alerts"), 200, `name="breaking"`, `name="digest"`, `value="`+itoa(e.News)+`"`, "News")
		want(t, "nothing chosen", b.Post("/alerts", url.Values{"email": {"ada@example.org"}}), 422, "at least one kind", `value="ada@example.org"`)
		want(t, "a bad address", b.Post("/alerts", url.Values{"email": {"nope"}, "breaking": {"1"}}), 422, "such as name@example.com")
		want(t, "an unknown section", b.Post("/alerts", url.Values{"email": {"ada@example.org"}, "section": {"999999"}}), 422, "sections listed")
		want(t, "subscribe", b.Post("/alerts", url.Values{"email": {"Ada@Example.org"}, "breaking": {"1"}, "section": {itoa(e.News)}}), 200, "Check your inbox")
		if _, err := e.App.Store.AlertSubscriptionByEmail(ctx, "ada@example.org"); err == nil {
			t.Fatal("subscribed before confirming")
		}
		e.RunJobs()
		link := webtest.PathOf(t, ms.Link(t, "ada@example.org", "/alerts/confirm"))
		want(t, "confirm page", b.Get(link), 200, "Start my alerts")
		token := strings.TrimPrefix(link, "/alerts/confirm?token=")
		r := b.Post("/alerts/confirm", url.Values{"token": {token}})
		if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/alerts/manage?") {
			t.Fatalf("confirm: %d %s", r.Status, r.Header.Get("Location"))
		}
		want(t, "the link again", b.Post("/alerts/confirm", url.Values{"token": {token}}), 410)
		sub, err := e.App.Store.AlertSubscriptionByEmail(ctx, "ada@example.org")
		if err != nil || sub.Status != alert.Active || !sub.Choices.Breaking || sub.Choices.Digest || !slices.Equal(sub.Choices.Sections, []int64{e.News}) {
			t.Fatalf("after confirming: %+v %v", sub, err)
		}
		manage := r.Header.Get("Location")
		want(t, "manage page", b.Get(manage), 200, "Your news alerts are on", "ada@example.org", `name="t"`)
		q, _ := url.ParseQuery(strings.SplitN(manage, "?", 2)[1])
		want(t, "a forged token", b.Get("/alerts/manage?s="+q.Get("s")+"&t=AAAA"), 404, "does not work")
		want(t, "another id", b.Get("/alerts/manage?s=999999&t="+q.Get("t")), 404)
		if r := b.Post("/alerts/manage", url.Values{"s": {q.Get("s")}, "t": {q.Get("t")}, "digest": {"1"}}); r.Status != 303 {
			t.Fatalf("change: %d %.300s", r.Status, r.Body)
		}
		if sub, _ = e.App.Store.AlertSubscription(ctx, sub.ID); sub.Choices.Breaking || !sub.Choices.Digest || len(sub.Choices.Sections) != 0 {
			t.Fatalf("after the change: %+v", sub.Choices)
		}
		// Subscribing an address that has alerts says the same, and only its
		// owner, through the mailed link, changes anything.
		want(t, "subscribe again", e.Browser().Post("/alerts", url.Values{"email": {"ada@example.org"}, "breaking": {"1"}}), 200, "Check your inbox")
		if sub, _ = e.App.Store.AlertSubscription(ctx, sub.ID); !sub.Choices.Digest || sub.Choices.Breaking {
			t.Fatal("a stranger's form changed the subscription")
		}
		// One click from the mail program: a POST without a browser's headers.
		stop := "/alerts/unsubscribe?s=" + q.Get("s") + "&t=" + url.QueryEscape(q.Get("t"))
		want(t, "the stop page", b.Get(stop), 200, "Stop my alerts")
		if sub, _ = e.App.Store.AlertSubscription(ctx, sub.ID); sub.Status != alert.Active {
			t.Fatal("opening the stop link stopped the alerts")
		}
		req, _ := http.NewRequest("POST", e.Srv.URL+stop, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if r := e.Do(req); r.Status != 200 {
			t.Fatalf("one-click unsubscribe: %d %.300s", r.Status, r.Body)
		}
		if sub, _ = e.App.Store.AlertSubscription(ctx, sub.ID); sub.Status != alert.Unsubscribed {
			t.Fatal("still subscribed after the one-click POST")
		}
		if r := e.Do(req); r.Status != 200 {
			t.Errorf("unsubscribing twice: %d", r.Status)
		}
		// Saving choices on a stopped subscription asks its owner again.
		want(t, "restart by an old link", b.Post("/alerts/manage", url.Values{"s": {q.Get("s")}, "t": {q.Get("t")}, "breaking": {"1"}}), 200, "Check your inbox")
		if sub, _ = e.App.Store.AlertSubscription(ctx, sub.ID); sub.Status != alert.Unsubscribed {
			t.Fatal("an old manage link started the alerts again without the owner")
		}
		// Three links an hour to one address: the first and the second
		// subscribe requests, the restart above, and this one is refused.
		want(t, "a fourth link in the hour", e.Browser().Post("/alerts", url.Values{"email": {"ada@example.org"}, "digest": {"1"}}), 429,
			"try again in", `value="ada@example.org"`)

		// A signed-in reader finds them on the account page.
		reader := signIn(t, e, user.Reader)
		want(t, "account without alerts", reader.Get("/account"), 200, `href="/alerts"`)
		if _, err := e.App.Store.ConfirmAlerts(ctx, e.Users[user.Reader].Email, alert.Choices{Breaking: true}, sub.CreatedAt); err != nil {
			t.Fatal(err)
		}
		want(t, "account with alerts", reader.Get("/account"), 200, "breaking news", `href="/alerts/manage?`)
	})
}

// Breaking news: an editor marks a story as breaking through the API; the
// bar shows on every page, and each breaking-news subscriber gets one alert
// with one-click unsubscribe headers, however often the story is edited,
// marked again or the alert job runs again (as after a restart).
func TestBreakingNewsAlert(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		ctx := context.Background()
		subs := map[string]alert.Choices{"one@example.org": {Breaking: true}, "two@example.org": {Breaking: true, Digest: true},
			"digest@example.org": {Digest: true}, "gone@example.org": {Breaking: true}}
		for email, c := range subs {
			sub, err := e.App.Store.ConfirmAlerts(ctx, email, c, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if email == "gone@example.org" {
				e.App.Store.UnsubscribeAlerts(ctx, sub.ID, time.Now())
			}
		}
		want(t, "an author may not", e.API("POST", "/api/v1/articles", user.Author, `{"headline":"Not mine to break","section":"news","breaking":true}`), 403)
		r := e.API("POST", "/api/v1/articles", user.Editor, `{"headline":"Bridge closed after crash","standfirst":"Traffic is diverted.","section":"news/world","body_html":"<p>Police closed the bridge.</p>","status":"published","breaking":true}`)
		var art struct {
			ID       int64  `json:"id"`
			URL      string `json:"url"`
			Breaking bool   `json:"breaking"`
		}
		webtest.DecodeJSON(t, r.Body, &art)
		if r.Status != 201 || !art.Breaking {
			t.Fatalf("create breaking: %d %s", r.Status, r.Body)
		}
		for _, p := range []string{"/", "/news", art.URL, "/tips"} {
			want(t, "the bar on "+p, e.Browser().Get(p), 200, `class="breaking-bar"`, "Bridge closed after crash")
		}
		// The alert waits a little (an editor may end a mistake in time);
		// here it is run at once, as the worker would once it is due.
		alertJob := e.App.Worker.Handlers[article.JobBreaking]
		payload := []byte(`{"article_id":` + itoa(art.ID) + `}`)
		if err := alertJob(ctx, payload); err != nil {
			t.Fatal(err)
		}
		e.RunJobs()
		// Edited, marked again, and the job run once more: nothing new.
		for _, body := range []string{`{"headline":"Bridge closed after a crash"}`, `{"breaking":false}`, `{"breaking":true}`} {
			if r := e.API("PATCH", "/api/v1/articles/"+itoa(art.ID), user.Editor, body); r.Status != 200 {
				t.Fatalf("PATCH %s: %d %s", body, r.Status, r.Body)
			}
		}
		if err := alertJob(ctx, payload); err != nil {
			t.Fatal(err)
		}
		e.RunJobs()
		for email, c := range subs {
			got := ms.To(email)
			wantN := 0
			if c.Breaking && email != "gone@example.org" {
				wantN = 1
			}
			if len(got) != wantN {
				t.Fatalf("%s got %d alerts; want %d", email, len(got), wantN)
			}
			if wantN == 1 {
				m := got[0]
				if !strings.HasPrefix(m.Subject, "Breaking: Bridge closed") || !strings.Contains(m.Text, art.URL) ||
					m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
					t.Fatalf("the alert: %q %v", m.Subject, m.Header)
				}
				// The mail program's one click.
				u := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
				req, _ := http.NewRequest("POST", u, strings.NewReader("List-Unsubscribe=One-Click"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if r := e.Do(req); r.Status != 200 {
					t.Fatalf("one click from %s: %d", email, r.Status)
				}
			}
		}
		if c, _ := e.App.Store.CountAlertSubscriptions(ctx); c.Breaking != 0 || c.Unsubscribed != 3 {
			t.Errorf("after the one-click unsubscribes: %+v", c)
		}
		sends, err := e.App.Store.AlertSends(ctx, 10)
		if err != nil || len(sends) != 1 || sends[0].ArticleID != art.ID || sends[0].Sent != 2 || sends[0].Queued != 0 || sends[0].Failed != 0 {
			t.Fatalf("the sending report: %+v %v", sends, err)
		}
		want(t, "the report page", e.Get("/newsroom/alerts", user.Editor), 200, "Bridge closed after a crash", "Unsubscribed: 3")
		// A story marked by mistake and ended before its alert is due sends
		// nothing; marked again, it alerts then.
		r = e.API("POST", "/api/v1/articles", user.Editor, `{"headline":"A mistake","section":"news","body_html":"<p>x</p>","status":"published","breaking":true}`)
		var oops struct {
			ID int64 `json:"id"`
		}
		webtest.DecodeJSON(t, r.Body, &oops)
		if r := e.API("PATCH", "/api/v1/articles/"+itoa(oops.ID), user.Editor, `{"breaking":false}`); r.Status != 200 {
			t.Fatal(r.Status)
		}
		if _, err := e.App.Store.ConfirmAlerts(ctx, "late@example.org", alert.Choices{Breaking: true}, time.Now()); err != nil {
			t.Fatal(err)
		}
		oopsPayload := []byte(`{"article_id":` + itoa(oops.ID) + `}`)
		if err := alertJob(ctx, oopsPayload); err != nil {
			t.Fatal(err)
		}
		e.RunJobs()
		if n := len(ms.To("late@example.org")); n != 0 {
			t.Fatalf("an alert ended in time went out (%d)", n)
		}
		if r := e.API("PATCH", "/api/v1/articles/"+itoa(oops.ID), user.Editor, `{"breaking":true}`); r.Status != 200 {
			t.Fatal(r.Status)
		}
		if err := alertJob(ctx, oopsPayload); err != nil {
			t.Fatal(err)
		}
		e.RunJobs()
		if n := len(ms.To("late@example.org")); n != 1 {
			t.Fatalf("marked again, the story alerted %d times; want 1", n)
		}
		// An author's client may send the mark back as it read it, not change it.
		if r := e.API("PATCH", "/api/v1/articles/"+itoa(oops.ID), user.Editor, `{"breaking":false}`); r.Status != 200 {
			t.Fatal(r.Status)
		}
		want(t, "the newsroom's button for authors", e.Post("/newsroom/articles/"+itoa(oops.ID)+"/breaking", user.Author, url.Values{"breaking": {"1"}}, ""), 403)
		want(t, "the report for authors", e.Get("/newsroom/alerts", user.Author), 403)

		// Ending it takes the bar away.
		if r := e.API("PATCH", "/api/v1/articles/"+itoa(art.ID), user.Editor, `{"breaking":false}`); r.Status != 200 {
			t.Fatal(r.Status)
		}
		if strings.Contains(e.Browser().Get("/").Body, "breaking-bar") {
			t.Error("the bar outlives the breaking news")
		}
	})
}

// The daily digest: the day's top stories to digest subscribers, the day's
// stories in their sections (subsections included) to those who follow
// sections, nothing to those with nothing new, once per day however often
// the job runs; the next one is queued once whoever asks.
func TestDailyDigest(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		ctx := context.Background()
		sport, err := e.App.Store.SaveSection(ctx, 0, section.Input{Name: "Sport", Slug: "sport"})
		if err != nil {
			t.Fatal(err)
		}
		for email, c := range map[string]alert.Choices{"digest@example.org": {Digest: true}, "world@example.org": {Sections: []int64{e.News}},
			"breaking@example.org": {Breaking: true}, "sport@example.org": {Sections: []int64{sport}}} {
			if _, err := e.App.Store.ConfirmAlerts(ctx, email, c, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		a := e.Article(user.Editor, "Port reopens", article.Published) // in news/world
		e.Article(user.Editor, "Still a draft", article.Draft)
		st, _ := e.App.Store.Settings(ctx)
		if _, at := alert.NextDigest(time.Now(), st.Location(), st.DigestHour); time.Until(at) > 24*time.Hour || at.Before(time.Now()) {
			t.Fatalf("next digest at %v", at)
		}
		// The story must fall in the day the digest covers: run the digest
		// of the day after the story.
		day := a.PublishedAt.In(st.Location()).Add(24 * time.Hour).Format("2006-01-02")
		if start, end, _ := alert.DigestWindow(day, st.Location(), st.DigestHour); a.PublishedAt.Before(start) || !a.PublishedAt.Before(end) {
			day = a.PublishedAt.In(st.Location()).Format("2006-01-02")
		}
		run := e.App.Worker.Handlers[alert.JobDigest]
		for range 2 {
			if err := run(ctx, []byte(`{"day":"`+day+`"}`)); err != nil {
				t.Fatal(err)
			}
		}
		e.RunJobs()
		// Sport had no story that day: its follower gets nothing.
		for email, n := range map[string]int{"digest@example.org": 1, "world@example.org": 1, "breaking@example.org": 0, "sport@example.org": 0} {
			got := ms.To(email)
			if len(got) != n {
				t.Fatalf("%s got %d digests; want %d", email, len(got), n)
			}
			if n == 1 && (!strings.Contains(got[0].Text, "Port reopens") || strings.Contains(got[0].Text, "Still a draft") ||
				got[0].Header.Get("List-Unsubscribe") == "") {
				t.Errorf("%s's digest: %s", email, got[0].Text)
			}
		}
		if err := run(ctx, []byte(`{"day":"not a day"}`)); err == nil {
			t.Error("a digest for no day")
		}
		// The next digest is queued once, however many instances ask.
		for range 3 {
			if err := e.App.ScheduleDigest(ctx, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := e.App.Store.PendingJobs(ctx); n != 1 {
			t.Errorf("%d jobs wait after scheduling the digest three times; want 1", n)
		}
	})
}

// An alert already queued does not go to a reader who unsubscribed since.
func TestAlertAfterUnsubscribe(t *testing.T) {
	e, ms := mailEnv(t, "sqlite")
	ctx := context.Background()
	stay, err := e.App.Store.ConfirmAlerts(ctx, "stay@example.org", alert.Choices{Breaking: true}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	leave, err := e.App.Store.ConfirmAlerts(ctx, "leave@example.org", alert.Choices{Breaking: true}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r := e.API("POST", "/api/v1/articles", user.Editor, `{"headline":"Dam gates opened","section":"news","body_html":"<p>x</p>","status":"published","breaking":true}`)
	var art struct {
		ID int64 `json:"id"`
	}
	webtest.DecodeJSON(t, r.Body, &art)
	if err := e.App.Worker.Handlers[article.JobBreaking](ctx, []byte(`{"article_id":`+itoa(art.ID)+`}`)); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Store.UnsubscribeAlerts(ctx, leave.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	e.RunJobs()
	if n := len(ms.To("stay@example.org")); n != 1 {
		t.Errorf("%s got %d alerts; want 1", stay.Email, n)
	}
	if n := len(ms.To("leave@example.org")); n != 0 {
		t.Errorf("an alert went to a reader who had unsubscribed (%d)", n)
	}
}
