package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestNewsroomLayout: at 1280 px the newsroom's header is one line, with
// the site's own pages behind a "Site" menu; on a phone the headline box
// grows with a long headline, and Enter does not break it.
func TestNewsroomLayout(t *testing.T) {
	chromium := browserOrSkip(t)
	nr := startNewsroom(t)
	bctx, w, setup := openBrowser(t, chromium, 60*time.Second)
	var rows []float64
	var menuShown bool
	if err := runStep(bctx, setup, chromedp.EmulateViewport(1280, 900), SignIn(nr.URL, nr.Email, nr.Password),
		chromedp.Navigate(nr.URL+"/newsroom/articles"),
		chromedp.WaitVisible(".nr-head", chromedp.ByQuery),
		chromedp.Evaluate(`[".nr-brand", ".nr-nav", ".nr-user"].map(s => Math.round(document.querySelector(s).getBoundingClientRect().top))`, &rows),
		chromedp.Click(".nr-more summary", chromedp.ByQuery),
		chromedp.WaitVisible(`.nr-more a[href="/newsroom/settings"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(".nr-more details").open`, &menuShown),
	); err != nil {
		checkTab(t, "header", w)
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0] != rows[1] || rows[1] != rows[2] || !menuShown {
		t.Errorf("the header's parts start at %v (one line wants one top); Site menu open %v", rows, menuShown)
	}
	long := "Harbour board approves a floating market after a long night of talks with traders, fishermen and the port authority"
	var value string
	var fits bool
	var height1, height2 float64
	if err := runStep(bctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(nr.URL+"/newsroom"),
		chromedp.WaitVisible(`a[href="/newsroom/articles/new"]`, chromedp.ByQuery),
		chromedp.Click(`a[href="/newsroom/articles/new"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-headline", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#f-headline").getBoundingClientRect().height`, &height1),
		chromedp.SendKeys("#f-headline", long, chromedp.ByQuery),
		chromedp.KeyEvent(kb.Enter),
		chromedp.Value("#f-headline", &value, chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const h = document.querySelector("#f-headline"); return h.scrollHeight <= h.clientHeight + 1; })()`, &fits),
		chromedp.Evaluate(`document.querySelector("#f-headline").getBoundingClientRect().height`, &height2),
	); err != nil {
		checkTab(t, "phone editor", w)
		t.Fatal(err)
	}
	if !fits || height2 < 2*height1 || strings.ContainsAny(value, "\r\n") || strings.TrimSpace(value) != long {
		t.Errorf("phone headline: fits %v, height %.0f -> %.0f, value %q", fits, height1, height2, value)
	}
	checkTab(t, "newsroom layout", w)
}
