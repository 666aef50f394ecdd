// Package webtest builds a whole Broadsheet for handler tests: a fresh app on
// SQLite or PostgreSQL behind an httptest server, with one user of each
// newsroom role (a session, a CSRF token and an API token each), a reader,
// and a small section tree. Only tests import it.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/app"
	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/config"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
)

// Env is a whole app on a fresh database with one user per role.
type Env struct {
	T       *testing.T
	App     *app.App
	Srv     *httptest.Server
	Users   map[user.Role]user.User // one per role, the reader's included
	Cookies map[user.Role]string    // session token
	CSRF    map[user.Role]string
	Tokens  map[user.Role]string // API tokens (staff only)
	World   int64                // section news/world
	News    int64

	cfg config.Config

	logs *lockedBuffer
}

// lockedBuffer collects the app's log lines from several goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Logs returns everything the app has logged so far (level info and up).
func (e *Env) Logs() string {
	e.logs.mu.Lock()
	defer e.logs.mu.Unlock()
	return e.logs.buf.String()
}

// Engines runs fn on a fresh app on SQLite and on PostgreSQL (which skips only
// outside CI when BROADSHEET_TEST_POSTGRES_URL is unset).
func Engines(t *testing.T, fn func(t *testing.T, e *Env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, New(t, false, "sqlite")) })
	t.Run("postgres", func(t *testing.T) { fn(t, New(t, false, "postgres")) })
}

// New builds the app on an engine; bare leaves the database empty (no
// users, no sections). Extra arguments are flags for the configuration.
func New(t *testing.T, bare bool, engine string, flags ...string) *Env {
	t.Helper()
	// The server starts first, so the app knows its address (for links in
	// mail and the sign-in providers' return address).
	var h http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	args := append([]string{"--data", t.TempDir(), "--base-url", srv.URL}, flags...)
	if engine == "postgres" {
		args = append(args, "--database", storetest.PostgresOptions(t).PostgresURL)
	}
	cfg, _, err := config.Load(args, func(string) string { return "" }, flag.NewFlagSet("t", flag.ContinueOnError))
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	a, err := app.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	e := &Env{T: t, App: a, Users: map[user.Role]user.User{}, Cookies: map[user.Role]string{}, CSRF: map[user.Role]string{}, Tokens: map[user.Role]string{},
		logs: logs, cfg: cfg}
	h, e.Srv = a.Handler, srv
	if bare {
		return e
	}
	ctx := context.Background()
	if e.News, err = a.Store.SaveSection(ctx, 0, section.Input{Name: "News", Slug: "news"}); err != nil {
		t.Fatal(err)
	}
	if e.World, err = a.Store.SaveSection(ctx, 0, section.Input{Name: "World", Slug: "world", ParentID: e.News}); err != nil {
		t.Fatal(err)
	}
	hash, _ := user.HashPassword(Password)
	for _, r := range user.AllRoles {
		u := user.User{Email: string(r) + "@example.com", Name: "A " + string(r), Role: r, PasswordHash: hash}
		if r.Staff() { // staff sign their stories with their profile, as `broadsheet user add` sets up
			au := author.Author{Slug: "a-" + string(r), Name: "A " + string(r)}
			if err := a.Store.SaveAuthor(ctx, &au); err != nil {
				t.Fatal(err)
			}
			u.AuthorID = au.ID
		}
		if err := a.Store.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		e.Users[r] = u
		tok, h, _ := user.NewSecret("")
		csrf, _, _ := user.NewSecret("")
		now := time.Now().UTC()
		if err := a.Store.CreateSession(ctx, user.Session{Hash: h, UserID: u.ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		e.Cookies[r], e.CSRF[r] = tok, csrf
		if !r.Staff() {
			continue
		}
		api, ah, _ := user.NewSecret("bs_")
		if err := a.Store.CreateToken(ctx, u.ID, ah, "test"); err != nil {
			t.Fatal(err)
		}
		e.Tokens[r] = api
	}
	return e
}

// Twin starts a second instance of the app on the same database and data
// folder, behind its own test server, following the purge log as a served
// instance does: two instances behind a load balancer.
func (e *Env) Twin() *Env {
	e.T.Helper()
	var h http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	e.T.Cleanup(srv.Close)
	a, err := app.New(context.Background(), e.cfg, slog.New(slog.NewTextHandler(e.logs, nil)))
	if err != nil {
		e.T.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.FollowPurges(ctx); close(done) }()
	e.T.Cleanup(func() { cancel(); <-done; a.Close() })
	h = a.Handler
	twin := *e
	twin.App, twin.Srv = a, srv
	return &twin
}

// Password is every fixture user's password.
const Password = "correct horse battery"

// Resp is a response, read whole.
type Resp struct {
	Status int
	Body   string
	Header http.Header
}

// Do sends a request without following redirects.
func (e *Env) Do(req *http.Request) Resp {
	e.T.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return Resp{res.StatusCode, string(b), res.Header}
}

// Get fetches a path as role as ("" for nobody).
func (e *Env) Get(path string, as user.Role) Resp { return e.GetWith(path, as, "") }

// GetWith is Get with one more cookie, "name=value".
func (e *Env) GetWith(path string, as user.Role, cookie string) Resp {
	req, _ := http.NewRequest("GET", e.Srv.URL+path, nil)
	if as != "" {
		req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[as]})
	}
	if name, value, ok := strings.Cut(cookie, "="); ok {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	return e.Do(req)
}

// Post sends a form as role as; csrf "" uses the role's real token, "-" sends none.
func (e *Env) Post(path string, as user.Role, form url.Values, csrf string) Resp {
	if form == nil {
		form = url.Values{}
	}
	if csrf == "" && as != "" {
		form.Set("csrf", e.CSRF[as])
	} else if csrf != "-" && csrf != "" {
		form.Set("csrf", csrf)
	}
	req, _ := http.NewRequest("POST", e.Srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if as != "" {
		req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[as]})
	}
	return e.Do(req)
}

