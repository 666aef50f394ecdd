package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/section"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// menuSections adds a newsroom's worth of sections to the site: five more
// top-level sections, most with subsections.
func menuSections(t *testing.T, save func(section.Input) (int64, error)) (names []string) {
	t.Helper()
	tree := map[string][]string{
		"Sport": {"Football", "Athletics", "Basketball"}, "Business": {"Markets", "Economy"},
		"Life": {"Food", "Travel", "Health and Wellness", "Music"}, "Technology": nil, "Opinion": {"Editorials", "Letters"},
	}
	pos := 10
	for _, root := range []string{"Sport", "Business", "Life", "Technology", "Opinion"} {
		pos++
		id, err := save(section.Input{Name: root, Slug: strings.ToLower(root), Position: pos})
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, root)
		for i, child := range tree[root] {
			if _, err := save(section.Input{Name: child, Slug: strings.ReplaceAll(strings.ToLower(child), " ", "-"), ParentID: id, Position: i}); err != nil {
				t.Fatal(err)
			}
			names = append(names, child)
		}
	}
	return names
}

// TestMenusInBrowser: on a 390 px phone the masthead is compact, the first
// story starts on the first screen, and the Menu button opens every section
// and subsection within the screen's width (Escape closes it); the Search
// button opens the search box. At 1280 px with a mouse, the mega menu opens
// on hover and on click. "Home" is lit on the home page only.
func TestMenusInBrowser(t *testing.T) {
	chromium := browserOrSkip(t)
	e, _, _ := startSite(t)
	names := menuSections(t, func(in section.Input) (int64, error) { return e.App.Store.SaveSection(context.Background(), 0, in) })
	names = append(names, "News", "World")
	base := e.Srv.URL
	bctx, w, setup := openBrowser(t, chromium, 90*time.Second)

	// A desktop with a mouse: the mega menu opens on hover and on click.
	var box []float64
	var shown, hidden bool
	if err := chromedp.Run(bctx, setup,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(".mainnav", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const r = document.querySelector('.has-mega a.menu-link[href="/sport"]').getBoundingClientRect(); return [r.left + r.width/2, r.top + r.height/2]; })()`, &box),
	); err != nil {
		checkTab(t, "desktop", w)
		t.Fatal(err)
	}
	for i, step := range []chromedp.Action{
		chromedp.MouseEvent(input.MouseMoved, box[0], box[1]),
		chromedp.WaitVisible("#mega-sport", chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector("#mega-sport")).display !== "none"`, &shown),
		chromedp.MouseEvent(input.MouseMoved, 5, 880),
		chromedp.WaitNotVisible("#mega-sport", chromedp.ByQuery),
		chromedp.Click(`.has-mega button[aria-controls="mega-business"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#mega-business", chromedp.ByQuery),
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible("#mega-business", chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".phone-tools")).display === "none"`, &hidden),
	} {
		if err := runStep(bctx, step); err != nil {
			checkTab(t, "mega menu", w)
			t.Fatalf("mega menu, step %d: %v", i, err)
		}
	}
	if !shown || !hidden {
		t.Errorf("desktop: mega shown on hover %v, phone buttons hidden %v", shown, hidden)
	}

	// The phone.
	var navShown, panelShown bool
	var storyTop float64
	var links []map[string]any
	if err := chromedp.Run(bctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(3), chromedp.EmulateTouch),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(".phone-menu summary", chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".mainnav")).display !== "none"`, &navShown),
		chromedp.Evaluate(`document.querySelector("main article").getBoundingClientRect().top`, &storyTop),
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".phone-menu-panel")).display !== "none" && document.querySelector(".phone-menu").open`, &panelShown),
	); err != nil {
		checkTab(t, "phone", w)
		t.Fatal(err)
	}
	if navShown || panelShown {
		t.Errorf("phone: the strip menu shows %v, the panel shows before the button %v", navShown, panelShown)
	}
	if storyTop <= 0 || storyTop > 844-200 {
		t.Errorf("phone: the first story starts at %.0f px, not on the first screen", storyTop)
	}
	if err := chromedp.Run(bctx,
		chromedp.Click(".phone-menu summary", chromedp.ByQuery),
		chromedp.WaitVisible(".phone-menu-panel", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll(".phone-sections a")).map(a => {
			const r = a.getBoundingClientRect();
			return {name: a.textContent.trim(), left: r.left, right: r.right, width: r.width, current: a.getAttribute("aria-current") || ""};
		})`, &links),
	); err != nil {
		checkTab(t, "phone menu", w)
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, l := range links {
		name, _ := l["name"].(string)
		seen[name] = true
		if l["width"].(float64) <= 0 || l["left"].(float64) < 0 || l["right"].(float64) > 390 {
			t.Errorf("phone menu: %q is off the screen: %v", name, l)
		}
		if (name == "Home") != (l["current"] == "page") {
			t.Errorf("phone menu on the home page: %q current %q", name, l["current"])
		}
	}
	for _, n := range append(names, "Home") {
		if !seen[n] {
			t.Errorf("phone menu: %q missing (shown: %v)", n, seen)
		}
	}
	var open bool
	var focused string
	if err := chromedp.Run(bctx,
		chromedp.KeyEvent(kb.Escape),
		// (a closed <details> keeps its content's boxes: ask it whether it is open)
		chromedp.Poll(`!document.querySelector(".phone-menu").open`, nil, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Evaluate(`document.querySelector(".phone-menu").open`, &open),
		chromedp.Click(".search-toggle", chromedp.ByQuery),
		chromedp.WaitVisible("#site-search", chromedp.ByQuery),
		chromedp.Evaluate(`document.activeElement.id`, &focused),
	); err != nil {
		checkTab(t, "phone search", w)
		t.Fatal(err)
	}
	if open || focused != "site-search" {
		t.Errorf("after Escape the menu is open %v; the search button focused %q", open, focused)
	}
	// A section lights itself, a search page lights nothing.
	var current []string
	for path, want := range map[string]string{"/news/world": "News", "/search?q=ferry": "", "/tag/test-topic": ""} {
		if err := chromedp.Run(bctx,
			chromedp.Navigate(base+path),
			chromedp.WaitReady("body", chromedp.ByQuery),
			chromedp.Evaluate(`Array.from(document.querySelectorAll(".phone-sections a[aria-current], .menu-item.is-active > a")).map(a => a.textContent.trim())`, &current),
		); err != nil {
			t.Fatal(path, err)
		}
		if strings.Join(current, ",") != strings.TrimSuffix(strings.Repeat(want+",", 2*min(1, len(want))), ",") {
			t.Errorf("%s lights %q; want %q", path, current, want)
		}
	}

	checkTab(t, "menus", w)
}

// openBrowser starts Chromium for a test, closed when the test ends or
// after limit; it returns the browser's context and a watch on its tab.
func openBrowser(t *testing.T, chromium string, limit time.Duration) (context.Context, *Watch, chromedp.Action) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	t.Cleanup(cancel)
	bctx, closeBrowser, err := NewBrowser(ctx, chromium, profileDir(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeBrowser)
	w, setup := WatchTab(bctx)
	return bctx, w, setup
}
