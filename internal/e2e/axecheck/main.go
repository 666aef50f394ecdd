// Command axecheck runs the axe-core accessibility rules on pages of a
// running Broadsheet in headless Chromium, and reports every violation with
// the elements it concerns. `make audit` (scripts/audit.sh) runs it; it is not
// part of the server.
//
//	axecheck -base http://127.0.0.1:8080 -axe tools/audit/node_modules/axe-core/axe.min.js \
//	    [-email admin@example.com] / /news /newsroom/articles/3
//
// A path may name a state of its page after "!": "/!suggest=lagos" types
// "lagos" in the header's search box and is checked with the suggestions
// open; "/!phone-menu" is checked on a 390 px phone with the Menu open.
//
// Paths under /newsroom (except the login page) and the account page
// (/account) are visited signed in: the browser signs in through the
// newsroom's login form first, with -email and the password from
// $BROADSHEET_AUDIT_PASSWORD (not a flag, so it stays out of ps); list public
// pages before them. Pages
// are checked after their scripts have run, so the newsroom editor is checked
// with its toolbar mounted. A Content-Security-Policy violation on any page is
// reported too. The exit status is 1 if anything was found, 2 if the check
// could not run.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"broadsheet/internal/e2e"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// tags are the rule sets run: WCAG 2.0, 2.1 and 2.2 levels A and AA, and
// axe's best practices (landmarks, heading order, regions, ...).
var tags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

type node struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

type violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []node `json:"nodes"`
}

// runAxe is evaluated after axe.min.js; it resolves to the violations in a
// shape that is easy to print.
const runAxe = `axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']}).then(r =>
  r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), html: n.html, summary: n.failureSummary || ''}))})))`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("axecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("base", "", "address of the running site, e.g. http://127.0.0.1:8080")
	axePath := fs.String("axe", "tools/audit/node_modules/axe-core/axe.min.js", "path of axe.min.js")
	email := fs.String("email", "admin@example.com", "newsroom account for /newsroom pages (password in $BROADSHEET_AUDIT_PASSWORD)")
	timeout := fs.Duration("timeout", 2*time.Minute, "time limit for the whole check")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	paths := fs.Args()
	if *base == "" || len(paths) == 0 {
		fmt.Fprintln(stderr, "usage: axecheck -base URL [-axe axe.min.js] [-email E] PATH...")
		return 2
	}
	*base = strings.TrimRight(*base, "/")
	axeJS, err := os.ReadFile(*axePath)
	if err != nil {
		fmt.Fprintln(stderr, "axecheck:", err, "(run npm ci in tools/audit)")
		return 2
	}
	chromium := e2e.ChromiumPath(os.Getenv)
	if chromium == "" {
		fmt.Fprintln(stderr, "axecheck: no Chromium found; set BROADSHEET_CHROMIUM")
		return 2
	}
	profile, err := os.MkdirTemp("", "axecheck-")
	if err != nil {
		fmt.Fprintln(stderr, "axecheck:", err)
		return 2
	}
	defer os.RemoveAll(profile)

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	bctx, closeBrowser, err := e2e.NewBrowser(ctx, chromium, profile)
	if err != nil {
		fmt.Fprintln(stderr, "axecheck:", err)
		return 2
	}
	defer closeBrowser()
	watch, setup := e2e.WatchTab(bctx)
	if err := chromedp.Run(bctx, setup); err != nil {
		fmt.Fprintln(stderr, "axecheck:", err)
		return 2
	}
	tagJSON, _ := json.Marshal(tags)
	script := fmt.Sprintf(runAxe, tagJSON)
	awaitPromise := func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

	signedIn := false
	pages, violations, elements := 0, 0, 0
	cspSeen := 0
	for _, p := range paths {
		if needsSignIn(p) && !signedIn {
			if err := chromedp.Run(bctx, e2e.SignIn(*base, *email, os.Getenv("BROADSHEET_AUDIT_PASSWORD"))); err != nil {
				fmt.Fprintln(stderr, "axecheck:", err)
				return 2
			}
			signedIn = true
		}
		var vs []violation
		actions, err := pageState(*base, p)
		if err != nil {
			fmt.Fprintf(stderr, "axecheck: %s: %v\n", p, err)
			return 2
		}
		err = chromedp.Run(bctx, append(actions,
			chromedp.Evaluate(string(axeJS), nil),
			chromedp.Evaluate(script, &vs, awaitPromise),
			chromedp.EmulateViewport(1280, 900), // back to the browser's own size after a phone's
		)...)
		if err != nil {
			fmt.Fprintf(stderr, "axecheck: %s: %v\n", p, err)
			return 2
		}
		pages++
		n := 0
		for _, v := range vs {
			n += len(v.Nodes)
		}
		violations += len(vs)
		elements += n
		if len(vs) == 0 {
			fmt.Fprintf(stdout, "ok    %s\n", p)
		} else {
			fmt.Fprintf(stdout, "FAIL  %s: %d violations on %d elements\n", p, len(vs), n)
		}
		for _, v := range vs {
			fmt.Fprintf(stdout, "  [%s] %s: %s\n        %s\n", v.Impact, v.ID, v.Help, v.HelpURL)
			for _, nd := range v.Nodes {
				fmt.Fprintf(stdout, "      - %s\n          %s\n", nd.Target, clip(nd.HTML, 160))
				if s := firstLines(nd.Summary, 3); s != "" {
					fmt.Fprintf(stdout, "          %s\n", s)
				}
			}
		}
		if csp := watch.CSP(); len(csp) > cspSeen {
			for _, c := range csp[cspSeen:] {
				fmt.Fprintf(stdout, "  [csp] Content-Security-Policy violation: %s\n", c)
			}
			cspSeen = len(csp)
		}
	}
	fmt.Fprintf(stdout, "axe: %d pages, %d violations on %d elements, %d CSP violations (rules: %s)\n",
		pages, violations, elements, cspSeen, strings.Join(tags, " "))
	if violations > 0 || cspSeen > 0 {
		return 1
	}
	return 0
}

// pageState is how to reach a path's page in the state it names after "!".
func pageState(base, p string) ([]chromedp.Action, error) {
	path, state, _ := strings.Cut(p, "!")
	open := chromedp.Navigate(base + path)
	switch {
	case state == "":
		return []chromedp.Action{open}, nil
	case strings.HasPrefix(state, "suggest="):
		return []chromedp.Action{open,
			chromedp.SendKeys("#site-search", strings.TrimPrefix(state, "suggest="), chromedp.ByQuery),
			chromedp.WaitVisible(`#site-search-list [role="option"]`, chromedp.ByQuery),
		}, nil
	case state == "phone-menu":
		return []chromedp.Action{chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), open,
			chromedp.Click(".phone-menu summary", chromedp.ByQuery),
			chromedp.WaitVisible(".phone-menu-panel", chromedp.ByQuery),
		}, nil
	}
	return nil, fmt.Errorf("unknown page state %q", state)
}

// needsSignIn reports whether a page is only shown to someone signed in.
func needsSignIn(p string) bool {
	switch {
	case strings.HasPrefix(p, "/newsroom/login"):
		return false
	case strings.HasPrefix(p, "/newsroom"), p == "/account", strings.HasPrefix(p, "/account?"):
		return true
	}
	return false
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, "\n          ")
}