// API sends a JSON request with role as's bearer token ("" for none).
func (e *Env) API(method, path string, as user.Role, body string) Resp {
	req, _ := http.NewRequest(method, e.Srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+e.Tokens[as])
	}
	return e.Do(req)
}

// Article creates an article directly through the service as role as.
func (e *Env) Article(as user.Role, headline string, status article.Status) *article.Article {
	e.T.Helper()
	a, err := e.App.Articles.Create(context.Background(), e.Users[user.Admin], article.Input{Headline: headline, SectionID: e.World,
		Body: richtext.FromHTML("<p>Body of " + headline + "</p>"), Tags: []string{"Test topic"}, Status: article.Draft})
	if err != nil {
		e.T.Fatal(err)
	}
	if as != user.Admin {
		// Re-own it: the store keeps created_by from the first save.
		u := e.Users[as]
		a, err = e.Reown(a.ID, u.ID)
		if err != nil {
			e.T.Fatal(err)
		}
	}
	if status != article.Draft {
		in := article.FromArticle(a)
		in.Status = status
		if status == article.Scheduled {
			in.PublishAt = time.Now().Add(time.Hour)
		}
		if a, err = e.App.Articles.Update(context.Background(), e.Users[user.Admin], a.ID, in, false); err != nil {
			e.T.Fatal(err)
		}
	}
	tree, err := e.App.Articles.Tree(context.Background())
	if err != nil {
		e.T.Fatal(err)
	}
	a.Section = tree.ByID[a.SectionID]
	return a
}

// Reown makes userID the creator of an article.
func (e *Env) Reown(id, userID int64) (*article.Article, error) {
	u, err := e.App.Store.User(context.Background(), userID)
	if err != nil {
		return nil, err
	}
	a, err := e.App.Store.Article(context.Background(), id)
	if err != nil {
		return nil, err
	}
	a.CreatedBy = u.ID
	return a, e.App.Store.SetArticleOwner(context.Background(), id, userID)
}

// DecodeJSON decodes s into v or fails the test.
func DecodeJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
}

// EachEngine runs fn as subtests "sqlite" and "postgres", for tests that
// build their app with flags of their own; PostgreSQL skips (or fails in CI)
// as the store tests do.
func EachEngine(t *testing.T, fn func(t *testing.T, engine string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, "sqlite") })
	t.Run("postgres", func(t *testing.T) {
		storetest.PostgresOptions(t) // skips outside CI without a server
		fn(t, "postgres")
	})
}
