package e2e

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/media/mediatest"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// dropFiles drops files (name, type, bytes) on the element a selector finds,
// as a person dragging them from their desktop would.
func dropFiles(selector string, files ...[3]string) chromedp.Action {
	var js strings.Builder
	js.WriteString("(() => { const dt = new DataTransfer();\n")
	for _, f := range files {
		js.WriteString("dt.items.add(new File([Uint8Array.from(atob(" + strconv.Quote(base64.StdEncoding.EncodeToString([]byte(f[2]))) +
			"), c => c.charCodeAt(0))], " + strconv.Quote(f[0]) + ", { type: " + strconv.Quote(f[1]) + " }));\n")
	}
	js.WriteString("const el = document.querySelector(" + strconv.Quote(selector) + "); const r = el.getBoundingClientRect();\n" +
		"for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new DragEvent(type, { dataTransfer: dt, clientX: r.left + 10, clientY: r.top + 10, bubbles: true, cancelable: true }));\n" +
		"return true; })()")
	return chromedp.Evaluate(js.String(), nil)
}

// TestLibraryInBrowser: several files dropped on the library upload one by
// one with their progress, a file that is not a picture is refused with
// its reason, the main picture is chosen in a dialog that searches the
// library, and a click on a picture sets its focal point.
func TestLibraryInBrowser(t *testing.T) {
	chromium := browserOrSkip(t)
	nr := startNewsroom(t)
	bctx, w, setup := openBrowser(t, chromium, 90*time.Second)
	step := func(what string, actions ...chromedp.Action) {
		t.Helper()
		if err := runStep(bctx, actions...); err != nil {
			checkTab(t, "newsroom", w)
			t.Fatalf("%s: %v", what, err)
		}
	}
	pier := string(mediatest.Photo(t, 1200, 800))
	market := string(mediatest.Photo(t, 900, 900))
	var rows []string
	step("drop two photographs and a web shell on the library",
		setup, chromedp.EmulateViewport(1280, 900), SignIn(nr.URL, nr.Email, nr.Password),
		chromedp.Navigate(nr.URL+"/newsroom/media"),
		chromedp.WaitVisible("[data-drop-upload]", chromedp.ByQuery),
		chromedp.Click(".upload-details summary", chromedp.ByQuery),
		chromedp.SendKeys("#f-credit", "Harbour Desk", chromedp.ByQuery),
		dropFiles("[data-drop-upload]", [3]string{"pier-at-dawn.jpg", "image/jpeg", pier}, [3]string{"shell.php.jpg", "image/jpeg", "<?php system($_GET['c']); ?>"},
			[3]string{"market.jpg", "image/jpeg", market}),
		chromedp.WaitVisible(`.upload-progress a[href="/newsroom/media"]`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.upload-progress li')).map(li => li.textContent.trim().replace(/\s+/g, ' ') + (li.querySelector('progress') ? ' ' + li.querySelector('progress').value : ''))`, &rows),
	)
	if len(rows) != 4 || !strings.Contains(rows[0], "pier-at-dawn.jpg uploaded: #") || !strings.HasSuffix(rows[0], " 100") ||
		!strings.Contains(rows[1], "shell.php.jpg not uploaded: This file is not a JPEG") || !strings.Contains(rows[2], "market.jpg uploaded: #") ||
		!strings.Contains(rows[3], "1 not uploaded") {
		t.Fatalf("the upload list says %q", rows)
	}
	var tiles int
	step("the library shows the two, searchable by credit and name",
		chromedp.Navigate(nr.URL+"/newsroom/media?q=harbour+desk"),
		chromedp.Evaluate(`document.querySelectorAll('.media-grid picture').length`, &tiles),
	)
	if tiles != 2 {
		t.Errorf("a search by the credit finds %d pictures", tiles)
	}

	var chosen, altValue, creditValue string
	step("choose the main picture in the dialog, by searching the library",
		chromedp.Navigate(nr.URL+"/newsroom/articles/new"),
		chromedp.WaitVisible("[data-hero-open]", chromedp.ByQuery),
		chromedp.Click("[data-hero-open]", chromedp.ByQuery),
		chromedp.WaitVisible("#hero-dialog #hero-q", chromedp.ByQuery),
		chromedp.SendKeys("#hero-dialog #hero-q", "pier", chromedp.ByQuery),
		chromedp.Sleep(400*time.Millisecond),
		chromedp.WaitVisible("#hero-dialog .picker-item", chromedp.ByQuery),
		chromedp.KeyEvent(kb.Tab), // to the first result, then choose it with Enter
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitNotVisible("#hero-dialog", chromedp.ByQuery),
		chromedp.Evaluate(`(document.querySelector('input[name=hero_media_id]:checked') || {value: ''}).value`, &chosen),
		chromedp.Value("#f-hero_credit", &creditValue, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('.hero-chosen img') ? 'shown' : ''`, &altValue),
	)
	if chosen == "" || chosen == "0" || creditValue != "Harbour Desk" || altValue != "shown" {
		t.Fatalf("after choosing: hero %q, credit %q, preview %q", chosen, creditValue, altValue)
	}
	var saved string
	step("save the draft: the main picture is kept",
		chromedp.SendKeys("#f-headline", "Pier reopens", chromedp.ByQuery),
		chromedp.Click(`button[name=action][value=save]`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[href$="/revisions"]`, chromedp.ByQuery), // on the saved draft's page only
		chromedp.WaitVisible(`.hero-chosen img`, chromedp.ByQuery),
		chromedp.Evaluate(`(document.querySelector('input[name=hero_media_id]:checked') || {value: ''}).value`, &saved),
	)
	if saved != chosen {
		t.Errorf("after saving, the main picture is %q; chose %q", saved, chosen)
	}
	var fx, fy string
	step("set a focal point by clicking the picture",
		chromedp.Navigate(nr.URL+"/newsroom/media/"+chosen),
		chromedp.WaitVisible("[data-focal-frame] img", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const img = document.querySelector('[data-focal-frame] img'); const r = img.getBoundingClientRect();
			img.dispatchEvent(new MouseEvent('click', { clientX: r.left + r.width * 0.25, clientY: r.top + r.height * 0.75, bubbles: true })); return true; })()`, nil),
		chromedp.Click("#picture-form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible("p.flash", chromedp.ByQuery), // on the page after saving only
		chromedp.WaitVisible("[data-focal-frame] img", chromedp.ByQuery),
		chromedp.Value("#f-focal-x", &fx, chromedp.ByQuery),
		chromedp.Value("#f-focal-y", &fy, chromedp.ByQuery),
	)
	if fx != "25" || fy != "75" {
		t.Errorf("the focal point saved as %s%%, %s%%", fx, fy)
	}
	checkTab(t, "library", w)
}

// TestPasteTableInBrowser: a table pasted from a word processor keeps its
// rows and cells through the editor, the save and the reload.
func TestPasteTableInBrowser(t *testing.T) {
	chromium := browserOrSkip(t)
	nr := startNewsroom(t)
	bctx, w, setup := openBrowser(t, chromium, 60*time.Second)
	word := `<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><!--StartFragment-->` +
		`<p class=MsoNormal>Turnout by ward:<o:p></o:p></p>` +
		`<table class=MsoTableGrid border=1 style='border-collapse:collapse'><tr><td style='width:100pt'><p class=MsoNormal><b>Ward</b></p></td><td><p class=MsoNormal><b>Turnout</b></p></td></tr>` +
		`<tr><td><p class=MsoNormal>North</p></td><td><p class=MsoNormal>61%</p></td></tr>` +
		`<tr><td><p class=MsoNormal>South</p></td><td><p class=MsoNormal>48%</p></td></tr></table><!--EndFragment--></body></html>`
	var before, after int
	var body string
	if err := runStep(bctx, setup, SignIn(nr.URL, nr.Email, nr.Password),
		chromedp.Navigate(nr.URL+"/newsroom/articles/new"),
		chromedp.WaitVisible(".rte .ProseMirror[contenteditable=true]", chromedp.ByQuery),
		chromedp.SendKeys("#f-headline", "Turnout", chromedp.ByQuery),
		chromedp.Click(".rte .ProseMirror", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const dt = new DataTransfer(); dt.setData('text/html', `+strconv.Quote(word)+`); dt.setData('text/plain', 'Ward Turnout');
			document.querySelector('.rte .ProseMirror').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })); return true; })()`, nil),
		chromedp.WaitVisible(".rte .ProseMirror table", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('.rte .ProseMirror table tr').length`, &before),
		chromedp.Click(`button[name=action][value=save]`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[href$="/revisions"]`, chromedp.ByQuery), // on the saved draft's page only
		chromedp.WaitVisible(".rte .ProseMirror table", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('.rte .ProseMirror table tr').length`, &after),
		chromedp.Value("textarea#body_html", &body, chromedp.ByQuery),
	); err != nil {
		checkTab(t, "paste", w)
		t.Fatal(err)
	}
	if before != 3 || after != 3 || !strings.Contains(body, "North") || !strings.Contains(body, "48%") || strings.Contains(body, "Mso") {
		t.Errorf("pasted table: %d rows, %d after saving; body %q", before, after, body)
	}
	checkTab(t, "paste", w)
}
