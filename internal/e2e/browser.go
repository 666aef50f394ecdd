// Package e2e drives a real headless Chromium (through chromedp) against a
// whole Broadsheet: the browser tests of the flows a person cares about most,
// and the helpers they share with the accessibility checker that `make audit`
// runs (./axecheck). Go tests stay the first line of defence; this package only
// covers what needs a browser: the editor bundle, the strict CSP, rendered
// accessibility. Its own code imports nothing of ours; its tests build a whole
// app with app.New and make their fixtures through the store. Nothing imports
// this package.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// ChromiumPath returns the browser to drive: $BROADSHEET_CHROMIUM if set, else
// /usr/bin/chromium, else chromium or google-chrome from PATH; "" if none.
func ChromiumPath(getenv func(string) string) string {
	if p := getenv("BROADSHEET_CHROMIUM"); p != "" {
		return p
	}
	if st, err := os.Stat("/usr/bin/chromium"); err == nil && !st.IsDir() {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NewBrowser starts a headless Chromium with a throwaway profile in
// userDataDir. The flags keep it from talking to anything but the pages it is
// sent to (no sync, updates, QUIC or background requests) and let it run as
// root in a container (no sandbox, no GPU). The browser lives as long as the
// returned context: derive shorter-lived contexts from it for single steps,
// and call the cancel function to close it.
func NewBrowser(ctx context.Context, chromium, userDataDir string) (context.Context, context.CancelFunc, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(userDataDir),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	cancel := func() {
		// Close the browser and wait for it (chromedp.Cancel), then the
		// allocator, which waits for the process to exit.
		_ = chromedp.Cancel(bctx) // an error means it was gone already
		cancelBrowser()
		cancelAlloc()
	}
	// The first Run starts the browser and ties it to the context it is
	// given, so it must be this long-lived one.
	if err := chromedp.Run(bctx); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("starting %s: %w", chromium, err)
	}
	return bctx, cancel, nil
}

// NewVisitorTab opens a tab in a new, empty browser context of the browser
// of bctx: no cookies or storage are shared with the other tabs, like a
// private window. Closing it (the cancel function) disposes of the context.
//
// chromedp.WithNewBrowserContext would do this, but headless Chromium refuses
// to open a tab in a context that has no window yet ("no browser is open"),
// so the tab is created with a window of its own.
func NewVisitorTab(bctx context.Context) (context.Context, context.CancelFunc, error) {
	c := chromedp.FromContext(bctx)
	if c == nil || c.Browser == nil {
		return nil, nil, errors.New("NewVisitorTab needs a started browser")
	}
	exec := cdp.WithExecutor(bctx, c.Browser)
	id, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(exec)
	if err != nil {
		return nil, nil, fmt.Errorf("creating a browser context: %w", err)
	}
	tid, err := target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).Do(exec)
	if err != nil {
		_ = target.DisposeBrowserContext(id).Do(exec)
		return nil, nil, fmt.Errorf("opening a tab: %w", err)
	}
	tctx, cancel := chromedp.NewContext(bctx, chromedp.WithTargetID(tid))
	if err := chromedp.Run(tctx); err != nil {
		cancel()
		return nil, nil, err
	}
	return tctx, func() {
		cancel()
		_ = target.DisposeBrowserContext(id).Do(exec)
	}, nil
}

// cspBinding is the name of the function the page calls to report a CSP
// violation back to Go.
const cspBinding = "__broadsheetCSPViolation"

// cspListener is evaluated in every document before the page's own scripts.
// Scripts added through the DevTools protocol are not subject to the page's
// CSP, so the listener itself cannot cause a report.
const cspListener = `document.addEventListener('securitypolicyviolation', (e) => {
  window.` + cspBinding + `(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
    ' at ' + e.sourceFile + ':' + e.lineNumber + ' on ' + e.documentURI);
});`

// Watch collects what went wrong in one tab: Content-Security-Policy
// violations, uncaught exceptions and console or browser log errors.
type Watch struct {
	mu         sync.Mutex
	csp        []string
	exceptions []string
	console    []string
}

// WatchTab starts watching the tab of ctx. Run the returned action in that
// tab before its first navigation.
func WatchTab(ctx context.Context) (*Watch, chromedp.Action) {
	w := &Watch{}
	chromedp.ListenTarget(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventBindingCalled:
			if e.Name == cspBinding {
				w.csp = append(w.csp, e.Payload)
			}
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			w.exceptions = append(w.exceptions, fmt.Sprintf("%s (%s:%d)", msg, d.URL, d.LineNumber+1))
		case *runtime.EventConsoleAPICalled:
			if e.Type != runtime.APITypeError && e.Type != runtime.APITypeAssert {
				return
			}
			var parts []string
			for _, a := range e.Args {
				if a.Value != nil {
					parts = append(parts, strings.Trim(string(a.Value), `"`))
				} else {
					parts = append(parts, a.Description)
				}
			}
			w.console = append(w.console, "console."+string(e.Type)+": "+strings.Join(parts, " "))
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.LevelError {
				w.console = append(w.console, fmt.Sprintf("%s: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		}
	})
	return w, chromedp.ActionFunc(func(ctx context.Context) error {
		if err := runtime.AddBinding(cspBinding).Do(ctx); err != nil {
			return err
		}
		_, err := page.AddScriptToEvaluateOnNewDocument(cspListener).Do(ctx)
		return err
	})
}

// CSP returns the Content-Security-Policy violations seen so far.
func (w *Watch) CSP() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.csp...)
}

// Exceptions returns the uncaught JavaScript exceptions seen so far.
func (w *Watch) Exceptions() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.exceptions...)
}

// Console returns console.error calls and browser log errors (failed loads,
// refused resources) seen so far.
func (w *Watch) Console() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.console...)
}

// SignIn signs in to the newsroom through its login form and waits for the
// page that follows; it fails with the form's message if the sign-in is
// refused.
func SignIn(base, email, password string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(base + "/newsroom/login"),
		chromedp.WaitVisible("#f-email", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", email, chromedp.ByQuery),
		chromedp.SendKeys("#f-password", password, chromedp.ByQuery),
		chromedp.Click(`form[action="/newsroom/login"] button[type=submit]`, chromedp.ByQuery),
		// Either the signed-in header (with its sign-out form) or the login
		// page again with an alert.
		chromedp.WaitReady(`form[action="/newsroom/logout"], [role=alert]`, chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var msg string
			if err := chromedp.Evaluate(`document.querySelector('form[action="/newsroom/logout"]') ? '' :
				(document.querySelector('[role=alert]') || {}).textContent || 'unknown reason'`, &msg).Do(ctx); err != nil {
				return err
			}
			if msg != "" {
				return fmt.Errorf("signing in as %s was refused: %s", email, strings.TrimSpace(msg))
			}
			return nil
		}),
	}
}
