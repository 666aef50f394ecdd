// Package search is the text side of full-text search, the same for both
// databases: it folds text (case and accents, in any script), cuts it into
// words, stems English words, and reads the query language readers type.
// The store gives both engines the same folded, stemmed words, so a query
// finds the same articles on SQLite (FTS5) and PostgreSQL (tsvector): the
// engines only index and rank. It must not import store or web.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// Fold lowers case and removes accents and other marks: "Évora" and
// "EVORA" both become "evora", "Straße" becomes "strasse", "İstanbul"
// becomes "istanbul".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Mc, r):
			continue // a combining mark: the accent (or vowel sign) of the letter before
		case r == 'ß' || r == 'ẞ':
			b.WriteString("ss")
		case r == 'ø' || r == 'Ø':
			b.WriteByte('o')
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'ł' || r == 'Ł':
			b.WriteByte('l')
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		case r == 'ı':
			b.WriteByte('i')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// MaxWordLen bounds a word: longer runs of letters are cut (nobody searches
// for them, and they would bloat the index).
const MaxWordLen = 40

// Words cuts text into folded words: runs of letters and digits (in any
// script); everything else separates words. Apostrophes inside a word are
// dropped ("don't" is "dont", "O'Brien" is "obrien").
func Words(text string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			w := cur.String()
			if len(w) > MaxWordLen {
				w = w[:MaxWordLen]
				for !utf8.ValidString(w) {
					w = w[:len(w)-1]
				}
			}
			out = append(out, w)
			cur.Reset()
		}
	}
	folded := Fold(text)
	for i, r := range folded {
		switch {
		case isWordRune(r):
			cur.WriteRune(r)
		case (r == '\'' || r == '’') && cur.Len() > 0 && i+1 < len(folded):
			// inside a word: skip it and carry on
		default:
			flush()
		}
	}
	flush()
	return out
}

// isWordRune reports whether r belongs in a folded word: a letter or a
// digit (Fold has taken every mark away, as both engines' tokenizers would).
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Stem reduces an English word to its stem ("elections", "elected" ->
// "elect"); other words pass unchanged.
func Stem(w string) string {
	for _, r := range w {
		if r > unicode.MaxASCII || !(r >= 'a' && r <= 'z') {
			return w // digits, other scripts: kept as they are
		}
	}
	if len(w) < 3 {
		return w
	}
	return english.Stem(w, true)
}

// Index is a field's text as the index keeps it: its stemmed words, in
// order, separated by spaces (positions count, for phrases).
func Index(text string) string {
	ws := Words(text)
	for i, w := range ws {
		ws[i] = Stem(w)
	}
	return strings.Join(ws, " ")
}

// Stems remembers the stems it made, for indexing many stories in a row
// (words repeat, and stemming is most of the cost). One goroutine's; it
// forgets everything when it holds 200,000 words.
type Stems struct{ m map[string]string }

// Index is Index with the memory of earlier words (a nil Stems remembers
// nothing: one story's save needs no memory).
func (st *Stems) Index(text string) string {
	if st == nil {
		return Index(text)
	}
	if st.m == nil || len(st.m) > 200_000 {
		st.m = make(map[string]string, 4096)
	}
	ws := Words(text)
	for i, w := range ws {
		s, ok := st.m[w]
		if !ok {
			s = Stem(w)
			st.m[w] = s
		}
		ws[i] = s
	}
	return strings.Join(ws, " ")
}

// Raw is a field's text as the prefix index keeps it: folded words, not
// stemmed, so a word being typed matches the words that start with it.
func Raw(text string) string { return strings.Join(Words(text), " ") }

// stopWords are left out of a query's single words: they are in nearly
// every story and narrow nothing. (Inside quotes they stay.)
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be because been before
		being below between both but by can could did do does doing down during each few for from further had has have
		having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
		nor not now of off on once only or other our ours ourselves out over own same she should so some such than that
		the their theirs them themselves then there these they this those through to too under until up very was we were
		what when where which while who whom why will with would you your yours yourself yourselves`) {
		stopWords[w] = true
	}
}
