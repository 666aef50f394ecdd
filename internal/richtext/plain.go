package richtext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FromPlainText makes a document of plain text, such as a reader's comment:
// blank lines separate paragraphs, single line breaks are kept, and web
// addresses (http://, https:// or www.) become links. Nothing in the text is
// markup: it renders exactly as typed.
func FromPlainText(s string) Doc {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var d Doc
	for _, para := range strings.Split(s, "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		var ins []Inline
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				ins = append(ins, Inline{Text: "\n"})
			}
			ins = append(ins, linkify(line)...)
		}
		d.Blocks = append(d.Blocks, Block{Type: Paragraph, Inlines: ins})
		if len(d.Blocks) >= MaxBlocks {
			break
		}
	}
	return d
}

// linkify splits a line into text and links.
func linkify(line string) []Inline {
	var out []Inline
	text := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Href == "" && out[n-1].Text != "\n" {
			out[n-1].Text += s
			return
		}
		out = append(out, Inline{Text: s})
	}
	for line != "" {
		i := linkStart(line)
		if i < 0 {
			text(line)
			break
		}
		text(line[:i])
		rest := line[i:]
		end := strings.IndexFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' })
		if end < 0 {
			end = len(rest)
		}
		u := trimLinkEnd(rest[:end])
		href := u
		if strings.HasPrefix(strings.ToLower(u), "www.") {
			href = "https://" + u
		}
		if h, ok := SafeHref(href); ok && !strings.EqualFold(u, "www.") {
			out = append(out, Inline{Text: u, Href: h})
		} else {
			text(u)
		}
		line = rest[len(u):]
	}
	return out
}

// linkStart finds where the next web address begins: "http://", "https://"
// or "www." at the start of a word.
func linkStart(s string) int {
	low := strings.ToLower(s)
	best := -1
	for _, p := range []string{"https://", "http://", "www."} {
		from := 0
		for {
			j := strings.Index(low[from:], p)
			if j < 0 {
				break
			}
			at := from + j
			prev, _ := utf8.DecodeLastRuneInString(s[:at])
			if at == 0 || !(unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '/' || prev == '.' || prev == '@') {
				if best < 0 || at < best {
					best = at
				}
				break
			}
			from = at + len(p)
		}
	}
	return best
}

// trimLinkEnd leaves punctuation that ends a sentence out of a link, and a
// closing bracket that has no opening one inside it.
func trimLinkEnd(u string) string {
	for u != "" {
		r, size := utf8.DecodeLastRuneInString(u)
		switch {
		case strings.ContainsRune(".,;:!?'*", r):
			u = u[:len(u)-size]
		case r == ')' && strings.Count(u, "(") < strings.Count(u, ")"):
			u = u[:len(u)-size]
		case r == ']' && strings.Count(u, "[") < strings.Count(u, "]"):
			u = u[:len(u)-size]
		default:
			return u
		}
	}
	return u
}
