package web_test

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/app"
	"broadsheet/internal/article"
	"broadsheet/internal/config"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
)

// env is a whole app on a fresh SQLite database with one user per role.
type env struct {
	t       *testing.T
	app     *app.App
	srv     *httptest.Server
	users   map[user.Role]user.User
	cookies map[user.Role]string // session token
	csrf    map[user.Role]string
	tokens  map[user.Role]string // API tokens
	world   int64                // section news/world
	news    int64
}

func newEnv(t *testing.T) *env { return newAppEnv(t, false, "sqlite") }

// engines runs fn on a fresh app on SQLite and on PostgreSQL (which skips only
// outside CI when BROADSHEET_TEST_POSTGRES_URL is unset).
func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newAppEnv(t, false, "sqlite")) })
	t.Run("postgres", func(t *testing.T) { fn(t, newAppEnv(t, false, "postgres")) })
}

// newAppEnv builds the app on an engine; bare leaves the database empty (no
// users, no sections).
func newAppEnv(t *testing.T, bare bool, engine string) *env {
	t.Helper()
	args := []string{"--data", t.TempDir()}
	if engine == "postgres" {
		args = append(args, "--database", storetest.PostgresOptions(t).PostgresURL)
	}
	cfg, _, err := config.Load(args, func(string) string { return "" }, flag.NewFlagSet("t", flag.ContinueOnError))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	e := &env{t: t, app: a, users: map[user.Role]user.User{}, cookies: map[user.Role]string{}, csrf: map[user.Role]string{}, tokens: map[user.Role]string{}}
	e.srv = httptest.NewServer(a.Handler)
	t.Cleanup(e.srv.Close)
	if bare {
		return e
	}
	ctx := context.Background()
	if e.news, err = a.Store.SaveSection(ctx, 0, section.Input{Name: "News", Slug: "news"}); err != nil {
		t.Fatal(err)
	}
	if e.world, err = a.Store.SaveSection(ctx, 0, section.Input{Name: "World", Slug: "world", ParentID: e.news}); err != nil {
		t.Fatal(err)
	}
	hash, _ := user.HashPassword("correct horse battery")
	for _, r := range user.Roles {
		u := user.User{Email: string(r) + "@example.com", Name: "A " + string(r), Role: r, PasswordHash: hash}
		if err := a.Store.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		e.users[r] = u
		tok, h, _ := user.NewSecret("")
		csrf, _, _ := user.NewSecret("")
		now := time.Now().UTC()
		if err := a.Store.CreateSession(ctx, user.Session{Hash: h, UserID: u.ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		e.cookies[r], e.csrf[r] = tok, csrf
		api, ah, _ := user.NewSecret("bs_")
		if err := a.Store.CreateToken(ctx, u.ID, ah, "test"); err != nil {
			t.Fatal(err)
		}
		e.tokens[r] = api
	}
	return e
}

type resp struct {
	status int
	body   string
	header http.Header
}

func (e *env) do(req *http.Request) resp {
	e.t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, string(b), res.Header}
}

func (e *env) get(path string, as user.Role) resp { return e.getWith(path, as, "") }

// getWith is get with one more cookie, "name=value".
func (e *env) getWith(path string, as user.Role, cookie string) resp {
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	if as != "" {
		req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.cookies[as]})
	}
	if name, value, ok := strings.Cut(cookie, "="); ok {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	return e.do(req)
}

// post sends a form as role as; csrf "" uses the role's real token, "-" sends none.
func (e *env) post(path string, as user.Role, form url.Values, csrf string) resp {
	if form == nil {
		form = url.Values{}
	}
	if csrf == "" && as != "" {
		form.Set("csrf", e.csrf[as])
	} else if csrf != "-" {
		form.Set("csrf", csrf)
	}
	req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if as != "" {
		req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.cookies[as]})
	}
	return e.do(req)
}

func (e *env) api(method, path string, as user.Role, body string) resp {
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[as])
	}
	return e.do(req)
}

// article creates an article directly through the service as role as.
func (e *env) article(as user.Role, headline string, status article.Status) *article.Article {
	e.t.Helper()
	a, err := e.app.Articles.Create(context.Background(), e.users[user.Admin], article.Input{Headline: headline, SectionID: e.world,
		Body: richtext.FromHTML("<p>Body of " + headline + "</p>"), Tags: []string{"Test topic"}, Status: article.Draft})
	if err != nil {
		e.t.Fatal(err)
	}
	if as != user.Admin {
		// Re-own it: the store keeps created_by from the first save.
		u := e.users[as]
		a, err = e.reown(a.ID, u.ID)
		if err != nil {
			e.t.Fatal(err)
		}
	}
	if status != article.Draft {
		in := article.FromArticle(a)
		in.Status = status
		if status == article.Scheduled {
			in.PublishAt = time.Now().Add(time.Hour)
		}
		if a, err = e.app.Articles.Update(context.Background(), e.users[user.Admin], a.ID, in, false); err != nil {
			e.t.Fatal(err)
		}
	}
	tree, err := e.app.Articles.Tree(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	a.Section = tree.ByID[a.SectionID]
	return a
}

func (e *env) reown(id, userID int64) (*article.Article, error) {
	u, err := e.app.Store.User(context.Background(), userID)
	if err != nil {
		return nil, err
	}
	a, err := e.app.Store.Article(context.Background(), id)
	if err != nil {
		return nil, err
	}
	a.CreatedBy = u.ID
	return a, e.app.Store.SetArticleOwner(context.Background(), id, userID)
}

func decodeJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
}
