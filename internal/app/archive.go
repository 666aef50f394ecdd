package app

import (
	"context"
	"fmt"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/demo"
	"broadsheet/internal/store"
)

// archiveBatch is how many generated stories go in one transaction.
const archiveBatch = 2000

// GenerateArchive adds n generated stories to the demo newsroom, published
// one every seven minutes before its oldest story, in its sections, by its
// authors, with its pictures and tags (and 400 numbered topics): an archive
// to measure the site at the size of a newsroom with years behind it.
// progress is told how many are in so far.
func (a *App) GenerateArchive(ctx context.Context, n int, progress func(done int)) error {
	tree, err := a.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	authors, err := a.Store.Authors(ctx)
	if err != nil {
		return err
	}
	bySlug := map[string]author.Author{}
	for _, au := range authors {
		bySlug[au.Slug] = au
	}
	// The demo's stories give their pictures (and the oldest, the start).
	existing, err := a.Store.Articles(ctx, article.Filter{Statuses: []article.Status{article.Published}, Limit: 500})
	if err != nil {
		return err
	}
	if len(existing) == 0 {
		return fmt.Errorf("generate: the demo newsroom is not there (run serve --demo once, or start from an empty database)")
	}
	heroes := map[string]*article.Article{}
	oldest := time.Now()
	for _, x := range existing {
		heroes[x.Headline] = x
		if x.PublishedAt.Before(oldest) {
			oldest = x.PublishedAt
		}
	}
	g := demo.NewArchive()
	stories := demo.Articles()
	tagIDs, err := a.Store.EnsureTags(ctx, g.Tags())
	if err != nil {
		return err
	}
	first, err := a.Store.MaxArticleID(ctx)
	if err != nil {
		return err
	}
	// One goroutine makes and prepares the next batch while this one
	// writes the last: the text work and the database's take turns less.
	batches := make(chan *store.BulkBatch, 1)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var genErr error
	go func() {
		defer close(batches)
		batch := make([]store.Bulk, 0, archiveBatch)
		for i := range n {
			s := g.Story(int(first) + i)
			sec := tree.ByPath[s.Section]
			if sec == nil {
				genErr = fmt.Errorf("generate: no section %q (the demo's sections are needed)", s.Section)
				return
			}
			at := oldest.Add(-time.Duration(i+1) * 7 * time.Minute)
			art := &article.Article{Headline: s.Headline, Standfirst: s.Standfirst, Slug: s.Slug, SectionID: sec.ID, Body: s.Body,
				Credit: s.Credit, Status: article.Published, PublishedAt: at, CreatedAt: at, UpdatedAt: at}
			if s.Picture >= 0 {
				if h := heroes[stories[s.Picture].Headline]; h != nil && h.HeroMediaID != 0 {
					art.HeroMediaID, art.HeroAlt, art.HeroCaption, art.HeroCredit = h.HeroMediaID, h.HeroAlt, h.HeroCaption, h.HeroCredit
				}
			}
			b := store.Bulk{A: art}
			for _, t := range s.Tags {
				if id, ok := tagIDs[t]; ok {
					b.TagIDs, b.TagNames = append(b.TagIDs, id), append(b.TagNames, t)
				}
			}
			if au, ok := bySlug[s.Author]; ok {
				b.AuthorIDs, b.AuthorNames = []int64{au.ID}, []string{au.Name}
			}
			batch = append(batch, b)
			if len(batch) == archiveBatch || i == n-1 {
				select {
				case batches <- store.PrepareBulk(batch):
				case <-gctx.Done():
					return
				}
				batch = make([]store.Bulk, 0, archiveBatch)
			}
		}
	}()
	done := 0
	for b := range batches {
		if err := a.Store.WriteBulk(ctx, b); err != nil {
			return err
		}
		done += b.Len()
		if progress != nil {
			progress(done)
		}
	}
	if genErr != nil {
		return genErr
	}
	// The planners' statistics, for tables that just grew many times over.
	return a.Store.Analyze(ctx)
}
