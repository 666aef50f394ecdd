package site_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/ad"
	"broadsheet/internal/article"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

// newAd makes an ad through the newsroom's form, as a member of staff would,
// and returns its id.
func newAd(t *testing.T, e *webtest.Env, as user.Role, form url.Values) int64 {
	t.Helper()
	if form.Get("weight") == "" {
		form.Set("weight", "1")
	}
	if form.Get("kind") == "" {
		form.Set("kind", "house")
	}
	r := e.Post("/newsroom/ads/new", as, form, "")
	if r.Status != http.StatusSeeOther {
		t.Fatalf("new ad %q: %d %.800s", form.Get("name"), r.Status, r.Body)
	}
	ads, err := e.App.Store.Ads(context.Background())
	if err != nil || len(ads) == 0 {
		t.Fatal(err)
	}
	return ads[len(ads)-1].ID
}

var adFrameSrc = regexp.MustCompile(`<iframe class="ad-frame" title="Advertisement" width="(\d+)" height="(\d+)"(?: src="([^"]+)")?`)

// slots returns the frames' addresses on a page, in order.
func slots(body string) []string {
	var out []string
	for _, m := range adFrameSrc.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.ReplaceAll(m[3], "&amp;", "&"))
	}
	return out
}

// fetch asks for path as a browser does for dest ("iframe", "document"),
// with the user agent ua.
func fetch(t *testing.T, e *webtest.Env, path, dest, ua string) webtest.Resp {
	t.Helper()
	req, _ := http.NewRequest("GET", e.Srv.URL+path, nil)
	if dest != "" {
		req.Header.Set("Sec-Fetch-Dest", dest)
	}
	req.Header.Set("User-Agent", ua)
	return e.Do(req)
}

const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"

func frameAd(t *testing.T, e *webtest.Env, src string) webtest.Resp {
	t.Helper()
	r := fetch(t, e, src, "iframe", firefox)
	if r.Status != 200 {
		t.Fatalf("%s: %d", src, r.Status)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("%s: Cache-Control %q", src, cc)
	}
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'self'") || !strings.Contains(csp, "sandbox ") || r.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("%s: frame headers %q %q", src, csp, r.Header.Get("X-Frame-Options"))
	}
	if r.Header.Get("Set-Cookie") != "" {
		t.Errorf("%s sets a cookie", src)
	}
	return r
}

