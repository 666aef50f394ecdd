package article

import (
	"math"
	"slices"
)

// RankRelated orders the candidates by how related each is to story a and
// returns the best n: every tag they share counts, a rare tag more than a
// common one (uses holds how many stories use each of a's tags); the same
// section, then the same top-level section, add a little; and stories
// published near a's time come before those far from it (two weeks apart
// weighs 1/e of the same day). The story itself
// and stories not published are never among them.
func RankRelated(a *Article, candidates []*Article, uses map[int64]int, n int) []*Article {
	mine := map[int64]float64{}
	for _, t := range a.Tags {
		mine[t.ID] = 1 / math.Log2(1+float64(max(1, uses[t.ID])))
	}
	type scored struct {
		a     *Article
		score float64
	}
	var list []scored
	for _, c := range candidates {
		if c.ID == a.ID || c.Status != Published {
			continue
		}
		score := 0.0
		for _, t := range c.Tags {
			score += mine[t.ID]
		}
		if score == 0 {
			continue
		}
		switch {
		case c.SectionID != 0 && c.SectionID == a.SectionID:
			score += 0.2
		case c.Section != nil && a.Section != nil && c.Section.Root() == a.Section.Root():
			score += 0.1
		}
		days := math.Abs(SortTime(c).Sub(SortTime(a)).Hours()) / 24
		score += 0.3 * math.Exp(-days/14)
		list = append(list, scored{c, score})
	}
	slices.SortStableFunc(list, func(x, y scored) int {
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		return SortTime(y.a).Compare(SortTime(x.a))
	})
	out := make([]*Article, 0, min(n, len(list)))
	for _, s := range list[:min(n, len(list))] {
		out = append(out, s.a)
	}
	return out
}
