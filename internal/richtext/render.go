package richtext

import (
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"
)

// Options adjust rendering for a place.
type Options struct {
	// Editor renders figures as the newsroom editor reads them back
	// (data-media-id, plain src), not as readers see them.
	Editor bool
	// Picture, when set, returns the markup of an image block's picture
	// (a <picture> with its variants), made by a caller that escapes what
	// it writes; empty falls back to a plain <img>.
	Picture func(b Block) template.HTML
	// UGC marks links as written by readers (rel="nofollow ugc noopener"),
	// so they lend the site's standing to nobody.
	UGC bool
	// BaseURL, when set, makes the site's own addresses absolute (for
	// feeds, read away from the site).
	BaseURL string
}

// abs prefixes a path on this site with the base address, if one is set.
func (o Options) abs(u string) string {
	if o.BaseURL != "" && strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return o.BaseURL + u
	}
	return u
}

// Render turns a document into HTML. Every text is escaped and every URL checked
// again here, so a document is safe to show whatever its origin.
func Render(d Doc, o Options) template.HTML {
	var b strings.Builder
	for _, bl := range d.Blocks {
		switch bl.Type {
		case Paragraph:
			b.WriteString("<p>")
			writeInlines(&b, bl.Inlines, o)
			b.WriteString("</p>\n")
		case Heading:
			tag := "h2"
			if bl.Level == 3 {
				tag = "h3"
			}
			b.WriteString("<" + tag + ">")
			writeInlines(&b, bl.Inlines, o)
			b.WriteString("</" + tag + ">\n")
		case Quote:
			b.WriteString("<blockquote>")
			for _, it := range bl.Items {
				b.WriteString("<p>")
				writeInlines(&b, it, o)
				b.WriteString("</p>")
			}
			if bl.Cite != "" && !o.Editor {
				b.WriteString("<footer>" + html.EscapeString(bl.Cite) + "</footer>")
			}
			b.WriteString("</blockquote>\n")
		case List:
			tag := "ul"
			if bl.Ordered {
				tag = "ol"
			}
			b.WriteString("<" + tag + ">")
			for _, it := range bl.Items {
				b.WriteString("<li>")
				if o.Editor {
					b.WriteString("<p>")
				}
				writeInlines(&b, it, o)
				if o.Editor {
					b.WriteString("</p>")
				}
				b.WriteString("</li>")
			}
			b.WriteString("</" + tag + ">\n")
		case Image:
			src, ok := MediaPath(bl.Src)
			if !ok {
				continue
			}
			b.WriteString(`<figure class="body-figure">`)
			var pic template.HTML
			if o.Picture != nil && !o.Editor {
				pic = o.Picture(bl)
			}
			if pic != "" {
				b.WriteString(string(pic))
			} else {
				b.WriteString(`<img src="` + html.EscapeString(o.abs(src)) + `" alt="` + html.EscapeString(bl.Alt) + `"`)
				if o.Editor {
					if bl.MediaID > 0 {
						b.WriteString(` data-media-id="` + strconv.FormatInt(bl.MediaID, 10) + `"`)
					}
					if bl.Credit != "" {
						b.WriteString(` data-credit="` + html.EscapeString(bl.Credit) + `"`)
					}
				} else {
					if bl.Width > 0 && bl.Height > 0 {
						b.WriteString(` width="` + strconv.Itoa(bl.Width) + `" height="` + strconv.Itoa(bl.Height) + `"`)
					}
					b.WriteString(` loading="lazy" decoding="async"`)
				}
				b.WriteString(">")
			}
			switch {
			case o.Editor:
				b.WriteString("<figcaption>" + html.EscapeString(bl.Caption) + "</figcaption>")
			case bl.Caption != "" || bl.Credit != "":
				b.WriteString("<figcaption>" + html.EscapeString(bl.Caption))
				if bl.Credit != "" {
					if bl.Caption != "" {
						b.WriteString(" ")
					}
					b.WriteString(`<span class="photo-credit">` + html.EscapeString(bl.Credit) + "</span>")
				}
				b.WriteString("</figcaption>")
			}
			b.WriteString("</figure>\n")
		case Embed:
			u, ok := embedURL(bl.URL)
			if !ok {
				continue
			}
			label := u
			if pu, err := url.Parse(u); err == nil {
				label = strings.TrimPrefix(pu.Host, "www.")
			}
			b.WriteString(`<div class="embed"><a href="` + html.EscapeString(u) + `" rel="noopener nofollow">` +
				html.EscapeString("View on "+label) + `</a></div>` + "\n")
		case Table:
			writeTable(&b, bl, o)
		}
	}
	return template.HTML(b.String()) // built from escaped text and checked URLs only
}

