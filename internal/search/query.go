package search

import (
	"strings"
	"unicode/utf8"
)

// Query is what a reader typed, read: every Term and Phrase must match, no
// Not may, and Prefix (the word being typed) must start a word. Terms and
// phrases hold stems, as the index does; Prefix is folded, not stemmed.
type Query struct {
	Terms   []string
	Phrases [][]string
	Not     [][]string // each one word or a phrase
	Prefix  string
}

// Limits on a query.
const (
	MaxQuery = 200 // characters read
	MaxParts = 12  // words and phrases kept
)

// Parse reads the query language:
//
//	all words must match     storm warning
//	a phrase, in order       "state of emergency"
//	leave out                -rumour  -"transfer window"
//
// Case and accents never matter, English words match their other forms
// ("elections" finds "elected"), and very common words ("the", "of") are
// left out unless quoted. With typing, the last word (if the text does not
// end with a space) matches any word it starts, as search as you type needs.
func Parse(text string, typing bool) Query {
	if utf8.RuneCountInString(text) > MaxQuery {
		text = string([]rune(text)[:MaxQuery])
	}
	var q Query
	parts := 0
	rest := text
	for rest != "" && parts < MaxParts {
		rest = strings.TrimLeft(rest, " \t\r\n\u00a0\u3000")
		if rest == "" {
			break
		}
		neg := false
		if rest[0] == '-' && len(rest) > 1 && rest[1] != ' ' && rest[1] != '-' {
			neg, rest = true, rest[1:]
		}
		var chunk string
		quoted := false
		if r, n := utf8.DecodeRuneInString(rest); r == '"' || r == '“' || r == '”' || r == '«' || r == '»' {
			quoted = true
			rest = rest[n:]
			end := strings.IndexAny(rest, "\"“”«»")
			if end < 0 {
				chunk, rest = rest, ""
			} else {
				chunk = rest[:end]
				_, n := utf8.DecodeRuneInString(rest[end:])
				rest = rest[end+n:]
			}
		} else {
			end := strings.IndexAny(rest, " \t\r\n\u00a0\u3000\"“”«»")
			if end < 0 {
				chunk, rest = rest, ""
			} else {
				chunk, rest = rest[:end], rest[end:]
			}
		}
		words := Words(chunk)
		if len(words) == 0 {
			continue
		}
		last := rest == "" && !quoted && !neg
		if typing && last && len(words) == 1 && !strings.HasSuffix(text, " ") {
			q.Prefix = words[0]
			parts++
			continue
		}
		if !quoted && len(words) == 1 && stopWords[words[0]] {
			continue
		}
		stems := make([]string, len(words))
		for i, w := range words {
			stems[i] = Stem(w)
		}
		parts++
		switch {
		case neg:
			q.Not = append(q.Not, stems)
		case len(stems) == 1:
			q.Terms = append(q.Terms, stems[0])
		default: // a quoted phrase, or a word that is several ("covid-19")
			q.Phrases = append(q.Phrases, stems)
		}
	}
	return q
}

// Empty reports whether the query asks for nothing: no word to match (a
// query of only common or excluded words finds nothing).
func (q Query) Empty() bool { return len(q.Terms) == 0 && len(q.Phrases) == 0 && q.Prefix == "" }

// matcher tells whether a word of a text is one the query looks for.
type matcher struct {
	stems  map[string]bool
	prefix string
}

func (q Query) matcher() matcher {
	m := matcher{stems: map[string]bool{}, prefix: q.Prefix}
	for _, t := range q.Terms {
		m.stems[t] = true
	}
	for _, p := range q.Phrases {
		for _, t := range p {
			m.stems[t] = true
		}
	}
	return m
}

func (m matcher) match(folded string) bool {
	if m.prefix != "" && strings.HasPrefix(folded, m.prefix) {
		return true
	}
	return m.stems[Stem(folded)]
}
