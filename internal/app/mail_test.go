package app_test

import (
	"context"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bsmail "broadsheet/internal/mail"
	"broadsheet/internal/web/webtest"
)

// A message survives a mail server that is down: the job retries with
// backoff until the server answers, and the message is sent exactly once,
// even if its job runs again after a crash between sending and recording.
func TestMailRetriesAndIsSentOnce(t *testing.T) {
	webtest.EachEngine(t, func(t *testing.T, engine string) {
		// A port with nothing listening: the mail server is down.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		e := webtest.New(t, true, engine, "--smtp-url", "smtp://"+webtest.MailUser+":"+strings.ReplaceAll(webtest.MailPassword, " ", "%20")+"@"+addr,
			"--mail-from", "desk@example.com")
		ctx := context.Background()
		msg := bsmail.Message{Key: "test:1", To: "reader@example.com", Subject: "Hello", Text: "Open https://example.org/x\n", HTML: "<p>Hello</p>"}
		if added, err := e.App.Store.EnqueueOnce(ctx, bsmail.JobSend, "mail:"+msg.Key, msg, time.Time{}); err != nil || !added {
			t.Fatalf("enqueue: %v %v", added, err)
		}
		e.RunJobs() // fails: nobody answers; the job waits for its retry
		if n, _ := e.App.Store.PendingJobs(ctx); n != 1 {
			t.Fatalf("after a failure, %d jobs wait; want 1 to retry", n)
		}
		ms := webtest.NewMailServerAt(t, addr)
		e.RunJobs()
		if len(ms.Messages()) != 0 {
			t.Fatal("the retry ran before its backoff")
		}
		e.App.Worker.Now = func() time.Time { return time.Now().Add(time.Minute) }
		e.RunJobs()
		got := ms.To("reader@example.com")
		if len(got) != 1 || got[0].Subject != "Hello" || got[0].From != "desk@example.com" {
			t.Fatalf("after the server came back: %+v", got)
		}
		if want := bsmail.MessageID("test:1", bsmail.Identity{Address: "desk@example.com"}); got[0].Header.Get("Message-Id") != want {
			t.Errorf("Message-ID %q; want %q", got[0].Header.Get("Message-Id"), want)
		}
		// The same message asked for again is not queued again; run again
		// (a lease that expired after a crash), it is not sent again.
		if added, _ := e.App.Store.EnqueueOnce(ctx, bsmail.JobSend, "mail:"+msg.Key, msg, time.Time{}); added {
			t.Error("the same message was queued twice")
		}
		if err := e.App.Store.Enqueue(ctx, bsmail.JobSend, msg, time.Time{}); err != nil {
			t.Fatal(err)
		}
		e.RunJobs()
		if n := len(ms.Messages()); n != 1 {
			t.Fatalf("%d messages; the same one was sent twice", n)
		}
	})
}

// Without a mail server, messages are files in the data folder's outbox.
func TestMailOutbox(t *testing.T) {
	e := webtest.New(t, true, "sqlite")
	ctx := context.Background()
	msg := bsmail.Message{Key: "test:outbox", To: "reader@example.com", Subject: "Confirm", Text: "Open http://127.0.0.1/account/verify?token=abc\n"}
	if _, err := e.App.Store.EnqueueOnce(ctx, bsmail.JobSend, "mail:"+msg.Key, msg, time.Time{}); err != nil {
		t.Fatal(err)
	}
	e.RunJobs()
	files, err := filepath.Glob(filepath.Join(e.App.Config.Data, "outbox", "*.eml"))
	if err != nil || len(files) != 1 {
		t.Fatalf("outbox: %v %v", files, err)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatal(err)
	}
	to, err := m.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "reader@example.com" || m.Header.Get("Message-Id") == "" || !strings.Contains(m.Header.Get("From"), "Broadsheet") {
		t.Errorf("outbox message headers: %v", m.Header)
	}
}
