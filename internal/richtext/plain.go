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
	// Text between links is gathered in a builder, not by adding strings
	// together, which would copy a long line once per address-like piece.
	var pending strings.Builder
	text := func(s string) { pending.WriteString(s) }
	flush := func() {
		if pending.Len() > 0 {
			out = append(out, Inline{Text: pending.String()})
			pending.Reset()
		}
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
			flush()
			out = append(out, Inline{Text: u, Href: h})
		} else {
			text(u)
		}
		line = rest[len(u):]
	}
	flush()
	return out
}

// linkStart finds where the next web address begins: "http://", "https://"
// or "www." at the start of a word. It compares ASCII letters without regard
// to case in s itself: a lower-cased copy can differ in length (U+023A grows,
// the Kelvin sign shrinks), so its offsets would not fit s. It scans once and
// stops at the first address, so linkify stays linear on long lines.
func linkStart(s string) int {
	for at := 0; at < len(s); at++ {
		if c := s[at] | 0x20; c != 'h' && c != 'w' {
			continue
		}
		rest := s[at:]
		if !hasPrefixASCIIFold(rest, "https://") && !hasPrefixASCIIFold(rest, "http://") && !hasPrefixASCIIFold(rest, "www.") {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:at])
		if at == 0 || !(unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '/' || prev == '.' || prev == '@') {
			return at
		}
	}
	return -1
}

// hasPrefixASCIIFold reports whether s begins with the lower-case ASCII
// prefix p, ignoring the case of ASCII letters only.
func hasPrefixASCIIFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

// trimLinkEnd leaves punctuation that ends a sentence out of a link, and a
// closing bracket that has no opening one inside it. Brackets are counted
// once, not on every character trimmed, so a long tail stays cheap.
func trimLinkEnd(u string) string {
	open, closed := strings.Count(u, "("), strings.Count(u, ")")
	openSq, closedSq := strings.Count(u, "["), strings.Count(u, "]")
	for u != "" {
		r, size := utf8.DecodeLastRuneInString(u)
		switch {
		case strings.ContainsRune(".,;:!?'*", r):
		case r == ')' && open < closed:
			closed--
		case r == ']' && openSq < closedSq:
			closedSq--
		default:
			return u
		}
		u = u[:len(u)-size]
	}
	return u
}

// CleanText keeps what a person typed (a comment, a tip, a message) and drops what only a program sends:
// line endings become "\n", control characters and the invisible characters
// that reverse or hide text go, runs of blank lines shrink to one.
func CleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r < 0x20 || (r >= 0x7f && r < 0xa0), r == utf8.RuneError:
			return -1
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
