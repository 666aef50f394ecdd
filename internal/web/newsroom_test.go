package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/media"
	"broadsheet/internal/richtext"
	"broadsheet/internal/user"
)

func TestNewsroomAccess(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		tests := []struct {
			name   string
			as     user.Role
			method string
			path   string
			status int
		}{
			{"no session redirects to sign-in", "", "GET", "/newsroom/articles", 303},
			{"contributor dashboard", user.Contributor, "GET", "/newsroom", 200},
			{"contributor no sections", user.Contributor, "GET", "/newsroom/sections", 403},
			{"author no tags", user.Author, "GET", "/newsroom/tags", 403},
			{"editor sections", user.Editor, "GET", "/newsroom/sections", 200},
			{"editor pages", user.Editor, "GET", "/newsroom/pages", 200},
			{"editor no users", user.Editor, "GET", "/newsroom/users", 403},
			{"editor no settings", user.Editor, "GET", "/newsroom/settings", 403},
			{"admin users", user.Admin, "GET", "/newsroom/users", 200},
			{"admin settings", user.Admin, "GET", "/newsroom/settings", 200},
			{"admin audit", user.Admin, "GET", "/newsroom/audit", 200},
			{"contributor cannot post settings", user.Contributor, "POST", "/newsroom/settings", 403},
			{"author cannot add sections", user.Author, "POST", "/newsroom/sections", 403},
			{"editor cannot add users", user.Editor, "POST", "/newsroom/users/new", 403},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var r resp
				if tt.method == "GET" {
					r = e.Get(tt.path, tt.as)
				} else {
					r = e.Post(tt.path, tt.as, url.Values{"name": {"X"}, "site_name": {"Hacked"}, "email": {"x@example.com"}, "role": {"admin"}, "password": {"0123456789ab"}}, "")
				}
				if r.Status != tt.status {
					t.Fatalf("got %d, want %d", r.Status, tt.status)
				}
			})
		}
		st, _ := e.App.Store.Settings(t.Context())
		if st.SiteName == "Hacked" {
			t.Fatal("a refused settings post was saved")
		}
		if _, err := e.App.Store.UserByEmail(t.Context(), "x@example.com"); err == nil {
			t.Fatal("a refused user post was saved")
		}
	})
}

