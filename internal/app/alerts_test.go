package app_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/app"
	"broadsheet/internal/article"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

// Alerts go out at a steady rate: past it, a message waits its turn, its
// attempt not counted, and nothing is lost or sent twice.
func TestAlertRate(t *testing.T) {
	saved := app.AlertRate
	app.AlertRate = throttle.Rule{Name: "mail-alerts-test", Max: 2, Window: time.Minute}
	t.Cleanup(func() { app.AlertRate = saved })
	ms := webtest.NewMailServer(t)
	e := webtest.New(t, false, "sqlite", "--smtp-url", ms.URL(), "--mail-from", "news@example.com")
	ctx := context.Background()
	for i := range 3 {
		if _, err := e.App.Store.ConfirmAlerts(ctx, "reader"+strconv.Itoa(i)+"@example.org", alert.Choices{Breaking: true}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	a := e.Article(user.Editor, "Floods close the coast road", article.Published)
	if _, err := e.App.Articles.SetBreaking(ctx, e.Users[user.Editor], a.ID, true, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Worker.Handlers[article.JobBreaking](ctx, []byte(`{"article_id":`+strconv.FormatInt(a.ID, 10)+`}`)); err != nil {
		t.Fatal(err)
	}
	e.RunJobs()
	if n := len(ms.Messages()); n != 2 {
		t.Fatalf("%d alerts sent in the first minute; the rate is 2", n)
	}
	db := storetest.DB(t, store.Options{SQLitePath: filepath.Join(e.App.Config.Data, "broadsheet.db")})
	var attempts int
	var runAt int64
	if err := db.QueryRow("SELECT attempts, run_at FROM jobs WHERE kind = 'mail.send' AND done_at IS NULL AND dedupe_key LIKE 'mail:alert:%'").Scan(&attempts, &runAt); err != nil {
		t.Fatal(err)
	}
	if attempts != 0 || time.UnixMicro(runAt).Before(time.Now()) {
		t.Errorf("the waiting alert: %d attempts, due %v", attempts, time.UnixMicro(runAt))
	}
}

// A breaking alert survives a restart in the middle of sending: the server
// stops after one message of three, starts again on the same data, and the
// fan-out job runs once more (as if its end was never recorded); every
// subscriber gets the alert exactly once.
func TestBreakingAlertAcrossRestart(t *testing.T) {
	ms := webtest.NewMailServer(t)
	data := t.TempDir()
	flags := []string{"--data", data, "--smtp-url", ms.URL(), "--mail-from", "news@example.com"}
	first := webtest.New(t, false, "sqlite", flags...)
	ctx := context.Background()
	for i := range 3 {
		if _, err := first.App.Store.ConfirmAlerts(ctx, "reader"+strconv.Itoa(i)+"@example.org", alert.Choices{Breaking: true}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	a := first.Article(user.Editor, "Storm warning for the coast", article.Published)
	if _, err := first.App.Articles.SetBreaking(ctx, first.Users[user.Editor], a.ID, true, time.Hour); err != nil {
		t.Fatal(err)
	}
	payload := []byte(`{"article_id":` + strconv.FormatInt(a.ID, 10) + `}`)
	if err := first.App.Worker.Handlers[article.JobBreaking](ctx, payload); err != nil {
		t.Fatal(err)
	}
	if !first.App.Worker.RunOnce(ctx) { // one message goes, then the server stops
		t.Fatal("nothing to send")
	}
	if n := len(ms.Messages()); n != 1 {
		t.Fatalf("%d messages before the stop; want 1", n)
	}
	first.App.Close()

	second := webtest.New(t, true, "sqlite", flags...)
	if err := second.App.Worker.Handlers[article.JobBreaking](ctx, payload); err != nil {
		t.Fatal(err)
	}
	second.RunJobs()
	got := map[string]int{}
	for _, m := range ms.Messages() {
		for _, to := range m.To {
			got[to]++
		}
	}
	if len(got) != 3 {
		t.Fatalf("alerts went to %v; want each of the 3 subscribers", got)
	}
	for to, n := range got {
		if n != 1 {
			t.Errorf("%s got %d alerts; want 1", to, n)
		}
	}
}
