package mail

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestOutbox(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data", "outbox") // does not exist yet
	var logs bytes.Buffer
	at := time.Date(2026, 3, 14, 10, 26, 53, 123456789, time.FixedZone("WAT", 3600))
	o := &Outbox{
		Dir:  dir,
		From: testIdentity(),
		Log:  slog.New(slog.NewTextHandler(&logs, nil)),
		Now:  func() time.Time { return at },
	}
	m := unicodeMessage()
	m.Text += "Or paste https://example.com/verify/c0ffee (same link) or see <https://example.com/help>.\n"
	if err := o.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}

	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Errorf("outbox folder mode %o, want 700", perm)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("outbox holds %d entries, want 1 (no temporary files left)", len(entries))
	}
	wantName := "20260314T092653.123456Z-" + keyHash(m.Key)[:12] + ".eml"
	if entries[0].Name() != wantName {
		t.Errorf("file %q, want %q", entries[0].Name(), wantName)
	}
	file := filepath.Join(dir, entries[0].Name())
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode %o, want 600", perm)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p := parseMessage(t, data)
	if p.Subject != m.Subject || p.Text != m.Text || p.HTML != m.HTML {
		t.Errorf("outbox message differs: %q %q %q", p.Subject, p.Text, p.HTML)
	}
	if d, err := p.Header.Date(); err != nil || !d.Equal(at.Truncate(time.Second)) {
		t.Errorf("Date = %v (%v), want %v", d, err, at)
	}
	if _, err := mail.ReadMessage(bytes.NewReader(data)); err != nil {
		t.Errorf("net/mail cannot read the file: %v", err)
	}

	line := logs.String()
	for _, want := range []string{
		"level=INFO",
		`msg="mail written to outbox"`,
		`to="\"Ọlá Adé\" <ola@example.com>"`,
		"subject=",
		"file=" + file,
		`links="[https://example.com/verify/c0ffee https://example.com/help]"`,
	} {
		if !strings.Contains(line, want) {
			t.Errorf("log line lacks %s:\n%s", want, line)
		}
	}
	if n := strings.Count(line, "\n"); n != 1 {
		t.Errorf("%d log lines, want 1", n)
	}
}

func TestOutboxConcurrent(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "outbox")
	var logs bytes.Buffer // slog handlers serialise their writes
	o := &Outbox{Dir: dir, From: testIdentity(), Log: slog.New(slog.NewTextHandler(&logs, nil))}
	const n = 20
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			m := testMessage()
			m.Key = fmt.Sprintf("verify:%d", i)
			m.Text = fmt.Sprintf("Confirm https://example.com/verify/%d\n", i)
			errs <- o.Send(context.Background(), m)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != n {
		t.Errorf("%d .eml files, want %d", len(files), n)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != n {
		t.Errorf("%d entries in the outbox, want %d (temporary files left?)", len(entries), n)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parseMessage(t, data)
	}
	if got := strings.Count(logs.String(), "mail written to outbox"); got != n {
		t.Errorf("%d log lines, want %d", got, n)
	}
}

func TestOutboxRefuses(t *testing.T) {
	t.Parallel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	invalid := testMessage()
	invalid.Subject = "Hi\r\nBcc: x@evil"
	tests := []struct {
		name string
		ctx  context.Context
		m    Message
		id   Identity
	}{
		{"invalid message", context.Background(), invalid, testIdentity()},
		{"invalid sender", context.Background(), testMessage(), Identity{SiteName: "x", Address: "nobody"}},
		{"cancelled", cancelled, testMessage(), testIdentity()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "outbox")
			o := &Outbox{Dir: dir, From: tt.id}
			if err := o.Send(tt.ctx, tt.m); err == nil {
				t.Fatal("Send succeeded")
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("outbox folder exists after a refused send: %v", err)
			}
		})
	}
	if err := (&Outbox{From: testIdentity()}).Send(context.Background(), testMessage()); err == nil {
		t.Error("Send without a folder succeeded")
	}
}

func TestOutboxDescribe(t *testing.T) {
	t.Parallel()
	if got := (&Outbox{Dir: "data/outbox"}).Describe(); got != "outbox folder data/outbox" {
		t.Errorf("Describe() = %q", got)
	}
}
