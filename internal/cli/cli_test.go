package cli

import (
	"bytes"
	"context"
	"flag"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/app"
	"broadsheet/internal/config"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func run(t *testing.T, ctx context.Context, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb syncBuf
	code := Run(ctx, Env{Args: args, Getenv: func(string) string { return "" }, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

func TestUserAndToken(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	if code, out, errs := run(t, ctx, "a long password\n", "user", "add", "--data", dir, "--email", "Desk@Example.com", "--name", "News Desk", "--role", "editor"); code != 0 || !strings.Contains(out, "desk@example.com") || !strings.Contains(out, "/author/news-desk") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, ctx, "another password\n", "user", "add", "--data", dir, "--email", "desk@example.com", "--name", "Again", "--role", "editor"); code != 1 || !strings.Contains(errs, "already exists") {
		t.Fatalf("duplicate: %d %q", code, errs)
	}
	if code, _, errs := run(t, ctx, "short\n", "user", "add", "--data", dir, "--email", "x@example.com", "--name", "X", "--role", "chief"); code != 1 || !strings.Contains(errs, "--role") || !strings.Contains(errs, "--password") {
		t.Fatalf("bad input: %d %q", code, errs)
	}
	code, tok, errs := run(t, ctx, "", "token", "create", "--data", dir, "--email", "desk@example.com")
	if code != 0 || !regexp.MustCompile(`^bs_[A-Za-z0-9_-]{40,}\n$`).MatchString(tok) {
		t.Fatalf("token: %d %q %q", code, tok, errs)
	}
	if code, _, errs := run(t, ctx, "", "token", "create", "--data", dir, "--email", "nobody@example.com"); code != 1 || !strings.Contains(errs, "no user") {
		t.Fatalf("unknown user: %d %q", code, errs)
	}

	// The server runs on the same data; the token works against it; SIGTERM-like
	// cancellation shuts it down cleanly.
	sctx, stop := context.WithCancel(ctx)
	var out, errb syncBuf
	done := make(chan int)
	go func() {
		done <- Run(sctx, Env{Args: []string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, Getenv: func(string) string { return "" },
			Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
	}()
	var base string
	for i := 0; i < 100 && base == ""; i++ {
		if m := regexp.MustCompile(`running on (http://[0-9.:]+)`).FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("server did not start: %s %s", out.String(), errb.String())
	}
	req, _ := http.NewRequest("POST", base+"/api/v1/articles", strings.NewReader(`{"headline":"From the shell"}`))
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Fatalf("API with the shell's token: %d %s", res.StatusCode, body)
	}
	// A shell command works while the server runs on the same SQLite file.
	if code, _, errs := run(t, ctx, "yet another password\n", "user", "add", "--data", dir, "--email", "c@example.com", "--name", "C", "--role", "contributor"); code != 0 {
		t.Fatalf("user add beside a running server: %q", errs)
	}
	res, err = http.Get(base + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v", err)
	}
	res.Body.Close()
	stop()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exit %d: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestHelpAndVersion(t *testing.T) {
	code, out, _ := run(t, context.Background(), "", "help", "serve")
	for _, want := range []string{"BROADSHEET_ADDR", "BROADSHEET_DATA", "BROADSHEET_DATABASE_URL", "BROADSHEET_DEMO", "--addr"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("help serve lacks %q: %s", want, out)
		}
	}
	if code, out, _ := run(t, context.Background(), "", "version"); code != 0 || !strings.HasPrefix(out, "broadsheet ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, _, errs := run(t, context.Background(), "", "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Fatalf("unknown: %d %q", code, errs)
	}
	if code, _, errs := run(t, context.Background(), "", "serve", "--addr", "nonsense", "--log-level", "loud"); code != 1 || !strings.Contains(errs, "--addr") || !strings.Contains(errs, "--log-level") {
		t.Fatalf("bad config: %d %q", code, errs)
	}
}

// TestUserPasswd runs the shell's commands on each engine: --data for
// SQLite, --database for PostgreSQL.
func TestUserPasswd(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { passwdOn(t, []string{"--data", t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) {
		passwdOn(t, []string{"--data", t.TempDir(), "--database", storetest.PostgresOptions(t).PostgresURL})
	})
}

func passwdOn(t *testing.T, where []string) {
	ctx := context.Background()
	cmd := func(words ...string) []string { return append(words, where...) }
	if code, _, errs := run(t, ctx, "a long password\n", cmd("user", "add", "--email", "ed@example.com", "--name", "Ed", "--role", "admin")...); code != 0 {
		t.Fatalf("user add: %q", errs)
	}
	cfg, _, err := config.Load(where, func(string) string { return "" }, flag.NewFlagSet("t", flag.ContinueOnError))
	if err != nil {
		t.Fatal(err)
	}
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, _ := st.UserByEmail(ctx, "ed@example.com")
	now := time.Now()
	if err := st.CreateSession(ctx, user.Session{Hash: "h", UserID: u.ID, CSRF: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"short\n", []string{"--email", "ed@example.com"}, "at least 10"},
		{"", []string{"--email", "ed@example.com"}, "at least 10"},
		{"a long enough one\n", []string{"--email", "not an address"}, "--email"},
		{"a long enough one\n", []string{"--email", "nobody@example.com"}, "no user has the email address nobody@example.com"},
		{"a long enough one\n", nil, "--email"},
	} {
		code, _, errs := run(t, ctx, c.stdin, cmd(append([]string{"user", "passwd"}, c.args...)...)...)
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("user passwd %v: %d %q; want %q", c.args, code, errs, c.want)
		}
	}
	// The refusals changed nothing.
	if u, _ := st.UserByEmail(ctx, "ed@example.com"); !user.CheckPassword(u.PasswordHash, "a long password") {
		t.Fatal("a refused passwd changed the password")
	}
	if _, _, err := st.Session(ctx, "h"); err != nil {
		t.Fatalf("a refused passwd ended the session: %v", err)
	}
	code, out, errs := run(t, ctx, "the admin's new password\r\n", cmd("user", "passwd", "--email", "ED@example.com")...)
	if code != 0 || !strings.Contains(out, "sessions have ended") {
		t.Fatalf("user passwd: %d %q %q", code, out, errs)
	}
	u, _ = st.UserByEmail(ctx, "ed@example.com")
	if !user.CheckPassword(u.PasswordHash, "the admin's new password") || user.CheckPassword(u.PasswordHash, "a long password") {
		t.Fatal("the new password does not work, or the old one still does")
	}
	if _, _, err := st.Session(ctx, "h"); err == nil {
		t.Error("a session survived the new password")
	}
	log, _ := st.AuditLog(ctx, 5)
	if len(log) == 0 || log[0].Action != "user.passwd" || log[0].IP != "shell" || log[0].UserID != u.ID {
		t.Errorf("audit: %+v", log)
	}
	// Readers get no API token, and no byline.
	if code, out, errs := run(t, ctx, "a reader's password\n", cmd("user", "add", "--email", "r@example.com", "--name", "R", "--role", "reader")...); code != 0 || strings.Contains(out, "/author/") {
		t.Fatalf("reader: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, ctx, "", cmd("token", "create", "--email", "r@example.com")...); code != 1 || !strings.Contains(errs, "reader") {
		t.Fatalf("a reader's token: %d %q", code, errs)
	}
	r, _ := st.UserByEmail(ctx, "r@example.com")
	log, _ = st.AuditLog(ctx, 20)
	for _, l := range log {
		if l.Action == "token.create" && l.UserID == r.ID {
			t.Error("a token was made for the reader")
		}
	}
	// A reader who cannot receive mail is helped from the shell too.
	if code, _, errs := run(t, ctx, "a reader's new password\n", cmd("user", "passwd", "--email", "r@example.com")...); code != 0 {
		t.Fatalf("a reader's passwd: %d %q", code, errs)
	}
	if r, _ := st.UserByEmail(ctx, "r@example.com"); !user.CheckPassword(r.PasswordHash, "a reader's new password") {
		t.Error("the reader's new password does not work")
	}
}

func TestHelpListsMailAndProviders(t *testing.T) {
	_, out, _ := run(t, context.Background(), "", "help", "serve")
	for _, want := range []string{"--smtp-url", "BROADSHEET_SMTP_URL", "--mail-from", "--oidc-google-client-id", "--oidc-linkedin-client-secret",
		"--oidc-issuer", "--oidc-name", "--oidc-client-id", "--oidc-client-secret"} {
		if !strings.Contains(out, want) {
			t.Errorf("help serve lacks %q", want)
		}
	}
	// Every setting is listed with its environment variable.
	for _, v := range config.Vars {
		if !strings.Contains(out, "--"+v.Flag+" ") || !strings.Contains(out, v.Env) {
			t.Errorf("help serve lacks --%s or $%s", v.Flag, v.Env)
		}
	}
	if _, out, _ := run(t, context.Background(), "", "help", "user"); !strings.Contains(out, "user passwd") {
		t.Errorf("help user lacks passwd: %s", out)
	}
}

// `serve --demo` fills a new database once; started again on the same data
// it says the demo was not loaded again, and never that it is filling.
func TestServeDemoOnce(t *testing.T) {
	dir := t.TempDir()
	serve := func() string {
		t.Helper()
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		var out, errb syncBuf
		done := make(chan int)
		go func() {
			done <- Run(ctx, Env{Args: []string{"serve", "--demo", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "error"},
				Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
		}()
		for deadline := time.Now().Add(90 * time.Second); !strings.Contains(out.String(), "Broadsheet is running"); {
			if time.Now().After(deadline) {
				t.Fatalf("the server did not start: %q %q", out.String(), errb.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		stop()
		if code := <-done; code != 0 {
			t.Fatalf("serve ended with %d: %s", code, errb.String())
		}
		return out.String()
	}
	if first := serve(); !strings.Contains(first, "Filling the database with the demo newsroom") || !strings.Contains(first, "Demo newsroom ready") {
		t.Fatalf("first start: %q", first)
	}
	if again := serve(); strings.Contains(again, "Filling") || !strings.Contains(again, "was not loaded again") {
		t.Errorf("second start: %q", again)
	}
}

// TestDemoArchive: `demo --articles N` makes the demo newsroom in an empty
// database, adds N stories, and adds N more on a second run; a count out of
// range is refused before anything is opened.
func TestDemoArchive(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	code, out, errs := run(t, ctx, "", "demo", "--articles", "40", "--data", dir)
	if code != 0 || !strings.Contains(out, "Demo newsroom ready") || !strings.Contains(out, "Added 40 stories") {
		t.Fatalf("demo: %d %q %q", code, out, errs)
	}
	code, out, errs = run(t, ctx, "", "demo", "--articles", "5", "--data", dir)
	if code != 0 || strings.Contains(out, "Demo newsroom ready") || !strings.Contains(out, "Added 5 stories") {
		t.Fatalf("a second run: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, ctx, "", "demo", "--articles", "0", "--data", t.TempDir()); code == 0 || !strings.Contains(errs, "--articles") {
		t.Errorf("--articles 0: %d %q", code, errs)
	}
}