func TestNewsroomArticleForm(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Contributor, "Original headline", article.Draft)
		path := fmt.Sprintf("/newsroom/articles/%d", a.ID)
		form := func(kv ...string) url.Values {
			v := url.Values{"headline": {"Typed headline"}, "standfirst": {"Typed standfirst"}, "section": {fmt.Sprint(e.World)},
				"body_html": {"<p>Typed <b>body</b></p>"}, "action": {"save"}}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		tests := []struct {
			name     string
			as       user.Role
			form     url.Values
			csrf     string
			status   int
			contains string
		}{
			{"missing headline keeps what was typed", user.Contributor, form("headline", "", "action", "submit"), "", 422, "Typed standfirst"},
			{"overlong headline", user.Contributor, form("headline", strings.Repeat("h", 300)), "", 422, "at most 200"},
			{"section of the wrong type", user.Contributor, form("section", "abc"), "", 422, "Choose a section from the list"},
			{"unknown section", user.Contributor, form("section", "99999"), "", 422, "Choose an existing section"},
			{"bad schedule time", user.Contributor, form("publish_at", "tomorrow"), "", 422, "Use a date and time"},
			{"missing CSRF token", user.Contributor, form(), "-", 403, "expired"},
			{"forged CSRF token", user.Contributor, form(), "forged", 403, "expired"},
			{"contributor may not publish", user.Contributor, form("action", "publish"), "", 403, "role"},
			{"another author may not edit", user.Author, form(), "", 403, "role"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := e.Post(path, tt.as, tt.form, tt.csrf)
				if r.Status != tt.status || !strings.Contains(r.Body, tt.contains) {
					t.Fatalf("got %d, want %d containing %q:\n%.600s", r.Status, tt.status, tt.contains, r.Body)
				}
				got, _ := e.App.Store.Article(t.Context(), a.ID)
				if got.Headline != "Original headline" || got.Status != article.Draft {
					t.Fatalf("a refused save changed the article: %q %s", got.Headline, got.Status)
				}
			})
		}
		t.Run("forged session", func(t *testing.T) {
			e.Cookies["forger"] = "not-a-session"
			r := e.Post(path, "forger", form(), "x")
			if r.Status != 401 {
				t.Fatalf("got %d", r.Status)
			}
		})
		t.Run("unknown article", func(t *testing.T) {
			if r := e.Get("/newsroom/articles/999999", user.Editor); r.Status != 404 {
				t.Fatalf("got %d", r.Status)
			}
		})
		t.Run("contributor submits, editor publishes", func(t *testing.T) {
			if r := e.Post(path, user.Contributor, form("action", "submit"), ""); r.Status != 303 {
				t.Fatalf("submit: %d %.300s", r.Status, r.Body)
			}
			if r := e.Post(path, user.Editor, form("action", "publish", "headline", `Floods <script>alert("x")</script> & "quotes"`,
				"authors", fmt.Sprint(e.Users[user.Contributor].AuthorID)), ""); r.Status != 303 {
				t.Fatalf("publish: %d %.300s", r.Status, r.Body)
			}
			got, _ := e.App.Store.Article(t.Context(), a.ID)
			if got.Status != article.Published {
				t.Fatalf("status %s", got.Status)
			}
			home := e.Get("/", "")
			if strings.Contains(home.Body, `<script>alert("x")`) || !strings.Contains(home.Body, "Floods &lt;script&gt;") {
				t.Fatalf("hostile headline not escaped on the home page")
			}
			revs, _ := e.App.Store.Revisions(t.Context(), a.ID)
			if len(revs) < 3 {
				t.Fatalf("revisions = %d, want at least 3", len(revs))
			}
			if r := e.Get(fmt.Sprintf("%s/revisions/%d", path, revs[len(revs)-1].ID), user.Editor); r.Status != 200 || !strings.Contains(r.Body, "Original headline") {
				t.Fatalf("compare: %d", r.Status)
			}
			if r := e.Post(fmt.Sprintf("%s/revisions/%d/restore", path, revs[len(revs)-1].ID), user.Editor, nil, ""); r.Status != 303 {
				t.Fatalf("restore: %d", r.Status)
			}
			got, _ = e.App.Store.Article(t.Context(), a.ID)
			if got.Headline != "Original headline" {
				t.Fatalf("restore kept %q", got.Headline)
			}
		})
	})
}

func TestSetupAndLogin(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		// Users exist: the setup form refuses.
		if r := e.Post("/newsroom/setup", "", url.Values{"email": {"new@example.com"}, "name": {"N"}, "password": {"long enough pw"}, "password2": {"long enough pw"}}, "-"); r.Status != 403 {
			t.Fatalf("setup on a used database: %d", r.Status)
		}
		if r := e.Post("/newsroom/login", "", url.Values{"email": {"admin@example.com"}, "password": {"wrong password"}}, "-"); r.Status != 401 || !strings.Contains(r.Body, "do not match") || !strings.Contains(r.Body, "admin@example.com") {
			t.Fatalf("bad login: %d", r.Status)
		}
		r := e.Post("/newsroom/login", "", url.Values{"email": {"admin@example.com"}, "password": {"correct horse battery"}, "next": {"https://evil.example/"}}, "-")
		if r.Status != 303 || r.Header.Get("Location") != "/newsroom" || !strings.Contains(r.Header.Get("Set-Cookie"), "HttpOnly") {
			t.Fatalf("login: %d %q %q", r.Status, r.Header.Get("Location"), r.Header.Get("Set-Cookie"))
		}
	})
}

