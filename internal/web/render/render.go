// Package render owns the HTML templates and the static assets: it parses one
// template set per page from the embedded files, gives templates a few helper
// functions, and serves assets under fingerprinted names so they can be cached
// for a year. Sanitised rich content reaches templates only as template.HTML
// fields made by richtext; there is no generic "safe" function here.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"

	"github.com/tdewolff/minify/v2"
	mincss "github.com/tdewolff/minify/v2/css"
	minjs "github.com/tdewolff/minify/v2/js"

	"broadsheet/internal/article"
	"broadsheet/internal/web/assets"
	"broadsheet/internal/web/pagecache"
)

// Renderer renders named pages.
type Renderer struct {
	pages  map[string]*template.Template
	bare   map[string]*template.Template // whole documents without the site's layout (ad frames)
	mails  map[string]mailTemplates
	assets map[string]asset // logical name -> fingerprinted
	byHash map[string]asset // fingerprinted name -> asset
}

type asset struct {
	name, hashed, ctype string
	body                []byte
	packed              *packed // gzip and brotli copies, for text
}

// packed holds an asset's compressed copies, made once when first asked for
// (so a test that builds many renderers pays nothing for them).
type packed struct {
	once   sync.Once
	gz, br []byte
}

func (p *packed) get(body []byte) (gz, br []byte) {
	p.once.Do(func() { p.gz, p.br = pagecache.Compress(body) })
	return p.gz, p.br
}

// minifier shrinks the hand-written CSS and JavaScript (the editor bundle
// comes minified from esbuild).
func minifier() *minify.M {
	m := minify.New()
	m.AddFunc("text/css", mincss.Minify)
	m.AddFunc("text/javascript", minjs.Minify)
	return m
}

// New parses every page template and fingerprints every static file.
func New() (*Renderer, error) {
	r := &Renderer{pages: map[string]*template.Template{}, bare: map[string]*template.Template{}, mails: map[string]mailTemplates{}, assets: map[string]asset{}, byHash: map[string]asset{}}
	mini := minifier()
	err := fs.WalkDir(assets.Static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.Static.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		if kind := map[string]string{".css": "text/css", ".js": "text/javascript"}[ext]; kind != "" && !minified(b) {
			if b, err = mini.Bytes(kind, b); err != nil {
				return fmt.Errorf("minifying %s: %w", name, err)
			}
		}
		sum := sha256.Sum256(b)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		a := asset{name: name, hashed: hashed, ctype: ct, body: b}
		if strings.HasPrefix(ct, "text/") || strings.HasSuffix(ct, "javascript") || strings.HasSuffix(ct, "+xml") {
			a.packed = &packed{}
		}
		r.assets[name], r.byHash[hashed] = a, a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("render: assets: %w", err)
	}
	for _, surface := range []string{"site", "newsroom"} {
		dir := "templates/" + surface
		entries, err := fs.ReadDir(assets.Templates, dir)
		if err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
		var partials []string
		var pages []string
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "_") {
				partials = append(partials, dir+"/"+e.Name())
			} else {
				pages = append(pages, e.Name())
			}
		}
		for _, p := range pages {
			t := template.New(p).Funcs(r.funcs())
			files := append([]string{dir + "/" + p}, partials...)
			if _, err := t.ParseFS(assets.Templates, files...); err != nil {
				return nil, fmt.Errorf("render: %s: %w", p, err)
			}
			r.pages[surface+"/"+strings.TrimSuffix(p, ".html")] = t
		}
	}
	if err := r.parseMails(); err != nil {
		return nil, err
	}
	bare, err := fs.ReadDir(assets.Templates, "templates/bare")
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	for _, e := range bare {
		t, err := template.New(e.Name()).Funcs(r.funcs()).ParseFS(assets.Templates, "templates/bare/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("render: %s: %w", e.Name(), err)
		}
		r.bare[strings.TrimSuffix(e.Name(), ".html")] = t
	}
	return r, nil
}

// mailTemplates are one message's plain-text (with its subject) and HTML parts.
type mailTemplates struct {
	text *texttemplate.Template
	html *template.Template
}

