package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"broadsheet/internal/article"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

// beacon sends a read of story id as the article page's script does, with
// the headers given ("" values unset them) and signed in as role as.
func beacon(t *testing.T, e *webtest.Env, id string, as user.Role, headers map[string]string) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.Srv.URL+"/reads", strings.NewReader(url.Values{"a": {id}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Sec-Fetch-Mode", "no-cors")
	req.Header.Set("Sec-Fetch-Dest", "empty")
	req.Header.Set("User-Agent", firefox)
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	if as != "" {
		req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[as]})
	}
	r := e.Do(req)
	if r.Status == http.StatusForbidden && req.Header.Get("Sec-Fetch-Site") != "same-origin" {
		return // refused before it is read, as every cross-site POST is
	}
	if r.Status != http.StatusNoContent || r.Body != "" || r.Header.Get("Set-Cookie") != "" || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("beacon: %d %q %v", r.Status, r.Body, r.Header)
	}
}

var rankedList = regexp.MustCompile(`(?s)<section class="ranked" aria-labelledby="([^"]+)">.*?</section>`)

// ranked returns the headlines of a page's ranking boxes, by the box's id.
func ranked(body string) map[string][]string {
	out := map[string][]string{}
	for _, m := range rankedList.FindAllStringSubmatch(body, -1) {
		for _, li := range regexp.MustCompile(`<li><a href="[^"]+">([^<]+)</a></li>`).FindAllStringSubmatch(m[0], -1) {
			out[m[1]] = append(out[m[1]], li[1])
		}
	}
	return out
}

