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
// (desktop), the picture library (desktop and phone), a picture's page, the
// main-picture and editor picture dialogs, the editor's link dialog (phone)
// and a story in the editor (desktop and phone). The tips form shows once
// the newsroom has set up its tips box.
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

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
	// Leaving a page with unsaved text asks first; the shots always leave.
	chromedp.ListenTarget(bctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go chromedp.Run(bctx, page.HandleJavaScriptDialog(true))
		}
	})
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
		{"newsroom-library.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 1000),
			chromedp.Navigate(base + "/newsroom/media"),
			chromedp.WaitVisible(".media-grid picture img", chromedp.ByQuery),
			chromedp.Sleep(500 * time.Millisecond),
			chromedp.CaptureScreenshot(&png),
		}},
		{"newsroom-library-phone.png", []chromedp.Action{
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(base + "/newsroom/media"),
			chromedp.WaitVisible(".media-grid", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		}},
		{"newsroom-picture.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 1000),
			chromedp.Navigate(base + "/newsroom/media"),
			chromedp.Click(".media-grid li a", chromedp.ByQuery),
			chromedp.WaitVisible("[data-focal-frame] img", chromedp.ByQuery),
			chromedp.Sleep(500 * time.Millisecond),
			chromedp.CaptureScreenshot(&png),
		}},
		{"newsroom-main-picture-dialog.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(base + "/newsroom/articles/new"),
			chromedp.WaitVisible("[data-hero-open]", chromedp.ByQuery),
			chromedp.Click("[data-hero-open]", chromedp.ByQuery),
			chromedp.WaitVisible("#hero-dialog .picker-item img", chromedp.ByQuery),
			chromedp.Sleep(700 * time.Millisecond),
			chromedp.CaptureScreenshot(&png),
			chromedp.KeyEvent(kb.Escape),
		}},
		{"newsroom-editor-picture-dialog.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(base + "/newsroom/articles/new"),
			chromedp.WaitVisible(".rte button[data-cmd=image]", chromedp.ByQuery),
			chromedp.Click(".rte button[data-cmd=image]", chromedp.ByQuery),
			chromedp.WaitVisible("dialog.rte-dialog .rte-picker-item img", chromedp.ByQuery),
			chromedp.Click("dialog.rte-dialog .rte-picker-item", chromedp.ByQuery),
			chromedp.Sleep(700 * time.Millisecond),
			chromedp.CaptureScreenshot(&png),
			chromedp.KeyEvent(kb.Escape),
		}},
		{"newsroom-editor-link-phone.png", []chromedp.Action{
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(base + "/newsroom/articles/new"),
			chromedp.WaitVisible(".rte .ProseMirror", chromedp.ByQuery),
			chromedp.Click(".rte .ProseMirror", chromedp.ByQuery),
			chromedp.KeyEvent("Read the report"),
			chromedp.Click(".rte button[data-cmd=link]", chromedp.ByQuery),
			chromedp.WaitVisible("dialog.rte-dialog input[name=href]", chromedp.ByQuery),
			chromedp.SendKeys("dialog.rte-dialog input[name=href]", "ftp://files"+kb.Enter, chromedp.ByQuery),
			chromedp.WaitVisible("dialog.rte-dialog .rte-field-error", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
			chromedp.KeyEvent(kb.Escape),
		}},
		{"newsroom-editor-desktop.png", []chromedp.Action{
			chromedp.EmulateViewport(1280, 900),
			chromedp.ActionFunc(func(ctx context.Context) error {
				return chromedp.Navigate(base + "/newsroom/articles/" + storyID).Do(ctx)
			}),
			chromedp.WaitVisible(".rte .ProseMirror", chromedp.ByQuery),
			chromedp.CaptureScreenshot(&png),
		}},
		{"newsroom-editor-phone.png", []chromedp.Action{
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.ActionFunc(func(ctx context.Context) error {
				return chromedp.Navigate(base + "/newsroom/articles/" + storyID).Do(ctx)
			}),
			chromedp.WaitVisible(".rte .ProseMirror", chromedp.ByQuery),
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
