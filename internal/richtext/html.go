package richtext

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxInputBytes bounds the HTML that FromHTML will look at.
const MaxInputBytes = 2 << 20

// FromHTML converts HTML from the editor, the API or a word processor into a Doc.
// It keeps paragraphs, headings, quotes, lists, figures with captions, embeds and
// the bold, italic and link marks; scripts, styles and every other element and
// attribute are dropped (their text kept where it is readable content).
func FromHTML(src string) Doc {
	if len(src) > MaxInputBytes {
		src = src[:MaxInputBytes]
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(src), ctx)
	if err != nil {
		return Doc{Blocks: []Block{}}
	}
	c := &converter{}
	for _, n := range nodes {
		c.block(n, 0)
	}
	c.flush()
	return Doc{Blocks: c.blocks}.Clean()
}

type marks struct {
	bold, italic, newTab bool
	href                 string
}

type converter struct {
	blocks []Block
	cur    []Inline // paragraph being collected from loose inline content
}

// dropped elements lose their content too.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true, atom.Object: true,
	atom.Svg: true, atom.Math: true, atom.Form: true, atom.Input: true, atom.Button: true,
	atom.Select: true, atom.Textarea: true, atom.Canvas: true, atom.Audio: true, atom.Video: true,
	atom.Frameset: true, atom.Frame: true, atom.Base: true, atom.Embed: true, atom.Applet: true,
	atom.Noembed: true, atom.Noframes: true, atom.Param: true, atom.Source: true, atom.Track: true,
	atom.Dialog: true, atom.Hr: true,
}

func (c *converter) flush() {
	if len(c.cur) > 0 {
		c.blocks = append(c.blocks, Block{Type: Paragraph, Inlines: normalise(c.cur)})
		c.cur = nil
	}
}

// block handles a node in block context.
func (c *converter) block(n *html.Node, depth int) {
	if depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		c.cur = append(c.cur, Inline{Text: n.Data})
		return
	case html.ElementNode:
	case html.DocumentNode:
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			c.block(ch, depth+1)
		}
		return
	default: // comments, doctypes
		return
	}
	if dropped[n.DataAtom] || strings.Contains(n.Data, ":") && isWordJunk(n.Data) {
		return
	}
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.Address, atom.Dt, atom.Dd, atom.Caption, atom.Summary:
		c.flush()
		c.paragraphs(n, depth)
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		c.flush()
		level := 2
		if n.DataAtom != atom.H1 && n.DataAtom != atom.H2 {
			level = 3
		}
		var ins []Inline
		var imgs []Block
		c.inline(n, marks{}, &ins, &imgs, depth)
		c.blocks = append(c.blocks, Block{Type: Heading, Level: level, Inlines: normalise(ins)})
		c.blocks = append(c.blocks, imgs...)
	case atom.Blockquote:
		c.flush()
		c.quote(n, depth)
	case atom.Ul, atom.Ol:
		c.flush()
		b := Block{Type: List, Ordered: n.DataAtom == atom.Ol}
		var imgs []Block
		c.listItems(n, &b, &imgs, depth)
		c.blocks = append(c.blocks, b)
		c.blocks = append(c.blocks, imgs...)
	case atom.Figure:
		c.flush()
		c.figure(n, depth)
	case atom.Img:
		c.flush()
		if b, ok := imageBlock(n, ""); ok {
			c.blocks = append(c.blocks, b)
		}
	case atom.Iframe:
		c.flush()
		if u := attr(n, "src"); u != "" {
			c.blocks = append(c.blocks, Block{Type: Embed, URL: u})
		}
	case atom.Br:
		c.cur = append(c.cur, Inline{Text: "\n"})
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer, atom.Aside,
		atom.Nav, atom.Center, atom.Body, atom.Html, atom.Tbody, atom.Thead, atom.Tfoot,
		atom.Dl, atom.Details, atom.Fieldset, atom.Li:
		c.flush()
		if n.DataAtom == atom.Div && hasClass(n, "embed") {
			if a := find(n, atom.A); a != nil {
				c.blocks = append(c.blocks, Block{Type: Embed, URL: attr(a, "href")})
				return
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			c.block(ch, depth+1)
		}
		c.flush()
	case atom.Table:
		c.flush()
		c.table(n, depth)
	case atom.Tr:
		c.flush()
		var ins []Inline
		var imgs []Block
		for cell := n.FirstChild; cell != nil; cell = cell.NextSibling {
			if len(ins) > 0 {
				ins = append(ins, Inline{Text: " | "})
			}
			c.inline(cell, marks{}, &ins, &imgs, depth+1)
		}
		c.blocks = append(c.blocks, Block{Type: Paragraph, Inlines: normalise(ins)})
		c.blocks = append(c.blocks, imgs...)
	default:
		// Inline content at block level joins the current loose paragraph.
		var imgs []Block
		c.inline(n, marks{}, &c.cur, &imgs, depth)
		if len(imgs) > 0 {
			c.flush()
			c.blocks = append(c.blocks, imgs...)
		}
	}
}

