package richtext

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestFromHTMLRender(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraph and marks", `<p>Hello <b>bold</b> and <em>soft</em> <a href="https://example.org/x">link</a></p>`,
			`<p>Hello <strong>bold</strong> and <em>soft</em> <a href="https://example.org/x" rel="noopener nofollow">link</a></p>`},
		{"script dropped", `<p>a<script>alert(1)</script>b</p><script>x()</script>`, `<p>ab</p>`},
		{"handler attributes dropped", `<p onclick="alert(1)" style="color:red">x</p><img src=x onerror=alert(1)>`, `<p>x</p>`},
		{"javascript link dropped", `<p><a href="javascript:alert(1)">x</a> <a href="java&#x09;script:alert(1)">y</a></p>`, `<p>x y</p>`},
		{"data link dropped", `<p><a href="data:text/html,<script>">x</a></p>`, `<p>x</p>`},
		{"protocol-relative link dropped", `<p><a href="//evil.example/">x</a></p>`, `<p>x</p>`},
		{"headings", `<h1>A</h1><h2>B</h2><h4>C</h4>`, "<h2>A</h2>\n<h2>B</h2>\n<h3>C</h3>"},
		{"quote", `<blockquote><p>One</p><p>Two</p></blockquote>`, `<blockquote><p>One</p><p>Two</p></blockquote>`},
		{"lists flattened", `<ul><li>a<ul><li>b</li></ul></li></ul><ol><li>c</li></ol>`, "<ul><li>a</li><li>b</li></ul>\n<ol><li>c</li></ol>"},
		{"figure", `<figure><img src="/media/ab12.jpg" alt="A &quot;cat&quot;" data-media-id="7"><figcaption>The <b>cat</b></figcaption></figure>`,
			`<figure class="body-figure"><img src="/media/ab12.jpg" alt="A &#34;cat&#34;" loading="lazy" decoding="async"><figcaption>The cat</figcaption></figure>`},
		{"foreign image dropped", `<p>x<img src="https://tracker.example/p.gif"></p>`, `<p>x</p>`},
		{"word cruft", `<p class=MsoNormal style='mso-x'><span lang=EN-GB>Hello<o:p></o:p></span></p><p class=MsoNormal>&nbsp;<o:p></o:p></p><!--[if gte mso 9]><xml>x</xml><![endif]-->`, `<p>Hello</p>`},
		{"google docs wrapper not bold", `<b style="font-weight:normal;" id="docs-internal-guid-1"><p><span style="font-weight:700">Strong</span> plain</p></b>`,
			`<p><strong>Strong</strong> plain</p>`},
		{"loose text becomes paragraph", `just text<br>next`, `<p>just text<br>next</p>`},
		{"embed iframe", `<iframe src="https://video.example/embed/1"></iframe>`, `<div class="embed"><a href="https://video.example/embed/1" rel="noopener nofollow">View on video.example</a></div>`},
		{"svg and style dropped", `<svg onload=alert(1)><script>1</script></svg><style>p{}</style><p>ok</p>`, `<p>ok</p>`},
		{"escaped text", `<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"</p>`, `<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;q&#34;</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSpace(string(Render(FromHTML(tt.in), Options{})))
			if got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRoundTripEditor(t *testing.T) {
	in := `<h2>Head</h2><p>Para <strong>b</strong> <a href="/news/x">l</a></p><ul><li><p>i</p></li></ul><figure><img src="/media/a.jpg" alt="alt" data-media-id="3"><figcaption>cap</figcaption></figure>`
	d := FromHTML(in)
	d2 := FromHTML(string(Render(d, Options{Editor: true})))
	if d.Marshal() != d2.Marshal() {
		t.Fatalf("round trip changed the document:\n%s\n%s", d.Marshal(), d2.Marshal())
	}
	if d.Images()[0] != 3 {
		t.Fatalf("media id lost: %v", d.Images())
	}
}

func TestUnmarshalCleansStoredDocs(t *testing.T) {
	d, err := Unmarshal(`{"blocks":[{"type":"paragraph","inlines":[{"text":"x","href":"javascript:alert(1)"}]},{"type":"raw","inlines":[{"text":"<b>"}]},{"type":"image","src":"https://evil.example/a.png"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(Render(d, Options{})); got != "<p>x</p>\n" {
		t.Fatalf("got %q", got)
	}
	if _, err := Unmarshal("{not json"); err == nil {
		t.Fatal("want an error for broken JSON")
	}
}

func TestLimits(t *testing.T) {
	deep := strings.Repeat("<div>", 10000) + "deep" + strings.Repeat("</div>", 10000)
	_ = FromHTML(deep) // must not crash
	many := strings.Repeat("<p>x</p>", MaxBlocks+50)
	if n := len(FromHTML(many).Blocks); n != MaxBlocks {
		t.Fatalf("blocks = %d, want %d", n, MaxBlocks)
	}
}

func TestSafeHref(t *testing.T) {
	for in, ok := range map[string]bool{
		"https://example.org": true, "http://a.b/c?d=1": true, "mailto:desk@example.org": true,
		"/news/world": true, "#top": true, "javascript:alert(1)": false, "JaVaScRiPt:x": false,
		"vbscript:x": false, "data:text/html,x": false, "//evil.example": false, "relative/path": false,
		"https://": false, "\\\\evil": false,
	} {
		if _, got := SafeHref(in); got != ok {
			t.Errorf("SafeHref(%q) = %v, want %v", in, got, ok)
		}
	}
}

var unsafeTag = regexp.MustCompile(`(?i)<(script|iframe|svg|style|object|embed|math|form)|<[^>]*\s(on[a-z]+|style|srcdoc)\s*=|(href|src)="\s*(javascript|data|vbscript):`)

// FuzzFromHTML checks that no input turns into an active tag, attribute or URL.
func FuzzFromHTML(f *testing.F) {
	for _, s := range []string{`<p>a<b>b</b><a href="javascript:x">c</a></p>`, `<img src=/media/a.jpg onerror=x>`, `<svg><script>1</script>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if out := string(Render(FromHTML(s), Options{})); unsafeTag.MatchString(out) {
			t.Fatalf("unsafe output %q from %q", out, s)
		}
	})
}

// A link may open in a new tab, and a body picture carries its credit
// apart from its caption; both survive the editor's round trip.
func TestNewTabLinksAndPictureCredits(t *testing.T) {
	d := FromHTML(`<p><a href="https://example.org/a" target="_blank" onclick="x()">report</a> and <a href="/b" target="evil">b</a></p>` +
		`<figure><img src="/media/0123456789abcdef01234567.jpg" alt="A ferry"><figcaption>The ferry <span class="photo-credit">Ada Photo / AFP</span></figcaption></figure>`)
	if len(d.Blocks) != 2 || !d.Blocks[0].Inlines[0].NewTab || d.Blocks[0].Inlines[2].NewTab {
		t.Fatalf("links: %+v", d.Blocks)
	}
	if b := d.Blocks[1]; b.Caption != "The ferry" || b.Credit != "Ada Photo / AFP" {
		t.Fatalf("figure: %+v", b)
	}
	out := string(Render(d, Options{}))
	for _, want := range []string{`<a href="https://example.org/a" target="_blank" rel="noopener nofollow">report</a>`, `<a href="/b">b</a>`,
		`<figcaption>The ferry <span class="photo-credit">Ada Photo / AFP</span></figcaption>`} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered without %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "onclick") || strings.Contains(out, "evil") {
		t.Error("an attribute survived")
	}
	again := FromHTML(string(Render(d, Options{Editor: true})))
	if !reflect.DeepEqual(again, d) {
		t.Errorf("the editor's round trip changed the document:\n%+v\n%+v", again, d)
	}
}

// A pasted table keeps its rows and cells (spreadsheets from Word, Google
// Docs and web pages): a header row, cells with marks and links, ragged
// rows made square; it renders accessibly and survives the editor.
func TestTables(t *testing.T) {
	in := `<table><caption>Results by ward</caption><thead><tr><th>Ward</th><th>Votes</th><th>Share</th></tr></thead>
		<tbody><tr><td><p>North</p></td><td><b>1,204</b></td><td>41%</td></tr>
		<tr><td>South <a href="https://example.org/s" onclick="x()">(map)</a></td><td>998</td></tr>
		<tr><td><script>alert(1)</script><img src="/media/0123456789abcdef01234567.jpg" alt="Ballot"></td><td></td><td></td></tr></tbody></table>`
	d := FromHTML(in)
	if len(d.Blocks) != 2 || d.Blocks[0].Type != Table || d.Blocks[1].Type != Image {
		t.Fatalf("blocks: %+v", d.Blocks)
	}
	tb := d.Blocks[0]
	if !tb.Header || tb.Caption != "Results by ward" || len(tb.Rows) != 4 || len(tb.Rows[2]) != 3 || tb.Rows[2][2] != nil {
		t.Fatalf("table: %+v", tb)
	}
	out := string(Render(d, Options{}))
	for _, want := range []string{`<div class="table-scroll" role="region" tabindex="0" aria-label="Table: Results by ward"><table><caption>Results by ward</caption>`,
		`<thead><tr><th scope="col">Ward</th><th scope="col">Votes</th><th scope="col">Share</th></tr></thead>`,
		`<td>North</td><td><strong>1,204</strong></td>`, `<a href="https://example.org/s" rel="noopener nofollow">(map)</a>`, `<td></td></tr></tbody></table></div>`} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered without %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "script") || strings.Contains(out, "onclick") {
		t.Error("markup survived")
	}
	if !strings.Contains(d.Text(), "North | 1,204 | 41%") {
		t.Errorf("text: %q", d.Text())
	}
	// The editor has no caption: it comes back as a paragraph before the
	// table, and the grid comes back whole.
	again := FromHTML(string(Render(d, Options{Editor: true})))
	if len(again.Blocks) != 3 || again.Blocks[0].Type != Paragraph || !reflect.DeepEqual(again.Blocks[1].Rows, tb.Rows) || !again.Blocks[1].Header {
		t.Errorf("after the editor: %+v", again.Blocks)
	}
	// Limits: a huge pasted sheet is cut to MaxTableRows x MaxTableCols.
	var big strings.Builder
	big.WriteString("<table>")
	for r := 0; r < MaxTableRows+50; r++ {
		big.WriteString("<tr>" + strings.Repeat("<td>x</td>", MaxTableCols+5) + "</tr>")
	}
	big.WriteString("</table>")
	if d := FromHTML(big.String()); len(d.Blocks) != 1 || len(d.Blocks[0].Rows) != MaxTableRows || len(d.Blocks[0].Rows[0]) != MaxTableCols {
		t.Errorf("a huge table kept %d rows", len(d.Blocks[0].Rows))
	}
	// A layout table with nothing in it is dropped.
	if d := FromHTML("<table><tr><td> </td></tr></table>"); len(d.Blocks) != 0 {
		t.Errorf("an empty table: %+v", d.Blocks)
	}
}

// A few kilobytes cannot make a huge grid: a wide first row over many
// one-cell rows counts as the padded cells it would make, and all tables
// of a document share one budget of cells.
func TestTableCellBudget(t *testing.T) {
	var b strings.Builder
	for range 3 {
		b.WriteString("<table><tr>" + strings.Repeat("<td>x</td>", MaxTableCols) + "</tr>" + strings.Repeat("<tr><td>y</td></tr>", MaxTableRows-1) + "</table>")
	}
	d := FromHTML(b.String())
	total := 0
	for _, bl := range d.Blocks {
		if bl.Type == Table {
			total += len(bl.Rows) * len(bl.Rows[0])
		}
	}
	if total > MaxTableCells || total < MaxTableCells/2 {
		t.Errorf("%d cells kept from %d bytes; the budget is %d", total, b.Len(), MaxTableCells)
	}
}
