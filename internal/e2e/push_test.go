package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"
)

// TestBrowserAlertsServiceWorker loads the news alerts page in Chromium: the
// site's service worker registers and the browser alerts box shows; a push
// message delivered to the worker (as a push service would, through the
// DevTools protocol) becomes a notification with the story's title, text and
// address. Nothing breaks the page's Content-Security-Policy.
func TestBrowserAlertsServiceWorker(t *testing.T) {
	chromium := browserOrSkip(t)
	e, _, a := startSite(t)
	base := e.Srv.URL

	bctx, w, setup := openBrowser(t, chromium, 60*time.Second)
	regs := make(chan serviceworker.RegistrationID, 8)
	chromedp.ListenTarget(bctx, func(ev any) {
		if u, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
			for _, r := range u.Registrations {
				if !r.IsDeleted && strings.HasPrefix(r.ScopeURL, base) {
					select {
					case regs <- r.RegistrationID:
					default:
					}
				}
			}
		}
	})
	grant := chromedp.ActionFunc(func(ctx context.Context) error {
		exec := cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser)
		return browser.GrantPermissions([]browser.PermissionType{browser.PermissionTypeNotifications}).WithOrigin(base).Do(exec)
	})
	if err := chromedp.Run(bctx, setup, serviceworker.Enable(), grant,
		chromedp.Navigate(base+"/alerts"),
		chromedp.WaitVisible(`[data-push] [data-push-on]`, chromedp.ByQuery),
	); err != nil {
		checkTab(t, "alerts page", w)
		t.Fatal(err)
	}
	var reg serviceworker.RegistrationID
	select {
	case reg = <-regs:
	case <-time.After(15 * time.Second):
		t.Fatal("the service worker did not register")
	}
	data := `{"title":"The Lagoon Ledger: breaking news","body":"` + a.Headline + `","url":"` + base + a.URL() + `","tag":"breaking-` + strconv.FormatInt(a.ID, 10) + `"}`
	var shown [][]string
	deadline := time.Now().Add(15 * time.Second)
	for len(shown) == 0 {
		if time.Now().After(deadline) {
			checkTab(t, "push", w)
			t.Fatal("no notification shown after the push")
		}
		// The worker may still be starting: deliver until it shows (the tag
		// keeps it to one notification).
		if err := chromedp.Run(bctx, serviceworker.DeliverPushMessage(base, reg, data),
			chromedp.Sleep(200*time.Millisecond),
			chromedp.Evaluate(`navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n => [n.title, n.body, n.tag, n.data && n.data.url]))`,
				&shown, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
		); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"The Lagoon Ledger: breaking news", a.Headline, "breaking-" + strconv.FormatInt(a.ID, 10), base + a.URL()}
	if len(shown) != 1 || strings.Join(shown[0], "|") != strings.Join(want, "|") {
		t.Errorf("notifications %q; want one %q", shown, want)
	}
	checkTab(t, "browser alerts", w)
}
