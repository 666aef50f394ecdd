package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestSearchAsYouType types in the header's search box in Chromium: the
// suggestions open under it as a listbox with the count announced, the
// arrow keys move through them and Enter opens the story; Escape closes the
// list; nothing breaks the page's Content-Security-Policy.
func TestSearchAsYouType(t *testing.T) {
	chromium := browserOrSkip(t)
	e, _, a := startSite(t) // "Ferry service returns to the lagoon"
	base := e.Srv.URL
	bctx, w, setup := openBrowser(t, chromium, 60*time.Second)
	var expanded, status, first, url string
	if err := chromedp.Run(bctx, setup,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible("#site-search", chromedp.ByQuery),
		chromedp.SendKeys("#site-search", "ferr", chromedp.ByQuery),
		chromedp.WaitVisible(`#site-search-list [role="option"]`, chromedp.ByQuery),
		chromedp.AttributeValue("#site-search", "aria-expanded", &expanded, nil, chromedp.ByQuery),
		chromedp.Text(`.search-form [role="status"]`, &status, chromedp.ByQuery),
		chromedp.Text(`#site-search-list [role="option"]`, &first, chromedp.ByQuery),
	); err != nil {
		checkTab(t, "typing", w)
		t.Fatal(err)
	}
	if expanded != "true" || !strings.HasPrefix(status, "1 result") || !strings.Contains(first, a.Headline) {
		t.Fatalf("suggestions: expanded %q, status %q, first %q", expanded, status, first)
	}
	var active, selected string
	if err := chromedp.Run(bctx,
		chromedp.KeyEvent(kb.ArrowDown),
		chromedp.AttributeValue("#site-search", "aria-activedescendant", &active, nil, chromedp.ByQuery),
		chromedp.AttributeValue(`#site-search-opt-0`, "aria-selected", &selected, nil, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if active != "site-search-opt-0" || selected != "true" {
		t.Fatalf("after ArrowDown: active %q, selected %q", active, selected)
	}
	// Escape closes; typing again opens; Enter on the first opens the story.
	if err := chromedp.Run(bctx,
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible("#site-search-list", chromedp.ByQuery),
		chromedp.SendKeys("#site-search", "y", chromedp.ByQuery),
		chromedp.WaitVisible(`#site-search-opt-0`, chromedp.ByQuery),
		chromedp.KeyEvent(kb.ArrowDown),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible("h1.story-title", chromedp.ByQuery),
		chromedp.Location(&url),
	); err != nil {
		checkTab(t, "choosing", w)
		t.Fatal(err)
	}
	if url != base+a.URL() {
		t.Errorf("Enter opened %s; want %s", url, base+a.URL())
	}
	// A word nothing has says so.
	var none string
	if err := chromedp.Run(bctx,
		chromedp.Navigate(base+"/"),
		chromedp.SendKeys("#site-search", "zzyzx", chromedp.ByQuery),
		chromedp.WaitVisible(".suggest-none", chromedp.ByQuery),
		chromedp.Text(".suggest-none", &none, chromedp.ByQuery),
	); err != nil || none != "No results" {
		t.Errorf("no results: %q %v", none, err)
	}
	checkTab(t, "search as you type", w)
}
