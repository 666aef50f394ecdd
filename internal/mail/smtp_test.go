package mail

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// A real SMTP server (go-smtp) runs inside the tests; nothing of ours is
// replaced. Each test starts its own on 127.0.0.1:0 so they run in parallel.

// received is what the test server saw of one delivered message.
type received struct {
	Helo string
	From string
	To   []string
	Data []byte
	TLS  bool   // the DATA arrived over TLS
	User string // who authenticated, "" if nobody
	Pass string
}

// serverOptions configure a test server.
type serverOptions struct {
	startTLS     *tls.Config       // offer STARTTLS with this certificate
	implicitTLS  *tls.Config       // speak TLS from the first byte (smtps)
	users        map[string]string // offer AUTH PLAIN for these users; nil means no AUTH
	insecureAuth bool              // allow AUTH without TLS
	echoPassword bool              // a badly behaved server that quotes the password in its error
	rejectRcpt   bool              // refuse every recipient
}

// testServer is a running go-smtp server and the messages it accepted.
type testServer struct {
	Addr string
	opts serverOptions
	mu   sync.Mutex
	got  []received
}

func (s *testServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

// URL returns an smtp:// or smtps:// URL for the server, with userinfo if
// given ("user:pass").
func (s *testServer) URL(t *testing.T, scheme, userinfo string) *url.URL {
	t.Helper()
	raw := scheme + "://"
	if userinfo != "" {
		raw += userinfo + "@"
	}
	u, err := ParseSMTPURL(raw + s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (s *testServer) NewSession(c *gosmtp.Conn) (gosmtp.Session, error) {
	return &testSession{srv: s, conn: c}, nil
}

// testSession implements go-smtp's Session and AuthSession.
type testSession struct {
	srv        *testServer
	conn       *gosmtp.Conn
	user, pass string
	msg        received
}

func (s *testSession) AuthMechanisms() []string {
	if s.srv.opts.users == nil {
		return nil // no AUTH in EHLO
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		want, ok := s.srv.opts.users[username]
		if !ok || want != password {
			if s.srv.opts.echoPassword {
				return errors.New("wrong password " + password + " for " + username)
			}
			return gosmtp.ErrAuthFailed
		}
		s.user, s.pass = username, password
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *gosmtp.MailOptions) error {
	if s.srv.opts.users != nil && s.user == "" {
		return gosmtp.ErrAuthRequired
	}
	s.msg = received{Helo: s.conn.Hostname(), From: from}
	return nil
}

func (s *testSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	if s.srv.opts.rejectRcpt {
		return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
	s.msg.To = append(s.msg.To, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.Data = b
	_, s.msg.TLS = s.conn.TLSConnectionState()
	s.msg.User, s.msg.Pass = s.user, s.pass
	s.srv.mu.Lock()
	s.srv.got = append(s.srv.got, s.msg)
	s.srv.mu.Unlock()
	return nil
}

func (s *testSession) Reset()        { s.msg = received{} }
func (s *testSession) Logout() error { return nil }

// startServer runs a go-smtp server on a loopback port until the test ends.
func startServer(t *testing.T, opts serverOptions) *testServer {
	t.Helper()
	ts := &testServer{opts: opts}
	srv := gosmtp.NewServer(ts)
	srv.Domain = "localhost"
	srv.ReadTimeout = 5 * time.Second
	srv.WriteTimeout = 5 * time.Second
	srv.AllowInsecureAuth = opts.insecureAuth
	srv.TLSConfig = opts.startTLS
	// Its error log would otherwise go to stderr, maybe after the test ends.
	srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.Addr = l.Addr().String()
	if opts.implicitTLS != nil {
		l = tls.NewListener(l, opts.implicitTLS)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return ts
}

// testCert makes a self-signed certificate for 127.0.0.1 and localhost, and
// returns a server configuration with it and a pool that trusts it.
func testCert(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "broadsheet test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

// checkDelivered checks the one message the server got against m.
func checkDelivered(t *testing.T, got []received, m Message, id Identity) received {
	t.Helper()
	if len(got) != 1 {
		t.Fatalf("server got %d messages, want 1", len(got))
	}
	r := got[0]
	to, _ := bareAddress(m.To)
	if r.From != id.Address || len(r.To) != 1 || r.To[0] != to {
		t.Errorf("envelope MAIL FROM %q RCPT TO %q, want %q and [%q]", r.From, r.To, id.Address, to)
	}
	p := parseMessage(t, r.Data)
	if p.Subject != m.Subject || p.Text != m.Text || p.HTML != m.HTML {
		t.Errorf("delivered message differs:\n subject %q\n text %q\n html %q", p.Subject, p.Text, p.HTML)
	}
	if got := p.Header.Get("Message-ID"); got != MessageID(m.Key, id) {
		t.Errorf("Message-ID = %q, want %q", got, MessageID(m.Key, id))
	}
	from, err := p.Header.AddressList("From")
	if err != nil || from[0].Name != id.SiteName {
		t.Errorf("From = %q (%v), want the site name %q", p.Header.Get("From"), err, id.SiteName)
	}
	if _, err := p.Header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	return r
}

// bareAddress returns the bare address in a To value.
func bareAddress(to string) (string, error) {
	a, err := recipient(to)
	if err != nil {
		return "", err
	}
	return a.Address, nil
}

func TestSMTPPlainLoopback(t *testing.T) {
	t.Parallel()
	srv := startServer(t, serverOptions{})
	s := &SMTP{URL: srv.URL(t, "smtp", ""), From: testIdentity(), Timeout: 5 * time.Second}
	m := unicodeMessage()
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	r := checkDelivered(t, srv.messages(), m, testIdentity())
	if r.TLS {
		t.Error("the server saw TLS, but it offers none")
	}
	if r.Helo != "localhost" {
		t.Errorf("EHLO %q, want localhost", r.Helo)
	}
}

func TestSMTPStartTLS(t *testing.T) {
	t.Parallel()
	serverTLS, roots := testCert(t)
	srv := startServer(t, serverOptions{
		startTLS: serverTLS,
		users:    map[string]string{"mailer": "s3cret:/@pass"},
		// go-smtp then offers AUTH only after STARTTLS.
		insecureAuth: false,
	})
	s := &SMTP{
		URL:       srv.URL(t, "smtp", "mailer:"+url.QueryEscape("s3cret:/@pass")),
		From:      testIdentity(),
		TLSConfig: &tls.Config{RootCAs: roots},
		Timeout:   5 * time.Second,
		Hello:     "broadsheet.example",
	}
	m := unicodeMessage()
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	r := checkDelivered(t, srv.messages(), m, testIdentity())
	if !r.TLS {
		t.Error("the message arrived without TLS")
	}
	if r.User != "mailer" || r.Pass != "s3cret:/@pass" {
		t.Errorf("server authenticated %q/%q", r.User, r.Pass)
	}
	if r.Helo != "broadsheet.example" {
		t.Errorf("EHLO %q, want broadsheet.example", r.Helo)
	}
}

func TestSMTPStartTLSUntrustedCertificate(t *testing.T) {
	t.Parallel()
	serverTLS, _ := testCert(t)
	srv := startServer(t, serverOptions{startTLS: serverTLS})
	// No RootCAs: the system roots do not know the test certificate, so
	// the upgrade must fail rather than carry on unverified.
	s := &SMTP{URL: srv.URL(t, "smtp", ""), From: testIdentity(), Timeout: 5 * time.Second}
	err := s.Send(context.Background(), testMessage())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send = %v, want a STARTTLS error", err)
	}
	if n := len(srv.messages()); n != 0 {
		t.Errorf("server got %d messages", n)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	t.Parallel()
	serverTLS, roots := testCert(t)
	srv := startServer(t, serverOptions{implicitTLS: serverTLS, users: map[string]string{"mailer": "pw"}})
	tests := []struct {
		name string
		tls  *tls.Config
	}{
		{"verified by IP", &tls.Config{RootCAs: roots}},
		{"verified by name", &tls.Config{RootCAs: roots, ServerName: "localhost"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &SMTP{URL: srv.URL(t, "smtps", "mailer:pw"), From: testIdentity(), TLSConfig: tt.tls, Timeout: 5 * time.Second}
			if err := s.Send(context.Background(), testMessage()); err != nil {
				t.Fatal(err)
			}
		})
	}
	got := srv.messages()
	if len(got) != len(tests) {
		t.Fatalf("server got %d messages, want %d", len(got), len(tests))
	}
	for _, r := range got {
		if !r.TLS || r.User != "mailer" {
			t.Errorf("TLS %v, user %q", r.TLS, r.User)
		}
	}
	checkDelivered(t, got[:1], testMessage(), testIdentity())
}

func TestSMTPWrongPassword(t *testing.T) {
	t.Parallel()
	serverTLS, roots := testCert(t)
	const password = "hunter2-Very-Secret"
	tests := []struct {
		name string
		echo bool
	}{
		{"server refuses", false},
		{"server quotes the password back", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startServer(t, serverOptions{startTLS: serverTLS, users: map[string]string{"mailer": "right"}, echoPassword: tt.echo})
			s := &SMTP{URL: srv.URL(t, "smtp", "mailer:"+password), From: testIdentity(), TLSConfig: &tls.Config{RootCAs: roots}, Timeout: 5 * time.Second}
			err := s.Send(context.Background(), testMessage())
			if err == nil {
				t.Fatal("Send with a wrong password succeeded")
			}
			if strings.Contains(err.Error(), password) {
				t.Errorf("error contains the password: %v", err)
			}
			if !strings.Contains(err.Error(), "AUTH") {
				t.Errorf("error does not say AUTH failed: %v", err)
			}
			if n := len(srv.messages()); n != 0 {
				t.Errorf("server got %d messages", n)
			}
		})
	}
}

func TestSMTPAuthNotOffered(t *testing.T) {
	t.Parallel()
	srv := startServer(t, serverOptions{})
	s := &SMTP{URL: srv.URL(t, "smtp", "mailer:pw-Secret"), From: testIdentity(), Timeout: 5 * time.Second}
	err := s.Send(context.Background(), testMessage())
	if err == nil || !strings.Contains(err.Error(), "does not offer authentication") {
		t.Fatalf("Send = %v, want an error about AUTH", err)
	}
	if strings.Contains(err.Error(), "pw-Secret") {
		t.Errorf("error contains the password: %v", err)
	}
}

func TestSMTPRecipientRefused(t *testing.T) {
	t.Parallel()
	srv := startServer(t, serverOptions{rejectRcpt: true})
	s := &SMTP{URL: srv.URL(t, "smtp", ""), From: testIdentity(), Timeout: 5 * time.Second}
	err := s.Send(context.Background(), testMessage())
	if err == nil || !strings.Contains(err.Error(), "RCPT TO") || !strings.Contains(err.Error(), "No such user") {
		t.Fatalf("Send = %v, want a RCPT TO error with the server's reply", err)
	}
}

func TestSMTPInvalidMessageIsNotSent(t *testing.T) {
	t.Parallel()
	srv := startServer(t, serverOptions{})
	s := &SMTP{URL: srv.URL(t, "smtp", ""), From: testIdentity(), Timeout: 5 * time.Second}
	m := testMessage()
	m.To = "ada@example.com\r\nBcc: x@evil"
	if err := s.Send(context.Background(), m); err == nil {
		t.Fatal("Send accepted an invalid message")
	}
	bad := &SMTP{URL: srv.URL(t, "smtp", ""), From: Identity{SiteName: "x", Address: "not an address"}, Timeout: 5 * time.Second}
	if err := bad.Send(context.Background(), testMessage()); err == nil {
		t.Fatal("Send accepted an invalid sender")
	}
	if err := (&SMTP{From: testIdentity()}).Send(context.Background(), testMessage()); err == nil {
		t.Fatal("Send without a URL succeeded")
	}
	if n := len(srv.messages()); n != 0 {
		t.Errorf("server got %d messages", n)
	}
}

// listen starts a raw TCP listener on a loopback port and runs serve for each
// connection, closing everything when the test ends.
func listen(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go serve(c)
		}
	}()
	return l.Addr().String()
}

func TestSMTPStalledServer(t *testing.T) {
	t.Parallel()
	// Accepts the connection and never says a word, not even a TLS hello.
	addr := listen(t, func(net.Conn) {})
	for _, scheme := range []string{"smtp", "smtps"} {
		t.Run(scheme, func(t *testing.T) {
			t.Parallel()
			u, err := ParseSMTPURL(scheme + "://mailer:pw-Secret@" + addr)
			if err != nil {
				t.Fatal(err)
			}
			s := &SMTP{URL: u, From: testIdentity(), Timeout: 300 * time.Millisecond}
			start := time.Now()
			err = s.Send(context.Background(), testMessage())
			elapsed := time.Since(start)
			if err == nil {
				t.Fatal("Send to a silent server succeeded")
			}
			if elapsed > 2*time.Second {
				t.Errorf("Send took %s with a 300ms timeout", elapsed)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v is not a deadline", err)
			}
			t.Logf("after %s: %v", elapsed.Round(time.Millisecond), err)
		})
	}
}

func TestSMTPCancelled(t *testing.T) {
	t.Parallel()
	addr := listen(t, func(net.Conn) {})
	u, err := ParseSMTPURL("smtp://" + addr)
	if err != nil {
		t.Fatal(err)
	}
	s := &SMTP{URL: u, From: testIdentity()} // the default 60s timeout
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	err = s.Send(ctx, testMessage())
	if err == nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Send took %s after cancelling", elapsed)
	}
}

// scriptedServer plays a minimal SMTP server that accepts one message and
// then hangs up on QUIT without replying, as some servers do.
func scriptedServer(t *testing.T, accepted chan<- string) string {
	t.Helper()
	return listen(t, func(c net.Conn) {
		defer c.Close()
		r := bufio.NewReader(c)
		reply := func(s string) { fmt.Fprintf(c, "%s\r\n", s) }
		reply("220 scripted ESMTP")
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"):
				reply("250 scripted")
			case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"):
				reply("250 ok")
			case cmd == "DATA":
				reply("354 go ahead")
				var data strings.Builder
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					data.WriteString(l)
				}
				reply("250 queued")
				accepted <- data.String()
			case cmd == "QUIT":
				return // hang up without "221"
			default:
				reply("502 not implemented")
			}
		}
	})
}

func TestSMTPQuitFailureAfterAcceptance(t *testing.T) {
	t.Parallel()
	accepted := make(chan string, 1)
	u, err := ParseSMTPURL("smtp://" + scriptedServer(t, accepted))
	if err != nil {
		t.Fatal(err)
	}
	s := &SMTP{URL: u, From: testIdentity(), Timeout: 5 * time.Second}
	if err := s.Send(context.Background(), testMessage()); err != nil {
		t.Fatalf("Send = %v after the server accepted the message; a retry would send it twice", err)
	}
	select {
	case data := <-accepted:
		if !strings.Contains(data, "Message-ID: "+MessageID(testMessage().Key, testIdentity())) {
			t.Errorf("accepted data lacks the Message-ID:\n%s", data)
		}
	default:
		t.Fatal("the server did not get the message")
	}
}

func TestTLSPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		host    string
		offers  bool
		upgrade bool
		refused bool
	}{
		{"mail.example.com", true, true, false},
		{"mail.example.com", false, false, true},
		{"203.0.113.5", false, false, true},
		{"10.0.0.1", false, false, true},
		{"::ffff:10.0.0.1", false, false, true},
		{"localhost.example.com", false, false, true},
		{"127.0.0.1.nip.io", false, false, true},
		{"", false, false, true},
		{"localhost", false, false, false},
		{"LocalHost", false, false, false},
		{"localhost.", false, false, false},
		{"127.0.0.1", false, false, false},
		{"127.3.2.1", false, false, false},
		{"::1", false, false, false},
		{"127.0.0.1", true, true, false}, // offered: always upgrade, even locally
		{"localhost", true, true, false},
	}
	for _, tt := range tests {
		upgrade, err := tlsPolicy(tt.host, tt.offers)
		if upgrade != tt.upgrade || (err != nil) != tt.refused {
			t.Errorf("tlsPolicy(%q, offers=%v) = %v, %v; want upgrade %v, refused %v", tt.host, tt.offers, upgrade, err, tt.upgrade, tt.refused)
		}
		if err != nil && !strings.Contains(err.Error(), "the SMTP server at "+tt.host+" does not offer STARTTLS") {
			t.Errorf("tlsPolicy(%q) error %q does not name the host", tt.host, err)
		}
	}
}

