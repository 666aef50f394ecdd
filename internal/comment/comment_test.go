package comment

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/setting"
)

func TestCleanBody(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text kept", "Good piece.\nThanks!", "Good piece.\nThanks!"},
		{"CRLF and CR become LF", "one\r\ntwo\rthree", "one\ntwo\nthree"},
		{"NUL and control characters removed", "a\x00b\x07c\x1bd\x7fe\u0085f", "abcdef"},
		{"tab becomes a space", "a\tb", "a b"},
		{"invalid UTF-8 removed", "a\xffb", "ab"},
		{"right-to-left override removed", "invoice\u202efdp.exe", "invoicefdp.exe"},
		{"every embedding and override removed", "\u202aa\u202bb\u202cc\u202dd\u202ee", "abcde"},
		{"isolates removed", "\u2066a\u2067b\u2068c\u2069", "abc"},
		{"byte order mark removed", "\ufeffhello", "hello"},
		{"left-to-right mark kept", "שלום\u200e ok", "שלום\u200e ok"},
		{"runs of blank lines collapse to one", "a\n\n\n\n\nb", "a\n\nb"},
		{"lines of spaces count as blank", "a\n   \n\t\n\nb", "a\n\nb"},
		{"single blank line kept", "a\n\nb", "a\n\nb"},
		{"trailing spaces on lines dropped", "a   \nb\t", "a\nb"},
		{"indentation inside kept", "a\n  b", "a\n  b"},
		{"trimmed at both ends", " \n\n  hello  \n\n\n", "hello"},
		{"only invisible characters", "\u202e\x00\ufeff\r\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanBody(tt.in); got != tt.want {
				t.Errorf("CleanBody(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// fieldMsg returns the message of one field of a validation error, or "".
func fieldMsg(err error, field string) string {
	v, ok := apperr.AsValidation(err)
	if !ok {
		return ""
	}
	return v.Fields[field]
}

func TestInputValidate(t *testing.T) {
	lines := func(n int) string {
		ls := make([]string, n)
		for i := range ls {
			ls[i] = fmt.Sprintf("line %d", i)
		}
		return strings.Join(ls, "\n")
	}
	tests := []struct {
		name  string
		in    Input
		guest bool
		field string // "" when valid
		msg   string // part of the field's message
	}{
		{"reader with a body", Input{Body: "Well said."}, false, "", ""},
		{"reader needs no name or email", Input{Body: "x", Name: "", Email: "nonsense"}, false, "", ""},
		{"empty body", Input{Body: ""}, false, "body", "Write your comment."},
		{"body only invisible", Input{Body: " \u202e\r\n\x00 "}, false, "body", "Write your comment."},
		{"5000 characters of two bytes each fit", Input{Body: strings.Repeat("é", MaxBody)}, false, "", ""},
		{"5001 characters are too long", Input{Body: strings.Repeat("é", MaxBody+1)}, false, "body", "Keep your comment to 5000 characters; it has 5001."},
		{"150 lines fit", Input{Body: lines(MaxLines)}, false, "", ""},
		{"151 lines are too many", Input{Body: lines(MaxLines + 1)}, false, "body", "Use at most 150 lines."},
		{"blank lines collapse before counting", Input{Body: "a" + strings.Repeat("\n", 400) + "b"}, false, "", ""},
		{"guest with name and email", Input{Body: "x", Name: "Ann", Email: "ann@example.com"}, true, "", ""},
		{"guest without a name", Input{Body: "x", Email: "ann@example.com"}, true, "name", "Enter your name."},
		{"guest name only invisible", Input{Body: "x", Name: "\u200b\u202e ", Email: "ann@example.com"}, true, "name", "Enter your name."},
		{"guest name too long", Input{Body: "x", Name: strings.Repeat("n", MaxName+1), Email: "ann@example.com"}, true, "name", "Use at most 60 characters."},
		{"guest without an email", Input{Body: "x", Name: "Ann"}, true, "email", "Enter your email address"},
		{"guest with a bad email", Input{Body: "x", Name: "Ann", Email: "ann@"}, true, "email", "never published"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			err := in.Validate(tt.guest)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, apperr.Invalid) {
				t.Fatalf("Validate = %v, want an invalid input", err)
			}
			if msg := fieldMsg(err, tt.field); !strings.Contains(msg, tt.msg) {
				t.Errorf("%s message = %q, want it to contain %q (err %v)", tt.field, msg, tt.msg, err)
			}
		})
	}
}

func TestInputValidateCleans(t *testing.T) {
	in := Input{Body: "  Hello\r\n\r\n\r\n\r\nworld\u202e  ", Name: "  Ann\u202e \t Lee ", Email: "  Ann.Lee@Example.COM "}
	if err := in.Validate(true); err != nil {
		t.Fatal(err)
	}
	if in.Body != "Hello\n\nworld" {
		t.Errorf("Body = %q", in.Body)
	}
	if in.Name != "Ann Lee" {
		t.Errorf("Name = %q, want cleaned to %q", in.Name, "Ann Lee")
	}
	if in.Email != "ann.lee@example.com" {
		t.Errorf("Email = %q, want lower-cased and trimmed", in.Email)
	}
}

func TestHash(t *testing.T) {
	same := [][2]string{
		{"Hello world", "hello world"},
		{"Hello world", "  hello \n\n  WORLD\t"},
		{"Hello world", "Ｈｅｌｌｏ　ｗｏｒｌｄ"}, // full-width letters and space
		{"café", "cafe\u0301"},         // composed and decomposed
		{"ﬁne", "fine"},                // ligature
	}
	for _, p := range same {
		if Hash(p[0]) != Hash(p[1]) {
			t.Errorf("Hash(%q) != Hash(%q)", p[0], p[1])
		}
	}
	different := [][2]string{
		{"Hello world", "Hello world!"},
		{"Hello world", "Helloworld"},
		{"", " x"},
	}
	for _, p := range different {
		if Hash(p[0]) == Hash(p[1]) {
			t.Errorf("Hash(%q) == Hash(%q)", p[0], p[1])
		}
	}
	if h := Hash("x"); len(h) != 32 {
		t.Errorf("Hash is %d hex digits, want 32", len(h))
	}
}

func TestCountLinks(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"No links here.", 0},
		{"See https://example.com.", 1},
		{"See https://a.example and http://b.example/x?y=1\nand www.c.example", 3},
		{"Paragraph https://a.example\n\nparagraph www.b.example", 2},
		{"foohttp://glued.example is not a link", 0},
		{"javascript:alert(1) data:text/html,x vbscript:x", 0},
		{"http:// alone", 0},
		{"mail me: a@example.com", 0},
	}
	for _, tt := range tests {
		if got := CountLinks(tt.in); got != tt.want {
			t.Errorf("CountLinks(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestBlocked(t *testing.T) {
	words := []string{"ass", "buy now", "viagra"}
	tests := []struct {
		name, text string
		want       string // "" when not blocked
	}{
		{"clean text", "A fine article about policy.", ""},
		{"word inside another: class", "The class was full.", ""},
		{"word inside another: passage", "That passage moved me, a bass player.", ""},
		{"word inside another: assassin", "assassin", ""},
		{"whole word", "You ass.", "ass"},
		{"at the start", "ass of the week", "ass"},
		{"alone", "ass", "ass"},
		{"upper case", "YOU ASS", "ass"},
		{"full-width letters", "you ａｓｓ", "ass"},
		{"zero-width joiner inside", "you a\u200dss", "ass"},
		{"zero-width space inside", "you as\u200bs", "ass"},
		{"soft hyphen inside", "you a\u00ads\u00ads", "ass"},
		{"punctuation around", "(ass)!", "ass"},
		{"quotes around", `"ass"`, "ass"},
		{"phrase", "Click here and buy now!", "buy now"},
		{"phrase across spacing and case", "BUY\n\n   Now", "buy now"},
		{"phrase across punctuation", "buy... now", "buy now"},
		{"phrase words apart", "buy it now", ""},
		{"phrase inside longer words", "rebuy nowhere", ""},
		{"second word in the list", "cheap VIAGRA here", "viagra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Blocked(tt.text, words)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("Blocked(%q) = %q, %v; want %q", tt.text, got, ok, tt.want)
			}
		})
	}
	if _, ok := Blocked("anything at all", nil); ok {
		t.Error("blocked with no words")
	}
	if _, ok := Blocked("anything at all", []string{"", "  ", "!!"}); ok {
		t.Error("blocked by entries with no letters")
	}
}

