package mail

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Defaults for SMTP delivery.
const (
	defaultTimeout   = 60 * time.Second
	defaultHello     = "localhost"
	portSubmission   = "587" // smtp://, upgraded with STARTTLS (RFC 6409)
	portSubmissions  = "465" // smtps://, TLS from the first byte (RFC 8314)
	redactedPassword = "xxxxx"
)

// SMTP delivers through an SMTP server.
type SMTP struct {
	URL       *url.URL      // parsed smtp:// or smtps:// URL, see ParseSMTPURL
	From      Identity      // sender of every message
	TLSConfig *tls.Config   // optional: tests set RootCAs here; nil means system roots with ServerName = host
	Timeout   time.Duration // whole-conversation deadline; 0 means 60s
	Hello     string        // name sent in EHLO; "" means "localhost"
}

// urlHelp is how a good SMTP URL looks, for error messages.
const urlHelp = "write it as smtp://user:password@mail.example.com:587 (STARTTLS) or smtps://user:password@mail.example.com:465 (TLS), %-escaping special characters in the user name and password"

// ParseSMTPURL checks an --smtp-url value: scheme smtp (port default 587,
// STARTTLS) or smtps (port default 465, implicit TLS); optional user:password
// (URL-escaped); host required; no path other than "" or "/"; query empty.
// The returned URL always has a port. Errors never quote the URL or any part
// of it after the scheme: a mistyped password (an unescaped "#" or "/") can
// end up in the host, port, path or fragment, and errors are logged.
func ParseSMTPURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("mail: the SMTP URL is empty; " + urlHelp)
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse's error quotes the whole URL, password included.
		return nil, errors.New("mail: the SMTP URL is not a valid URL; " + urlHelp)
	}
	var port string
	switch u.Scheme {
	case "smtp":
		port = portSubmission
	case "smtps":
		port = portSubmissions
	case "":
		return nil, errors.New("mail: the SMTP URL has no scheme; " + urlHelp)
	default:
		// The scheme is what precedes the first colon, so it cannot hold
		// the password.
		return nil, fmt.Errorf("mail: the SMTP URL's scheme is %q, but only smtp (STARTTLS) and smtps (TLS) are supported", u.Scheme)
	}
	if u.Opaque != "" {
		return nil, errors.New("mail: the SMTP URL needs // after the scheme; " + urlHelp)
	}
	if u.Fragment != "" || u.RawFragment != "" {
		return nil, errors.New("mail: the SMTP URL has a fragment (#...); if the password contains # write it as %23")
	}
	if u.RawQuery != "" || u.ForceQuery {
		return nil, errors.New("mail: the SMTP URL must not have a query (?...); if the password contains ? write it as %3F")
	}
	if u.Path != "" && u.Path != "/" {
		return nil, errors.New("mail: the SMTP URL must not have a path; if the password contains / write it as %2F")
	}
	host := u.Hostname()
	if host == "" {
		return nil, errors.New("mail: the SMTP URL has no host name; " + urlHelp)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, errors.New("mail: the SMTP URL's port must be a number from 1 to 65535")
		}
		port = p
	}
	if u.User != nil {
		pass, hasPass := u.User.Password()
		switch {
		case u.User.Username() == "":
			return nil, errors.New("mail: the SMTP URL has a password but no user name")
		case !hasPass || pass == "":
			return nil, errors.New("mail: the SMTP URL has a user name but no password; " + urlHelp)
		}
	}
	u.Host = net.JoinHostPort(host, port)
	u.Path, u.RawPath = "", ""
	return u, nil
}

// Describe says where mail goes, without the password.
func (s *SMTP) Describe() string {
	if s.URL == nil {
		return "smtp (no URL configured)"
	}
	host, port := s.hostPort()
	var who string
	if s.URL.User != nil {
		who = s.URL.User.Username() + "@"
	}
	where := s.URL.Scheme + "://" + who + net.JoinHostPort(host, port)
	switch {
	case s.URL.Scheme == "smtps":
		return where + " (TLS)"
	case plainTextAllowed(host):
		return where + " (STARTTLS when offered, plain text allowed on loopback)"
	default:
		return where + " (STARTTLS)"
	}
}

// hostPort returns the server's host and port, applying the scheme's default
// port for URLs that did not come through ParseSMTPURL.
func (s *SMTP) hostPort() (string, string) {
	host, port := s.URL.Hostname(), s.URL.Port()
	if port == "" {
		port = portSubmission
		if s.URL.Scheme == "smtps" {
			port = portSubmissions
		}
	}
	return host, port
}

