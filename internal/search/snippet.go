package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Piece is a run of a snippet's text; Hit marks a word the query matched.
type Piece struct {
	Text string
	Hit  bool
}

// Snippet returns the part of text (about n words) where the query's words
// are thickest, with those words marked, and "…" where text was cut. Text
// without a match gives its beginning, unmarked.
func Snippet(text string, q Query, n int) []Piece {
	type word struct {
		start, end int
		hit        bool
	}
	m := q.matcher()
	var words []word
	start := -1
	for i, r := range text {
		if isWordRune(r) || unicode.Is(unicode.M, r) && start >= 0 || (r == '\'' || r == '’') && start >= 0 {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, word{start: start, end: i})
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, word{start: start, end: len(text)})
	}
	if len(words) == 0 || n < 1 {
		return nil
	}
	for i := range words {
		w := &words[i]
		for _, f := range Words(text[w.start:w.end]) {
			if m.match(f) {
				w.hit = true
			}
		}
	}
	// The window of n words with the most hits, its first hit near the start.
	best, bestHits := 0, -1
	hits := 0
	for i := range words {
		if words[i].hit {
			hits++
		}
		if i >= n && words[i-n].hit {
			hits--
		}
		if i >= n-1 || i == len(words)-1 {
			if hits > bestHits {
				best, bestHits = max(0, i-n+1), hits
			}
		}
	}
	if bestHits > 0 { // start a few words before the first hit in the window
		for i := best; i < len(words) && i < best+n; i++ {
			if words[i].hit {
				best = max(0, min(i-3, len(words)-n))
				break
			}
		}
	}
	end := min(best+n, len(words))
	var out []Piece
	add := func(s string, hit bool) {
		if s == "" {
			return
		}
		if len(out) > 0 && out[len(out)-1].Hit == hit && !hit {
			out[len(out)-1].Text += s
			return
		}
		out = append(out, Piece{Text: s, Hit: hit})
	}
	if best > 0 {
		add("…", false)
	}
	pos := words[best].start
	for i := best; i < end; i++ {
		w := words[i]
		add(text[pos:w.start], false)
		add(text[w.start:w.end], w.hit)
		pos = w.end
	}
	if end < len(words) {
		add(strings.TrimRight(text[pos:words[end].start], " \t\n")+" …", false)
	} else {
		add(strings.TrimRightFunc(text[pos:], func(r rune) bool { return r == '\n' || r == utf8.RuneError }), false)
	}
	return out
}
