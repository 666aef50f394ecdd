package mail

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Shared fixtures. Functions rather than package variables, so no test can
// change what another sees.
func testIdentity() Identity {
	return Identity{SiteName: "Lagos Ledger", Address: "news@example.com"}
}

func testMessage() Message {
	return Message{
		Key:     "reset:ab12",
		To:      `"Ada" <ada@example.com>`,
		Subject: "Reset your password",
		Text:    "Open https://example.com/reset/ab12 to choose a new password.\n",
		HTML:    `<p><a href="https://example.com/reset/ab12">Choose a new password</a></p>`,
	}
}

// unicodeMessage has non-ASCII text in every part a reader sees.
func unicodeMessage() Message {
	return Message{
		Key:     "verify:c0ffee",
		To:      `"Ọlá Adé" <ola@example.com>`,
		Subject: "Café – Ọjà 日本: confirm your address",
		Text:    "Café – Ọjà 日本\nConfirm: https://example.com/verify/c0ffee\n",
		HTML:    "<p>Café – Ọjà 日本</p>\n<p><a href=\"https://example.com/verify/c0ffee\">Confirm</a></p>\n",
	}
}

// parsed is a message read back the way a mail client would.
type parsed struct {
	Header  mail.Header
	Subject string // decoded
	Text    string // decoded, line breaks as \n
	HTML    string // decoded, line breaks as \n; "" for text-only mail
	Parts   int    // 1 for text/plain, 2 for multipart/alternative
}

// parseMessage reads data with net/mail and mime/multipart, decoding the
// quoted-printable parts explicitly, after checking the line rules every
// message must keep.
func parseMessage(t *testing.T, data []byte) parsed {
	t.Helper()
	checkLines(t, data)
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, data)
	}
	p := parsed{Header: msg.Header}
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	decode := func(h interface{ Get(string) string }, r io.Reader) (string, string) {
		t.Helper()
		if got := h.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
			t.Fatalf("Content-Transfer-Encoding = %q, want quoted-printable", got)
		}
		mt, ps, err := mime.ParseMediaType(h.Get("Content-Type"))
		if err != nil || ps["charset"] != "utf-8" {
			t.Fatalf("part Content-Type %q: %v", h.Get("Content-Type"), err)
		}
		b, err := io.ReadAll(quotedprintable.NewReader(r))
		if err != nil {
			t.Fatalf("decode %s: %v", mt, err)
		}
		return mt, strings.ReplaceAll(string(b), "\r\n", "\n")
	}
	switch mediaType {
	case "text/plain":
		_, p.Text = decode(msg.Header, msg.Body)
		p.Parts = 1
	case "multipart/alternative":
		r := multipart.NewReader(msg.Body, params["boundary"])
		for {
			part, err := r.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("NextRawPart: %v", err)
			}
			p.Parts++
			switch mt, body := decode(part.Header, part); mt {
			case "text/plain":
				if p.Parts != 1 {
					t.Errorf("text/plain is part %d, want the first alternative", p.Parts)
				}
				p.Text = body
			case "text/html":
				p.HTML = body
			default:
				t.Fatalf("unexpected part %s", mt)
			}
		}
	default:
		t.Fatalf("Content-Type %s", mediaType)
	}
	return p
}

// checkLines checks that every line ends in CRLF, is at most 998 characters,
// and that the header section is all ASCII.
func checkLines(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("message does not end in CRLF")
	}
	inHeader := true
	for i, line := range strings.SplitAfter(string(data), "\n") {
		if line == "" {
			continue
		}
		if !strings.HasSuffix(line, "\r\n") || strings.Contains(strings.TrimSuffix(line, "\r\n"), "\r") {
			t.Fatalf("line %d does not end in CRLF or holds a bare CR: %q", i+1, line)
		}
		if n := len(line) - 2; n > 998 {
			t.Fatalf("line %d is %d characters long", i+1, n)
		}
		if line == "\r\n" {
			inHeader = false
		}
		if inHeader {
			for _, c := range []byte(line) {
				if c >= 0x80 {
					t.Fatalf("header line %d is not ASCII: %q", i+1, line)
				}
			}
		}
	}
}