func TestParseSMTPURL(t *testing.T) {
	t.Parallel()
	const secret = "Pa55-w0rd"
	tests := []struct {
		raw      string
		host     string // want u.Host; "" means an error is expected
		user     string
		password string
		err      string // substring of the error
	}{
		{raw: "smtp://mail.example.com", host: "mail.example.com:587"},
		{raw: "smtp://mail.example.com/", host: "mail.example.com:587"},
		{raw: "smtps://mail.example.com", host: "mail.example.com:465"},
		{raw: "SMTPS://mail.example.com:2465", host: "mail.example.com:2465"},
		{raw: "  smtp://127.0.0.1:2525  ", host: "127.0.0.1:2525"},
		{raw: "smtp://[::1]", host: "[::1]:587"},
		{raw: "smtp://mailer:" + secret + "@mail.example.com", host: "mail.example.com:587", user: "mailer", password: secret},
		{raw: "smtp://me%40example.com:" + secret + "%2F%3F%23%40%3A@mail.example.com:25", host: "mail.example.com:25", user: "me@example.com", password: secret + "/?#@:"},
		{raw: "", err: "empty"},
		{raw: "http://mail.example.com", err: `scheme is "http"`},
		{raw: "mail.example.com:587", err: "scheme"},
		{raw: "mail.example.com", err: "no scheme"},
		{raw: "smtp://", err: "no host"},
		{raw: "smtp://:587", err: "no host"},
		{raw: "smtp://mailer:" + secret + "@", err: "no host"},
		{raw: "smtp:mail.example.com", err: "needs //"},
		{raw: "smtp://mail.example.com/inbox", err: "path"},
		{raw: "smtp://mail.example.com?tls=no", err: "query"},
		{raw: "smtp://mail.example.com/?", err: "query"},
		{raw: "smtp://mail.example.com#x", err: "fragment"},
		{raw: "smtp://mail.example.com:0", err: "port"},
		{raw: "smtp://mail.example.com:70000", err: "port"},
		{raw: "smtp://mail.example.com:smtp", err: "not a valid URL"},
		{raw: "smtp://:" + secret + "@mail.example.com", err: "no user name"},
		{raw: "smtp://mailer@mail.example.com", err: "no password"},
		{raw: "smtp://mailer:@mail.example.com", err: "no password"},
		{raw: "::garbage::", err: "not a valid URL"},
		{raw: "smtp://mail example.com", err: "not a valid URL"},
		// Mistyped passwords must not leak through whichever part of the
		// URL they spill into.
		{raw: "smtp://mailer:" + secret + "%zz@mail.example.com", err: "not a valid URL"},
		{raw: "smtp://mailer:" + secret + " x@mail.example.com", err: "not a valid URL"},
		{raw: "smtp://mailer:ab#" + secret + "@mail.example.com", err: "not a valid URL"},
		{raw: "smtp://mailer:12#" + secret + "@mail.example.com", err: "fragment"},
		{raw: "smtp://mailer:12/" + secret + "@mail.example.com", err: "path"},
		{raw: "smtp://mailer:12?" + secret + "@mail.example.com", err: "query"},
		{raw: "smtp://mailer:" + secret + "/x@mail.example.com", err: "not a valid URL"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			t.Parallel()
			u, err := ParseSMTPURL(tt.raw)
			if tt.host == "" {
				if err == nil {
					t.Fatalf("ParseSMTPURL(%q) = %v, want an error", tt.raw, u.Redacted())
				}
				if !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %q does not mention %q", err, tt.err)
				}
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error contains the password: %q", err)
				}
				if !strings.HasPrefix(err.Error(), "mail: the SMTP URL") {
					t.Errorf("error %q does not say what it is about", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSMTPURL(%q): %v", tt.raw, err)
			}
			if u.Host != tt.host {
				t.Errorf("Host = %q, want %q", u.Host, tt.host)
			}
			var user, password string
			if u.User != nil {
				user = u.User.Username()
				password, _ = u.User.Password()
			}
			if user != tt.user || password != tt.password {
				t.Errorf("user %q password %q, want %q %q", user, password, tt.user, tt.password)
			}
		})
	}
}