// writeTable writes a table for readers: its caption, a header row of
// column headings (th scope="col") when it has one, in a box that scrolls
// sideways on a narrow screen and can be reached and scrolled with the
// keyboard. For the editor it is a plain grid (its caption, which the
// editor cannot hold, comes before it as a paragraph, so editing keeps its
// text).
func writeTable(b *strings.Builder, bl Block, o Options) {
	if o.Editor {
		if bl.Caption != "" {
			b.WriteString("<p>" + html.EscapeString(bl.Caption) + "</p>\n")
		}
		b.WriteString("<table><tbody>")
		for i, row := range bl.Rows {
			b.WriteString("<tr>")
			tag := "td"
			if i == 0 && bl.Header {
				tag = "th"
			}
			for _, cell := range row {
				b.WriteString("<" + tag + "><p>")
				writeInlines(b, cell, o)
				b.WriteString("</p></" + tag + ">")
			}
			b.WriteString("</tr>")
		}
		b.WriteString("</tbody></table>\n")
		return
	}
	label := "Table"
	if bl.Caption != "" {
		label = "Table: " + bl.Caption
	}
	b.WriteString(`<div class="table-scroll" role="region" tabindex="0" aria-label="` + html.EscapeString(label) + `"><table>`)
	if bl.Caption != "" {
		b.WriteString("<caption>" + html.EscapeString(bl.Caption) + "</caption>")
	}
	rows := bl.Rows
	if bl.Header && len(rows) > 0 {
		b.WriteString("<thead><tr>")
		for _, cell := range rows[0] {
			b.WriteString(`<th scope="col">`)
			writeInlines(b, cell, o)
			b.WriteString("</th>")
		}
		b.WriteString("</tr></thead>")
		rows = rows[1:]
	}
	b.WriteString("<tbody>")
	for _, row := range rows {
		b.WriteString("<tr>")
		for _, cell := range row {
			b.WriteString("<td>")
			writeInlines(b, cell, o)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table></div>\n")
}

func writeInlines(b *strings.Builder, ins []Inline, o Options) {
	for _, in := range ins {
		if in.Text == "\n" {
			b.WriteString("<br>")
			continue
		}
		href, linked := "", false
		if in.Href != "" {
			href, linked = SafeHref(in.Href)
		}
		if linked {
			b.WriteString(`<a href="` + html.EscapeString(o.abs(href)) + `"`)
			if in.NewTab {
				b.WriteString(` target="_blank"`)
			}
			switch {
			case o.UGC:
				b.WriteString(` rel="nofollow ugc noopener"`)
			case strings.HasPrefix(href, "http"):
				b.WriteString(` rel="noopener nofollow"`)
			}
			b.WriteString(">")
		}
		if in.Bold {
			b.WriteString("<strong>")
		}
		if in.Italic {
			b.WriteString("<em>")
		}
		b.WriteString(html.EscapeString(in.Text))
		if in.Italic {
			b.WriteString("</em>")
		}
		if in.Bold {
			b.WriteString("</strong>")
		}
		if linked {
			b.WriteString("</a>")
		}
	}
}

// Excerpt returns the first n runes of the document's text, cut at a word.
func Excerpt(d Doc, n int) string {
	t := strings.Join(strings.Fields(d.Text()), " ")
	if len([]rune(t)) <= n {
		return t
	}
	r := []rune(t)[:n]
	s := string(r)
	if i := strings.LastIndex(s, " "); i > n/2 {
		s = s[:i]
	}
	return s + "…"
}

// WordCount counts words of the document's text.
func WordCount(d Doc) int { return len(strings.Fields(d.Text())) }

// Outline lists a document one line per paragraph, heading, quote paragraph,
// list item, picture or embed, with marks and link addresses written out
// (**bold**, _italic_, [text](address)), for comparing revisions.
func Outline(d Doc) []string {
	var out []string
	line := func(prefix string, ins []Inline) {
		var b strings.Builder
		b.WriteString(prefix)
		for _, in := range ins {
			t := in.Text
			if t == "\n" {
				t = " / "
			}
			if in.Bold {
				t = "**" + t + "**"
			}
			if in.Italic {
				t = "_" + t + "_"
			}
			if in.Href != "" {
				t = "[" + t + "](" + in.Href + ")"
			}
			b.WriteString(t)
		}
		out = append(out, b.String())
	}
	for _, bl := range d.Blocks {
		switch bl.Type {
		case Paragraph:
			line("", bl.Inlines)
		case Heading:
			line(strings.Repeat("#", bl.Level)+" ", bl.Inlines)
		case Quote:
			for _, it := range bl.Items {
				line("> ", it)
			}
		case List:
			for i, it := range bl.Items {
				mark := "• "
				if bl.Ordered {
					mark = strconv.Itoa(i+1) + ". "
				}
				line(mark, it)
			}
		case Image:
			out = append(out, "[Picture "+bl.Src+": "+bl.Alt+"] "+bl.Caption)
		case Embed:
			out = append(out, "[Embed "+bl.URL+"]")
		case Table:
			if bl.Caption != "" {
				out = append(out, "[Table: "+bl.Caption+"]")
			}
			for _, row := range bl.Rows {
				var cells []string
				for _, cell := range row {
					var t strings.Builder
					writeText(&t, cell)
					cells = append(cells, t.String())
				}
				out = append(out, "| "+strings.Join(cells, " | ")+" |")
			}
		}
	}
	return out
}
