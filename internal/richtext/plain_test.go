package richtext

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func renderUGC(s string) string { return string(Render(FromPlainText(s), Options{UGC: true})) }

// ugcLink is a link as a reader's comment renders it.
func ugcLink(href, text string) string {
	return `<a href="` + href + `" rel="nofollow ugc noopener">` + text + `</a>`
}

func TestFromPlainTextRender(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"one paragraph", "Hello", "<p>Hello</p>"},
		{"line break", "one\ntwo", "<p>one<br>two</p>"},
		{"paragraphs on a blank line", "one\n\ntwo", "<p>one</p>\n<p>two</p>"},
		{"many blank lines are one break", "one\n\n\n\n\ntwo", "<p>one</p>\n<p>two</p>"},
		{"CRLF", "one\r\ntwo\r\n\r\nthree", "<p>one<br>two</p>\n<p>three</p>"},
		{"blank paragraphs skipped", "\n\n  \n\nx\n\n", "<p>x</p>"},
		{"empty", "", ""},
		{"https link", "See https://example.com/a", "<p>See " + ugcLink("https://example.com/a", "https://example.com/a") + "</p>"},
		{"http link alone", "http://example.com", "<p>" + ugcLink("http://example.com", "http://example.com") + "</p>"},
		{"query escaped once", "https://example.com/?a=1&b=2", "<p>" + ugcLink("https://example.com/?a=1&amp;b=2", "https://example.com/?a=1&amp;b=2") + "</p>"},
		{"www gets https", "Try www.example.com today", "<p>Try " + ugcLink("https://www.example.com", "www.example.com") + " today</p>"},
		{"upper-case scheme", "HTTPS://EXAMPLE.COM/X", "<p>" + ugcLink("https://EXAMPLE.COM/X", "HTTPS://EXAMPLE.COM/X") + "</p>"},
		{"upper-case www", "WWW.EXAMPLE.COM", "<p>" + ugcLink("https://WWW.EXAMPLE.COM", "WWW.EXAMPLE.COM") + "</p>"},
		{"full stop not in the link", "See https://example.com.", "<p>See " + ugcLink("https://example.com", "https://example.com") + ".</p>"},
		{"comma", "https://example.com, then", "<p>" + ugcLink("https://example.com", "https://example.com") + ", then</p>"},
		{"semicolon", "https://example.com;", "<p>" + ugcLink("https://example.com", "https://example.com") + ";</p>"},
		{"colon", "https://example.com:", "<p>" + ugcLink("https://example.com", "https://example.com") + ":</p>"},
		{"exclamation", "https://example.com!", "<p>" + ugcLink("https://example.com", "https://example.com") + "!</p>"},
		{"question", "https://example.com/?", "<p>" + ugcLink("https://example.com/", "https://example.com/") + "?</p>"},
		{"several marks", "https://example.com/x?!.", "<p>" + ugcLink("https://example.com/x", "https://example.com/x") + "?!.</p>"},
		{"closing bracket not in the link", "(see https://example.com)", "<p>(see " + ugcLink("https://example.com", "https://example.com") + ")</p>"},
		{"balanced brackets kept", "https://en.wikipedia.org/wiki/Foo_(bar)",
			"<p>" + ugcLink("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)") + "</p>"},
		{"balanced brackets kept inside brackets", "(https://en.wikipedia.org/wiki/Foo_(bar)).",
			"<p>(" + ugcLink("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)") + ").</p>"},
		{"query inside the link kept", "https://example.com/?q=a.b", "<p>" + ugcLink("https://example.com/?q=a.b", "https://example.com/?q=a.b") + "</p>"},
		{"two links on a line", "a https://a.example b www.b.example",
			"<p>a " + ugcLink("https://a.example", "https://a.example") + " b " + ugcLink("https://www.b.example", "www.b.example") + "</p>"},
		{"link at a line break", "https://a.example\nnext", "<p>" + ugcLink("https://a.example", "https://a.example") + "<br>next</p>"},
		{"angle brackets around", "<https://example.com>", "<p>&lt;" + ugcLink("https://example.com", "https://example.com") + "&gt;</p>"},
		{"quotes end a link", `"https://example.com"`, "<p>&#34;" + ugcLink("https://example.com", "https://example.com") + "&#34;</p>"},
		{"quote cannot break out of href", `https://example.com/"onmouseover="alert(1)`,
			"<p>" + ugcLink("https://example.com/", "https://example.com/") + "&#34;onmouseover=&#34;alert(1)</p>"},
		{"glued to a word", "foohttp://x.com", "<p>foohttp://x.com</p>"},
		{"glued after a digit", "1www.x.com", "<p>1www.x.com</p>"},
		{"inside an email address", "me@www.example.com", "<p>me@www.example.com</p>"},
		{"scheme alone", "http://", "<p>http://</p>"},
		{"scheme and punctuation", "https://.", "<p>https://.</p>"},
		{"www alone", "www.", "<p>www.</p>"},
		{"javascript", "javascript:alert(1)", "<p>javascript:alert(1)</p>"},
		{"data", "data:text/html;base64,PHNjcmlwdD4=", "<p>data:text/html;base64,PHNjcmlwdD4=</p>"},
		{"vbscript", "vbscript:msgbox(1)", "<p>vbscript:msgbox(1)</p>"},
		{"script tag", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"},
		{"img onerror", "<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"},
		{"attribute break-out", `"><svg onload=alert(1)>`, "<p>&#34;&gt;&lt;svg onload=alert(1)&gt;</p>"},
		{"entities shown as typed", "&lt; &amp; &#60;", "<p>&amp;lt; &amp;amp; &amp;#60;</p>"},
		{"quotes", `He said "no" and 'yes'`, "<p>He said &#34;no&#34; and &#39;yes&#39;</p>"},
		// Lower-casing some letters changes their length in bytes; offsets
		// found in a lower-cased copy must not be used on the original.
		{"letters that grow when lower-cased", "ȺȺȺȺȺȺȺȺȺȺ www.a.example",
			"<p>ȺȺȺȺȺȺȺȺȺȺ " + ugcLink("https://www.a.example", "www.a.example") + "</p>"},
		{"letters that grow, link at the end", "ȺȺȺȺȺȺȺȺȺȺ www.a",
			"<p>ȺȺȺȺȺȺȺȺȺȺ " + ugcLink("https://www.a", "www.a") + "</p>"},
		{"letters that shrink when lower-cased", "İİİİ \u212A\u212A\u212A\u212A http://x.example y",
			"<p>İİİİ \u212A\u212A\u212A\u212A " + ugcLink("http://x.example", "http://x.example") + " y</p>"},
		{"Kelvin sign is not a letter of http", "\u212Attp://x.example", "<p>\u212Attp://x.example</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.TrimSpace(renderUGC(tt.in)); got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFromPlainTextDoc(t *testing.T) {
	d := FromPlainText("Read www.example.com/a.\nThanks\n\nBye")
	want := Doc{Blocks: []Block{
		{Type: Paragraph, Inlines: []Inline{
			{Text: "Read "}, {Text: "www.example.com/a", Href: "https://www.example.com/a"}, {Text: "."},
			{Text: "\n"}, {Text: "Thanks"}}},
		{Type: Paragraph, Inlines: []Inline{{Text: "Bye"}}},
	}}
	if d.Marshal() != want.Marshal() {
		t.Fatalf("\n got %s\nwant %s", d.Marshal(), want.Marshal())
	}
}

var (
	tagRE    = regexp.MustCompile(`<[^>]*>`)
	quotedRE = regexp.MustCompile(`"[^"]*"`)
)

// visibleText is the text a reader sees in rendered plain text: tags
// dropped, line breaks and paragraphs back as newlines, entities decoded.
func visibleText(h string) string {
	h = strings.TrimSpace(h)
	h = strings.ReplaceAll(h, "</p>\n<p>", "\n\n")
	h = strings.ReplaceAll(h, "<br>", "\n")
	return html.UnescapeString(tagRE.ReplaceAllString(h, ""))
}

func TestPlainTextIsNeverMarkup(t *testing.T) {
	inputs := []string{
		"<script>alert(1)</script>",
		"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
		"<img src=x onerror=alert(1)>",
		`"><svg onload=alert(1)>`,
		`'><svg/onload=alert(1)>`,
		"&lt;script&gt; &amp;lt; &#x3C;img&#x3E;",
		`https://example.com/"><img src=x onerror=alert(1)>`,
		`www.example.com/'onmouseover='alert(1)`,
		"javascript:alert(1)\ndata:text/html,<script>alert(1)</script>\nvbscript:msgbox(1)",
		"<a href=\"javascript:alert(1)\">click</a>",
		"Text\n\n<iframe src=https://evil.example></iframe>\n\nmore",
		"<!-- comment --> <![CDATA[x]]> <style>p{}</style>",
		`He said "no" & 'yes' < > done`,
	}
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			got := renderUGC(in)
			low := strings.ToLower(got)
			for _, bad := range []string{"<script", "<img", "<svg", "<iframe", "<style", "<!--", "<a href=\"javascript", "<a href=\"data", "<a href=\"vbscript"} {
				if strings.Contains(low, bad) {
					t.Errorf("rendered %q contains %q", got, bad)
				}
			}
			// "onerror=" typed by a reader is shown as text; what must never
			// happen is an attribute of that name inside a tag.
			for _, tag := range tagRE.FindAllString(low, -1) {
				names := quotedRE.ReplaceAllString(tag, `""`) // attribute names only
				if strings.Contains(names, " on") || strings.Contains(names, "/on") {
					t.Errorf("rendered %q has an event handler in %s", got, tag)
				}
			}
			if vt := visibleText(got); vt != in {
				t.Errorf("visible text %q, want %q as typed", vt, in)
			}
		})
	}
}