// table turns a <table> into a table block: its rows (from thead, tbody,
// tfoot or the table itself) and cells (th or td; spans are not kept, each
// cell counts once), its caption, and whether the first row holds headings
// (in a thead, or all th). Pictures in cells follow the table.
func (c *converter) table(n *html.Node, depth int) {
	b := Block{Type: Table}
	var imgs []Block
	firstInHead := false
	var rows func(p *html.Node, head bool, depth int)
	rows = func(p *html.Node, head bool, depth int) {
		if depth > maxDepth {
			return
		}
		for ch := p.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			switch ch.DataAtom {
			case atom.Caption:
				if b.Caption == "" {
					b.Caption = textOf(ch)
				}
			case atom.Thead:
				rows(ch, true, depth+1)
			case atom.Tbody, atom.Tfoot:
				rows(ch, false, depth+1)
			case atom.Tr:
				if len(b.Rows) >= MaxTableRows {
					continue
				}
				var row [][]Inline
				allHeads := true
				for cell := ch.FirstChild; cell != nil; cell = cell.NextSibling {
					if cell.Type != html.ElementNode || (cell.DataAtom != atom.Td && cell.DataAtom != atom.Th) {
						continue
					}
					if len(row) >= MaxTableCols {
						break
					}
					allHeads = allHeads && cell.DataAtom == atom.Th
					var ins []Inline
					c.cell(cell, &ins, &imgs, depth+1)
					row = append(row, normalise(ins))
				}
				if len(row) == 0 {
					continue
				}
				if len(b.Rows) == 0 {
					firstInHead = head || allHeads
				}
				b.Rows = append(b.Rows, row)
			}
		}
	}
	rows(n, false, depth+1)
	b.Header = firstInHead && len(b.Rows) > 1
	if len(b.Rows) > 0 {
		c.blocks = append(c.blocks, b)
	}
	c.blocks = append(c.blocks, imgs...)
}

// cell collects a table cell's text: its paragraphs (the editor writes
// <td><p>…</p></td>) become lines.
func (c *converter) cell(n *html.Node, ins *[]Inline, imgs *[]Block, depth int) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && (ch.DataAtom == atom.P || ch.DataAtom == atom.Div) {
			if len(*ins) > 0 {
				*ins = append(*ins, Inline{Text: "\n"})
			}
			c.inline(ch, marks{}, ins, imgs, depth+1)
			continue
		}
		c.inline(ch, marks{}, ins, imgs, depth+1)
	}
}

// paragraphs turns a <p>-like element into a paragraph, splitting out images.
func (c *converter) paragraphs(n *html.Node, depth int) {
	var ins []Inline
	var imgs []Block
	c.inline(n, marks{}, &ins, &imgs, depth)
	if n.DataAtom == atom.Pre {
		for i := range ins {
			ins[i].Text = strings.ReplaceAll(ins[i].Text, "\n", " ")
		}
	}
	c.blocks = append(c.blocks, Block{Type: Paragraph, Inlines: normalise(ins)})
	c.blocks = append(c.blocks, imgs...)
}

