package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/reads"
	"broadsheet/internal/tag"
)

// hourlyReadsKept is how many hours of hourly counts are kept: a week for
// "Most read" and a day to spare.
const hourlyReadsKept = 8 * 24

// AddReads adds counted reads to the hourly counts and to the daily counts
// of the site's zone loc, in one transaction; reads of stories deleted
// meanwhile are dropped.
func (s *Store) AddReads(ctx context.Context, counts map[reads.Key]int64, loc *time.Location) error {
	keys := make([]reads.Key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	// One order for every writer, so two instances flushing at once never
	// wait on each other's rows in a cycle.
	slices.SortFunc(keys, func(a, b reads.Key) int {
		if a.ArticleID != b.ArticleID {
			return cmp.Compare(a.ArticleID, b.ArticleID)
		}
		return cmp.Compare(a.Hour, b.Hour)
	})
	return s.WithTx(ctx, func(tx *Tx) error {
		for _, k := range keys {
			n := counts[k]
			if _, err := tx.exec(ctx, `INSERT INTO article_reads (article_id, hour, views)
				SELECT id, ?, ? FROM articles WHERE id = ?
				ON CONFLICT (article_id, hour) DO UPDATE SET views = article_reads.views + excluded.views`,
				k.Hour, n, k.ArticleID); err != nil {
				return fmt.Errorf("store: reads: %w", err)
			}
			if _, err := tx.exec(ctx, `INSERT INTO article_reads_daily (article_id, day, views)
				SELECT id, ?, ? FROM articles WHERE id = ?
				ON CONFLICT (article_id, day) DO UPDATE SET views = article_reads_daily.views + excluded.views`,
				reads.DayOf(k.Hour, loc), n, k.ArticleID); err != nil {
				return fmt.Errorf("store: daily reads: %w", err)
			}
		}
		return nil
	})
}

// PruneReads deletes the hourly counts older than a week and a day before
// hour now (the daily counts stay).
func (s *Store) PruneReads(ctx context.Context, now int64) error {
	_, err := s.exec(ctx, "DELETE FROM article_reads WHERE hour < ?", now-hourlyReadsKept)
	return err
}

// MostRead ranks the published stories most read from hour since on,
// within sections (none: all), most read first.
func (s *Store) MostRead(ctx context.Context, since int64, sectionIDs []int64, limit int) ([]reads.Ranked, error) {
	q := `SELECT r.article_id, SUM(r.views) AS v FROM article_reads r JOIN articles a ON a.id = r.article_id
		WHERE r.hour >= ? AND a.status = ?`
	args := []any{since, article.Published}
	if len(sectionIDs) > 0 {
		in, inArgs := inList(sectionIDs)
		q += " AND a.section_id IN (" + in + ")"
		args = append(args, inArgs...)
	}
	q += " GROUP BY r.article_id ORDER BY v DESC, r.article_id DESC LIMIT ?"
	rows, err := s.query(ctx, q, append(args, max(1, min(limit, 100)))...)
	if err != nil {
		return nil, fmt.Errorf("store: most read: %w", err)
	}
	defer rows.Close()
	var out []reads.Ranked
	for rows.Next() {
		var r reads.Ranked
		if err := rows.Scan(&r.ArticleID, &r.Views); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReadStats are a story's reads: from hour h24 on, from h7d on, from day
// d30 on (a date, 2006-01-02), in all, and by day from day since on.
func (s *Store) ReadStats(ctx context.Context, id, h24, h7d int64, d30, since string) (reads.Stats, []reads.Day, error) {
	var st reads.Stats
	err := s.row(ctx, `SELECT
			COALESCE((SELECT SUM(views) FROM article_reads WHERE article_id = ? AND hour >= ?), 0),
			COALESCE((SELECT SUM(views) FROM article_reads WHERE article_id = ? AND hour >= ?), 0),
			COALESCE((SELECT SUM(views) FROM article_reads_daily WHERE article_id = ? AND day >= ?), 0),
			COALESCE((SELECT SUM(views) FROM article_reads_daily WHERE article_id = ?), 0)`,
		id, h24, id, h7d, id, d30, id).Scan(&st.Last24h, &st.Last7d, &st.Last30d, &st.Total)
	if err != nil {
		return st, nil, fmt.Errorf("store: read stats: %w", err)
	}
	rows, err := s.query(ctx, "SELECT day, views FROM article_reads_daily WHERE article_id = ? AND day >= ? ORDER BY day", id, since)
	if err != nil {
		return st, nil, fmt.Errorf("store: read days: %w", err)
	}
	defer rows.Close()
	var days []reads.Day
	for rows.Next() {
		var d reads.Day
		if err := rows.Scan(&d.Day, &d.Views); err != nil {
			return st, nil, err
		}
		days = append(days, d)
	}
	return st, days, rows.Err()
}

// ReadTotals are the stories' reads from day since on, by story id.
func (s *Store) ReadTotals(ctx context.Context, ids []int64, since string) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(ids)
	rows, err := s.query(ctx, "SELECT article_id, SUM(views) FROM article_reads_daily WHERE article_id IN ("+in+") AND day >= ? GROUP BY article_id",
		append(args, since)...)
	if err != nil {
		return nil, fmt.Errorf("store: read totals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// relatedPerTag is how many of the newest stories sharing each tag are
// weighed as related; tagUseCap is where counting a tag's stories stops
// (beyond it a tag is common and weighs little either way).
const (
	relatedPerTag = 40
	tagUseCap     = 2000
)

// RelatedCandidates lists the published stories that share a tag with
// story a (the newest few per tag), and how many stories use each of a's
// tags (counted up to a cap), for article.RankRelated to weigh.
func (s *Store) RelatedCandidates(ctx context.Context, a *article.Article) ([]*article.Article, map[int64]int, error) {
	uses := map[int64]int{}
	seen := map[int64]bool{a.ID: true}
	var ids []int64
	for _, t := range a.Tags {
		var n int
		if err := s.row(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM article_tags WHERE tag_id = ? LIMIT ?) t", t.ID, tagUseCap).Scan(&n); err != nil {
			return nil, nil, fmt.Errorf("store: tag use: %w", err)
		}
		uses[t.ID] = n
		got, err := readIDs(s.query(ctx, `SELECT t.article_id FROM article_tags t JOIN articles a ON a.id = t.article_id
			WHERE t.tag_id = ? AND a.status = ? ORDER BY t.article_id DESC LIMIT ?`, t.ID, article.Published, relatedPerTag))
		if err != nil {
			return nil, nil, fmt.Errorf("store: related: %w", err)
		}
		for _, id := range got {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	out, err := s.relatedLight(ctx, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("store: related: %w", err)
	}
	return out, uses, nil
}

// relatedLight loads what ranking a candidate needs, and no more: its
// status, section, times and tag ids (the winners are loaded whole after).
func (s *Store) relatedLight(ctx context.Context, ids []int64) ([]*article.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inList(ids)
	rows, err := s.query(ctx, "SELECT id, status, COALESCE(section_id, 0), published_at, created_at FROM articles WHERE id IN ("+in+") ORDER BY id DESC", args...)
	if err != nil {
		return nil, err
	}
	var out []*article.Article
	byID := map[int64]*article.Article{}
	for rows.Next() {
		var a article.Article
		var status string
		var published, created sql.NullInt64
		if err := rows.Scan(&a.ID, &status, &a.SectionID, &published, &created); err != nil {
			rows.Close()
			return nil, err
		}
		a.Status, a.PublishedAt, a.CreatedAt = article.Status(status), fromMicro(published), fromMicro(created)
		out = append(out, &a)
		byID[a.ID] = &a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.query(ctx, "SELECT article_id, tag_id FROM article_tags WHERE article_id IN ("+in+") ORDER BY article_id, position", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var aid, tid int64
		if err := rows.Scan(&aid, &tid); err != nil {
			return nil, err
		}
		if a := byID[aid]; a != nil {
			a.Tags = append(a.Tags, tag.Tag{ID: tid})
		}
	}
	return out, rows.Err()
}

// RelatedPins are the stories pinned as related to story id, in order.
func (s *Store) RelatedPins(ctx context.Context, id int64) ([]int64, error) {
	ids, err := readIDs(s.query(ctx, "SELECT related_id FROM article_related WHERE article_id = ? ORDER BY position", id))
	if err != nil {
		return nil, fmt.Errorf("store: related pins: %w", err)
	}
	return ids, nil
}