// Readership: a reader's beacon counts; bots, link previews, prefetches
// (however often repeated), other sites' pages and signed-in staff do not,
// nor does fetching the page itself. Counts reach "Most read" on the home
// page, the article sidebar and the tag page, "Trending" on the section
// page and the newsroom's figures; an unpublished story leaves the
// rankings at once.
func TestReadershipCounting(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine, "--trusted-proxies", "127.0.0.1")
		ctx := context.Background()
		a := e.Article(user.Editor, "Most read story", article.Published)
		b := e.Article(user.Editor, "Second story", article.Published)
		c := e.Article(user.Editor, "Unread story", article.Published)
		draft := e.Article(user.Editor, "A draft", article.Draft)
		id := func(x *article.Article) string { return fmt.Sprint(x.ID) }

		page := e.Get(webtest.PathOf(t, a.URL()), "")
		if !strings.Contains(page.Body, `data-read="`+id(a)+`"`) {
			t.Fatal("the article page does not ask to count its read")
		}
		// Counted: three readers of a (one signed in as a reader), one of b,
		// each at their own address behind the site's proxy.
		beacon(t, e, id(a), "", map[string]string{"X-Forwarded-For": "203.0.113.1"})
		beacon(t, e, id(a), "", map[string]string{"Sec-Fetch-Site": "", "Origin": e.Srv.URL, "X-Forwarded-For": "203.0.113.2"}) // an older browser
		beacon(t, e, id(a), user.Reader, map[string]string{"X-Forwarded-For": "198.51.100.7, 203.0.113.3"})
		beacon(t, e, id(b), "", map[string]string{"X-Forwarded-For": "203.0.113.1"})
		// Not counted.
		prefetch := func(h map[string]string) {
			for i := 0; i < 5; i++ {
				beacon(t, e, id(c), "", h)
				req, _ := http.NewRequest("GET", e.Srv.URL+webtest.PathOf(t, c.URL()), nil)
				for k, v := range h {
					req.Header.Set(k, v)
				}
				e.Do(req)
			}
		}
		prefetch(map[string]string{"Sec-Purpose": "prefetch"})
		prefetch(map[string]string{"Sec-Purpose": "prefetch;prerender"})
		prefetch(map[string]string{"Purpose": "prefetch"})
		prefetch(map[string]string{"X-Moz": "prefetch"})
		for _, ua := range []string{"", "curl/8.5.0", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
			"facebookexternalhit/1.1", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36",
			"Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse"} {
			beacon(t, e, id(c), "", map[string]string{"User-Agent": ua})
		}
		beacon(t, e, id(c), "", map[string]string{"Sec-Fetch-Site": "cross-site"})
		beacon(t, e, id(c), "", map[string]string{"Sec-Fetch-Site": "", "Origin": "https://elsewhere.example"})
		beacon(t, e, id(c), "", map[string]string{"Sec-Fetch-Site": ""})
		for _, role := range []user.Role{user.Contributor, user.Editor, user.Admin} {
			beacon(t, e, id(c), role, nil)
		}
		for _, bad := range []string{"", "x", "-3", "0", "99999999999999999999", id(c) + "\x00"} {
			beacon(t, e, bad, "", nil)
		}
		if got := e.App.Reads.Take(); len(got) != 2 {
			t.Fatalf("counted %v; want a and b only", got)
		} else {
			for k, n := range got {
				if (k.ArticleID == a.ID && n != 3) || (k.ArticleID == b.ID && n != 1) || (k.ArticleID != a.ID && k.ArticleID != b.ID) {
					t.Errorf("counted %v", got)
				}
				e.App.Reads.Add(k, n)
			}
		}
		if err := e.App.Reads.Flush(ctx, e.App.SaveReads); err != nil {
			t.Fatal(err)
		}
		e.App.Board.Forget()
		e.App.Cache.Purge(cachekey.All) // pages keep a ranking for its minute too

		home := ranked(e.Get("/", "").Body)
		if day := home["most-read-day"]; len(day) != 2 || day[0] != a.Headline || day[1] != b.Headline {
			t.Errorf("home, last 24 hours: %v", home)
		}
		if week := home["most-read-week"]; len(week) != 2 {
			t.Errorf("home, last 7 days: %v", home)
		}
		if side := ranked(e.Get(webtest.PathOf(t, c.URL()), "").Body)["most-read-heading"]; len(side) != 2 || side[0] != a.Headline {
			t.Errorf("article sidebar: %v", side)
		}
		if trend := ranked(e.Get("/news", "").Body)["trending-heading"]; len(trend) != 2 || trend[0] != a.Headline {
			t.Errorf("section page: %v", trend)
		}
		if tagged := ranked(e.Get("/tag/test-topic", "").Body)["most-read-heading"]; len(tagged) != 2 {
			t.Errorf("tag page: %v", tagged)
		}
		nr := e.Get(fmt.Sprintf("/newsroom/articles/%d", a.ID), user.Editor)
		if !regexp.MustCompile(`<dt>Last 24 hours</dt><dd>3</dd>`).MatchString(nr.Body) || !strings.Contains(nr.Body, `<dt>In all</dt><dd>3</dd>`) ||
			strings.Count(nr.Body, "<meter ") != 14 {
			t.Errorf("newsroom readership: %.2000s", nr.Body[strings.Index(nr.Body, "Readership"):])
		}

		list := e.Get("/newsroom/articles", user.Editor).Body
		if !strings.Contains(list, "Reads, 7 days") || !regexp.MustCompile(fmt.Sprintf(`/newsroom/articles/%d">Most read story</a>.*?<td class="num">3</td>`, a.ID)).MatchString(strings.ReplaceAll(list, "\n", " ")) {
			t.Errorf("the newsroom's list lacks the week's reads")
		}

		// Unpublished: gone from the rankings at once, whatever is kept.
		in := article.FromArticle(a)
		in.Status = article.Unpublished
		if _, err := e.App.Articles.Update(ctx, e.Users[user.Admin], a.ID, in, false); err != nil {
			t.Fatal(err)
		}
		if day := ranked(e.Get("/", "").Body)["most-read-day"]; len(day) != 1 || day[0] != b.Headline {
			t.Errorf("after unpublishing: %v", day)
		}

		// One address adds at most two reads of a story an hour, and a
		// number that is not a published story (none, a draft) adds nothing.
		for i := 0; i < 10; i++ {
			beacon(t, e, id(b), "", map[string]string{"X-Forwarded-For": "203.0.113.50"})
			beacon(t, e, fmt.Sprint(99999+i), "", map[string]string{"X-Forwarded-For": fmt.Sprintf("203.0.113.%d", 60+i)})
			beacon(t, e, id(draft), "", map[string]string{"X-Forwarded-For": fmt.Sprintf("203.0.113.%d", 80+i)})
		}
		got := e.App.Reads.Take()
		if len(got) != 1 {
			t.Errorf("counted %v; want b's two reads only", got)
		}
		for k, n := range got {
			if k.ArticleID != b.ID || n != 2 {
				t.Errorf("counted %v; want b's two reads only", got)
			}
		}
	})
}
