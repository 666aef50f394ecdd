// Package mail owns outgoing mail: it checks messages composed by callers
// (verification links, password resets, moderation notices), encodes them as
// RFC 5322 / MIME, and delivers them over SMTP or, when no SMTP server is
// configured, writes them as .eml files into an outbox folder for developers.
// When a message is sent is the job queue's business (see JobSend); what a
// message says is the caller's. It must not import store, web or app, and it
// imports nothing of ours.
package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// JobSend is the job kind that delivers one message.
const JobSend = "mail.send"

// Limits on a message. The subject limit keeps the encoded header well inside
// the 998-character line limit once folded; the body limits keep a runaway
// caller from queueing megabytes of mail.
const (
	maxSubjectRunes = 250
	maxBodyBytes    = 1 << 20
	// maxHeaderLine is RFC 5322's hard limit on a line, without the CRLF.
	maxHeaderLine = 998
	// foldAt is RFC 5322's recommended line length for headers.
	foldAt = 78
)

// Message is one email to one recipient. Key is an idempotency key chosen by the
// caller (e.g. "reset:ab12..."); the same key means the same message.
type Message struct {
	Key     string `json:"key"`
	To      string `json:"to"` // one address, e.g. "reader@example.com" or `"Ada" <ada@example.com>`
	Subject string `json:"subject"`
	Text    string `json:"text"` // plain-text part (required)
	HTML    string `json:"html"` // HTML part (optional; when empty the message is text/plain only)
	// ReplyTo, when set, is one address that answers go to (a reader who
	// wrote through the contact form, say).
	ReplyTo string `json:"reply_to,omitempty"`
	// Unsubscribe, when set, is an https (or local http) address that ends
	// the subscription the message belongs to: List-Unsubscribe with
	// List-Unsubscribe-Post for one-click unsubscribing (RFC 8058).
	Unsubscribe string `json:"unsubscribe,omitempty"`
	// Subscription, when set, is the news alerts subscription the message
	// belongs to: if it has ended by the time the message would go, the
	// message is dropped.
	Subscription int64 `json:"subscription,omitempty"`
}

// Validate reports every problem with a message before it is queued, joined
// with errors.Join. CR, LF and NUL are refused in the fields that end up in
// headers or in the SMTP envelope, because a line break there would let a
// caller's input add headers (Bcc) or SMTP commands.
func (m Message) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("mail: "+format, args...)) }

	if m.Key == "" {
		bad("the message has no key")
	} else if hasControl(m.Key) {
		bad("the key contains a line break or NUL")
	}

	switch {
	case strings.TrimSpace(m.To) == "":
		bad("the message has no recipient")
	case hasControl(m.To):
		bad("the recipient contains a line break or NUL")
	default:
		if _, err := recipient(m.To); err != nil {
			bad("the recipient %q is not one valid address", m.To)
		}
	}

	if m.ReplyTo != "" {
		if _, err := recipient(m.ReplyTo); err != nil || hasControl(m.ReplyTo) {
			bad("the reply-to %q is not one valid address", m.ReplyTo)
		}
	}
	if m.Unsubscribe != "" {
		u, err := url.Parse(m.Unsubscribe)
		if err != nil || hasControl(m.Unsubscribe) || strings.ContainsAny(m.Unsubscribe, "<> ,") || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("the unsubscribe address %q is not an http(s) URL", m.Unsubscribe)
		}
	}

	switch {
	case strings.TrimSpace(m.Subject) == "":
		bad("the message has no subject")
	case hasControl(m.Subject):
		bad("the subject contains a line break or NUL")
	case !utf8.ValidString(m.Subject):
		bad("the subject is not valid UTF-8")
	case utf8.RuneCountInString(m.Subject) > maxSubjectRunes:
		bad("the subject is longer than %d characters", maxSubjectRunes)
	}

	if strings.TrimSpace(m.Text) == "" {
		bad("the message has no text")
	}
	for _, part := range []struct{ name, body string }{{"text", m.Text}, {"HTML", m.HTML}} {
		if len(part.body) > maxBodyBytes {
			bad("the %s is larger than 1 MiB", part.name)
		}
		// The parts are declared charset=utf-8; anything else would show as
		// mojibake in the reader's mail client.
		if !utf8.ValidString(part.body) {
			bad("the %s is not valid UTF-8", part.name)
		}
	}
	return errors.Join(errs...)
}

