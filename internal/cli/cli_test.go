package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
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
