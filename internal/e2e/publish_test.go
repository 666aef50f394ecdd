package e2e

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/app"
	"broadsheet/internal/author"
	"broadsheet/internal/config"
	"broadsheet/internal/media/mediatest"
	"broadsheet/internal/section"
	"broadsheet/internal/user"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// newsroom is a running Broadsheet with one editor account and a section
// tree, small enough to build in well under a second (the demo newsroom takes
// several seconds to generate its pictures).
type newsroom struct {
	URL             string
	Email, Password string
	WorldID         int64 // the "News > World" section
}

func startNewsroom(t *testing.T) newsroom {
	t.Helper()
	var h http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	cfg, _, err := config.Load([]string{"--data", t.TempDir(), "--base-url", srv.URL, "--log-level", "warn"},
		func(string) string { return "" }, flag.NewFlagSet("e2e", flag.ContinueOnError))
	if err != nil {
		srv.Close()
		t.Fatal(err)
	}
	ctx := context.Background()
	logs := &testLog{t: t}
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		srv.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Close()
		a.Close()
		logs.mu.Lock()
		logs.done = true
		logs.mu.Unlock()
	})
	h = a.Handler

	news, err := a.Store.SaveSection(ctx, 0, section.Input{Name: "News", Slug: "news"})
	if err != nil {
		t.Fatal(err)
	}
	world, err := a.Store.SaveSection(ctx, 0, section.Input{Name: "World", Slug: "world", ParentID: news})
	if err != nil {
		t.Fatal(err)
	}
	au := author.Author{Slug: "ada-obi", Name: "Ada Obi"}
	if err := a.Store.SaveAuthor(ctx, &au); err != nil {
		t.Fatal(err)
	}
	nr := newsroom{URL: srv.URL, Email: "editor@example.com", Password: "correct horse battery", WorldID: world}
	hash, err := user.HashPassword(nr.Password)
	if err != nil {
		t.Fatal(err)
	}
	u := user.User{Email: nr.Email, Name: "Ed Itor", Role: user.Admin, PasswordHash: hash, AuthorID: au.ID}
	if err := a.Store.CreateFirstAdmin(ctx, &u); err != nil {
		t.Fatal(err)
	}
	return nr
}

// testLog sends the app's warnings and errors to the test log, and drops
// them once the test has finished.
type testLog struct {
	t    *testing.T
	mu   sync.Mutex
	done bool
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

// browserOrSkip returns the Chromium to drive. Without one the test is
// skipped, except in CI (CI=true), where a missing browser is a failure.
func browserOrSkip(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	p := ChromiumPath(os.Getenv)
	if p == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium found (set BROADSHEET_CHROMIUM); browser tests must run in CI")
		}
		t.Skip("no Chromium found (set BROADSHEET_CHROMIUM to run the browser tests)")
	}
	return p
}

// profileDir is a folder for a browser's profile, removed when the test
// ends. Chromium's helper processes may still be writing to it for a moment
// after the browser has closed, which t.TempDir's cleanup reports as a
// failure; this one waits for them a little.
func profileDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "broadsheet-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		var err error
		for range 50 {
			if err = os.RemoveAll(dir); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("browser profile %s left behind: %v", dir, err)
	})
	return dir
}

// photoFile writes a generated photograph (a JPEG of 1400 x 788, large
// enough for several variants) and returns its path.
func photoFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "harbour.jpg")
	if err := os.WriteFile(p, mediatest.Photo(t, 1400, 788), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkTab fails the test for every CSP violation and uncaught exception in a
// tab, and logs its console errors.
func checkTab(t *testing.T, name string, w *Watch) {
	t.Helper()
	for _, v := range w.CSP() {
		t.Errorf("%s: Content-Security-Policy violation: %s", name, v)
	}
	for _, e := range w.Exceptions() {
		t.Errorf("%s: uncaught exception: %s", name, e)
	}
	for _, c := range w.Console() {
		t.Logf("%s: %s", name, c)
	}
}

// failOnDialogs dismisses any alert, confirm, prompt or beforeunload dialog
// the page opens, so the browser never hangs on one, and records it: the
// test replaces window.prompt, so none should open.
func failOnDialogs(ctx context.Context, dialogs chan<- string) {
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			select {
			case dialogs <- string(e.Type) + ": " + e.Message:
			default:
			}
			go chromedp.Run(ctx, page.HandleJavaScriptDialog(false))
		}
	})
}

