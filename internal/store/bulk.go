package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"broadsheet/internal/article"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/search"
	"broadsheet/internal/slug"
)

// Bulk is one story for BulkArticles: the article (its tags and authors by
// name and id, already made) as a generator or an import writes it.
type Bulk struct {
	A           *article.Article
	TagIDs      []int64
	TagNames    []string
	AuthorIDs   []int64
	AuthorNames []string
}

// BulkBatch is a batch of stories with the text work of indexing done.
type BulkBatch struct {
	items  []Bulk
	ixs    []indexed
	bodies []string
}

// Len is how many stories the batch holds.
func (b *BulkBatch) Len() int { return len(b.items) }

// PrepareBulk does the text work of indexing a batch, on every core (no
// database), so that a caller can prepare the next batch while one is
// written.
func PrepareBulk(items []Bulk) *BulkBatch {
	b := &BulkBatch{items: items, ixs: make([]indexed, len(items)), bodies: make([]string, len(items))}
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var st search.Stems
			for i := range next {
				a := items[i].A
				b.bodies[i] = a.Body.Text()
				b.ixs[i] = indexWith(&st, a.Headline, a.Standfirst, b.bodies[i], strings.Join(items[i].TagNames, " \n "), strings.Join(items[i].AuthorNames, " \n "))
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	return b
}

// BulkArticles inserts stories in one transaction with their tags, authors
// and index rows, but no revisions: for generated archives (`broadsheet
// demo --articles`). The whole site's pages are purged once.
func (s *Store) BulkArticles(ctx context.Context, items []Bulk) error {
	return s.WriteBulk(ctx, PrepareBulk(items))
}

// WriteBulk writes a prepared batch in one transaction.
func (s *Store) WriteBulk(ctx context.Context, b *BulkBatch) error {
	items, ixs, bodies := b.items, b.ixs, b.bodies
	return s.WithTx(ctx, func(tx *Tx) error {
		tx.purge(cachekey.All)
		for i, it := range items {
			a := it.A
			if a.Slug == "" {
				a.Slug = slug.Make(a.Headline)
			}
			sortAt := a.CreatedAt
			if a.Status == article.Published {
				sortAt = a.PublishedAt
			}
			q := `INSERT INTO articles (headline, standfirst, slug, section_id, body, body_text, credit,
				hero_media_id, hero_caption, hero_credit, hero_alt, status, publish_at, published_at, sort_at, updated_at,
				correction, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
			args := []any{a.Headline, a.Standfirst, a.Slug, nullID(a.SectionID), a.Body.Marshal(), bodies[i], a.Credit,
				nullID(a.HeroMediaID), a.HeroCaption, a.HeroCredit, a.HeroAlt, string(a.Status), micro(a.PublishAt),
				micro(a.PublishedAt), micro(sortAt), micro(a.UpdatedAt), a.Correction, micro(a.CreatedAt), nullID(a.CreatedBy)}
			var id int64
			var err error
			if tx.d.name == "sqlite" {
				// Not RETURNING: on SQLite that opens a statement savepoint,
				// which makes FTS5 write its pending terms out for every story
				// instead of once for the transaction (three times slower).
				var res sql.Result
				if res, err = tx.execPrepared(ctx, q, args...); err == nil {
					id, err = res.LastInsertId()
				}
			} else {
				id, err = tx.insertPrepared(ctx, q, args...)
			}
			if err != nil {
				return fmt.Errorf("store: bulk article %q: %w", a.Headline, err)
			}
			a.ID = id
			for p, t := range it.TagIDs {
				if _, err := tx.execPrepared(ctx, "INSERT INTO article_tags (article_id, tag_id, position, sort_at, published) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
					id, t, p, micro(sortAt), boolInt(a.Status == article.Published)); err != nil {
					return err
				}
			}
			for p, au := range it.AuthorIDs {
				if _, err := tx.execPrepared(ctx, "INSERT INTO article_authors (article_id, author_id, position, sort_at, published) VALUES (?, ?, ?, ?, ?)",
					id, au, p, micro(sortAt), boolInt(a.Status == article.Published)); err != nil {
					return err
				}
			}
			if tx.d.name == "sqlite" { // a new story: nothing to delete first
				if _, err := tx.execPrepared(ctx, "INSERT INTO article_search (rowid, headline, standfirst, body, tags, authors) VALUES (?, ?, ?, ?, ?, ?)",
					append([]any{id}, ixs[i].fields...)...); err != nil {
					return err
				}
				if _, err := tx.execPrepared(ctx, "INSERT INTO article_words (rowid, words) VALUES (?, ?)", id, ixs[i].words); err != nil {
					return err
				}
			} else {
				f := ixs[i].fields
				if _, err := tx.execPrepared(ctx, `INSERT INTO article_search (article_id, doc, words) VALUES (?,
					setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'B') ||
					setweight(to_tsvector('simple', ?), 'C') || setweight(to_tsvector('simple', ?), 'D'), to_tsvector('simple', ?))`,
					id, f[0], f[1], f[3], f[4], f[2], ixs[i].words); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// EnsureTags makes the tags that do not exist and gives every name's id.
func (s *Store) EnsureTags(ctx context.Context, names []string) (map[string]int64, error) {
	out := make(map[string]int64, len(names))
	err := s.WithTx(ctx, func(tx *Tx) error {
		for _, n := range names {
			id, err := ensureTag(ctx, tx, n)
			if err != nil {
				return err
			}
			out[n] = id
		}
		return nil
	})
	return out, err
}