// parseMails reads templates/mail: NAME.txt defines "subject" and "text",
// NAME.html defines "html" inside the shared _layout.html.
func (r *Renderer) parseMails() error {
	entries, err := fs.ReadDir(assets.Templates, "templates/mail")
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".txt")
		if !ok {
			continue
		}
		t, err := texttemplate.New(e.Name()).ParseFS(assets.Templates, "templates/mail/"+e.Name())
		if err != nil {
			return fmt.Errorf("render: mail %s: %w", name, err)
		}
		h, err := template.New(name+".html").Funcs(r.funcs()).ParseFS(assets.Templates, "templates/mail/"+name+".html", "templates/mail/_layout.html")
		if err != nil {
			return fmt.Errorf("render: mail %s: %w", name, err)
		}
		r.mails[name] = mailTemplates{text: t, html: h}
	}
	return nil
}

// Mail renders message name with data: its subject, plain text and HTML.
func (r *Renderer) Mail(name string, data any) (subject, text, html string, err error) {
	m, ok := r.mails[name]
	if !ok {
		return "", "", "", fmt.Errorf("render: no mail %q", name)
	}
	var sb, tb, hb bytes.Buffer
	if err := m.text.ExecuteTemplate(&sb, "subject", data); err != nil {
		return "", "", "", fmt.Errorf("render: mail %s: %w", name, err)
	}
	if err := m.text.ExecuteTemplate(&tb, "text", data); err != nil {
		return "", "", "", fmt.Errorf("render: mail %s: %w", name, err)
	}
	if err := m.html.ExecuteTemplate(&hb, "layout", data); err != nil {
		return "", "", "", fmt.Errorf("render: mail %s: %w", name, err)
	}
	return strings.Join(strings.Fields(sb.String()), " "), strings.TrimSpace(tb.String()) + "\n", hb.String(), nil
}

// MailNames lists the mail templates, for the test that renders them all.
func (r *Renderer) MailNames() []string {
	var out []string
	for n := range r.mails {
		out = append(out, n)
	}
	return out
}

// Names lists the page templates, for the test that renders them all.
func (r *Renderer) Names() []string {
	var out []string
	for n := range r.pages {
		out = append(out, n)
	}
	return out
}

// Render executes page name (e.g. "site/article") with data into w. It renders
// into a buffer first, so a template error never sends half a page.
func (r *Renderer) Render(w http.ResponseWriter, status int, name string, data any) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("render: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render: %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// RenderBare renders a whole document from templates/bare, without the
// site's layout.
func (r *Renderer) RenderBare(w http.ResponseWriter, status int, name string, data any) error {
	t, ok := r.bare[name]
	if !ok {
		return fmt.Errorf("render: no document %q", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("render: %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// Asset returns the fingerprinted URL of a static file.
func (r *Renderer) Asset(name string) string {
	if a, ok := r.assets[name]; ok {
		return "/static/" + a.hashed
	}
	return "/static/" + name
}

// ServeStatic serves /static/{name}: fingerprinted names are immutable for a
// year; plain names are served too (for old links) with a short cache.
func (r *Renderer) ServeStatic(w http.ResponseWriter, req *http.Request) {
	name := req.PathValue("name")
	a, ok := r.byHash[name]
	cache := "public, max-age=31536000, immutable"
	if !ok {
		a, ok = r.assets[name]
		cache = "public, max-age=300"
	}
	if !ok {
		http.NotFound(w, req)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", cache)
	h.Set("X-Content-Type-Options", "nosniff")
	body := a.body
	if a.packed != nil {
		h.Set("Vary", "Accept-Encoding")
		gz, br := a.packed.get(a.body)
		switch pagecache.AcceptEncoding(req, len(br) < len(body), len(gz) < len(body)) {
		case "br":
			body = br
			h.Set("Content-Encoding", "br")
		case "gzip":
			body = gz
			h.Set("Content-Encoding", "gzip")
		}
	}
	// The ETag names the content (fingerprint and encoding), so a browser
	// revalidating a plain name gets 304 when nothing changed.
	tag := strings.TrimSuffix(a.hashed, path.Ext(a.hashed))
	if enc := h.Get("Content-Encoding"); enc != "" {
		tag += "-" + enc
	}
	h.Set("ETag", `"`+tag+`"`)
	http.ServeContent(w, req, "", time.Time{}, bytes.NewReader(body))
}

// minified reports whether a script or style sheet already is (long lines:
// a bundler's output).
func minified(b []byte) bool {
	lines := bytes.Count(b, []byte("\n")) + 1
	return len(b)/lines > 300
}

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": r.Asset,
		"date": func(t time.Time, loc *time.Location) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("January 2, 2006")
		},
		"datetime": func(t time.Time, loc *time.Location) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("Jan 2, 2006, 15:04")
		},
		"iso": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format(time.RFC3339)
		},
		"localInput": func(t time.Time, loc *time.Location) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("2006-01-02T15:04")
		},
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
		"join":  strings.Join,
		"add":   func(a, b int) int { return a + b },
		"upper": strings.ToUpper,
		"contains": func(list []int64, id int64) bool {
			for _, x := range list {
				if x == id {
					return true
				}
			}
			return false
		},
		"card": func(a *article.Article, loc *time.Location, image, standfirst, kicker bool) Card {
			return Card{A: a, Loc: loc, Image: image, Standfirst: standfirst, Kicker: kicker}
		},
		"linkName": LinkName,
		"hero":     HeroOf,
		"avatar":   AvatarURL,
		"div": func(a, b int) int {
			if b == 0 {
				return 0
			}
			return a / b
		},
		"picture":     PictureHTML,
		"cardPicture": CardHTML,
		"readingTime": func(words int) string {
			return fmt.Sprintf("%d min read", max(1, (words+200)/230))
		},
		"table": func(as []*article.Article, loc *time.Location) Table { return Table{Articles: as, Loc: loc} },
		"tableWithReads": func(as []*article.Article, loc *time.Location, reads map[int64]int64) Table {
			return Table{Articles: as, Loc: loc, Reads: reads, WithReads: true}
		},
		"field": func(name, label, value string, errs map[string]string) Field {
			return Field{Name: name, Label: label, Value: value, Error: errs[name]}
		},
		// errs gives a form its errors only when they belong to it (a page
		// with several forms shows each form's problems beside that form).
		"errs": func(form, want string, errs map[string]string) map[string]string {
			if form != want {
				return nil
			}
			return errs
		},
		"input": func(name, label, typ, value, autocomplete string, required bool, max int, hint string, errs map[string]string) Input {
			return Input{Field: Field{Name: name, Label: label, Value: value, Error: errs[name]}, Type: typ,
				Autocomplete: autocomplete, Required: required, Max: max, Hint: hint}
		},
	}
}