// Ads fill the places that fit them: running now, meant for the place, and
// for the page's section (subsections included) when they are limited to
// sections. An empty place shows nothing; every slot is labelled and keeps
// its size; the tips and account pages show none.
func TestAdPlacesWindowsAndSections(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		var paras []string
		for _, w := range []string{"one", "two", "three", "four", "five"} {
			paras = append(paras, "<p>Paragraph "+w+".</p>")
		}
		withBody := func(headline, html string) *article.Article {
			a := e.Article(user.Editor, headline, article.Published)
			in := article.FromArticle(a)
			in.Body = richtext.FromHTML(html)
			if _, err := e.App.Articles.Update(ctx, e.Users[user.Admin], a.ID, in, false); err != nil {
				t.Fatal(err)
			}
			return a
		}
		long := withBody("A long story", strings.Join(paras, ""))
		short := withBody("A short story", "<p>Only paragraph.</p>")
		home := e.Get("/", "")
		if strings.Contains(home.Body, "Advertisement") || len(slots(home.Body)) != 0 {
			t.Fatalf("a site without ads shows a slot:\n%.2000s", home.Body)
		}
		now := time.Now()
		stamp := func(d time.Duration) string { return now.Add(d).UTC().Format("2006-01-02T15:04") } // the test site's zone is UTC
		running := newAd(t, e, user.Editor, url.Values{"name": {"Running"}, "placements": {"header"}, "text": {"Spring sale"},
			"link": {"https://shop.example/spring?from=ad"}, "starts": {stamp(-2 * time.Hour)}, "ends": {stamp(2 * time.Hour)}})
		newAd(t, e, user.Editor, url.Values{"name": {"Ended"}, "placements": {"header"}, "text": {"Winter sale"}, "weight": {"100"},
			"link": {"/about"}, "starts": {stamp(-5 * time.Hour)}, "ends": {stamp(-time.Hour)}})
		newAd(t, e, user.Editor, url.Values{"name": {"Later"}, "placements": {"header"}, "text": {"Summer sale"}, "weight": {"100"},
			"link": {"/about"}, "starts": {stamp(time.Hour)}})
		newAd(t, e, user.Editor, url.Values{"name": {"World only"}, "placements": {"sidebar"}, "text": {"Travel insurance"},
			"link": {"/travel"}, "sections": {fmt.Sprint(e.World)}})
		newAd(t, e, user.Editor, url.Values{"name": {"Paused"}, "placements": {"article", "sidebar"}, "text": {"Never shown"}, "link": {"/x"}, "paused": {"1"}})
		newAd(t, e, user.Editor, url.Values{"name": {"In story"}, "placements": {"article", "list"}, "text": {"Read our magazine"},
			"link": {"/magazine"}, "sections": {fmt.Sprint(e.News)}})
		// The times were taken in the site's zone and kept.
		if a, _ := e.App.Store.Ad(ctx, running); a.Starts.Unix()/60 != now.Add(-2*time.Hour).Unix()/60 {
			t.Errorf("starts kept as %v", a.Starts)
		}

		// Home: the header only (the others are limited to sections or paused).
		home = e.Get("/", "")
		if got := slots(home.Body); len(got) != 1 || got[0] != "/ads/slot/header" {
			t.Fatalf("home slots: %v", got)
		}
		m := adFrameSrc.FindStringSubmatch(home.Body)
		if m[1] != "728" || m[2] != "90" || !strings.Contains(home.Body, `<p class="ad-label" aria-hidden="true">Advertisement</p>`) ||
			!strings.Contains(home.Body, `aria-label="Advertisement"`) {
			t.Errorf("header slot: %q", m[0])
		}
		// The header frame shows the running ad only, never the ended or the later one.
		for i := 0; i < 30; i++ {
			r := frameAd(t, e, "/ads/slot/header")
			if !strings.Contains(r.Body, "Spring sale") || !strings.Contains(r.Body, fmt.Sprintf(`href="/ads/click/%d"`, running)) ||
				!strings.Contains(r.Body, `target="_blank"`) || !strings.Contains(r.Body, `rel="sponsored noopener"`) {
				t.Fatalf("header frame %d: %.1500s", i, r.Body)
			}
			if strings.Contains(r.Header.Get("Content-Security-Policy"), "allow-scripts") {
				t.Fatal("a house ad's frame may run scripts")
			}
		}

		// Sections: the World ad shows in World and its articles, not in its parent.
		worldPage := e.Get("/news/world", "")
		ws := slots(worldPage.Body)
		wantSlot := fmt.Sprintf("/ads/slot/sidebar?s=%d-%d", e.News, e.World)
		if !contains(ws, wantSlot) {
			t.Fatalf("world page slots: %v", ws)
		}
		if r := frameAd(t, e, wantSlot); !strings.Contains(r.Body, "Travel insurance") {
			t.Errorf("world sidebar frame: %.1000s", r.Body)
		}
		if got := slots(e.Get("/news", "").Body); contains(got, fmt.Sprintf("/ads/slot/sidebar?s=%d", e.News)) {
			t.Errorf("news page has the world ad's sidebar: %v", got)
		}
		// A frame asked for outside the section (an edited address) is empty.
		for _, src := range []string{"/ads/slot/sidebar", fmt.Sprintf("/ads/slot/sidebar?s=%d", e.News), "/ads/slot/sidebar?s=abc", fmt.Sprintf("/ads/slot/sidebar?s=x-%d", e.World)} {
			if r := frameAd(t, e, src); strings.Contains(r.Body, "<a ") {
				t.Errorf("%s shows an ad: %.600s", src, r.Body)
			}
		}
		if r := e.Get("/ads/slot/footer", ""); r.Status != 404 {
			t.Errorf("unknown place: %d", r.Status)
		}

		// In the article: after the third paragraph; a short story has it after its end.
		// (the story's text, from its first paragraph: the page's head quotes it too)
		body := func(path string) string {
			b := e.Get(path, "").Body
			return b[strings.Index(b, `<div class="prose">`):]
		}
		lp := body(long.URL())
		i3, iAd, i4 := strings.Index(lp, "Paragraph three."), strings.Index(lp, `aria-label="Advertisement in the story"`), strings.Index(lp, "Paragraph four.")
		if i3 < 0 || iAd < i3 || i4 < iAd {
			t.Errorf("in-article slot not after paragraph 3: %d %d %d", i3, iAd, i4)
		}
		if !contains(slots(lp), fmt.Sprintf("/ads/slot/article?s=%d-%d", e.News, e.World)) {
			t.Errorf("article slots: %v", slots(lp))
		}
		sp := body(short.URL())
		if i, j := strings.Index(sp, "Only paragraph."), strings.Index(sp, `aria-label="Advertisement in the story"`); i < 0 || j < i {
			t.Errorf("short story: paragraph at %d, slot at %d", i, j)
		}
		// The place's paragraph comes from the settings.
		st, _ := e.App.Store.Settings(ctx)
		st.AdSlots.ArticleAfter, st.AdSlots.ListEvery = 1, 1
		st.AdSlots.Sidebar.Off = true
		if err := e.App.Store.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		lp = body(long.URL())
		if i1, iAd, i2 := strings.Index(lp, "Paragraph one."), strings.Index(lp, `aria-label="Advertisement in the story"`), strings.Index(lp, "Paragraph two."); i1 < 0 || iAd < i1 || i2 < iAd {
			t.Errorf("after paragraph 1: %d %d %d", i1, iAd, i2)
		}
		// A place turned off shows nothing, though an ad fits it.
		if got := slots(e.Get("/news/world", "").Body); contains(got, wantSlot) {
			t.Errorf("sidebar turned off still shows: %v", got)
		}
		// Between stories: after every story but the last (two stories here).
		wp := e.Get("/news/world", "")
		if n := strings.Count(wp.Body, `aria-label="Advertisement between stories`); n != 1 {
			t.Errorf("%d list slots between two stories; want 1", n)
		}
		// A place turned off answers an empty frame, even to an old page.
		if r := frameAd(t, e, wantSlot); strings.Contains(r.Body, "<a ") {
			t.Errorf("a place turned off shows an ad: %.500s", r.Body)
		}
		// The frames send the site's address only, never the page's, to
		// whatever runs in them.
		if !strings.Contains(e.Get("/", "").Body, `referrerpolicy="origin"`) {
			t.Error("ad frames send the page's address")
		}
		// The newsroom's preview shows the places, loading no ad.
		if pv := e.Get(fmt.Sprintf("/newsroom/articles/%d/preview", long.ID), user.Editor); pv.Status != 200 ||
			len(slots(pv.Body)) == 0 || !contains(slots(pv.Body), "") || strings.Contains(pv.Body, `src="/ads/slot/`) {
			t.Errorf("preview: %d %v", pv.Status, slots(pv.Body))
		}
		// Pages where a reader may be a source, or signed in, or searching, carry no ads.
		for _, path := range []string{"/tips", "/alerts", "/account/login", "/account/signup", "/search?q=story", "/search"} {
			if r := e.Get(path, ""); strings.Contains(r.Body, "ad-frame") {
				t.Errorf("%s shows an ad", path)
			}
		}

		// An ad limited to a section that is then deleted shows nowhere; saving
		// it again with no section asks first, rather than putting it on every page.
		travel, err := e.App.Store.SaveSection(ctx, 0, section.Input{Name: "Travel", Slug: "travel"})
		if err != nil {
			t.Fatal(err)
		}
		orphan := newAd(t, e, user.Editor, url.Values{"name": {"Travel only"}, "placements": {"header"}, "text": {"Fly"}, "link": {"/fly"},
			"sections": {fmt.Sprint(travel)}})
		if err := e.App.Store.DeleteSection(ctx, travel); err != nil {
			t.Fatal(err)
		}
		edit := fmt.Sprintf("/newsroom/ads/%d", orphan)
		want(t, "orphan's page", e.Get(edit, user.Editor), 200, "it shows nowhere", `name="everywhere"`)
		form := url.Values{"name": {"Travel only"}, "placements": {"header"}, "text": {"Fly"}, "link": {"/fly"}, "weight": {"1"}, "paused": {"1"}}
		want(t, "re-saved", e.Post(edit, user.Editor, form, ""), 422, "were deleted", `name="everywhere"`)
		if a, _ := e.App.Store.Ad(ctx, orphan); !a.Targeted || a.Paused {
			t.Errorf("refused save changed the ad: %+v", a)
		}
		form.Set("everywhere", "1")
		want(t, "on every page", e.Post(edit, user.Editor, form, ""), 303)
		if a, _ := e.App.Store.Ad(ctx, orphan); a.Targeted || !a.Paused {
			t.Errorf("after: %+v", a)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A click goes to the ad's stored link and nowhere else, whatever the
// address carries; impressions and clicks are counted without cookies, and
// a browser's prefetch is not a view.
func TestAdClicksAndCounts(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		id := newAd(t, e, user.Editor, url.Values{"name": {"Shop"}, "placements": {"header"}, "text": {"Shop now"}, "link": {"https://shop.example/a?b=c"}})
		local := newAd(t, e, user.Editor, url.Values{"name": {"Alerts"}, "placements": {"sidebar"}, "text": {"Get alerts"}, "link": {"/alerts"}})
		for _, bad := range []string{"//evil.example/x", "/\\evil.example", "https:evil.example", "javascript:alert(1)", "data:text/html,x",
			"https://user:pw@shop.example/", "ftp://shop.example/", "evil.example", " https://evil.example/\x00"} {
			r := e.Post("/newsroom/ads/new", user.Editor, url.Values{"kind": {"house"}, "name": {"Bad"}, "placements": {"header"}, "text": {"Kept text"},
				"weight": {"1"}, "link": {bad}}, "")
			if r.Status != 422 || !strings.Contains(r.Body, "Use an address starting with https://") || !strings.Contains(r.Body, "Kept text") {
				t.Errorf("link %q: %d", bad, r.Status)
			}
		}
		for _, path := range []string{fmt.Sprintf("/ads/click/%d", id), fmt.Sprintf("/ads/click/%d?url=https://evil.example/", id),
			fmt.Sprintf("/ads/click/%d?to=//evil.example&next=https://evil.example", id)} {
			r := fetch(t, e, path, "document", firefox)
			if r.Status != http.StatusFound || r.Header.Get("Location") != "https://shop.example/a?b=c" || r.Header.Get("Set-Cookie") != "" {
				t.Errorf("%s: %d to %q", path, r.Status, r.Header.Get("Location"))
			}
		}
		if r := fetch(t, e, fmt.Sprintf("/ads/click/%d", local), "document", firefox); r.Status != http.StatusFound || r.Header.Get("Location") != "/alerts" {
			t.Errorf("local link: %d %q", r.Status, r.Header.Get("Location"))
		}
		// Anything else is not found (or, for a doubled slash, sent to the
		// cleaned path on this site).
		for _, path := range []string{"/ads/click/999999", "/ads/click/-1", "/ads/click/https%3A%2F%2Fevil.example", "/ads/click/" + fmt.Sprint(id) + "/https://evil.example",
			"/ads/click/%2F%2Fevil.example", "/ads/click/" + fmt.Sprint(id) + "x"} {
			r := e.Get(path, "")
			if loc := r.Header.Get("Location"); !(r.Status == 404 && loc == "") && !(r.Status == 307 && strings.HasPrefix(loc, "/ads/") && !strings.HasPrefix(loc, "//")) {
				t.Errorf("%s: %d %q", path, r.Status, loc)
			}
		}
		// A link changed behind the newsroom's back (a row edited by hand)
		// is checked again and refused.
		a, _ := e.App.Store.Ad(ctx, local)
		a.Link = "//evil.example/"
		if err := e.App.Store.SaveAd(ctx, &a); err != nil {
			t.Fatal(err)
		}
		e.App.Ads.Invalidate()
		if r := e.Get(fmt.Sprintf("/ads/click/%d", local), ""); r.Status != 404 || r.Header.Get("Location") != "" {
			t.Errorf("hand-edited link: %d %q", r.Status, r.Header.Get("Location"))
		}

		// Counts: three views and the three clicks above; not a prefetch, a
		// script's request (no Fetch Metadata), a robot, or clicks that are
		// not a browser's navigation.
		for i := 0; i < 3; i++ {
			frameAd(t, e, "/ads/slot/header")
		}
		req, _ := http.NewRequest("GET", e.Srv.URL+"/ads/slot/header", nil)
		req.Header.Set("Sec-Purpose", "prefetch")
		req.Header.Set("Sec-Fetch-Dest", "iframe")
		e.Do(req)
		fetch(t, e, "/ads/slot/header", "", "curl/8.0")
		fetch(t, e, "/ads/slot/header", "iframe", "Mozilla/5.0 (compatible; Googlebot/2.1)")
		fetch(t, e, fmt.Sprintf("/ads/click/%d", id), "", "curl/8.0")
		fetch(t, e, fmt.Sprintf("/ads/click/%d", id), "image", firefox)
		if err := e.App.AdCounts.Flush(ctx, e.App.Store.AddAdCounts); err != nil {
			t.Fatal(err)
		}
		stats, err := e.App.Store.AdStats(ctx, "")
		if err != nil || stats[id] != (ad.Stats{Impressions: 3, Clicks: 3}) || stats[local].Clicks != 1 {
			t.Fatalf("counts: %+v %v", stats, err)
		}
		// The newsroom's list shows them.
		r := e.Get("/newsroom/ads", user.Editor)
		if r.Status != 200 || !strings.Contains(r.Body, "<td>3 (100.00%)</td>") || !strings.Contains(r.Body, "<td>3, 3</td>") {
			t.Errorf("ads list: %d %.3000s", r.Status, r.Body)
		}
		// A campaign not started, or paused, keeps its link to itself; one
		// that ended still leads on, uncounted.
		now := time.Now().UTC()
		for _, c := range []struct {
			name   string
			form   url.Values
			status int
		}{
			{"scheduled", url.Values{"starts": {now.Add(time.Hour).Format("2006-01-02T15:04")}}, 404},
			{"paused", url.Values{"paused": {"1"}}, 404},
			{"ended", url.Values{"starts": {now.Add(-2 * time.Hour).Format("2006-01-02T15:04")}, "ends": {now.Add(-time.Hour).Format("2006-01-02T15:04")}}, 302},
		} {
			c.form.Set("name", c.name)
			c.form.Set("placements", "sidebar")
			c.form.Set("text", "Secret sale")
			c.form.Set("link", "https://shop.example/"+c.name)
			aid := newAd(t, e, user.Editor, c.form)
			r := fetch(t, e, fmt.Sprintf("/ads/click/%d", aid), "document", firefox)
			if r.Status != c.status || (c.status == 404 && r.Header.Get("Location") != "") {
				t.Errorf("%s ad's click: %d %q", c.name, r.Status, r.Header.Get("Location"))
			}
			e.App.AdCounts.Flush(ctx, e.App.Store.AddAdCounts)
			if stats, _ := e.App.Store.AdStats(ctx, ""); stats[aid].Clicks != 0 {
				t.Errorf("%s ad's click counted", c.name)
			}
		}
	})
}