func TestPlainTextLongLine(t *testing.T) {
	const size = 200 << 10
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	tests := []struct {
		name  string
		in    string
		links int
	}{
		{"words", fill("lorem ipsum "), 0},
		{"one word", fill("x"), 0},
		{"links", fill("www.a.example "), size / len("www.a.example ")},
		{"links glued to words", fill("ahttp://a.example "), 0},
		{"near-links that stay text", fill("www.. "), 0},
		{"schemes alone", fill("http:// "), 0},
		{"a link with a long tail of brackets", "http://x.example/" + fill(")."), 1},
		{"letters that change length", fill("ȺȺȺȺ www.a.example "), size / len("ȺȺȺȺ www.a.example ")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			d := FromPlainText(tt.in)
			out := Render(d, Options{UGC: true})
			// Generous for slow and race-instrumented runs; quadratic work on
			// 200 KB takes many seconds.
			if el := time.Since(start); el > 2*time.Second {
				t.Errorf("took %v", el)
			}
			if n := strings.Count(string(out), "<a href="); n != tt.links {
				t.Errorf("%d links, want %d", n, tt.links)
			}
			if vt := visibleText(string(out)); vt != tt.in {
				t.Errorf("visible text changed (%d bytes, want %d)", len(vt), len(tt.in))
			}
		})
	}
}