func TestClosedReason(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	open := setting.Comments{Enabled: true}
	published := Article{ID: 1, Public: true, PublishedAt: now.AddDate(0, 0, -10)}
	tests := []struct {
		name string
		a    Article
		c    setting.Comments
		want string
	}{
		{"open", published, open, ""},
		{"disabled on the site", published, setting.Comments{}, "Comments are turned off on this site."},
		{"not published", Article{ID: 1}, open, "Comments open when the article is published."},
		{"closed by an editor", Article{ID: 1, Public: true, PublishedAt: now, Closed: true}, open, "Comments are closed on this article."},
		{"closed after 7 days", published, setting.Comments{Enabled: true, CloseAfterDays: 7}, "Comments close 7 days after an article is published."},
		{"still open within 30 days", published, setting.Comments{Enabled: true, CloseAfterDays: 30}, ""},
		{"open on the tenth day of 10", Article{ID: 1, Public: true, PublishedAt: now.AddDate(0, 0, -10).Add(time.Minute)}, setting.Comments{Enabled: true, CloseAfterDays: 10}, ""},
		{"closing needs a publication time", Article{ID: 1, Public: true}, setting.Comments{Enabled: true, CloseAfterDays: 1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ClosedReason(tt.a, tt.c, now); got != tt.want {
				t.Errorf("ClosedReason = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormToken(t *testing.T) {
	key := []byte("form key for tests")
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	shown := now.Add(-30 * time.Second)
	tok := FormToken(key, 42, shown)

	got, ok := ShownAt(key, 42, tok, now)
	if !ok || !got.Equal(shown) {
		t.Fatalf("ShownAt = %v, %v; want %v, true", got, ok, shown)
	}

	tamper := func(tok string) string {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil {
			t.Fatal(err)
		}
		raw[15]-- // one second earlier
		return base64.RawURLEncoding.EncodeToString(raw)
	}
	refused := []struct {
		name    string
		key     []byte
		article int64
		token   string
		now     time.Time
	}{
		{"another article", key, 43, tok, now},
		{"another site's key", []byte("other key"), 42, tok, now},
		{"time changed", key, 42, tamper(tok), now},
		{"truncated", key, 42, tok[:len(tok)-2], now},
		{"8 days old", key, 42, FormToken(key, 42, now.Add(-8*24*time.Hour)), now},
		{"from the future", key, 42, FormToken(key, 42, now.Add(time.Hour)), now},
		{"empty", key, 42, "", now},
		{"garbage", key, 42, "not a token!", now},
		{"garbage base64 of the right size", key, 42, base64.RawURLEncoding.EncodeToString(make([]byte, 32)), now},
		{"very long", key, 42, strings.Repeat("A", 500), now},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := ShownAt(tt.key, tt.article, tt.token, tt.now); ok || !got.IsZero() {
				t.Errorf("ShownAt = %v, %v; want refused", got, ok)
			}
		})
	}

	// Accepted at the edges: a clock a few seconds ahead, and 6 days old.
	if _, ok := ShownAt(key, 42, FormToken(key, 42, now.Add(30*time.Second)), now); !ok {
		t.Error("a token 30s in the future (clock skew) refused")
	}
	if _, ok := ShownAt(key, 42, FormToken(key, 42, now.Add(-6*24*time.Hour)), now); !ok {
		t.Error("a 6-day-old token refused")
	}
}

func TestActionStatus(t *testing.T) {
	tests := []struct {
		a    Action
		want Status
		ok   bool
	}{
		{Approve, Approved, true},
		{Reject, Rejected, true},
		{MarkSpam, Spam, true},
		{Delete, Deleted, true},
		{"", "", false},
		{"approved", "", false},
		{"APPROVE", "", false},
	}
	for _, tt := range tests {
		got, ok := tt.a.Status()
		if got != tt.want || ok != tt.ok {
			t.Errorf("Action(%q).Status() = %q, %v; want %q, %v", tt.a, got, ok, tt.want, tt.ok)
		}
		if ok && !got.Valid() {
			t.Errorf("Action(%q) leads to an invalid status %q", tt.a, got)
		}
	}
	for _, a := range Actions {
		if _, ok := a.Status(); !ok {
			t.Errorf("offered action %q has no status", a)
		}
	}
	if Status("hidden").Valid() {
		t.Error(`Status("hidden") is valid`)
	}
	if MarkSpam.Label() != "Mark as spam" || Approve.Label() != "Approve" {
		t.Errorf("labels: %q, %q", MarkSpam.Label(), Approve.Label())
	}
}

func TestDisplayName(t *testing.T) {
	if got := (Comment{Name: "Ann"}).DisplayName(); got != "Ann" {
		t.Errorf("DisplayName = %q", got)
	}
	if got := (Comment{}).DisplayName(); got != "Deleted reader" {
		t.Errorf("DisplayName of a deleted reader = %q", got)
	}
}

// outline writes threads as "1[2 3[4]] 5", "-" marking a removed comment.
func outline(ns []*Node) string {
	var parts []string
	for _, n := range ns {
		s := fmt.Sprint(n.ID)
		if n.Removed {
			s = "-" + s
		}
		if len(n.Replies) > 0 {
			s += "[" + outline(n.Replies) + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestThread(t *testing.T) {
	c := func(id, parent int64, st Status) Comment {
		return Comment{ID: id, ParentID: parent, Status: st, Body: fmt.Sprint("text ", id)}
	}
	tests := []struct {
		name        string
		cs          []Comment // in creation order
		oldest      string
		newestFirst string
	}{
		{"empty", nil, "", ""},
		{"roots only", []Comment{c(1, 0, Approved), c(2, 0, Approved), c(3, 0, Approved)}, "1 2 3", "3 2 1"},
		{"replies in written order either way",
			[]Comment{c(1, 0, Approved), c(2, 1, Approved), c(3, 0, Approved), c(4, 1, Approved), c(5, 2, Approved)},
			"1[2[5] 4] 3", "3 1[2[5] 4]"},
		{"removed comment with a visible reply stays as a placeholder",
			[]Comment{c(1, 0, Deleted), c(2, 1, Approved)}, "-1[2]", "-1[2]"},
		{"removed comment without replies is dropped",
			[]Comment{c(1, 0, Approved), c(2, 0, Deleted), c(3, 0, Rejected), c(4, 0, Spam), c(5, 0, Pending)}, "1", "1"},
		{"removed comment whose replies are all removed is dropped",
			[]Comment{c(1, 0, Deleted), c(2, 1, Rejected), c(3, 2, Spam), c(4, 0, Approved)}, "4", "4"},
		{"removed chain kept down to a visible reply",
			[]Comment{c(1, 0, Deleted), c(2, 1, Spam), c(3, 2, Approved)}, "-1[-2[3]]", "-1[-2[3]]"},
		{"removed reply without replies dropped beside a visible one",
			[]Comment{c(1, 0, Approved), c(2, 1, Deleted), c(3, 1, Approved)}, "1[3]", "1[3]"},
		{"orphan replies dropped",
			[]Comment{c(1, 0, Approved), c(3, 99, Approved), c(4, 3, Approved)}, "1", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Thread links the nodes of one call together: a fresh copy each.
			if got := outline(Thread(append([]Comment(nil), tt.cs...), false)); got != tt.oldest {
				t.Errorf("oldest first: %q, want %q", got, tt.oldest)
			}
			if got := outline(Thread(append([]Comment(nil), tt.cs...), true)); got != tt.newestFirst {
				t.Errorf("newest first: %q, want %q", got, tt.newestFirst)
			}
		})
	}
}

func TestThreadKeepsComments(t *testing.T) {
	cs := []Comment{{ID: 1, Status: Approved, Name: "Ann", Body: "first"}, {ID: 2, ParentID: 1, Depth: 1, Status: Approved, Name: "Bo", Body: "reply"}}
	roots := Thread(cs, false)
	if len(roots) != 1 || roots[0].Body != "first" || roots[0].Name != "Ann" || roots[0].Removed {
		t.Fatalf("root = %+v", roots[0])
	}
	if r := roots[0].Replies; len(r) != 1 || r[0].Body != "reply" || r[0].Depth != 1 {
		t.Fatalf("replies = %+v", r)
	}
}

func TestThreadDeep(t *testing.T) {
	const depth = 5000
	cs := make([]Comment, depth)
	for i := range cs {
		cs[i] = Comment{ID: int64(i + 1), ParentID: int64(i), Depth: i, Status: Approved}
	}
	// Every comment but the last is removed: the chain stays for the last one.
	for i := range depth - 1 {
		cs[i].Status = Deleted
	}
	roots := Thread(cs, true)
	n, last := 0, (*Node)(nil)
	for ns := roots; len(ns) > 0; ns = ns[0].Replies {
		if len(ns) != 1 {
			t.Fatalf("level %d has %d comments, want 1", n, len(ns))
		}
		n, last = n+1, ns[0]
	}
	if n != depth || last.ID != depth || last.Removed {
		t.Fatalf("chain of %d ending at %+v, want %d ending at a visible %d", n, last, depth, depth)
	}

	// Without the last reply, the whole removed chain goes.
	if roots := Thread(cs[:depth-1], false); len(roots) != 0 {
		t.Fatalf("a chain of removed comments was kept: %d roots", len(roots))
	}
}

// An entry written with symbols is matched as written: it never shrinks to a
// single letter that would refuse every comment with the word "a".
func TestBlockedWithSymbols(t *testing.T) {
	words := []string{"a$$", "f**k"}
	for text, want := range map[string]bool{"a cat sat": false, "you a$$": true, "YOU A$$!": true, "what the f**k": true, "a fork": false} {
		if _, got := Blocked(text, words); got != want {
			t.Errorf("Blocked(%q) = %v; want %v", text, got, want)
		}
	}
}
