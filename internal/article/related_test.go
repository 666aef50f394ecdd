package article

import (
	"testing"
	"time"

	"broadsheet/internal/section"
	"broadsheet/internal/tag"
)

func TestRankRelated(t *testing.T) {
	tree := section.NewTree([]section.Section{{ID: 1, Slug: "news", Name: "News"}, {ID: 2, Slug: "world", Name: "World", ParentID: 1},
		{ID: 3, Slug: "sport", Name: "Sport"}})
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	rare, common, other := tag.Tag{ID: 1, Name: "Dam"}, tag.Tag{ID: 2, Name: "Politics"}, tag.Tag{ID: 3, Name: "Football"}
	mk := func(id int64, sec int64, ago time.Duration, st Status, tags ...tag.Tag) *Article {
		return &Article{ID: id, Headline: "story", SectionID: sec, Section: tree.ByID[sec], Status: st, PublishedAt: day.Add(-ago), Tags: tags}
	}
	a := mk(1, 2, 0, Published, rare, common)
	uses := map[int64]int{rare.ID: 3, common.ID: 5000}
	cands := []*Article{
		a,                                      // the story itself
		mk(2, 3, time.Hour, Published, common), // a common tag, another section
		mk(3, 3, 20*24*time.Hour, Published, rare),                // the rare tag, long ago
		mk(4, 2, 2*time.Hour, Published, common),                  // a common tag, the same section
		mk(5, 2, time.Hour, Unpublished, rare, common),            // not public
		mk(6, 1, 3*time.Hour, Published, rare, common),            // both tags, the parent section
		mk(7, 2, time.Hour, Published, other),                     // nothing shared
		mk(8, 2, 400*24*time.Hour, Published, rare, common),       // both tags, same section, a year ago
		mk(9, 3, 30*time.Minute, Published, tag.Tag{ID: 4}, rare), // the rare tag, just now
	}
	got := RankRelated(a, cands, uses, 10)
	var ids []int64
	for _, x := range got {
		ids = append(ids, x.ID)
	}
	want := []int64{6, 9, 8, 4, 3, 2} // both tags and near; the rare tag, now; both tags, a year ago; the section; the rare tag long ago; a common tag
	if len(ids) != len(want) {
		t.Fatalf("ranked %v; want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("ranked %v; want %v", ids, want)
		}
	}
	if got := RankRelated(a, cands, uses, 2); len(got) != 2 || got[0].ID != 6 {
		t.Errorf("the best two: %v", got)
	}
}