func (c *converter) quote(n *html.Node, depth int) {
	q := Block{Type: Quote}
	var loose []Inline
	var imgs []Block
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && (ch.DataAtom == atom.P || ch.DataAtom == atom.Div || ch.DataAtom == atom.Blockquote) {
			if len(loose) > 0 {
				q.Items = append(q.Items, normalise(loose))
				loose = nil
			}
			var ins []Inline
			c.inline(ch, marks{}, &ins, &imgs, depth+1)
			q.Items = append(q.Items, normalise(ins))
			continue
		}
		if ch.Type == html.ElementNode && (ch.DataAtom == atom.Cite || ch.DataAtom == atom.Footer) {
			q.Cite = textOf(ch)
			continue
		}
		c.inline(ch, marks{}, &loose, &imgs, depth+1)
	}
	if len(loose) > 0 {
		q.Items = append(q.Items, normalise(loose))
	}
	c.blocks = append(c.blocks, q)
	c.blocks = append(c.blocks, imgs...)
}

func (c *converter) listItems(n *html.Node, b *Block, imgs *[]Block, depth int) {
	if depth > maxDepth {
		return
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode || dropped[ch.DataAtom] {
			continue
		}
		if ch.DataAtom == atom.Li {
			var ins []Inline
			var nested []*html.Node
			for g := ch.FirstChild; g != nil; g = g.NextSibling {
				if g.Type == html.ElementNode && (g.DataAtom == atom.Ul || g.DataAtom == atom.Ol) {
					nested = append(nested, g)
					continue
				}
				if g.Type == html.ElementNode && g.DataAtom == atom.P && len(ins) > 0 {
					ins = append(ins, Inline{Text: " "})
				}
				c.inline(g, marks{}, &ins, imgs, depth+1)
			}
			b.Items = append(b.Items, normalise(ins))
			for _, g := range nested { // nested lists are flattened into this one
				c.listItems(g, b, imgs, depth+1)
			}
			continue
		}
		c.listItems(ch, b, imgs, depth+1)
	}
}

func (c *converter) figure(n *html.Node, depth int) {
	img := find(n, atom.Img)
	capNode := find(n, atom.Figcaption)
	caption, credit := "", ""
	if capNode != nil {
		for ch := capNode.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.DataAtom == atom.Span && hasClass(ch, "photo-credit") {
				credit = textOf(ch)
				capNode.RemoveChild(ch) // the rest is the caption
				break
			}
		}
		caption = textOf(capNode)
	}
	if img != nil {
		if b, ok := imageBlock(img, caption); ok {
			if c := attr(img, "data-credit"); c != "" {
				credit = c
			}
			b.Credit = credit
			c.blocks = append(c.blocks, b)
		}
		return
	}
	if a := find(n, atom.A); a != nil && hasClass(n, "embed") {
		c.blocks = append(c.blocks, Block{Type: Embed, URL: attr(a, "href")})
		return
	}
	if ifr := find(n, atom.Iframe); ifr != nil {
		c.blocks = append(c.blocks, Block{Type: Embed, URL: attr(ifr, "src")})
		return
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.block(ch, depth+1)
	}
	c.flush()
}

func imageBlock(img *html.Node, caption string) (Block, bool) {
	src, ok := MediaPath(attr(img, "src"))
	if !ok {
		return Block{}, false
	}
	b := Block{Type: Image, Src: src, Alt: attr(img, "alt"), Caption: caption}
	b.MediaID, _ = strconv.ParseInt(attr(img, "data-media-id"), 10, 64)
	b.Width, _ = strconv.Atoi(attr(img, "width"))
	b.Height, _ = strconv.Atoi(attr(img, "height"))
	return b, true
}

