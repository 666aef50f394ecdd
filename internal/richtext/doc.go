// Package richtext owns the structured article document: the only form in which
// rich content is stored and the only way it reaches a page. Input HTML (from the
// editor, the API or an import) is parsed into a Doc, keeping a small, known set of
// blocks and marks and dropping everything else; a Doc renders to HTML with every
// text escaped and every URL checked again. It imports nothing of ours.
package richtext

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Block types.
const (
	Paragraph = "paragraph"
	Heading   = "heading"
	Quote     = "quote"
	List      = "list"
	Image     = "image"
	Embed     = "embed"
	Table     = "table"
)

// Limits keep a single document from exhausting memory or the page.
const (
	MaxBlocks    = 2000
	MaxTextRunes = 200_000
	maxDepth     = 256
	// A table keeps at most this many rows and columns (a pasted
	// spreadsheet larger than that is cut, and the editor says so).
	MaxTableRows = 500
	MaxTableCols = 30
	// MaxTableCells bounds the cells of all of a document's tables
	// together, empty ones included (a row of 30 cells above 499 rows of one
	// would otherwise make 15,000 from a few kilobytes).
	MaxTableCells = 20_000
)

// Doc is an article body: an ordered list of blocks.
type Doc struct {
	Blocks []Block `json:"blocks"`
}

// Block is one paragraph, heading, quote, list, image or embed.
type Block struct {
	Type    string     `json:"type"`
	Level   int        `json:"level,omitempty"`   // heading: 2 or 3
	Inlines []Inline   `json:"inlines,omitempty"` // paragraph, heading
	Items   [][]Inline `json:"items,omitempty"`   // list items; quote paragraphs
	Ordered bool       `json:"ordered,omitempty"` // list
	Cite    string     `json:"cite,omitempty"`    // quote attribution
	MediaID int64      `json:"media_id,omitempty"`
	Src     string     `json:"src,omitempty"` // image: a /media/ path
	Alt     string     `json:"alt,omitempty"`
	Caption string     `json:"caption,omitempty"`
	Credit  string     `json:"credit,omitempty"` // image: photographer / agency
	Width   int        `json:"width,omitempty"`
	Height  int        `json:"height,omitempty"`
	URL     string     `json:"url,omitempty"` // embed: an https address shown as a link
	// Table: rows of cells, each cell a run of inlines; Header says the
	// first row holds the columns' headings. Caption is the table's title.
	Rows   [][][]Inline `json:"rows,omitempty"`
	Header bool         `json:"header,omitempty"`
}

// Inline is a run of text with marks. A Text of "\n" is a line break.
type Inline struct {
	Text   string `json:"text"`
	Bold   bool   `json:"bold,omitempty"`
	Italic bool   `json:"italic,omitempty"`
	Href   string `json:"href,omitempty"`
	NewTab bool   `json:"new_tab,omitempty"` // the link opens in a new tab
}

// Empty reports whether the document has no visible content.
func (d Doc) Empty() bool { return strings.TrimSpace(d.Text()) == "" && !d.hasMedia() }

func (d Doc) hasMedia() bool {
	for _, b := range d.Blocks {
		if b.Type == Image || b.Type == Embed {
			return true
		}
	}
	return false
}

// Text returns the document's plain text, blocks separated by blank lines.
func (d Doc) Text() string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		switch bl.Type {
		case Paragraph, Heading:
			writeText(&b, bl.Inlines)
		case Quote, List:
			for j, it := range bl.Items {
				if j > 0 {
					b.WriteString("\n")
				}
				writeText(&b, it)
			}
		case Image:
			b.WriteString(bl.Caption)
		case Table:
			if bl.Caption != "" {
				b.WriteString(bl.Caption + "\n")
			}
			for j, row := range bl.Rows {
				if j > 0 {
					b.WriteString("\n")
				}
				for k, cell := range row {
					if k > 0 {
						b.WriteString(" | ")
					}
					writeText(&b, cell)
				}
			}
		}
	}
	return b.String()
}

func writeText(b *strings.Builder, ins []Inline) {
	for _, in := range ins {
		b.WriteString(in.Text)
	}
}

// Images lists the media ids used by image blocks.
func (d Doc) Images() []int64 {
	var ids []int64
	for _, b := range d.Blocks {
		if b.Type == Image && b.MediaID > 0 {
			ids = append(ids, b.MediaID)
		}
	}
	return ids
}

// Marshal encodes the document for storage.
func (d Doc) Marshal() string {
	if d.Blocks == nil {
		d.Blocks = []Block{}
	}
	b, _ := json.Marshal(d) // a Doc has only strings, numbers and slices: it always encodes
	return string(b)
}

// Unmarshal decodes a stored document and cleans it as if it came from outside,
// so a row edited by hand in the database cannot smuggle anything into a page.
func Unmarshal(s string) (Doc, error) {
	var d Doc
	if strings.TrimSpace(s) == "" {
		return d, nil
	}
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return Doc{}, fmt.Errorf("richtext: stored document: %w", err)
	}
	return d.Clean(), nil
}