// Only administrators paste ad-network code or name the hosts it may load
// from; every change is in the audit log with the code. The code runs in a
// sandboxed frame whose policy allows its own inline scripts (by hash) and
// the named hosts, and nothing else.
func TestNetworkAdsAdminsOnly(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		inline := "window.adSlot = 'top';"
		code := `<div id="ad-top"></div><script>` + inline + `</script><script src="https://ads.example.com/tag.js" async></script>`
		form := url.Values{"kind": {"network"}, "name": {"Network"}, "placements": {"header"}, "code": {code}, "weight": {"1"}}
		if r := e.Get("/newsroom/ads/new?kind=network", user.Editor); r.Status != 403 {
			t.Errorf("editor opens the network form: %d", r.Status)
		}
		if r := e.Post("/newsroom/ads/new", user.Editor, form, ""); r.Status != 403 {
			t.Fatalf("editor pastes network code: %d", r.Status)
		}
		if ads, _ := e.App.Store.Ads(ctx); len(ads) != 0 {
			t.Fatalf("refused ad kept: %+v", ads)
		}
		// The hosts: administrators only; a bad one is refused with what was typed kept.
		slotsForm := url.Values{"article_after": {"3"}, "list_every": {"4"}, "ad_hosts": {"ads.example.com\nhttps://evil.example/path; script-src *"}}
		for _, pl := range []string{"header", "sidebar", "article", "list"} {
			slotsForm.Set("slot_"+pl+"_on", "1")
			slotsForm.Set("slot_"+pl+"_width", "728")
			slotsForm.Set("slot_"+pl+"_height", "90")
		}
		if r := e.Post("/newsroom/ads/slots", user.Editor, slotsForm, ""); r.Status != 403 {
			t.Errorf("editor sets the hosts: %d", r.Status)
		}
		if r := e.Post("/newsroom/ads/slots", user.Admin, slotsForm, ""); r.Status != 422 || !strings.Contains(r.Body, "is not a host name") ||
			!strings.Contains(r.Body, "script-src *") {
			t.Fatalf("bad host: %d %.500s", r.Status, r.Body)
		}
		slotsForm.Set("ad_hosts", "ads.example.com\r\nHTTPS://*.CDN.example\n\nads.example.com")
		if r := e.Post("/newsroom/ads/slots", user.Admin, slotsForm, ""); r.Status != 303 {
			t.Fatalf("hosts: %d %.500s", r.Status, r.Body)
		}
		if r := e.Post("/newsroom/ads/new", user.Admin, form, ""); r.Status != 303 {
			t.Fatalf("admin pastes network code: %d %.500s", r.Status, r.Body)
		}
		ads, _ := e.App.Store.Ads(ctx)
		if len(ads) != 1 || ads[0].Code != code || ads[0].Kind != ad.Network {
			t.Fatalf("kept: %+v", ads)
		}
		id := ads[0].ID
		// Editors see the code but cannot change or delete it.
		if r := e.Get(fmt.Sprintf("/newsroom/ads/%d", id), user.Editor); r.Status != 200 || !strings.Contains(r.Body, "Only an administrator may change") ||
			strings.Contains(r.Body, `name="code"`) {
			t.Errorf("editor's view: %d", r.Status)
		}
		if r := e.Post(fmt.Sprintf("/newsroom/ads/%d", id), user.Editor, url.Values{"name": {"Mine"}, "placements": {"header"}, "weight": {"1"},
			"text": {"Now a house ad"}, "link": {"/x"}, "kind": {"house"}}, ""); r.Status != 403 {
			t.Errorf("editor changes network code: %d", r.Status)
		}
		if r := e.Post(fmt.Sprintf("/newsroom/ads/%d/delete", id), user.Editor, nil, ""); r.Status != 403 {
			t.Errorf("editor deletes network code: %d", r.Status)
		}
		// An editor's house ad cannot become network code either.
		house := newAd(t, e, user.Editor, url.Values{"name": {"House"}, "placements": {"sidebar"}, "text": {"Hi"}, "link": {"/x"}})
		if r := e.Post(fmt.Sprintf("/newsroom/ads/%d", house), user.Editor, form, ""); r.Status != 422 || !strings.Contains(r.Body, "Give the ad a text or a picture") {
			t.Errorf("editor saves a house ad with code: %d", r.Status)
		}
		if a, _ := e.App.Store.Ad(ctx, house); a.Kind != ad.House || a.Code != "" {
			t.Errorf("a house ad became %+v", a)
		}

		// The frame.
		r := frameAd(t, e, "/ads/slot/header")
		if !strings.Contains(r.Body, code) {
			t.Fatalf("frame: %.1000s", r.Body)
		}
		sum := sha256.Sum256([]byte(inline))
		csp := r.Header.Get("Content-Security-Policy")
		wantScript := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "' https://ads.example.com https://*.cdn.example;"
		if !strings.Contains(csp, wantScript) || !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox allow-scripts allow-popups") ||
			strings.Contains(csp, "allow-same-origin") || strings.Contains(csp, "evil") || strings.Count(csp, "unsafe-inline") != 1 ||
			!strings.Contains(csp, "style-src 'unsafe-inline' https://ads.example.com") {
			t.Errorf("frame policy: %s", csp)
		}

		// The audit log: who changed what, the code in full.
		log, err := e.App.Store.AuditLog(ctx, 50)
		if err != nil {
			t.Fatal(err)
		}
		var sawHosts, sawCode bool
		for _, en := range log {
			if en.Action == "ads.placements" && strings.Contains(en.Detail, "ads.example.com *.cdn.example") && en.UserID == e.Users[user.Admin].ID {
				sawHosts = true
			}
			if en.Action == "ad.create" && strings.Contains(en.Detail, code) && en.UserID == e.Users[user.Admin].ID {
				sawCode = true
			}
		}
		if !sawHosts || !sawCode {
			t.Errorf("audit log: hosts %v code %v: %+v", sawHosts, sawCode, log)
		}
		// Saving the places unchanged records nothing; deleting the code
		// records it in full.
		if r := e.Post("/newsroom/ads/slots", user.Admin, slotsForm, ""); r.Status != 303 {
			t.Fatalf("hosts again: %d", r.Status)
		}
		if r := e.Post(fmt.Sprintf("/newsroom/ads/%d/delete", id), user.Admin, nil, ""); r.Status != 303 {
			t.Fatalf("delete: %d", r.Status)
		}
		log, _ = e.App.Store.AuditLog(ctx, 50)
		placements, deleted := 0, false
		for _, en := range log {
			if en.Action == "ads.placements" {
				placements++
			}
			if en.Action == "ad.delete" && strings.Contains(en.Detail, code) {
				deleted = true
			}
		}
		if placements != 1 || !deleted {
			t.Errorf("audit: %d placement entries (want 1), deletion with code %v", placements, deleted)
		}
	})
}
