// Command shots takes the README's screenshots of a running Broadsheet (the
// demo newsroom) in headless Chromium. It is not part of the server.
//
//	BROADSHEET_AUDIT_PASSWORD=... go run ./internal/e2e/shots -base http://127.0.0.1:8080 -out docs/screenshots
//
// It saves the home page (desktop), a story (phone), the phone menu, search
// as you type (desktop), the comments under a story (desktop), the tips form
// (desktop), the news alerts form (phone), the sign-in page (phone), a
// section page with its ads (desktop), and, signed in as -email, the
// newsroom's moderation queue, a story's readership and the Ads page
// (desktop). The tips form shows once the newsroom has set up its tips box.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"broadsheet/internal/e2e"

	"github.com/chromedp/chromedp"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "address of the running demo site")
	out := flag.String("out", "docs/screenshots", "folder for the PNG files")
	email := flag.String("email", "admin@example.com", "newsroom account (password in $BROADSHEET_AUDIT_PASSWORD)")
	flag.Parse()
	if err := run(strings.TrimRight(*base, "/"), *out, *email); err != nil {
		fmt.Fprintln(os.Stderr, "shots:", err)
		os.Exit(1)
	}
}

func run(base, out, email string) error {
	chromium := e2e.ChromiumPath(os.Getenv)
	if chromium == "" {
		return fmt.Errorf("no Chromium found; set BROADSHEET_CHROMIUM")
	}
	profile, err := os.MkdirTemp("", "shots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bctx, closeBrowser, err := e2e.NewBrowser(ctx, chromium, profile)
	if err != nil {
		return err
	}
	defer closeBrowser()
	var home string
	if err := chromedp.Run(bctx, chromedp.Navigate(base+"/"), chromedp.OuterHTML("html", &home)); err != nil {
		return err
	}
	story := regexp.MustCompile(`href="(/[^"]*/night-trains-[^"]*)"`).FindStringSubmatch(home)
	if story == nil {
		return fmt.Errorf("no link to the demo's commented story on the home page")
	}
	var png []byte
	var storyID string
	save := func(name string) error { return os.WriteFile(filepath.Join(out, name), png, 0o644) }
	steps := []struct {
		name    string
		actions []chromedp.Action
	}{
		{"home-desktop.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 1100),
			chromedp.Navigate(base + "/"),
			chromedp.WaitVisible("main", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		}},
		{"article-phone.png", []chromedp.Action{
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(base + story[1]),
			chromedp.WaitVisible("h1.story-title", chromedp.ByQuery),
			chromedp.AttributeValue("[data-read]", "data-read", &storyID, nil, chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		}},
		{"menu-phone.png", []chromedp.Action{
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(base + "/"),
			chromedp.Click(".phone-menu summary", chromedp.ByQuery),
			chromedp.WaitVisible(".phone-menu-panel", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		}},
		{"search-desktop.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 700),
			chromedp.Navigate(base + "/"),
			chromedp.SendKeys("#site-search", "lagos mark", chromedp.ByQuery),
			chromedp.WaitVisible(`#site-search-list [role="option"]`, chromedp.ByQuery),
			chromedp.Sleep(300 * time.Millisecond),
			chromedp.CaptureScreenshot(&png),
		}},
		{"comments-desktop.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 1000),
			chromedp.Navigate(base + story[1] + "#comments"),
			chromedp.WaitVisible("#respond", chromedp.ByQuery),
			chromedp.Screenshot("#comments", &png, chromedp.ByQuery),
		}},
		{"tips-desktop.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 1200),
			chromedp.Navigate(base + "/tips"),
			chromedp.WaitVisible("main h1", chromedp.ByQuery),
			chromedp.Screenshot("main", &png, chromedp.ByQuery),
		}},
		{"alerts-phone.png", []chromedp.Action{
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(base + "/alerts"),
			chromedp.WaitVisible("#f-email", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		}},
		{"signin-phone.png", []chromedp.Action{
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(base + "/account/login"),
			chromedp.WaitVisible("#f-email", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		}},
		{"section-ads-desktop.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 1300),
			chromedp.Navigate(base + "/sports"),
			chromedp.WaitVisible("iframe.ad-frame", chromedp.ByQuery),
			chromedp.Sleep(time.Second), // the ads' frames load after the page
			chromedp.CaptureScreenshot(&png),
		}},
		{"newsroom-comments.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 800),
			e2e.SignIn(base, email, os.Getenv("BROADSHEET_AUDIT_PASSWORD")),
			chromedp.Navigate(base + "/newsroom/comments"),
			chromedp.WaitVisible(".moderation", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		}},
		{"newsroom-readership.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 1000),
			chromedp.ActionFunc(func(ctx context.Context) error {
				return chromedp.Navigate(base + "/newsroom/articles/" + storyID).Do(ctx)
			}),
			chromedp.WaitVisible(".readership", chromedp.ByQuery),
			chromedp.Screenshot(".readership", &png, chromedp.ByQuery),
		}},
		{"newsroom-ads.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(base + "/newsroom/ads"),
			chromedp.WaitVisible(".nr-table", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		}},
	}
	for _, s := range steps {
		if err := chromedp.Run(bctx, s.actions...); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		if err := save(s.name); err != nil {
			return err
		}
		fmt.Println("saved", filepath.Join(out, s.name))
	}
	return nil
}