// plainTextAllowed reports whether mail may go to host without TLS: only to
// a relay on this machine, where nobody on the network can read or alter it.
// A name that merely resolves to a loopback address does not count, because
// DNS can be made to lie; "localhost" does, as resolvers answer it locally.
func plainTextAllowed(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// tlsPolicy decides what to do after EHLO on an smtp:// connection. A server
// that offers STARTTLS is always upgraded; one that does not is refused, since
// anyone on the path could have stripped the offer (a downgrade attack), unless
// the host is a local relay.
func tlsPolicy(host string, offersSTARTTLS bool) (upgrade bool, err error) {
	switch {
	case offersSTARTTLS:
		return true, nil
	case plainTextAllowed(host):
		return false, nil
	default:
		return false, fmt.Errorf("mail: the SMTP server at %s does not offer STARTTLS; refusing to send mail in plain text (use smtps:// if it speaks TLS on connect)", host)
	}
}

// tlsConfig returns the configuration for the TLS handshake with host.
func (s *SMTP) tlsConfig(host string) *tls.Config {
	if s.TLSConfig == nil {
		return &tls.Config{ServerName: host}
	}
	c := s.TLSConfig.Clone()
	if c.ServerName == "" {
		c.ServerName = host
	}
	return c
}

// Send delivers m. It returns nil once the server has accepted the message
// (the reply to the end of DATA), and an error saying which step failed
// otherwise; a failure after acceptance is not reported, because the job
// queue would retry and the reader would get the message twice.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if s.URL == nil {
		return errors.New("mail: the SMTP sender has no URL")
	}
	if err := m.Validate(); err != nil {
		return err
	}
	to, err := recipient(m.To)
	if err != nil {
		return fmt.Errorf("mail: the recipient %q is not one valid address", m.To)
	}
	from, err := s.From.check()
	if err != nil {
		return err
	}
	data, err := Encode(m, s.From, time.Now())
	if err != nil {
		return err
	}
	if s.URL.Scheme != "smtp" && s.URL.Scheme != "smtps" {
		return fmt.Errorf("mail: the SMTP URL's scheme is %q, but only smtp and smtps are supported", s.URL.Scheme)
	}

	host, port := s.hostPort()
	addr := net.JoinHostPort(host, port)
	var user, pass string
	if s.URL.User != nil {
		user = s.URL.User.Username()
		pass, _ = s.URL.User.Password()
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	hello := s.Hello
	if hello == "" {
		hello = defaultHello
	}

	// One deadline covers the whole conversation, so a server that stalls
	// at any step (or never speaks) cannot hold a worker forever.
	timedOut := fmt.Errorf("timed out after %s: %w", timeout, context.DeadlineExceeded)
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, timedOut)
	defer cancel()
	fail := func(step string, err error) error {
		// The connection's deadline is the context's, and can fire a
		// moment before the context's own timer does.
		if context.Cause(ctx) == nil && errors.Is(err, os.ErrDeadlineExceeded) {
			err = fmt.Errorf("%w (%w)", err, timedOut)
		}
		return failure(ctx, step, addr, user, pass, err)
	}

	tlsConf := s.tlsConfig(host)
	var conn net.Conn
	if s.URL.Scheme == "smtps" {
		conn, err = (&tls.Dialer{Config: tlsConf}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fail("connect", err)
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		return fail("connect", err)
	}
	// The deadline covers our timeout; this covers the caller cancelling
	// (a worker shutting down) while a read or write is blocked.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fail("greeting", err)
	}
	defer c.Close()
	if err := c.Hello(hello); err != nil {
		return fail("EHLO", err)
	}

	if s.URL.Scheme == "smtp" {
		offers, _ := c.Extension("STARTTLS")
		upgrade, err := tlsPolicy(host, offers)
		if err != nil {
			return err
		}
		if upgrade {
			if err := c.StartTLS(tlsConf); err != nil {
				return fail("STARTTLS", err)
			}
		}
	}

	if user != "" {
		ok, mechs := c.Extension("AUTH")
		if !ok {
			return fmt.Errorf("mail: the SMTP URL has a user name, but the SMTP server at %s does not offer authentication (AUTH)", addr)
		}
		if !hasWordFold(mechs, "PLAIN") {
			return fmt.Errorf("mail: the SMTP server at %s does not offer AUTH PLAIN (it offers %s)", addr, mechs)
		}
		// PlainAuth itself refuses to send the password over a connection
		// that is neither TLS nor to localhost; keep relying on that.
		if err := c.Auth(smtp.PlainAuth("", user, pass, host)); err != nil {
			return fail("AUTH", err)
		}
	}

	if err := c.Mail(from); err != nil {
		return fail("MAIL FROM", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return fail("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return fail("DATA", err)
	}
	if _, err := w.Write(data); err != nil {
		return fail("DATA", err)
	}
	if err := w.Close(); err != nil {
		return fail("end of DATA", err)
	}
	// The server has accepted the message. A failed QUIT (a dropped
	// connection, a server that hangs up first) changes nothing for the
	// reader, and reporting it would make the queue send the message again.
	_ = c.Quit()
	return nil
}

// hasWordFold reports whether the space-separated list holds word, in any case.
func hasWordFold(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}

// failure wraps err with the step and server, adds why the context ended if it
// did, and removes the password (plain or as an AUTH PLAIN blob) should a
// server have echoed it back, because these errors end up in logs and in the
// job table.
func failure(ctx context.Context, step, addr, user, pass string, err error) error {
	cause := context.Cause(ctx)
	switch {
	case cause == nil || errors.Is(err, cause):
	case errors.Is(err, ctx.Err()):
		err = cause // says which deadline, or that the caller cancelled
	default:
		err = fmt.Errorf("%w (%w)", err, cause) // an i/o timeout, and why
	}
	err = fmt.Errorf("mail: SMTP %s at %s: %w", step, addr, err)
	if pass == "" {
		return err
	}
	msg := err.Error()
	secrets := []string{pass, base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + pass))}
	redacted := false
	for _, secret := range secrets {
		if strings.Contains(msg, secret) {
			msg = strings.ReplaceAll(msg, secret, redactedPassword)
			redacted = true
		}
	}
	if !redacted {
		return err
	}
	// Keep only the context's cause in the chain: unwrapping to the
	// original error would hand the password back to whoever prints it.
	return &redactedError{msg: msg, cause: cause}
}

// redactedError is an error whose text had the password removed.
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }
