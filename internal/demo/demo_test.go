package demo

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"
)

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// sectionPaths returns every slug path of the tree ("news", "news/world"...).
func sectionPaths(t *testing.T) map[string]bool {
	t.Helper()
	paths := map[string]bool{}
	var walk func(prefix string, ss []Section)
	walk = func(prefix string, ss []Section) {
		seen := map[string]bool{}
		for _, s := range ss {
			if !slugRE.MatchString(s.Slug) {
				t.Errorf("section %q: bad slug %q", s.Name, s.Slug)
			}
			if seen[s.Slug] {
				t.Errorf("duplicate sibling slug %q under %q", s.Slug, prefix)
			}
			seen[s.Slug] = true
			if strings.TrimSpace(s.Name) == "" {
				t.Errorf("section %q has no name", s.Slug)
			}
			p := s.Slug
			if prefix != "" {
				p = prefix + "/" + s.Slug
			}
			paths[p] = true
			walk(p, s.Children)
		}
	}
	walk("", Sections())
	return paths
}

func TestSections(t *testing.T) {
	paths := sectionPaths(t)
	for _, want := range []string{
		"news/headlines", "news/africa", "news/nigeria", "news/national", "news/world", "news/politics",
		"life/beauty", "life/culture", "life/entertainment", "life/events", "life/fashion", "life/food",
		"life/health-wellness", "life/love-relationships", "life/travel", "life/music", "life/tv-series", "life/whats-new",
		"sports/boxing", "sports/football", "sports/tennis", "sports/other-sports",
		"business/insurance", "technology/social-media", "technology/gadgets",
		"features/guides", "features/jobs", "features/scholarships", "features/reviews", "features/opinion",
	} {
		if !paths[want] {
			t.Errorf("section %q missing", want)
		}
	}
	if n := len(Sections()); n != 6 {
		t.Errorf("want 6 top-level sections, got %d", n)
	}
}

func TestAuthors(t *testing.T) {
	as := Authors()
	if len(as) < 8 || len(as) > 12 {
		t.Errorf("want about ten authors, got %d", len(as))
	}
	seen := map[string]bool{}
	for _, a := range as {
		if !slugRE.MatchString(a.Slug) {
			t.Errorf("author %q: bad slug %q", a.Name, a.Slug)
		}
		if seen[a.Slug] {
			t.Errorf("duplicate author slug %q", a.Slug)
		}
		seen[a.Slug] = true
		if a.Name == "" || len(a.Bio) < 60 {
			t.Errorf("author %q: missing name or short bio", a.Slug)
		}
		for _, l := range a.Links {
			checkExampleURL(t, a.Slug, l)
		}
	}
}

func checkExampleURL(t *testing.T, who, raw string) {
	t.Helper()
	if strings.HasPrefix(raw, "mailto:") {
		if !strings.HasSuffix(raw, "@example.com") && !strings.HasSuffix(raw, "@example.org") {
			t.Errorf("%s: mail link %q not on an example domain", who, raw)
		}
		return
	}
	if strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "//") {
		return // a page of the site itself, such as /tips
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || (u.Host != "example.com" && u.Host != "example.org") {
		t.Errorf("%s: link %q is not an https example.com/example.org URL", who, raw)
	}
}

func TestSiteInfo(t *testing.T) {
	s := SiteInfo()
	if s.Name != "The Broadsheet Daily" || s.Tagline == "" {
		t.Errorf("unexpected site info %+v", s)
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil {
		t.Errorf("time zone %q: %v", s.TimeZone, err)
	}
	for _, k := range []string{"whatsapp", "facebook", "instagram", "x", "google_news", "linkedin"} {
		v, ok := s.Social[k]
		if !ok {
			t.Errorf("social link %q missing", k)
			continue
		}
		checkExampleURL(t, "social "+k, v)
	}
	if len(s.Social) != 6 {
		t.Errorf("want 6 social links, got %d", len(s.Social))
	}
}

var (
	allowedTags = map[string]bool{
		"p": true, "h2": true, "ul": true, "ol": true, "li": true,
		"blockquote": true, "strong": true, "em": true, "a": true,
		"table": true, "caption": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	}
	blockTags = map[string]bool{"p": true, "h2": true, "ul": true, "ol": true, "blockquote": true, "table": true}
	eventAttr = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
)

type htmlStats struct {
	blocks, quotes, lists, heads, words int
}

// checkHTML parses body as XML inside a wrapper element: that proves tags
// are balanced and properly nested. It also checks the tag and attribute
// allow-lists and link hosts.
func checkHTML(t *testing.T, who, body string) htmlStats {
	t.Helper()
	var st htmlStats
	low := strings.ToLower(body)
	if strings.Contains(low, "<script") || strings.Contains(low, "style=") || eventAttr.MatchString(body) {
		t.Errorf("%s: body contains script, style or event-handler attributes", who)
	}
	dec := xml.NewDecoder(strings.NewReader("<root>" + body + "</root>"))
	dec.Strict = true
	depth := 0
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s: malformed HTML: %v", who, err)
			return st
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			name := tok.Name.Local
			if depth == 1 {
				if name != "root" {
					t.Errorf("%s: unexpected element %q", who, name)
				}
				continue
			}
			if !allowedTags[name] {
				t.Errorf("%s: tag <%s> not allowed", who, name)
			}
			if depth == 2 {
				if !blockTags[name] {
					t.Errorf("%s: top-level <%s> should be a block element", who, name)
				}
				st.blocks++
				switch name {
				case "blockquote":
					st.quotes++
				case "ul", "ol":
					st.lists++
				case "h2":
					st.heads++
				}
			}
			for _, a := range tok.Attr {
				if name != "a" || a.Name.Local != "href" {
					t.Errorf("%s: attribute %q on <%s> not allowed", who, a.Name.Local, name)
					continue
				}
				checkExampleURL(t, who, a.Value)
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			text.Write(tok)
			text.WriteByte(' ')
		}
	}
	st.words = len(strings.Fields(text.String()))
	return st
}

func TestArticles(t *testing.T) {
	arts := Articles()
	if len(arts) < 60 {
		t.Fatalf("want at least 60 articles, got %d", len(arts))
	}
	paths := sectionPaths(t)
	authors := map[string]bool{}
	for _, a := range Authors() {
		authors[a.Slug] = true
	}
	perPath := map[string]int{}
	perTop := map[string]int{}
	headlines := map[string]bool{}
	ages := map[int]string{}
	tagUse := map[string]int{}
	corrections, withQuote, withList, withHead, twoAuthors := 0, 0, 0, 0, 0
	for _, a := range arts {
		who := a.Headline
		if headlines[a.Headline] {
			t.Errorf("duplicate headline %q", a.Headline)
		}
		headlines[a.Headline] = true
		if !paths[a.Section] {
			t.Errorf("%s: unknown section %q", who, a.Section)
		}
		perPath[a.Section]++
		perTop[strings.SplitN(a.Section, "/", 2)[0]]++
		if len(a.Authors) < 1 || len(a.Authors) > 2 {
			t.Errorf("%s: want 1-2 authors, got %d", who, len(a.Authors))
		}
		if len(a.Authors) == 2 {
			twoAuthors++
		}
		for _, s := range a.Authors {
			if !authors[s] {
				t.Errorf("%s: unknown author %q", who, s)
			}
		}
		if len(a.Tags) < 2 || len(a.Tags) > 4 {
			t.Errorf("%s: want 2-4 tags, got %d", who, len(a.Tags))
		}
		for _, tag := range a.Tags {
			tagUse[tag]++
		}
		if a.Standfirst == "" || a.HeroAlt == "" || a.HeroCaption == "" || a.HeroCredit == "" {
			t.Errorf("%s: missing standfirst or hero metadata", who)
		}
		if a.AgeHours < 1 || a.AgeHours > 720 {
			t.Errorf("%s: AgeHours %d out of range", who, a.AgeHours)
		}
		if prev, ok := ages[a.AgeHours]; ok {
			t.Errorf("%s: AgeHours %d already used by %q", who, a.AgeHours, prev)
		}
		ages[a.AgeHours] = a.Headline
		if a.Correction != "" {
			corrections++
		}
		st := checkHTML(t, who, a.BodyHTML)
		if st.blocks < 4 || st.blocks > 9 {
			t.Errorf("%s: want 4-9 body elements, got %d", who, st.blocks)
		}
		if st.words < 150 || st.words > 400 {
			t.Errorf("%s: body has %d words, want 150-400", who, st.words)
		}
		if st.quotes > 0 {
			withQuote++
		}
		if st.lists > 0 {
			withList++
		}
		if st.heads > 0 {
			withHead++
		}
	}
	for p := range paths {
		if strings.Contains(p, "/") && perPath[p] == 0 {
			t.Errorf("subsection %q has no article", p)
		}
	}
	for _, s := range Sections() {
		if perTop[s.Slug] == 0 {
			t.Errorf("top-level section %q has no article", s.Slug)
		}
	}
	for _, p := range []string{"news/world", "news/politics", "sports/football", "business", "technology"} {
		n := perPath[p]
		if !strings.Contains(p, "/") {
			n = perTop[p]
		}
		if n < 3 {
			t.Errorf("section %q has %d articles, want at least 3", p, n)
		}
	}
	if corrections < 2 || corrections > 3 {
		t.Errorf("want 2-3 corrections, got %d", corrections)
	}
	if withQuote < len(arts)/2 || withList < 10 || withHead < 10 || twoAuthors < 5 {
		t.Errorf("too little variety: quotes %d, lists %d, subheads %d, two-author %d", withQuote, withList, withHead, twoAuthors)
	}
	reused := 0
	for _, n := range tagUse {
		if n > 1 {
			reused++
		}
	}
	if reused < 15 {
		t.Errorf("only %d tags are used more than once", reused)
	}
	fresh := 0
	for age := range ages {
		if age <= 24 {
			fresh++
		}
	}
	if fresh < 8 {
		t.Errorf("only %d articles from the last 24 hours", fresh)
	}
	t.Logf("%d articles per top-level section: %v; %d tags", len(arts), perTop, len(tagUse))
}