// editorSelected waits until the editor has taken in the selection made
// with the keyboard: ProseMirror reads the DOM selection on the next
// selectionchange event, and a toolbar button pressed before that would act
// on the old one.
func editorSelected(text string) chromedp.Action {
	return chromedp.Poll(`(() => {
		const e = window.broadsheetEditor && window.broadsheetEditor.editors[0]
		if (!e) return false
		const { from, to } = e.state.selection
		return e.state.doc.textBetween(from, to) === `+strconv.Quote(text)+`
	})()`, nil, chromedp.WithPollingTimeout(5*time.Second))
}

func keys(k string, n int, mods ...input.Modifier) chromedp.Tasks {
	var ts chromedp.Tasks
	for range n {
		ts = append(ts, chromedp.KeyEvent(k, chromedp.KeyModifiers(mods...)))
	}
	return ts
}

// TestWriteAndPublishInBrowser is the newsroom's main flow as a person does
// it: sign in, start an article, write it in the rich text editor with bold
// text, a link and an uploaded picture, publish it, and read it on the site
// as a visitor without cookies. Every page must run without a single
// Content-Security-Policy violation.
func TestWriteAndPublishInBrowser(t *testing.T) {
	chromium := browserOrSkip(t)
	start := time.Now()
	nr := startNewsroom(t)
	picture := photoFile(t)

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	bctx, closeBrowser, err := NewBrowser(ctx, chromium, profileDir(t))
	if err != nil {
		t.Fatal(err)
	}
	defer closeBrowser()

	const (
		headline = "Harbour board approves a floating market"
		sentence = "Traders welcomed a bold plan for the waterfront. Read the full report"
		boldWord = "bold"
		linkWord = "report"
		linkURL  = "https://example.org/harbour-report"
		altText  = "Boats in the harbour at dawn"
		caption  = "The harbour reopened on Monday."
		credit   = "Ada Obi / Wire"
	)
	boldAt := strings.Index(sentence, boldWord)

	// The writer.
	writer, setup := WatchTab(bctx)
	dialogs := make(chan string, 8)
	failOnDialogs(bctx, dialogs)
	var editURL string
	step := func(what string, actions ...chromedp.Action) {
		t.Helper()
		if err := runStep(bctx, actions...); err != nil {
			checkTab(t, "newsroom", writer)
			t.Fatalf("%s: %v (after %s)", what, err, time.Since(start).Round(time.Millisecond))
		}
	}
	step("start the browser", setup)
	step("sign in", SignIn(nr.URL, nr.Email, nr.Password))
	step("press New article",
		chromedp.Navigate(nr.URL+"/newsroom"),
		chromedp.Click(`a[href="/newsroom/articles/new"]`, chromedp.ByQuery),
		chromedp.WaitVisible(".rte .ProseMirror[contenteditable=true]", chromedp.ByQuery),
		chromedp.Location(&editURL),
	)
	if !strings.HasPrefix(editURL, nr.URL+"/newsroom/articles/") {
		t.Fatalf("New article went to %s, want an article's edit page", editURL)
	}
	step("type the headline and choose the section",
		// Select the placeholder headline so that typing replaces it.
		chromedp.Evaluate(`document.querySelector('#f-headline').select()`, nil),
		chromedp.SendKeys("#f-headline", headline, chromedp.ByQuery),
		chromedp.SetValue("select#f-section", strconv.FormatInt(nr.WorldID, 10), chromedp.ByQuery),
	)

	var body string
	bodyHTML := chromedp.Value("textarea#body_html", &body, chromedp.ByQuery)
	step("write a paragraph",
		chromedp.Click(".rte .ProseMirror", chromedp.ByQuery),
		chromedp.KeyEvent(sentence),
	)
	step("link the last word: select it, press Link, give an address that is not one, then the right one, in a new tab",
		keys(kb.ArrowLeft, len(linkWord), input.ModifierShift),
		editorSelected(linkWord),
		chromedp.Click(`.rte button[data-cmd=link]`, chromedp.ByQuery),
		chromedp.WaitVisible(`dialog.rte-dialog input[name=href]`, chromedp.ByQuery),
		chromedp.SendKeys(`dialog.rte-dialog input[name=href]`, "javascript:alert(1)"+kb.Enter, chromedp.ByQuery),
		chromedp.WaitVisible(`dialog.rte-dialog .rte-field.has-error .rte-field-error`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('dialog.rte-dialog input[name=href]').value = ''`, nil),
		chromedp.SendKeys(`dialog.rte-dialog input[name=href]`, strings.TrimPrefix(linkURL, "https://"), chromedp.ByQuery),
		chromedp.Click(`dialog.rte-dialog input[type=checkbox]`, chromedp.ByQuery),
		chromedp.SendKeys(`dialog.rte-dialog input[name=href]`, kb.Enter, chromedp.ByQuery),
		chromedp.WaitNotPresent(`dialog.rte-dialog`, chromedp.ByQuery),
		chromedp.Poll(`document.activeElement && document.activeElement.closest('.ProseMirror') !== null`, nil),
	)
	step("make a word bold: select it, press Bold",
		chromedp.KeyEvent(kb.Home, chromedp.KeyModifiers(input.ModifierCtrl)),
		keys(kb.ArrowRight, boldAt),
		keys(kb.ArrowRight, len(boldWord), input.ModifierShift),
		editorSelected(boldWord),
		chromedp.Click(`.rte button[data-cmd=bold]`, chromedp.ByQuery),
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(input.ModifierCtrl)),
		chromedp.KeyEvent("."),
		bodyHTML,
	)
	for _, want := range []string{"<strong>" + boldWord + "</strong>", `<a target="_blank" href="` + linkURL + `">` + linkWord + `</a>.`} {
		if !strings.Contains(body, want) {
			t.Fatalf("the editor wrote %q into the form, want it to contain %q", body, want)
		}
	}
	// A picture dropped on the editor opens the picture dialog: its
	// description, caption and credit are typed there, and it is uploaded
	// when the dialog is confirmed.
	data, err := os.ReadFile(picture)
	if err != nil {
		t.Fatal(err)
	}
	step("drop a picture on the editor; describe, caption and credit it in the dialog",
		chromedp.Evaluate(`(() => {
			const bytes = Uint8Array.from(atob(`+strconv.Quote(base64.StdEncoding.EncodeToString(data))+`), c => c.charCodeAt(0));
			const dt = new DataTransfer();
			dt.items.add(new File([bytes], 'harbour.jpg', { type: 'image/jpeg' }));
			const pm = document.querySelector('.rte .ProseMirror');
			const r = pm.getBoundingClientRect();
			pm.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, clientX: r.left + 20, clientY: r.bottom - 10, bubbles: true, cancelable: true }));
			return true;
		})()`, nil),
		chromedp.WaitVisible(`dialog.rte-dialog input[name=alt]`, chromedp.ByQuery),
		chromedp.WaitVisible(`dialog.rte-dialog .rte-picture-preview img`, chromedp.ByQuery),
		// By keyboard: the description has the focus; Tab goes on to the
		// caption and the credit.
		chromedp.KeyEvent(altText),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(caption),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(credit),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitNotPresent(`dialog.rte-dialog`, chromedp.ByQuery),
		chromedp.WaitVisible(`.rte .ProseMirror figure img[src^="/media/"]`, chromedp.ByQuery),
		bodyHTML,
	)
	for _, want := range []string{`<figure><img src="/media/`, `alt="` + altText + `"`, `data-credit="` + credit + `"`, `<figcaption>` + caption + `</figcaption>`} {
		if !strings.Contains(body, want) {
			t.Fatalf("after the upload the form's body is %q, want it to contain %s", body, want)
		}
	}
	// From the keyboard: with the cursor in the new picture's caption, the
	// Picture button opens its details.
	var altAgain string
	step("open the picture's details from the toolbar",
		chromedp.Click(`.rte button[data-cmd=image]`, chromedp.ByQuery),
		chromedp.WaitVisible(`dialog.rte-dialog input[name=alt]`, chromedp.ByQuery),
		chromedp.Value(`dialog.rte-dialog input[name=alt]`, &altAgain, chromedp.ByQuery),
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotPresent(`dialog.rte-dialog`, chromedp.ByQuery),
	)
	if altAgain != altText {
		t.Errorf("the picture's details opened with the description %q", altAgain)
	}

	// Autosave keeps the draft: after a reload (which the leave guard allows
	// without a dialog, as nothing is unsaved) it is all there.
	var saved bool
	step("autosave the draft", chromedp.Evaluate(`window.broadsheetEditor.autosaveNow().then(r => r.ok)`, &saved,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if !saved {
		t.Fatal("autosave did not succeed")
	}
	// The first autosave stored the draft: the address is now the draft's.
	step("read the draft's address", chromedp.Sleep(200*time.Millisecond), chromedp.Location(&editURL))
	if !regexp.MustCompile(`/newsroom/articles/\d+$`).MatchString(editURL) {
		t.Fatalf("after the first autosave the address is %s, want the draft's", editURL)
	}
	var reloaded string
	step("reload the editor",
		chromedp.Navigate(editURL),
		chromedp.WaitVisible(".rte .ProseMirror[contenteditable=true]", chromedp.ByQuery),
		chromedp.Value("#f-headline", &reloaded, chromedp.ByQuery),
		bodyHTML,
	)
	if reloaded != headline || !strings.Contains(body, "<strong>"+boldWord+"</strong>") || !strings.Contains(body, `<img src="/media/`) {
		t.Fatalf("after autosave and reload: headline %q, body %q", reloaded, body)
	}

	var status, articlePath string
	step("press Publish now",
		chromedp.Click(`button[name=action][value=publish]`, chromedp.ByQuery),
		chromedp.WaitNotPresent(`button[name=action][value=publish]`, chromedp.ByQuery),
		chromedp.Text("h1 .status", &status, chromedp.ByQuery),
		chromedp.Evaluate(`(Array.from(document.querySelectorAll('a')).find(a => a.textContent.trim() === 'View on the site') || {pathname: ''}).pathname`, &articlePath),
	)
	if status != "Published" {
		t.Errorf("status after Publish now = %q, want Published", status)
	}
	if !strings.HasPrefix(articlePath, "/news/world/") {
		t.Fatalf("after publishing, View on the site links to %q, want a page in /news/world/", articlePath)
	}
	checkTab(t, "newsroom", writer)
	select {
	case d := <-dialogs:
		t.Errorf("the newsroom opened a dialog: %s", d)
	default:
	}

	// The reader: a separate browser context, so no newsroom cookies.
	rctx, closeReader, err := NewVisitorTab(bctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeReader()
	reader, rsetup := WatchTab(rctx)
	read := func(what string, actions ...chromedp.Action) {
		t.Helper()
		if err := runStep(rctx, actions...); err != nil {
			checkTab(t, "site", reader)
			t.Fatalf("%s: %v", what, err)
		}
	}
	var onHome []string
	read("open the home page",
		rsetup,
		chromedp.Navigate(nr.URL+"/"),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('main a')).
			filter(a => a.textContent.trim() === `+strconv.Quote(headline)+`).map(a => a.getAttribute('href'))`, &onHome),
	)
	if len(onHome) == 0 {
		t.Fatalf("the home page has no link with the headline %q", headline)
	}
	if onHome[0] != articlePath {
		t.Errorf("the home page links the headline to %s, the newsroom says the article is at %s", onHome[0], articlePath)
	}
	var (
		title, strong, status2 string
		hrefs, figures         []string
		cookies                []string
		figure                 map[string]any
	)
	read("open the article",
		chromedp.Click(`main a[href="`+onHome[0]+`"]:not([tabindex="-1"])`, chromedp.ByQuery),
		chromedp.WaitVisible("h1.story-title", chromedp.ByQuery),
		chromedp.Text("h1.story-title", &title, chromedp.ByQuery),
		chromedp.Text(".story-body .prose strong", &strong, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.story-body .prose a')).map(a => a.getAttribute('href'))`, &hrefs),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.story-body .prose figure img')).map(i => i.getAttribute('src'))`, &figures),
		chromedp.Evaluate(`(() => { const f = document.querySelector('.story-body .prose figure'); if (!f) return {};
			const s = f.querySelector('picture source[type="image/webp"]'), i = f.querySelector('picture img'), c = f.querySelector('figcaption');
			return { webp: s ? s.getAttribute('srcset') : '', sizes: s ? s.getAttribute('sizes') : '', srcset: i ? i.getAttribute('srcset') || '' : '',
				width: i ? i.getAttribute('width') : '', height: i ? i.getAttribute('height') : '', loading: i ? i.loading : '', alt: i ? i.alt : '',
				caption: c ? c.textContent : '', credit: c && c.querySelector('.photo-credit') ? c.querySelector('.photo-credit').textContent : '',
				newTab: Array.from(document.querySelectorAll('.story-body .prose a[target="_blank"]')).length } })()`, &figure),
		chromedp.Evaluate(`document.cookie.split(';').filter(Boolean)`, &cookies),
		chromedp.Evaluate(`document.querySelector('.preview-banner') ? 'preview' : ''`, &status2),
	)
	if title != headline {
		t.Errorf("article page headline = %q, want %q", title, headline)
	}
	if strong != boldWord {
		t.Errorf("article body <strong> = %q, want %q", strong, boldWord)
	}
	if !contains(hrefs, linkURL) {
		t.Errorf("article body links = %q, want one to %s", hrefs, linkURL)
	}
	if len(figures) != 1 || !strings.HasPrefix(figures[0], "/media/") {
		t.Errorf("article body figure pictures = %q, want one whose src starts with /media/", figures)
	}
	// The responsive picture: WebP and JPEG variants in srcsets, its size
	// (so the page keeps its layout while it loads), lazy below the fold,
	// with its caption and credit.
	if webp, _ := figure["webp"].(string); strings.Count(webp, ".webp ") != 5 || !strings.Contains(webp, "-w320.webp 320w") || !strings.Contains(webp, "1400w") {
		t.Errorf("the body picture's WebP srcset is %q, want 320 to 1400 wide", webp)
	}
	if set, _ := figure["srcset"].(string); !strings.Contains(set, "-w640.jpg 640w") {
		t.Errorf("the body picture's srcset is %q", set)
	}
	if figure["width"] != "1400" || figure["height"] != "788" || figure["loading"] != "lazy" || figure["alt"] != altText ||
		figure["caption"] != caption+" "+credit || figure["credit"] != credit || figure["sizes"] == "" || figure["newTab"] != float64(1) {
		t.Errorf("the body picture on the page: %v", figure)
	}
	if status2 != "" || len(cookies) != 0 {
		t.Errorf("the reader is not a plain visitor (preview banner %q, cookies %q)", status2, cookies)
	}
	if len(figures) == 1 {
		var got string
		read("load the body picture", chromedp.Evaluate(`fetch(`+strconv.Quote(figures[0])+`).then(r => r.status + ' ' + r.headers.get('Content-Type'))`,
			&got, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		if !strings.HasPrefix(got, "200 image/") {
			t.Errorf("GET %s as a reader: %s, want 200 and an image", figures[0], got)
		}
	}
	checkTab(t, "site", reader)
	t.Logf("wrote, published and read an article in %s", time.Since(start).Round(time.Millisecond))
}

// runStep runs one step of a flow with its own time limit, so a selector
// that never matches fails in seconds and says where the page was.
func runStep(ctx context.Context, actions ...chromedp.Action) error {
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	err := chromedp.Run(sctx, actions...)
	if err == nil {
		return nil
	}
	var where, text string
	_ = chromedp.Run(ctx, chromedp.Location(&where),
		chromedp.Evaluate(`document.body ? document.body.innerText.slice(0, 600) : ''`, &text))
	return fmt.Errorf("%w\n  page: %s\n  text: %s", err, where, strings.Join(strings.Fields(text), " "))
}

const stepTimeout = 15 * time.Second

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