func TestReaderPages(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		a := e.Article(user.Editor, "Bridge opens to traffic", article.Published)
		e.Article(user.Editor, "Secret draft", article.Draft)
		tests := []struct {
			path     string
			status   int
			contains []string
		}{
			{"/", 200, []string{"Bridge opens to traffic", "Get news alerts", "Submit a news tip", `rel="canonical"`, "Content"}},
			{"/news", 200, []string{"Bridge opens to traffic", `aria-label="Breadcrumb"`}},
			{a.URL(), 200, []string{"Bridge opens to traffic", "Related topics", "wa.me", "facebook.com/sharer", "x.com/intent", "linkedin.com", "mailto:", "Copy link", "0 comments"}},
			{"/news/world/secret-draft", 404, []string{"couldn"}},
			{"/news/world/", 301, nil},
			{"/search?q=bridge", 200, []string{"Bridge opens to traffic"}},
			{"/search?q=%27%22%3Cscript%3E", 200, []string{"&lt;script&gt;"}},
			{"/healthz", 200, []string{"ok"}},
			{"/favicon.ico", 200, []string{"<svg"}},
			{"/tag/nothing", 404, nil},
			{"/news?before=abc", 404, nil},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				r := e.Get(tt.path, "")
				if r.Status != tt.status {
					t.Fatalf("status %d, want %d", r.Status, tt.status)
				}
				for _, c := range tt.contains {
					if c == "Content" {
						if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self' 'nonce-") {
							t.Fatalf("CSP %q", csp)
						}
						continue
					}
					if !strings.Contains(r.Body, c) {
						t.Fatalf("missing %q", c)
					}
				}
				if strings.Contains(r.Body, "Secret draft") {
					t.Fatal("a draft leaked onto a reader page")
				}
			})
		}
	})
}

// ads.txt is edited in the settings and served as text; without one the
// address is not found.
func TestAdsTxt(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		if r := e.Get("/ads.txt", ""); r.Status != 404 {
			t.Fatalf("ads.txt before any: %d", r.Status)
		}
		st, err := e.App.Store.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.AdsTxt = "google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0  \r\n\x00example.net, 12345, RESELLER\r\n\r\n"
		if err := st.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Store.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		r := e.Get("/ads.txt", "")
		if r.Status != 200 || r.Body != "google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0\nexample.net, 12345, RESELLER\n" ||
			r.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Fatalf("ads.txt: %d %q %q", r.Status, r.Body, r.Header.Get("Content-Type"))
		}
		st.AdsTxt = strings.Repeat("x", 20001)
		if err := st.Validate(); err == nil {
			t.Error("an ads.txt of 20,001 characters")
		}
	})
}

// The site's language is set in the settings and said by the pages, the
// feeds, the news sitemap and the structured data; a malformed code is
// refused beside its field with what was typed kept.
func TestSiteLanguage(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		e.Article(user.Editor, "Une histoire", article.Published)
		if r := e.Get("/", ""); !strings.Contains(r.Body, `<html lang="en">`) {
			t.Fatal("the default language is not en")
		}
		form := url.Values{"site_name": {"La Gazette"}, "time_zone": {"Europe/Paris"}, "language": {`fr"><script>`}}
		r := e.Post("/newsroom/settings", user.Admin, form, "")
		if r.Status != 422 || !strings.Contains(r.Body, "Use a language code") || !strings.Contains(r.Body, `value="fr&#34;&gt;&lt;script&gt;"`) {
			t.Fatalf("a bad language: %d %.1500s", r.Status, r.Body)
		}
		form.Set("language", " fr-CA ")
		if r := e.Post("/newsroom/settings", user.Admin, form, ""); r.Status != 303 {
			t.Fatalf("save: %d %.800s", r.Status, r.Body)
		}
		if st, _ := e.App.Store.Settings(ctx); st.Language != "fr-CA" {
			t.Fatalf("saved %q", st.Language)
		}
		for path, want := range map[string]string{"/": `<html lang="fr-CA">`, "/feed/rss": "<language>fr-CA</language>",
			"/feed/atom": `xml:lang="fr-CA"`, "/sitemaps/news.xml": "<news:language>fr</news:language>", "/news/world/une-histoire": `"inLanguage":"fr-CA"`} {
			if r := e.Get(path, ""); !strings.Contains(r.Body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
	})
}