// recipient parses To into the single bare address used for RCPT TO.
func recipient(to string) (*mail.Address, error) {
	a, err := mail.ParseAddress(to)
	if err != nil {
		return nil, err
	}
	if hasControl(a.Address) || !strings.Contains(a.Address, "@") {
		return nil, errors.New("mail: not an address")
	}
	return a, nil
}

// hasControl reports whether s holds a character that could end a header or
// an SMTP command line.
func hasControl(s string) bool {
	return strings.ContainsAny(s, "\r\n\x00")
}

// Identity is who messages come from.
type Identity struct {
	SiteName string // display name in From, e.g. "Lagos Ledger"
	Address  string // e.g. "news@example.com"
}

// check returns the bare sender address, or why the identity cannot send.
func (id Identity) check() (string, error) {
	if hasControl(id.SiteName) || hasControl(id.Address) {
		return "", errors.New("mail: the sender's name or address contains a line break or NUL")
	}
	a, err := mail.ParseAddress(id.Address)
	if err != nil || !strings.Contains(a.Address, "@") {
		return "", fmt.Errorf("mail: the sender address %q is not a valid address", id.Address)
	}
	return a.Address, nil
}

// Encode returns the RFC 5322 bytes of m as sent by id at date. Every header is
// ASCII (non-ASCII names and subjects are RFC 2047 encoded) and both body parts
// are quoted-printable, so the message survives any relay, including ones
// without 8BITMIME, and no line exceeds 998 characters.
func Encode(m Message, id Identity, date time.Time) ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	from, err := id.check()
	if err != nil {
		return nil, err
	}
	to, err := recipient(m.To)
	if err != nil {
		return nil, fmt.Errorf("mail: the recipient %q is not one valid address", m.To)
	}

	var buf bytes.Buffer
	headers := []struct{ name, value string }{
		{"Date", date.Format(time.RFC1123Z)},
		// net/mail.Address quotes or Q-encodes the display name as needed.
		{"From", (&mail.Address{Name: id.SiteName, Address: from}).String()},
		{"To", to.String()},
		// QEncoding leaves ASCII unchanged and encodes anything else.
		{"Subject", mime.QEncoding.Encode("utf-8", m.Subject)},
		{"Message-ID", MessageID(m.Key, id)},
		{"MIME-Version", "1.0"},
		// RFC 3834: tells auto-responders (vacation replies) not to answer.
		{"Auto-Submitted", "auto-generated"},
	}
	if m.ReplyTo != "" {
		rt, err := recipient(m.ReplyTo)
		if err != nil {
			return nil, fmt.Errorf("mail: the reply-to %q is not one valid address", m.ReplyTo)
		}
		headers = append(headers, struct{ name, value string }{"Reply-To", rt.String()})
	}
	if m.Unsubscribe != "" {
		headers = append(headers, struct{ name, value string }{"List-Unsubscribe", "<" + m.Unsubscribe + ">"},
			struct{ name, value string }{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"})
	}
	for _, h := range headers {
		if err := writeHeader(&buf, h.name, h.value); err != nil {
			return nil, err
		}
	}

	if m.HTML == "" {
		buf.WriteString("Content-Type: text/plain; charset=utf-8\r\n")
		buf.WriteString("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
		if err := writeQP(&buf, m.Text, true); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}

	// multipart.Writer draws a random boundary from crypto/rand, so a body
	// cannot be crafted to close the part early.
	mw := multipart.NewWriter(&buf)
	if err := writeHeader(&buf, "Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()})); err != nil {
		return nil, err
	}
	buf.WriteString("\r\n")
	// Alternatives go from plainest to richest (RFC 2046 5.1.4).
	for _, p := range []struct{ mediaType, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.mediaType + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		if err := writeQP(w, p.body, false); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeQP writes body quoted-printable encoded. The encoder turns every line
// break into CRLF and splits lines longer than 76 characters with soft breaks,
// so a caller's 5,000-character line cannot break the 998-character limit.
// With terminate it also ends the last line, so the message ends in CRLF; in
// a multipart body the writer puts a CRLF before each boundary itself.
func writeQP(w io.Writer, body string, terminate bool) error {
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(body)); err != nil {
		return err
	}
	if err := qp.Close(); err != nil {
		return err
	}
	if terminate && !strings.HasSuffix(body, "\n") && !strings.HasSuffix(body, "\r") {
		_, err := io.WriteString(w, "\r\n")
		return err
	}
	return nil
}

// writeHeader writes "Name: value" folded at spaces near 78 characters.
// Folding only inserts CRLF before an existing space, so unfolding gives the
// value back unchanged. Values never contain CR or LF here (Validate and
// Identity.check refuse them), and a line that cannot be folded under 998
// characters is an error rather than an invalid message.
func writeHeader(buf *bytes.Buffer, name, value string) error {
	if hasControl(value) {
		return fmt.Errorf("mail: the %s header contains a line break or NUL", name)
	}
	line := name + ":"
	var lines []string
	hasWord := false // the current line holds a non-empty word
	for _, word := range strings.Split(value, " ") {
		// Never fold before an empty word: a continuation line of only
		// whitespace is not allowed.
		if word != "" && hasWord && len(line)+1+len(word) > foldAt {
			lines = append(lines, line)
			line = ""
		}
		line += " " + word
		hasWord = hasWord || word != ""
	}
	lines = append(lines, line)
	for _, l := range lines {
		if len(l) > maxHeaderLine {
			return fmt.Errorf("mail: the %s header is too long to encode", name)
		}
		buf.WriteString(l)
		buf.WriteString("\r\n")
	}
	return nil
}

// MessageID returns the Message-ID Encode puts on a message with this key from
// this identity. It depends only on the key and the sender's domain, so a
// message resent after a crash carries the same ID and mail clients and
// servers can recognise the duplicate.
func MessageID(key string, id Identity) string {
	sum := sha256.Sum256([]byte(key))
	return "<" + hex.EncodeToString(sum[:])[:32] + "@" + domainOf(id.Address) + ">"
}

// domainOf returns the domain of an address, or "localhost" when it has none
// (Encode refuses such identities before a message could carry it).
func domainOf(address string) string {
	if a, err := mail.ParseAddress(address); err == nil {
		address = a.Address
	}
	i := strings.LastIndex(address, "@")
	if i < 0 || i == len(address)-1 {
		return "localhost"
	}
	return address[i+1:]
}

// keyHash is the hex SHA-256 of a key, used to name outbox files.
func keyHash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// Links returns the http(s) URLs found in a text (for logging outbox mails),
// in order, without duplicates. A link ends at whitespace (ASCII or Unicode),
// a control character, an angle bracket or a double quote; punctuation that
// ends a sentence and a closing bracket with no opening one in the URL are not
// part of it, so "(see https://example.com/a)." gives https://example.com/a.
func Links(text string) []string {
	var links []string
	seen := map[string]bool{}
	for i := 0; i < len(text); {
		n := schemeLen(text[i:])
		if n == 0 {
			i++
			continue
		}
		j := i + n
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if endsLink(r) {
				break
			}
			j += size
		}
		l := trimLink(text[i:j])
		if len(l) > n && !seen[l] {
			seen[l] = true
			links = append(links, l)
		}
		i = j
	}
	return links
}

// schemeLen returns the length of an "http://" or "https://" prefix of s, in
// any case, or 0.
func schemeLen(s string) int {
	for _, scheme := range []string{"http://", "https://"} {
		if len(s) >= len(scheme) && strings.EqualFold(s[:len(scheme)], scheme) {
			return len(scheme)
		}
	}
	return 0
}

func endsLink(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Z, r) || unicode.IsControl(r) || r == '<' || r == '>' || r == '"' || r == utf8.RuneError
}

func trimLink(l string) string {
	for {
		switch {
		case l == "":
			return l
		case strings.ContainsRune(".,;:!?'*", rune(l[len(l)-1])):
			l = l[:len(l)-1]
		case l[len(l)-1] == ')' && strings.Count(l, ")") > strings.Count(l, "("):
			l = l[:len(l)-1]
		case l[len(l)-1] == ']' && strings.Count(l, "]") > strings.Count(l, "["):
			l = l[:len(l)-1]
		default:
			return l
		}
	}
}

// Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m Message) error
	// Describe says where mail goes, for a start-up log line, with no password in it, e.g. "smtp://mail.example.com:587 (STARTTLS)" or "outbox folder data/outbox".
	Describe() string
}