// inline collects inline content of n into ins; images found inside are
// collected separately, to be placed after the enclosing block.
func (c *converter) inline(n *html.Node, m marks, ins *[]Inline, imgs *[]Block, depth int) {
	if depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		*ins = append(*ins, Inline{Text: n.Data, Bold: m.bold, Italic: m.italic, Href: m.href, NewTab: m.href != "" && m.newTab})
		return
	case html.ElementNode:
	default:
		return
	}
	if dropped[n.DataAtom] || isWordJunk(n.Data) {
		return
	}
	switch n.DataAtom {
	case atom.Br:
		*ins = append(*ins, Inline{Text: "\n"})
		return
	case atom.Img:
		if b, ok := imageBlock(n, ""); ok {
			*imgs = append(*imgs, b)
		}
		return
	case atom.Iframe:
		if u := attr(n, "src"); u != "" {
			*imgs = append(*imgs, Block{Type: Embed, URL: u})
		}
		return
	case atom.B, atom.Strong:
		// Google Docs wraps whole documents in <b style="font-weight:normal">.
		if !styleSays(n, "font-weight", "normal", "400") {
			m.bold = true
		}
	case atom.I, atom.Em, atom.Cite, atom.Dfn:
		if !styleSays(n, "font-style", "normal") {
			m.italic = true
		}
	case atom.A:
		if h, ok := SafeHref(attr(n, "href")); ok {
			m.href = h
			m.newTab = attr(n, "target") == "_blank"
		}
	case atom.Span:
		if styleSays(n, "font-weight", "bold", "700", "600", "800", "900") {
			m.bold = true
		}
		if styleSays(n, "font-style", "italic") {
			m.italic = true
		}
	case atom.P, atom.Div, atom.Li, atom.Blockquote, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		// A block inside inline context: keep words apart.
		if len(*ins) > 0 {
			*ins = append(*ins, Inline{Text: " "})
		}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.inline(ch, m, ins, imgs, depth+1)
	}
}

// isWordJunk reports namespaced elements from Word (o:p, v:shape, w:sdt ...).
func isWordJunk(tag string) bool { return strings.Contains(tag, ":") }

// normalise collapses white space the way a browser would show it.
func normalise(ins []Inline) []Inline {
	out := make([]Inline, 0, len(ins))
	prevSpace := true
	for _, in := range ins {
		if in.Text == "\n" {
			out = append(out, in)
			prevSpace = true
			continue
		}
		var b strings.Builder
		for _, r := range in.Text {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
				if prevSpace {
					continue
				}
				b.WriteByte(' ')
				prevSpace = true
				continue
			}
			b.WriteRune(r)
			prevSpace = false
		}
		if b.Len() > 0 {
			in.Text = b.String()
			out = append(out, in)
		}
	}
	// A paragraph of only non-breaking spaces (Word's empty lines) is empty.
	allBlank := true
	for _, in := range out {
		if strings.TrimSpace(strings.ReplaceAll(in.Text, "\u00a0", " ")) != "" {
			allBlank = false
			break
		}
	}
	if allBlank {
		return nil
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func styleSays(n *html.Node, prop string, values ...string) bool {
	for _, decl := range strings.Split(strings.ToLower(attr(n, "style")), ";") {
		k, v, ok := strings.Cut(decl, ":")
		if !ok || strings.TrimSpace(k) != prop {
			continue
		}
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		for _, want := range values {
			if v == want {
				return true
			}
		}
	}
	return false
}

func find(n *html.Node, a atom.Atom) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.DataAtom == a {
			return ch
		}
		if f := find(ch, a); f != nil {
			return f
		}
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(n *html.Node, d int) {
		if d > maxDepth {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && dropped[n.DataAtom] {
			return
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch, d+1)
		}
	}
	walk(n, 0)
	return strings.Join(strings.Fields(b.String()), " ")
}
