package webtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// MailServer is a real SMTP server inside the test (go-smtp on a loopback
// port) that keeps what it receives. It asks for a user name and password,
// so the app's mail client is tested with authentication.
type MailServer struct {
	Addr string
	mu   sync.Mutex
	got  []Mail
}

// Mail is a received message, decoded.
type Mail struct {
	From    string // the envelope sender
	To      []string
	Subject string
	Header  mail.Header
	Text    string
	HTML    string
}

// MailUser and MailPassword are the credentials the server accepts.
const (
	MailUser     = "broadsheet"
	MailPassword = "p@ss word"
)

// NewMailServer starts a server for the test on a free loopback port.
func NewMailServer(t *testing.T) *MailServer { return NewMailServerAt(t, "127.0.0.1:0") }

// NewMailServerAt starts a server for the test on an address (to bring up
// a server where the app's mail was failing).
func NewMailServerAt(t *testing.T, addr string) *MailServer {
	t.Helper()
	ms := &MailServer{}
	srv := gosmtp.NewServer(ms)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.AllowInsecureAuth = true // loopback, without TLS
	srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ms.Addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return ms
}

// URL is the --smtp-url for the server.
func (ms *MailServer) URL() string {
	return "smtp://" + url.UserPassword(MailUser, MailPassword).String() + "@" + ms.Addr
}

// Messages returns what arrived so far.
func (ms *MailServer) Messages() []Mail {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]Mail(nil), ms.got...)
}

// To returns the messages to an address.
func (ms *MailServer) To(addr string) []Mail {
	var out []Mail
	for _, m := range ms.Messages() {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+`)

// Link returns the first link whose path starts with prefix in the latest
// message to addr, or fails the test.
func (ms *MailServer) Link(t *testing.T, addr, prefix string) string {
	t.Helper()
	msgs := ms.To(addr)
	if len(msgs) == 0 {
		t.Fatalf("no message to %s (received %d in all)", addr, len(ms.Messages()))
	}
	m := msgs[len(msgs)-1]
	for _, l := range linkRE.FindAllString(m.Text, -1) {
		if u, err := url.Parse(l); err == nil && strings.HasPrefix(u.Path, prefix) {
			return l
		}
	}
	t.Fatalf("no link to %s in the message to %s %q:\n%s", prefix, addr, m.Subject, m.Text)
	return ""
}

// NewSession starts an SMTP conversation.
func (ms *MailServer) NewSession(*gosmtp.Conn) (gosmtp.Session, error) {
	return &mailSession{srv: ms}, nil
}

type mailSession struct {
	srv    *MailServer
	authed bool
	msg    Mail
}

func (s *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != MailUser || pass != MailPassword {
			return gosmtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *gosmtp.MailOptions) error {
	if !s.authed {
		return gosmtp.ErrAuthRequired
	}
	s.msg = Mail{From: from}
	return nil
}

func (s *mailSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.msg.To = append(s.msg.To, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	m, err := decodeMail(r)
	if err != nil {
		return err
	}
	m.From, m.To = s.msg.From, s.msg.To
	s.srv.mu.Lock()
	s.srv.got = append(s.srv.got, m)
	s.srv.mu.Unlock()
	return nil
}

func (s *mailSession) Reset()        { s.msg = Mail{} }
func (s *mailSession) Logout() error { return nil }

// decodeMail reads an RFC 5322 message: its subject, and its plain-text and
// HTML parts, quoted-printable decoded.
func decodeMail(r io.Reader) (Mail, error) {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return Mail{}, err
	}
	var m Mail
	m.Header = msg.Header
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return m, err
	}
	ct, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return m, err
	}
	if !strings.HasPrefix(ct, "multipart/") {
		b, err := part(msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
		m.Text = b
		return m, err
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return m, nil
		}
		if err != nil {
			return m, err
		}
		body, err := part(p, p.Header.Get("Content-Transfer-Encoding"))
		if err != nil {
			return m, err
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			m.HTML = body
		} else {
			m.Text = body
		}
	}
}

func part(r io.Reader, encoding string) (string, error) {
	if strings.EqualFold(encoding, "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	var b bytes.Buffer
	_, err := io.Copy(&b, r)
	return b.String(), err
}

// RunJobs runs every job that is due now (mail, variants), as the worker
// would.
func (e *Env) RunJobs() {
	e.T.Helper()
	for i := 0; e.App.Worker.RunOnce(context.Background()); i++ {
		if i > 1000 {
			e.T.Fatal("the job queue does not empty")
		}
	}
}