// AdSlot is a placement on a page that has an ad to show: a frame of a
// reserved size, labelled, whose document (chosen when the frame loads)
// holds the ad.
type AdSlot struct {
	Placement     string // header, sidebar, article, list
	Label         string // unique on the page: "Advertisement", "Advertisement 2", ...
	Src           string // the frame's address
	Width, Height int
	Lazy          bool // below the first screen: load when near
}

// Card is an article teaser.
type Card struct {
	A                         *article.Article
	Loc                       *time.Location
	Image, Standfirst, Kicker bool
	Class                     string
}

// Table is a list of articles in the newsroom, with the site's time zone.
type Table struct {
	Articles []*article.Article
	Loc      *time.Location
	// Reads are the stories' reads over the last week, shown when WithReads.
	Reads     map[int64]int64
	WithReads bool
}

// Field is what the shared form-field partial shows.
type Field struct {
	Name, Label, Value, Error string
}

// Input is a reader-site form field.
type Input struct {
	Field
	Type, Autocomplete, Hint string
	Required                 bool
	Max                      int
}

// linkNames are the names of well-known profile sites, by host.
var linkNames = map[string]string{
	"x.com": "X", "twitter.com": "X", "facebook.com": "Facebook", "instagram.com": "Instagram",
	"linkedin.com": "LinkedIn", "threads.net": "Threads", "threads.com": "Threads", "bsky.app": "Bluesky",
	"youtube.com": "YouTube", "tiktok.com": "TikTok", "github.com": "GitHub", "medium.com": "Medium",
	"substack.com": "Substack", "whatsapp.com": "WhatsApp", "t.me": "Telegram", "telegram.me": "Telegram",
}

// LinkName is how a page names a profile link: the site's name for a
// well-known one ("X", "LinkedIn", "Mastodon (its host)" for /@name
// addresses),
// "Email" for mail, else the host without "www.".
func LinkName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "Website"
	}
	if u.Scheme == "mailto" {
		return "Email"
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	if name, ok := linkNames[host]; ok {
		return name
	}
	for known, name := range linkNames {
		if strings.HasSuffix(host, "."+known) {
			return name
		}
	}
	if strings.HasPrefix(u.Path, "/@") && host != "" {
		return "Mastodon (" + host + ")"
	}
	if host == "" {
		return "Website"
	}
	return host
}