func TestEdgeCases(t *testing.T) {
	var amp, quote, nonASCII bool
	for _, a := range Articles() {
		if strings.Contains(a.Headline, "&") {
			amp = true
		}
		if strings.Contains(a.Headline, `"`) {
			quote = true
		}
		if strings.ContainsFunc(a.Headline+a.BodyHTML, func(r rune) bool { return r > 127 }) {
			nonASCII = true
		}
	}
	if !amp || !quote || !nonASCII {
		t.Errorf("edge cases missing: ampersand %v, quote %v, non-ASCII %v", amp, quote, nonASCII)
	}
}

func TestPages(t *testing.T) {
	want := map[string]string{
		"about": "About us", "contact": "Contact us",
		"advertise": "Advertise with us", "privacy": "Privacy policy",
	}
	ps := Pages()
	if len(ps) != len(want) {
		t.Errorf("want %d pages, got %d", len(want), len(ps))
	}
	for _, p := range ps {
		if want[p.Slug] != p.Title {
			t.Errorf("page %q: unexpected title %q", p.Slug, p.Title)
		}
		st := checkHTML(t, "page "+p.Slug, p.BodyHTML)
		if st.words < 40 {
			t.Errorf("page %q is too short (%d words)", p.Slug, st.words)
		}
	}
}

func pixels(img image.Image) []byte {
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba.Pix
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

func TestPictureDeterministicAndSized(t *testing.T) {
	sizes := [][2]int{{1, 1}, {17, 31}, {320, 180}, {400, 300}, {1600, 900}}
	for _, sz := range sizes {
		for seed := int64(0); seed < 6; seed++ {
			a := Picture(seed, sz[0], sz[1])
			b := Picture(seed, sz[0], sz[1])
			if got := a.Bounds(); got.Dx() != sz[0] || got.Dy() != sz[1] {
				t.Fatalf("Picture(%d, %d, %d) has size %v", seed, sz[0], sz[1], got)
			}
			if !bytes.Equal(pixels(a), pixels(b)) {
				t.Fatalf("Picture(%d, %d, %d) is not deterministic", seed, sz[0], sz[1])
			}
		}
	}
	if bytes.Equal(pixels(Picture(1, 64, 36)), pixels(Picture(2, 64, 36))) {
		t.Error("different seeds gave the same picture")
	}
	if b := Picture(3, 0, -5).Bounds(); b.Dx() < 1 || b.Dy() < 1 {
		t.Errorf("degenerate size gave empty image %v", b)
	}
}

func TestPortraitDeterministicAndSized(t *testing.T) {
	for _, size := range []int{1, 48, 256} {
		for seed := int64(0); seed < 8; seed++ {
			a, b := Portrait(seed, size), Portrait(seed, size)
			if got := a.Bounds(); got.Dx() != size || got.Dy() != size {
				t.Fatalf("Portrait(%d, %d) has size %v", seed, size, got)
			}
			if !bytes.Equal(pixels(a), pixels(b)) {
				t.Fatalf("Portrait(%d, %d) is not deterministic", seed, size)
			}
		}
	}
}

// smoothness measures the mean difference between horizontal neighbours
// (low for illustrations, high for noise) and the spread of luminance
// (non-zero for anything but a flat fill).
func smoothness(img image.Image) (neighbour, spread float64) {
	b := img.Bounds()
	var sum, sumL, sumL2 float64
	n := 0
	lum := func(x, y int) float64 {
		r, g, bl, _ := img.At(x, y).RGBA()
		return (0.3*float64(r) + 0.59*float64(g) + 0.11*float64(bl)) / 257
	}
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		prev := lum(b.Min.X, y)
		for x := b.Min.X + 1; x < b.Max.X; x++ {
			l := lum(x, y)
			sum += math.Abs(l - prev)
			sumL += l
			sumL2 += l * l
			prev = l
			n++
		}
	}
	mean := sumL / float64(n)
	return sum / float64(n), math.Sqrt(sumL2/float64(n) - mean*mean)
}

func TestPictureLooksLikeAnIllustration(t *testing.T) {
	for seed := int64(0); seed < 25; seed++ {
		nb, spread := smoothness(Picture(seed, 320, 180))
		if nb > 6 {
			t.Errorf("seed %d: picture is noisy (mean neighbour difference %.1f)", seed, nb)
		}
		if spread < 12 {
			t.Errorf("seed %d: picture is nearly flat (luminance spread %.1f)", seed, spread)
		}
	}
	nb, spread := smoothness(Portrait(4, 128))
	if nb > 6 || spread < 8 {
		t.Errorf("portrait looks wrong: neighbour %.1f, spread %.1f", nb, spread)
	}
}

// TestRenderSamples writes a few pictures as PNG files for a human to look
// at. Set DEMO_PICS_DIR to keep them; otherwise they go to a temp dir.
func TestRenderSamples(t *testing.T) {
	dir := os.Getenv("DEMO_PICS_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, img image.Image) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
	}
	for seed := int64(0); seed < 5; seed++ {
		write("picture-"+string(rune('0'+seed))+".png", Picture(seed, 800, 450))
	}
	write("portrait-0.png", Portrait(0, 256))
}

func BenchmarkPicture(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Picture(int64(i%10), 1600, 900)
	}
}

func BenchmarkPortrait(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		Portrait(int64(i%10), 256)
	}
}

func TestPictureForFitsItsDescription(t *testing.T) {
	same := func(a, b image.Image) bool { return bytes.Equal(pixels(a), pixels(b)) }
	for alt, scene := range map[string]int{
		"Evening over the lagoon, with city buildings reflected": sceneCity,
		"Sun setting over a calm harbour":                        sceneLake,
		"Desert dunes under a warm sky":                          sceneDunes,
		"Layers of misty mountains":                              sceneMountains,
		"Green rolling hills with scattered trees":               sceneCountryside,
	} {
		r := rand.New(rand.NewPCG(7, 0x9e3779b97f4a7c15))
		if !same(PictureFor(alt, 7, 64, 36), draw(r, scene, 64, 36)) {
			t.Errorf("%q did not get scene %d", alt, scene)
		}
	}
	if !same(PictureFor("an abstract idea", 9, 32, 18), Picture(9, 32, 18)) {
		t.Error("a description without a scene should fall back to Picture")
	}
}

func TestComments(t *testing.T) {
	headlines := map[string]bool{}
	for _, a := range Articles() {
		headlines[a.Headline] = true
	}
	held, n := 0, 0
	var walk func(cs []Comment, depth int)
	walk = func(cs []Comment, depth int) {
		for _, c := range cs {
			n++
			if strings.TrimSpace(c.Name) == "" || strings.TrimSpace(c.Body) == "" || len([]rune(c.Body)) > 5000 {
				t.Errorf("comment %+v: needs a name and a text of at most 5000 characters", c)
			}
			if c.Held {
				held++
			}
			if depth > 1 {
				t.Errorf("comment by %s nests deeper than the default depth allows", c.Name)
			}
			walk(c.Replies, depth+1)
		}
	}
	for h, cs := range Comments() {
		if !headlines[h] {
			t.Errorf("comments for %q, which is not a demo headline", h)
		}
		walk(cs, 0)
	}
	if n < 10 || held == 0 {
		t.Errorf("%d comments, %d held: want a lively page and a non-empty moderation queue", n, held)
	}
}
