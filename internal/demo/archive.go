package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"broadsheet/internal/richtext"
	"broadsheet/internal/slug"
)

// Archive makes stories for a large generated archive, to measure the site
// at the size of a newsroom with years behind it: each story recombines the
// demo stories' real paragraphs, headlines and tags, so the text has the
// length, the words and the spread of real copy (search finds and ranks it
// as it would real stories). Story i is the same whoever asks.
type Archive struct {
	stories []Article
	paras   [][]richtext.Block // each demo story's blocks
	tags    []string
}

// Generated is one story of a generated archive.
type Generated struct {
	Headline, Standfirst, Slug string
	Section                    string // a demo section's path
	Body                       richtext.Doc
	Tags                       []string
	Author                     string // a demo author's slug
	Credit                     string
	Picture                    int // which demo story's picture it shows (-1: none)
}

// NewArchive reads the demo stories once.
func NewArchive() *Archive {
	g := &Archive{stories: Articles()}
	seen := map[string]bool{}
	for _, a := range g.stories {
		g.paras = append(g.paras, richtext.FromHTML(a.BodyHTML).Blocks)
		for _, t := range a.Tags {
			if !seen[t] {
				seen[t] = true
				g.tags = append(g.tags, t)
			}
		}
	}
	return g
}

// Tags lists every tag a generated story may carry: the demo's, and topics
// numbered up to 400, so that tag pages range from a few stories to many.
func (g *Archive) Tags() []string {
	out := append([]string(nil), g.tags...)
	for i := 1; i <= 400; i++ {
		out = append(out, fmt.Sprintf("Topic %d", i))
	}
	return out
}

// Story is generated story i.
func (g *Archive) Story(i int) Generated {
	rng := rand.New(rand.NewPCG(uint64(i), 0x6e657773))
	base := g.stories[rng.IntN(len(g.stories))]
	s := Generated{Section: base.Section, Credit: base.Credit, Picture: -1}
	if len(base.Authors) > 0 {
		s.Author = base.Authors[rng.IntN(len(base.Authors))]
	}
	// A headline of its own: another story's subject in this one's words.
	other := g.stories[rng.IntN(len(g.stories))]
	words := strings.Fields(base.Headline)
	cut := max(2, len(words)/2)
	s.Headline = strings.Join(words[:min(cut, len(words))], " ") + ": " + lowerFirst(other.Standfirst)
	if r := []rune(s.Headline); len(r) > 120 { // at a word's end
		cut := string(r[:120])
		if i := strings.LastIndexByte(cut, ' '); i > 60 {
			cut = cut[:i]
		}
		s.Headline = strings.TrimRight(cut, " ,;:")
	}
	s.Standfirst = base.Standfirst
	s.Slug = slug.Make(s.Headline)
	if len(s.Slug) > 60 {
		s.Slug = strings.Trim(s.Slug[:60], "-")
	}
	s.Slug += fmt.Sprintf("-%d", i)
	// Six to twelve blocks drawn from three stories of the demo.
	n := 6 + rng.IntN(7)
	for len(s.Body.Blocks) < n {
		src := g.paras[rng.IntN(len(g.paras))]
		if len(src) == 0 {
			continue
		}
		b := src[rng.IntN(len(src))]
		if b.Type == richtext.Image || b.Type == richtext.Table || b.Type == richtext.Embed {
			continue
		}
		s.Body.Blocks = append(s.Body.Blocks, b)
	}
	s.Tags = append(s.Tags, base.Tags...)
	for range rng.IntN(3) {
		if rng.IntN(2) == 0 {
			s.Tags = append(s.Tags, g.tags[rng.IntN(len(g.tags))])
		} else {
			// Topics follow a long tail: a few are common, most rare.
			s.Tags = append(s.Tags, fmt.Sprintf("Topic %d", 1+int(400*rng.Float64()*rng.Float64())))
		}
	}
	s.Tags = dedupe(s.Tags)
	if rng.IntN(10) < 7 { // most stories have a picture
		s.Picture = rng.IntN(len(g.stories))
	}
	return s
}

func lowerFirst(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'a' && r[1] <= 'z' {
		r[0] = []rune(strings.ToLower(string(r[0])))[0]
	}
	return string(r)
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		k := strings.ToLower(s)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