// checkPlainHTML parses rendered plain text and reports what a reader's
// comment must never contain.
func checkPlainHTML(t *testing.T, in, out string) {
	t.Helper()
	body := &nethtml.Node{Type: nethtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := nethtml.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		t.Fatalf("output does not parse: %v\n%q", err, out)
	}
	var walk func(n *nethtml.Node)
	walk = func(n *nethtml.Node) {
		switch n.Type {
		case nethtml.ElementNode:
			switch n.DataAtom {
			case atom.P, atom.Br, atom.A:
			default:
				t.Errorf("input %q made a <%s> element:\n%s", in, n.Data, out)
			}
			for _, a := range n.Attr {
				switch {
				case a.Namespace == "" && a.Key == "href" && n.DataAtom == atom.A:
					u, err := url.Parse(a.Val)
					if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
						t.Errorf("input %q made a link to %q:\n%s", in, a.Val, out)
					}
				case a.Namespace == "" && a.Key == "rel" && n.DataAtom == atom.A:
					if a.Val != "nofollow ugc noopener" {
						t.Errorf("input %q made rel=%q", in, a.Val)
					}
				default:
					t.Errorf("input %q made an attribute %s=%q on <%s>:\n%s", in, a.Key, a.Val, n.Data, out)
				}
			}
		case nethtml.CommentNode, nethtml.DoctypeNode:
			t.Errorf("input %q made a %v node:\n%s", in, n.Type, out)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
}

func FuzzFromPlainText(f *testing.F) {
	for _, s := range []string{
		"",
		"Hello\nworld\n\nNew paragraph",
		"See https://example.com/a?b=1&c=2, and www.example.org.",
		"(https://en.wikipedia.org/wiki/Foo_(bar))",
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		`"><svg onload=alert(1)>`,
		"javascript:alert(1) data:text/html,<b>x</b> vbscript:x",
		"https://example.com/\"onmouseover=\"alert(1)",
		"www.example.com/<script>",
		"http://[::1]:80/ https://user:pass@example.com/x",
		"foohttp://x.com http:// www. https://.",
		"ȺȺȺȺȺȺȺȺȺȺ www.a İİ KKK\u212Attp://x",
		"\x00\r\n\r\n\u202e https://example.com \ufeff",
		"&lt;script&gt; &#x3C;",
		"https://example.com/%22%3E%3Cscript%3E",
		"HTTP://EXAMPLE.COM WWW.EXAMPLE.COM",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := FromPlainText(s)
		out := string(Render(d, Options{UGC: true}))
		checkPlainHTML(t, s, out)

		// Nothing typed is lost: apart from spacing, the document holds the
		// input's characters in order.
		if len(d.Blocks) < MaxBlocks {
			var b strings.Builder
			for _, bl := range d.Blocks {
				for _, in := range bl.Inlines {
					b.WriteString(in.Text)
				}
			}
			strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if got, want := strip(b.String()), strip(s); got != want {
				t.Errorf("document text %q, want %q", got, want)
			}
		}
	})
}