// headerNames lists the header field names of a message in order.
func headerNames(t *testing.T, data []byte) []string {
	t.Helper()
	head, _, ok := bytes.Cut(data, []byte("\r\n\r\n"))
	if !ok {
		t.Fatalf("no end of header in %q", data)
	}
	var names []string
	for _, line := range strings.Split(string(head), "\r\n") {
		if strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
			continue // folded continuation
		}
		name, _, _ := strings.Cut(line, ":")
		names = append(names, name)
	}
	return names
}

func TestValidate(t *testing.T) {
	t.Parallel()
	ok := testMessage()
	with := func(change func(*Message)) Message {
		m := ok
		change(&m)
		return m
	}
	big := strings.Repeat("a", 1<<20+1)
	tests := []struct {
		name string
		m    Message
		want string // "" means valid; otherwise a substring of the error
	}{
		{"valid", ok, ""},
		{"valid text only", with(func(m *Message) { m.HTML = "" }), ""},
		{"valid bare address", with(func(m *Message) { m.To = "reader@example.com" }), ""},
		{"valid non-ASCII", unicodeMessage(), ""},
		{"valid 250-rune subject", with(func(m *Message) { m.Subject = strings.Repeat("日", 250) }), ""},
		{"valid 1 MiB text", with(func(m *Message) { m.Text = big[1:] }), ""},
		{"no key", with(func(m *Message) { m.Key = "" }), "no key"},
		{"key with LF", with(func(m *Message) { m.Key = "a\nb" }), "key contains"},
		{"key with NUL", with(func(m *Message) { m.Key = "a\x00b" }), "key contains"},
		{"no recipient", with(func(m *Message) { m.To = " " }), "no recipient"},
		{"two recipients", with(func(m *Message) { m.To = "a@example.com, b@example.com" }), "not one valid address"},
		{"not an address", with(func(m *Message) { m.To = "ada at example.com" }), "not one valid address"},
		{"no domain", with(func(m *Message) { m.To = "ada" }), "not one valid address"},
		{"group of two", with(func(m *Message) { m.To = "friends: a@example.com, b@example.com;" }), "not one valid address"},
		{"To injection", with(func(m *Message) { m.To = "ada@example.com\r\nBcc: x@evil" }), "recipient contains"},
		{"To injection first", with(func(m *Message) { m.To = "\r\nBcc: x@evil" }), "recipient contains"},
		{"To bare LF", with(func(m *Message) { m.To = "ada@example.com\nBcc: x@evil" }), "recipient contains"},
		{"no subject", with(func(m *Message) { m.Subject = "" }), "no subject"},
		{"Subject injection", with(func(m *Message) { m.Subject = "Hi\r\nBcc: x@evil" }), "subject contains"},
		{"Subject injection first", with(func(m *Message) { m.Subject = "\r\nBcc: x@evil" }), "subject contains"},
		{"Subject bare CR", with(func(m *Message) { m.Subject = "Hi\rBcc: x@evil" }), "subject contains"},
		{"Subject NUL", with(func(m *Message) { m.Subject = "Hi\x00" }), "subject contains"},
		{"Subject 251 runes", with(func(m *Message) { m.Subject = strings.Repeat("é", 251) }), "longer than 250"},
		{"Subject bad UTF-8", with(func(m *Message) { m.Subject = "Hi \xff" }), "subject is not valid UTF-8"},
		{"no text", with(func(m *Message) { m.Text = "" }), "no text"},
		{"blank text", with(func(m *Message) { m.Text = " \n" }), "no text"},
		{"text over 1 MiB", with(func(m *Message) { m.Text = big }), "text is larger than 1 MiB"},
		{"HTML over 1 MiB", with(func(m *Message) { m.HTML = big }), "HTML is larger than 1 MiB"},
		{"text bad UTF-8", with(func(m *Message) { m.Text = "\xc3\x28" }), "text is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.m.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.want != "" && err == nil:
				t.Fatalf("Validate() = nil, want error containing %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("Validate() = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	err := Message{}.Validate()
	if err == nil {
		t.Fatal("empty message is valid")
	}
	for _, want := range []string{"no key", "no recipient", "no subject", "no text"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestMessageJSON(t *testing.T) {
	t.Parallel()
	// The job queue stores the message as its JSON payload.
	in := unicodeMessage()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"key":`, `"to":`, `"subject":`, `"text":`, `"html":`} {
		if !bytes.Contains(b, []byte(field)) {
			t.Errorf("JSON %s lacks %s", b, field)
		}
	}
	var out Message
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip: got %+v, want %+v", out, in)
	}
}

func TestEncode(t *testing.T) {
	t.Parallel()
	date := time.Date(2026, 3, 14, 9, 26, 53, 0, time.FixedZone("WAT", 3600))
	textOnly := unicodeMessage()
	textOnly.HTML = ""
	tests := []struct {
		name  string
		m     Message
		id    Identity
		parts int
		from  string // decoded display name
	}{
		{"multipart", unicodeMessage(), testIdentity(), 2, "Lagos Ledger"},
		{"text only", textOnly, testIdentity(), 1, "Lagos Ledger"},
		{"ASCII", testMessage(), testIdentity(), 2, "Lagos Ledger"},
		{"non-ASCII site name", testMessage(), Identity{SiteName: "Ìròyìn Ọjà", Address: "news@example.ng"}, 2, "Ìròyìn Ọjà"},
		{"site name needing quotes", testMessage(), Identity{SiteName: `The "Ledger", Lagos`, Address: "news@example.com"}, 2, `The "Ledger", Lagos`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := Encode(tt.m, tt.id, date)
			if err != nil {
				t.Fatal(err)
			}
			p := parseMessage(t, data)
			if p.Parts != tt.parts {
				t.Errorf("parts = %d, want %d", p.Parts, tt.parts)
			}
			if p.Subject != tt.m.Subject {
				t.Errorf("Subject = %q, want %q", p.Subject, tt.m.Subject)
			}
			if p.Text != tt.m.Text {
				t.Errorf("text = %q, want %q", p.Text, tt.m.Text)
			}
			if p.HTML != tt.m.HTML {
				t.Errorf("HTML = %q, want %q", p.HTML, tt.m.HTML)
			}
			from, err := p.Header.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Name != tt.from || from[0].Address != tt.id.Address {
				t.Errorf("From = %q (%v, %v), want %q <%s>", p.Header.Get("From"), from, err, tt.from, tt.id.Address)
			}
			want, _ := mail.ParseAddress(tt.m.To)
			to, err := p.Header.AddressList("To")
			if err != nil || len(to) != 1 || *to[0] != *want {
				t.Errorf("To = %q (%v), want %v", p.Header.Get("To"), err, want)
			}
			if got, err := p.Header.Date(); err != nil || !got.Equal(date) {
				t.Errorf("Date = %v (%v), want %v", got, err, date)
			}
			if got := p.Header.Get("Message-ID"); got != MessageID(tt.m.Key, tt.id) {
				t.Errorf("Message-ID = %q, want %q", got, MessageID(tt.m.Key, tt.id))
			}
			for name, want := range map[string]string{"MIME-Version": "1.0", "Auto-Submitted": "auto-generated"} {
				if got := p.Header.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			wantNames := []string{"Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type"}
			if tt.parts == 1 {
				wantNames = append(wantNames, "Content-Transfer-Encoding")
			}
			if got := headerNames(t, data); !slices.Equal(got, wantNames) {
				t.Errorf("headers = %v, want %v", got, wantNames)
			}
		})
	}
}

func TestEncodeRandomBoundary(t *testing.T) {
	t.Parallel()
	boundary := func() string {
		data, err := Encode(testMessage(), testIdentity(), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
		if err != nil || params["boundary"] == "" {
			t.Fatalf("no boundary: %v", err)
		}
		return params["boundary"]
	}
	if a, b := boundary(), boundary(); a == b {
		t.Errorf("two messages share the boundary %q", a)
	}
}

func TestEncodeHeaderInjection(t *testing.T) {
	t.Parallel()
	date := time.Now()
	// Line breaks are refused outright.
	refused := []struct {
		name string
		m    func(*Message)
		id   Identity
	}{
		{"To", func(m *Message) { m.To = "\r\nBcc: x@evil" }, testIdentity()},
		{"To after address", func(m *Message) { m.To = "ada@example.com\r\nBcc: x@evil" }, testIdentity()},
		{"Subject", func(m *Message) { m.Subject = "\r\nBcc: x@evil" }, testIdentity()},
		{"Subject after text", func(m *Message) { m.Subject = "Hello\r\nBcc: x@evil" }, testIdentity()},
		{"Key", func(m *Message) { m.Key = "k\r\nBcc: x@evil" }, testIdentity()},
		{"site name", func(*Message) {}, Identity{SiteName: "Ledger\r\nBcc: x@evil", Address: "news@example.com"}},
		{"sender address", func(*Message) {}, Identity{SiteName: "Ledger", Address: "news@example.com\r\nBcc: x@evil"}},
		{"sender not an address", func(*Message) {}, Identity{SiteName: "Ledger", Address: "news"}},
	}
	for _, tt := range refused {
		t.Run("refused "+tt.name, func(t *testing.T) {
			t.Parallel()
			m := testMessage()
			tt.m(&m)
			if data, err := Encode(m, tt.id, date); err == nil {
				t.Fatalf("Encode accepted it:\n%s", data)
			}
		})
	}
	// Lookalikes without CR or LF are encoded as data, never as a header.
	kept := []struct{ name, to, subject, siteName string }{
		{"colon in subject", "ada@example.com", "Hi Bcc: x@evil", "Ledger"},
		{"Unicode line separator", "ada@example.com", "Hi\u2028Bcc: x@evil", "Ledger"},
		{"NEL", "ada@example.com", "Hi\u0085Bcc: x@evil", "Ledger"},
		{"tab", "ada@example.com", "Hi\tBcc: x@evil", "Ledger\tBcc: x@evil"},
		{"quoted name", `"Bcc: x@evil" <ada@example.com>`, "Hi", "Ledger"},
		{"encoded-word in name", `"=?utf-8?q?x=0D=0ABcc:_x@evil?=" <ada@example.com>`, "=?utf-8?q?=0D=0ABcc:_x@evil?=", "Ledger"},
	}
	for _, tt := range kept {
		t.Run("kept "+tt.name, func(t *testing.T) {
			t.Parallel()
			m := testMessage()
			m.To, m.Subject = tt.to, tt.subject
			id := Identity{SiteName: tt.siteName, Address: "news@example.com"}
			data, err := Encode(m, id, date)
			if err != nil {
				t.Fatal(err)
			}
			names := headerNames(t, data)
			want := []string{"Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type"}
			if !slices.Equal(names, want) {
				t.Fatalf("headers = %v, want %v\n%s", names, want, data)
			}
			p := parseMessage(t, data)
			if len(p.Header["Bcc"]) != 0 {
				t.Errorf("a Bcc header appeared")
			}
			to, err := p.Header.AddressList("To")
			if err != nil || len(to) != 1 || to[0].Address != "ada@example.com" {
				t.Errorf("To = %q (%v)", p.Header.Get("To"), err)
			}
		})
	}
}

func TestEncodeLongLines(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Ọjà日本-", 400) + "https://example.com/" + strings.Repeat("x", 3000)
	tests := []struct {
		name string
		m    Message
	}{
		{"long text and HTML", Message{Key: "k", To: "a@example.com", Subject: "Long", Text: long, HTML: "<p>" + long + "</p>"}},
		{"long text only", Message{Key: "k", To: "a@example.com", Subject: "Long", Text: strings.Repeat("a", 5000)}},
		{"trailing spaces", Message{Key: "k", To: "a@example.com", Subject: "Spaces", Text: "line with spaces   \nnext\t\n"}},
		{"dots and From", Message{Key: "k", To: "a@example.com", Subject: "Dots", Text: ".\n..\nFrom here\n=3D\n"}},
		{"long ASCII subject", Message{Key: "k", To: "a@example.com", Subject: strings.TrimSpace(strings.Repeat("word ", 50)), Text: "t"}},
		{"long non-ASCII subject", Message{Key: "k", To: "a@example.com", Subject: strings.Repeat("日本", 125), Text: "t"}},
		{"long subject without spaces", Message{Key: "k", To: "a@example.com", Subject: strings.Repeat("x", 250), Text: "t"}},
		{"long display name", Message{Key: "k", To: `"` + strings.Repeat("Ọlá ", 40) + `" <a@example.com>`, Subject: "Name", Text: "t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := Encode(tt.m, testIdentity(), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			p := parseMessage(t, data) // checks every line is at most 998
			if p.Subject != tt.m.Subject {
				t.Errorf("Subject = %q, want %q", p.Subject, tt.m.Subject)
			}
			text := p.Text
			if p.Parts == 1 {
				// A text-only message gets a final line break so that it
				// ends in CRLF.
				text = strings.TrimSuffix(text, "\n")
				if strings.HasSuffix(tt.m.Text, "\n") {
					text += "\n"
				}
			}
			if text != tt.m.Text {
				t.Errorf("text does not survive: got %d bytes, want %d", len(text), len(tt.m.Text))
			}
			if p.HTML != tt.m.HTML {
				t.Errorf("HTML does not survive")
			}
			want, _ := mail.ParseAddress(tt.m.To)
			if to, err := p.Header.AddressList("To"); err != nil || *to[0] != *want {
				t.Errorf("To = %v (%v), want %v", to, err, want)
			}
		})
	}
}

func TestWriteHeaderFolds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
		want        string
	}{
		{"short", "hello world", "Subject: hello world\r\n"},
		{"empty", "", "Subject: \r\n"},
		{"folds at a space", strings.Repeat("abcdefghi ", 9) + "end",
			"Subject: abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi\r\n abcdefghi abcdefghi end\r\n"},
		{"no whitespace-only line", "a" + strings.Repeat(" ", 90) + "b",
			"Subject: a" + strings.Repeat(" ", 89) + "\r\n b\r\n"},
		{"long word stays whole", strings.Repeat("x", 100), "Subject: " + strings.Repeat("x", 100) + "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := writeHeader(&buf, "Subject", tt.value); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("got  %q\nwant %q", buf.String(), tt.want)
			}
		})
	}
	var buf bytes.Buffer
	if err := writeHeader(&buf, "Subject", strings.Repeat("x", 999)); err == nil {
		t.Error("a 1,008-character line was accepted")
	}
	if err := writeHeader(&buf, "Subject", "a\r\nBcc: x"); err == nil {
		t.Error("a line break was accepted")
	}
}

func TestMessageID(t *testing.T) {
	t.Parallel()
	id := testIdentity()
	shape := regexp.MustCompile(`^<[0-9a-f]{32}@example\.com>$`)
	a := MessageID("reset:ab12", id)
	if !shape.MatchString(a) {
		t.Errorf("MessageID = %q, want <32 hex@example.com>", a)
	}
	// sha256("reset:ab12"), first 32 hex characters.
	if want := "<" + keyHash("reset:ab12")[:32] + "@example.com>"; a != want {
		t.Errorf("MessageID = %q, want %q", a, want)
	}
	if b := MessageID("reset:ab12", id); a != b {
		t.Errorf("MessageID is not stable: %q then %q", a, b)
	}
	if b := MessageID("reset:ab13", id); a == b {
		t.Errorf("two keys share the MessageID %q", a)
	}
	if got := MessageID("k", Identity{Address: `"News" <news@ledger.example>`}); !strings.HasSuffix(got, "@ledger.example>") {
		t.Errorf("MessageID with a named address = %q", got)
	}
	// Encoding twice (a resend after a crash) gives the same ID.
	m := testMessage()
	first, err := Encode(m, id, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	second, err := Encode(m, id, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if x, y := parseMessage(t, first).Header.Get("Message-ID"), parseMessage(t, second).Header.Get("Message-ID"); x != y || x != a {
		t.Errorf("Message-IDs %q and %q, want %q", x, y, a)
	}
}

func TestLinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string
	}{
		{"none", "no links here, just http and https words", nil},
		{"empty", "", nil},
		{"one", "Open https://example.com/reset/ab12 now", []string{"https://example.com/reset/ab12"}},
		{"http and https in order", "a http://a.example/x b https://b.example/y?z=1&w=2#f", []string{"http://a.example/x", "https://b.example/y?z=1&w=2#f"}},
		{"deduplicated", "https://a.example/ and again https://a.example/ and https://b.example/", []string{"https://a.example/", "https://b.example/"}},
		{"line breaks and tabs", "x\nhttps://a.example/1\r\nhttps://a.example/2\thttps://a.example/3", []string{"https://a.example/1", "https://a.example/2", "https://a.example/3"}},
		{"angle brackets", "<https://a.example/x>", []string{"https://a.example/x"}},
		{"closing parenthesis at end", "(see https://a.example/x)", []string{"https://a.example/x"}},
		{"parenthesis then full stop", "(see https://a.example/x).", []string{"https://a.example/x"}},
		{"balanced parentheses kept", "https://en.wikipedia.org/wiki/Lagos_(disambiguation)", []string{"https://en.wikipedia.org/wiki/Lagos_(disambiguation)"}},
		{"sentence punctuation", "Go to https://a.example/x. Or https://a.example/y, or https://a.example/z!", []string{"https://a.example/x", "https://a.example/y", "https://a.example/z"}},
		{"double quotes", `href="https://a.example/q"`, []string{"https://a.example/q"}},
		{"upper-case scheme", "HTTPS://A.example/", []string{"HTTPS://A.example/"}},
		{"non-ASCII path", "https://a.example/Ọjà ok", []string{"https://a.example/Ọjà"}},
		{"non-breaking space ends", "https://a.example/x\u00a0next", []string{"https://a.example/x"}},
		{"scheme only", "https:// http://", nil},
		{"other schemes", "ftp://a.example/ mailto:a@example.com javascript:alert(1)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Links(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Links(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// Reply-To and the one-click unsubscribe headers (RFC 8058) are written when
// asked for, and refused when they could smuggle a header or a scheme.
func TestReplyToAndUnsubscribe(t *testing.T) {
	t.Parallel()
	m := testMessage()
	m.ReplyTo = `"Ada Reader" <ada@example.org>`
	m.Unsubscribe = "https://news.example.com/alerts/unsubscribe?token=abc"
	data, err := Encode(m, testIdentity(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("Reply-To"); got != `"Ada Reader" <ada@example.org>` {
		t.Errorf("Reply-To = %q", got)
	}
	if got := msg.Header.Get("List-Unsubscribe"); got != "<https://news.example.com/alerts/unsubscribe?token=abc>" {
		t.Errorf("List-Unsubscribe = %q", got)
	}
	if got := msg.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	plain, err := Encode(testMessage(), testIdentity(), time.Now())
	if err != nil || bytes.Contains(plain, []byte("Reply-To")) || bytes.Contains(plain, []byte("List-Unsubscribe")) {
		t.Errorf("headers on a message that did not ask for them: %v", err)
	}
	for _, bad := range []Message{
		{ReplyTo: "ada@example.org\r\nBcc: x@example.com"}, {ReplyTo: "not an address"}, {ReplyTo: "a@example.org, b@example.org"},
		{Unsubscribe: "javascript:alert(1)"}, {Unsubscribe: "https://x.example/a>, <mailto:x@example.com"}, {Unsubscribe: "https://x.example/\r\nBcc: y"},
	} {
		m := testMessage()
		m.ReplyTo, m.Unsubscribe = bad.ReplyTo, bad.Unsubscribe
		if err := m.Validate(); err == nil {
			t.Errorf("accepted %+q %+q", bad.ReplyTo, bad.Unsubscribe)
		}
	}
}