// Clean drops unknown blocks, unsafe URLs and empty content, and enforces limits.
func (d Doc) Clean() Doc {
	out := Doc{Blocks: []Block{}}
	budget := MaxTextRunes
	cells := MaxTableCells
	for _, b := range d.Blocks {
		if len(out.Blocks) >= MaxBlocks || budget <= 0 {
			break
		}
		switch b.Type {
		case Paragraph, Heading:
			ins := cleanInlines(b.Inlines, &budget)
			if len(ins) == 0 {
				continue
			}
			nb := Block{Type: b.Type, Inlines: ins}
			if b.Type == Heading {
				nb.Level = 2
				if b.Level >= 3 {
					nb.Level = 3
				}
			}
			out.Blocks = append(out.Blocks, nb)
		case Quote, List:
			nb := Block{Type: b.Type, Ordered: b.Type == List && b.Ordered}
			for _, it := range b.Items {
				if ins := cleanInlines(it, &budget); len(ins) > 0 {
					nb.Items = append(nb.Items, ins)
				}
			}
			if b.Type == Quote {
				nb.Cite = clip(oneLine(b.Cite), 300)
			}
			if len(nb.Items) > 0 {
				out.Blocks = append(out.Blocks, nb)
			}
		case Image:
			src, ok := MediaPath(b.Src)
			if !ok {
				continue
			}
			nb := Block{Type: Image, Src: src, MediaID: max(b.MediaID, 0),
				Alt: clip(oneLine(b.Alt), 500), Caption: clip(oneLine(b.Caption), 1000), Credit: clip(oneLine(b.Credit), 200)}
			if b.Width > 0 && b.Width < 20000 && b.Height > 0 && b.Height < 20000 {
				nb.Width, nb.Height = b.Width, b.Height
			}
			out.Blocks = append(out.Blocks, nb)
		case Embed:
			if u, ok := embedURL(b.URL); ok {
				out.Blocks = append(out.Blocks, Block{Type: Embed, URL: u})
			}
		case Table:
			if nb, ok := cleanTable(b, &budget, &cells); ok {
				out.Blocks = append(out.Blocks, nb)
			}
		}
	}
	return out
}

// cleanTable keeps at most MaxTableRows rows of MaxTableCols cells, makes
// every row as wide as the widest (a table is a grid), and drops a table
// with no text at all.
func cleanTable(b Block, budget, cells *int) (Block, bool) {
	nb := Block{Type: Table, Header: b.Header, Caption: clip(oneLine(b.Caption), 300)}
	cols, text := 0, false
	for _, row := range b.Rows {
		if len(nb.Rows) >= MaxTableRows {
			break
		}
		if len(row) > MaxTableCols {
			row = row[:MaxTableCols]
		}
		// Every row will be as wide as the widest: count it so.
		if w := max(cols, len(row)); (len(nb.Rows)+1)*w > *cells {
			break
		}
		nr := make([][]Inline, len(row))
		for i, cell := range row {
			nr[i] = cleanInlines(cell, budget)
			text = text || len(nr[i]) > 0
		}
		cols = max(cols, len(nr))
		nb.Rows = append(nb.Rows, nr)
	}
	if !text || cols == 0 {
		return Block{}, false
	}
	*cells -= len(nb.Rows) * cols
	for i, row := range nb.Rows {
		for len(row) < cols {
			row = append(row, nil)
		}
		nb.Rows[i] = row
	}
	return nb, true
}

func cleanInlines(ins []Inline, budget *int) []Inline {
	var out []Inline
	for _, in := range ins {
		t := cleanText(in.Text)
		if t == "" {
			continue
		}
		if n := utf8.RuneCountInString(t); n > *budget {
			t = clip(t, *budget)
			*budget = 0
		} else {
			*budget -= n
		}
		href := ""
		if in.Href != "" {
			href, _ = SafeHref(in.Href)
		}
		nin := Inline{Text: t, Bold: in.Bold, Italic: in.Italic, Href: href, NewTab: href != "" && in.NewTab}
		if n := len(out); n > 0 && out[n-1].Bold == nin.Bold && out[n-1].Italic == nin.Italic && out[n-1].Href == nin.Href && out[n-1].NewTab == nin.NewTab && t != "\n" && out[n-1].Text != "\n" {
			out[n-1].Text += t
		} else {
			out = append(out, nin)
		}
		if *budget <= 0 {
			break
		}
	}
	// Trim line breaks and spaces at the edges.
	for len(out) > 0 && strings.TrimSpace(out[0].Text) == "" {
		out = out[1:]
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1].Text) == "" {
		out = out[:len(out)-1]
	}
	if len(out) > 0 {
		out[0].Text = strings.TrimLeft(out[0].Text, " ")
		out[len(out)-1].Text = strings.TrimRight(out[len(out)-1].Text, " ")
	}
	return out
}

// cleanText removes control characters (but keeps a lone "\n" line break) and
// invalid UTF-8.
func cleanText(s string) string {
	if s == "\n" {
		return s
	}
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			return -1
		}
		return r
	}, s)
}

func oneLine(s string) string { return strings.Join(strings.Fields(cleanText(s)), " ") }

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// SafeHref returns a normalised link target if it is http(s), mailto, a
// site-relative path or a fragment; anything else (javascript:, data:, ...) is refused.
func SafeHref(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 2048 {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
	case "mailto":
		if u.Opaque == "" {
			return "", false
		}
	case "":
		// Relative: only a path from the site root or a fragment; never "//host".
		if u.Host != "" || strings.HasPrefix(raw, "//") || strings.HasPrefix(raw, "\\") {
			return "", false
		}
		if !strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "#") {
			return "", false
		}
	default:
		return "", false
	}
	u.User = nil
	return u.String(), true
}

// MediaPath accepts only images served by this site from /media/.
func MediaPath(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", false
	}
	p := u.Path
	if !strings.HasPrefix(p, "/media/") || strings.Contains(p, "..") || strings.Count(p, "/") != 2 || len(p) > 200 {
		return "", false
	}
	for _, r := range p[len("/media/"):] {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return "", false
		}
	}
	return p, true
}

func embedURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "https" || u.Host == "" || len(raw) > 2048 {
		return "", false
	}
	u.User = nil
	return u.String(), true
}