func TestSMTPDescribe(t *testing.T) {
	t.Parallel()
	tests := []struct{ raw, want string }{
		{"smtp://mail.example.com", "smtp://mail.example.com:587 (STARTTLS)"},
		{"smtp://mailer:Secret-pw@mail.example.com", "smtp://mailer@mail.example.com:587 (STARTTLS)"},
		{"smtps://mailer:Secret-pw@mail.example.com", "smtps://mailer@mail.example.com:465 (TLS)"},
		{"smtp://127.0.0.1:1025", "smtp://127.0.0.1:1025 (STARTTLS when offered, plain text allowed on loopback)"},
	}
	for _, tt := range tests {
		u, err := ParseSMTPURL(tt.raw)
		if err != nil {
			t.Fatal(err)
		}
		got := (&SMTP{URL: u}).Describe()
		if got != tt.want {
			t.Errorf("Describe() = %q, want %q", got, tt.want)
		}
		if strings.Contains(got, "Secret-pw") {
			t.Errorf("Describe() contains the password: %q", got)
		}
	}
	var _ Sender = (*SMTP)(nil)
	var _ Sender = (*Outbox)(nil)
}

func TestFailureRedacts(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := failure(ctx, "AUTH", "mail.example.com:587", "mailer", "pw-Secret", errors.New("535 bad pw-Secret, AG1haWxlcgBwdy1TZWNyZXQ= refused"))
	if strings.Contains(err.Error(), "pw-Secret") || strings.Contains(err.Error(), "AG1haWxlcgBwdy1TZWNyZXQ=") {
		t.Errorf("error keeps the password: %v", err)
	}
	if !strings.Contains(err.Error(), "SMTP AUTH at mail.example.com:587") {
		t.Errorf("error lost its context: %v", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error lost the context's cause: %v", err)
	}
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), "pw-Secret") {
			t.Errorf("unwrapping gives the password back: %v", e)
		}
	}
}
