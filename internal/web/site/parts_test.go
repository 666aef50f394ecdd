package site

import (
	"fmt"
	"html/template"
	"strings"
	"testing"

	"broadsheet/internal/richtext"
)

func TestBodyParts(t *testing.T) {
	mk := func(kinds string) []richtext.Block {
		var bs []richtext.Block
		for i, k := range kinds {
			typ := richtext.Paragraph
			if k == 'h' {
				typ = richtext.Heading
			}
			bs = append(bs, richtext.Block{Type: typ, Inlines: []richtext.Inline{{Text: fmt.Sprint(i)}}})
		}
		return bs
	}
	render := func(bs []richtext.Block) template.HTML {
		var out []string
		for _, b := range bs {
			out = append(out, b.Inlines[0].Text)
		}
		return template.HTML(strings.Join(out, ","))
	}
	show := func(parts []BodyPart) string {
		var out []string
		for _, p := range parts {
			s := string(p.HTML)
			if p.Ad {
				s += " [ad]"
			}
			if p.Related {
				s += " [more]"
			}
			out = append(out, s)
		}
		return strings.Join(out, " | ")
	}
	for _, c := range []struct {
		kinds string
		after int
		want  string
	}{
		{"pppppppp", 3, "0,1,2 [ad] [more] | 3,4,5,6,7"},   // both after the third block
		{"pppppppp", 5, "0,1,2 [more] | 3,4 [ad] | 5,6,7"}, // the ad later
		{"pppppppp", 1, "0 [ad] | 1,2 [more] | 3,4,5,6,7"}, // the ad sooner
		{"pp", 3, "0,1 [ad] [more]"},                       // a short story: both after its end
		{"pppp", 2, "0,1 [ad] | 2,3 [more]"},               // the stories after the end, the ad after paragraph 2
		{"pphpppp", 3, "0,1,2,3 [ad] [more] | 4,5,6"},      // never right after a subheading; the ad counts paragraphs
		{"hpphpp", 2, "0,1,2 [ad] [more] | 3,4,5"},
		{"", 3, " [ad] [more]"}, // an empty story still has both
	} {
		if got := show(bodyParts(mk(c.kinds), c.after, render)); got != c.want {
			t.Errorf("%s after %d: %q; want %q", c.kinds, c.after, got, c.want)
		}
	}
}
