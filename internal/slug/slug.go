// Package slug makes and checks the URL-safe names used in paths. It imports
// nothing of ours.
package slug

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest slug accepted.
const MaxLen = 120

var valid = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Valid reports whether s is a well-formed slug.
func Valid(s string) bool { return len(s) <= MaxLen && valid.MatchString(s) }

// Make turns a title into a slug: accents removed, lower case, words joined by
// hyphens, cut at a word boundary to MaxLen.
func Make(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '&':
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
			}
			b.WriteString("and")
			dash = false
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case r == '\'' || r == '\u2019':
			// "What's" -> "whats"
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > MaxLen {
		s = s[:MaxLen]
		if i := strings.LastIndexByte(s, '-'); i > MaxLen/2 {
			s = s[:i]
		}
		s = strings.Trim(s, "-")
	}
	return s
}