// A new member of staff gets a byline: the user form makes a profile with
// their name (a free address if the name's is taken), and the stories they
// start are signed with it; a story without any author is not published.
func TestNewStaffGetAByline(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		for _, email := range []string{"amaka@example.com", "amaka2@example.com"} {
			r := e.Post("/newsroom/users/new", user.Admin, url.Values{"email": {email}, "name": {"Amaka Obi"}, "role": {"author"},
				"password": {"a long enough password"}, "author": {"new"}}, "")
			if r.Status != 303 {
				t.Fatalf("new user: %d %.1500s", r.Status, r.Body)
			}
		}
		var slugs []string
		for _, email := range []string{"amaka@example.com", "amaka2@example.com"} {
			u, err := e.App.Store.UserByEmail(ctx, email)
			if err != nil || u.AuthorID == 0 {
				t.Fatalf("%s has no profile: %v", email, err)
			}
			au, _ := e.App.Store.Author(ctx, u.AuthorID)
			slugs = append(slugs, au.Slug)
			a, err := e.App.Articles.Create(ctx, u, article.Input{Headline: "First story", SectionID: e.World, Body: richtext.FromHTML("<p>x</p>")})
			if err != nil || len(a.Authors) != 1 || a.Authors[0].ID != u.AuthorID {
				t.Errorf("%s's story is signed %v (%v)", email, a, err)
			}
		}
		if slugs[0] != "amaka-obi" || slugs[1] != "amaka-obi-2" {
			t.Errorf("profiles %v", slugs)
		}
		in := article.FromArticle(e.Article(user.Editor, "Unsigned", article.Draft))
		in.AuthorIDs, in.Status = nil, article.Published
		if _, err := e.App.Articles.Create(ctx, e.Users[user.Admin], article.Input{Headline: "Unsigned", SectionID: e.World, Body: richtext.FromHTML("<p>x</p>"),
			Status: article.Published, AuthorIDs: []int64{}}); err != nil {
			t.Errorf("the admin's profile signs by default: %v", err)
		}
		noProfile := e.Users[user.Admin]
		noProfile.AuthorID = 0
		_, err := e.App.Articles.Create(ctx, noProfile, in)
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["authors"] == "" {
			t.Errorf("published without a byline: %v", err)
		}
	})
}

// Settings: the logo is picked from the pictures in place (or cleared) and
// shows at the header's height; the time zone is chosen from a searchable
// list of every zone.
func TestSettingsLogoAndTimeZone(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		m := media.Media{Name: "0123456789abcdef01234567.png", Original: "logo.png", MIME: "image/png", Width: 600, Height: 120, Alt: "The Daily"}
		if err := e.App.Store.SaveMedia(ctx, &m); err != nil {
			t.Fatal(err)
		}
		page := e.Get("/newsroom/settings", user.Admin).Body
		for _, want := range []string{`<option value="Africa/Lagos">`, `<option value="Europe/London">`, `list="time-zones"`, `value="` + m.URL() + `"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the settings page lacks %s", want)
			}
		}
		form := url.Values{"site_name": {"The Daily"}, "time_zone": {"Africa/Lagos"}, "logo_pick": {m.URL()}}
		if r := e.Post("/newsroom/settings", user.Admin, form, ""); r.Status != 303 {
			t.Fatalf("pick a logo: %d %.500s", r.Status, r.Body)
		}
		if st, _ := e.App.Store.Settings(ctx); st.LogoURL != m.URL() || st.TimeZone != "Africa/Lagos" {
			t.Fatalf("saved %q %q", st.LogoURL, st.TimeZone)
		}
		if r := e.Get("/", ""); !strings.Contains(r.Body, `<img src="`+m.URL()+`" alt="The Daily" height="48">`) {
			t.Error("the header does not show the logo")
		}
		form.Set("logo_pick", "none")
		form.Set("time_zone", "Mars/Olympus")
		if r := e.Post("/newsroom/settings", user.Admin, form, ""); r.Status != 422 || !strings.Contains(r.Body, "Use a time zone name") {
			t.Fatalf("an unknown zone: %d", r.Status)
		}
		form.Set("time_zone", "UTC")
		if r := e.Post("/newsroom/settings", user.Admin, form, ""); r.Status != 303 {
			t.Fatalf("clear the logo: %d", r.Status)
		}
		if st, _ := e.App.Store.Settings(ctx); st.LogoURL != "" {
			t.Errorf("the logo stayed: %q", st.LogoURL)
		}
	})
}
