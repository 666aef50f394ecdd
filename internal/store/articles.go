package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/richtext"
	"broadsheet/internal/slug"
	"broadsheet/internal/tag"
)

const articleCols = `a.id, a.headline, a.standfirst, a.slug, COALESCE(a.section_id, 0), a.body, a.credit,
	COALESCE(a.hero_media_id, 0), COALESCE(m.name, ''), COALESCE(m.version, ''), COALESCE(m.width, 0), COALESCE(m.height, 0),
	a.hero_caption, a.hero_credit, a.hero_alt, a.status, a.publish_at, a.published_at, a.updated_at,
	a.created_at, a.correction, COALESCE(a.created_by, 0), a.comment_count, a.comments_closed, a.breaking_until`

const articleFrom = ` FROM articles a LEFT JOIN media m ON m.id = a.hero_media_id`

func scanArticle(sc interface{ Scan(...any) error }) (*article.Article, error) {
	var a article.Article
	var body, heroName, status string
	var publishAt, publishedAt, updatedAt, createdAt, breaking sql.NullInt64
	var closed int
	err := sc.Scan(&a.ID, &a.Headline, &a.Standfirst, &a.Slug, &a.SectionID, &body, &a.Credit,
		&a.HeroMediaID, &heroName, &a.HeroVersion, &a.HeroWidth, &a.HeroHeight, &a.HeroCaption, &a.HeroCredit, &a.HeroAlt,
		&status, &publishAt, &publishedAt, &updatedAt, &createdAt, &a.Correction, &a.CreatedBy, &a.Comments, &closed, &breaking)
	if err != nil {
		return nil, err
	}
	a.CommentsClosed = closed == 1
	a.Status = article.Status(status)
	if heroName != "" {
		a.HeroURL = "/media/" + heroName
	}
	a.PublishAt, a.PublishedAt = fromMicro(publishAt), fromMicro(publishedAt)
	a.UpdatedAt, a.CreatedAt, a.BreakingUntil = fromMicro(updatedAt), fromMicro(createdAt), fromMicro(breaking)
	if a.Body, err = richtext.Unmarshal(body); err != nil {
		return nil, fmt.Errorf("store: article %d: %w", a.ID, err)
	}
	return &a, nil
}

// Article loads one article by id with its tags and authors.
func (s *Store) Article(ctx context.Context, id int64) (*article.Article, error) {
	a, err := scanArticle(s.row(ctx, "SELECT "+articleCols+articleFrom+" WHERE a.id = ?", id))
	if err != nil {
		return nil, fmt.Errorf("store: article %d: %w", id, notFound(err, article.ErrNotFound))
	}
	return a, s.fillArticle(ctx, a)
}

// fillArticle loads what one article shows beyond a teaser's: its tags,
// authors and pinned related stories.
func (s *Store) fillArticle(ctx context.Context, a *article.Article) error {
	if err := s.fillArticles(ctx, []*article.Article{a}); err != nil {
		return err
	}
	var err error
	a.Related, err = s.RelatedPins(ctx, a.ID)
	return err
}

// ArticlePublished reports whether id is a published article.
func (s *Store) ArticlePublished(ctx context.Context, id int64) (bool, error) {
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM articles WHERE id = ? AND status = ?", id, article.Published).Scan(&n)
	return n > 0, err
}

// ArticleBySlug loads the article with a slug in a section.
func (s *Store) ArticleBySlug(ctx context.Context, sectionID int64, sl string) (*article.Article, error) {
	// The two last conditions are the unique index's own (articles_section_slug
	// is partial): without them neither engine may use it, and reads the
	// whole section.
	a, err := scanArticle(s.row(ctx, "SELECT "+articleCols+articleFrom+" WHERE a.section_id = ? AND a.slug = ? AND a.section_id IS NOT NULL AND a.slug <> ''", sectionID, sl))
	if err != nil {
		return nil, fmt.Errorf("store: article %q: %w", sl, notFound(err, article.ErrNotFound))
	}
	return a, s.fillArticle(ctx, a)
}

func articleWhere(f article.Filter) (string, []any) {
	var where []string
	var args []any
	if len(f.IDs) > 0 {
		q, a := inList(f.IDs)
		where = append(where, "a.id IN ("+q+")")
		args = append(args, a...)
	}
	if len(f.Statuses) > 0 {
		q, a := inList(f.Statuses)
		where = append(where, "a.status IN ("+q+")")
		args = append(args, a...)
	}
	if len(f.SectionIDs) > 0 {
		q, a := inList(f.SectionIDs)
		where = append(where, "a.section_id IN ("+q+")")
		args = append(args, a...)
	}
	if f.TagID != 0 {
		where = append(where, "a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ?)")
		args = append(args, f.TagID)
	}
	if f.AuthorID != 0 {
		where = append(where, "a.id IN (SELECT article_id FROM article_authors WHERE author_id = ?)")
		args = append(args, f.AuthorID)
	}
	if f.CreatedBy != 0 {
		where = append(where, "a.created_by = ?")
		args = append(args, f.CreatedBy)
	}
	if len(f.ExcludeIDs) > 0 {
		q, a := inList(f.ExcludeIDs)
		where = append(where, "a.id NOT IN ("+q+")")
		args = append(args, a...)
	}
	if !f.From.IsZero() {
		where = append(where, "a.sort_at >= ?")
		args = append(args, f.From.UnixMicro())
	}
	if !f.To.IsZero() {
		where = append(where, "a.sort_at < ?")
		args = append(args, f.To.UnixMicro())
	}
	if cond, cargs := cursorCond("a.sort_at", "a.id", f); cond != "" {
		where, args = append(where, cond), append(args, cargs...)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// cursorCond is a page's cursor as a condition on the sort time and
// number columns given: row values, which both engines read as one range of
// an index in that order (an OR of the two conditions makes SQLite read and
// sort every story on one side of the cursor). "" without a cursor.
func cursorCond(sortCol, idCol string, f article.Filter) (string, []any) {
	op := "<"
	switch {
	case f.Newer:
		op = ">"
	case f.AfterTime.IsZero() && f.AfterID == 0:
		return "", nil
	}
	return "(" + sortCol + ", " + idCol + ") " + op + " (?, ?)", []any{f.AfterTime.UnixMicro(), f.AfterID}
}

// listOrder is newest first, or oldest first for the stories newer than a
// cursor, by the columns given.
func listOrder(sortCol, idCol string, newer bool) string {
	if newer {
		return " ORDER BY " + sortCol + " ASC, " + idCol + " ASC"
	}
	return " ORDER BY " + sortCol + " DESC, " + idCol + " DESC"
}

// articlesQuery is the statement Articles runs for f. A tag's or an
// author's published stories are read through their links, whose index
// gives them newest first (each link keeps its story's sort time), so a
// page reads its own rows whatever the tag's or author's size.
func articlesQuery(f article.Filter) (string, []any) {
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	cols := articleCols
	if !f.WithBody {
		cols = strings.Replace(cols, "a.body,", "'',", 1) // teasers never show the body
	}
	if link, owner, id := linkOf(f); link != "" {
		lf := f
		lf.TagID, lf.AuthorID, lf.Statuses = 0, 0, nil
		lf.AfterTime, lf.AfterID, lf.Newer = time.Time{}, 0, false
		where, args := articleWhere(lf)
		conds := []string{"x." + owner + " = ?", "x.published = 1"}
		cargs := []any{id}
		if cond, a := cursorCond("x.sort_at", "x.article_id", f); cond != "" {
			conds, cargs = append(conds, cond), append(cargs, a...)
		}
		if where != "" {
			conds = append(conds, strings.TrimPrefix(where, " WHERE "))
			cargs = append(cargs, args...)
		}
		return "SELECT " + cols + " FROM " + link + " x JOIN articles a ON a.id = x.article_id LEFT JOIN media m ON m.id = a.hero_media_id WHERE " +
			strings.Join(conds, " AND ") + listOrder("x.sort_at", "x.article_id", f.Newer) + " LIMIT ? OFFSET ?", append(cargs, limit, max(f.Offset, 0))
	}
	where, args := articleWhere(f)
	return "SELECT " + cols + articleFrom + where + listOrder("a.sort_at", "a.id", f.Newer) + " LIMIT ? OFFSET ?", append(args, limit, max(f.Offset, 0))
}

// linkOf says which link table drives a listing of published stories by
// tag or by author (one of them, not both): its name, owner column and id.
func linkOf(f article.Filter) (table, owner string, id int64) {
	if len(f.Statuses) != 1 || f.Statuses[0] != article.Published || (f.TagID != 0) == (f.AuthorID != 0) {
		return "", "", 0
	}
	if f.TagID != 0 {
		return "article_tags", "tag_id", f.TagID
	}
	return "article_authors", "author_id", f.AuthorID
}

// Articles lists articles newest first (by publication, else creation time).
func (s *Store) Articles(ctx context.Context, f article.Filter) ([]*article.Article, error) {
	q, args := articlesQuery(f)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: articles: %w", err)
	}
	defer rows.Close()
	var out []*article.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: articles: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: articles: %w", err)
	}
	return out, s.fillArticles(ctx, out)
}

// articlesByIDs loads the articles with ids, in the ids' order; ids of
// articles gone are skipped.
func (s *Store) articlesByIDs(ctx context.Context, ids []int64, withBody bool) ([]*article.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cols := articleCols
	if !withBody {
		cols = strings.Replace(cols, "a.body,", "'',", 1)
	}
	in, inArgs := inList(ids)
	rows, err := s.query(ctx, "SELECT "+cols+articleFrom+" WHERE a.id IN ("+in+")", inArgs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]*article.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		byID[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*article.Article, 0, len(ids))
	for _, id := range ids {
		if a := byID[id]; a != nil {
			out = append(out, a)
		}
	}
	return out, s.fillArticles(ctx, out)
}

// CountArticles counts what Articles would list without a limit.
func (s *Store) CountArticles(ctx context.Context, f article.Filter) (int, error) {
	where, args := articleWhere(f)
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM articles a"+where, args...).Scan(&n)
	return n, err
}

// fillArticles loads tags and authors for a batch in two queries.
func (s *Store) fillArticles(ctx context.Context, as []*article.Article) error {
	if len(as) == 0 {
		return nil
	}
	byID := make(map[int64]*article.Article, len(as))
	ids := make([]int64, 0, len(as))
	for _, a := range as {
		byID[a.ID] = a
		a.Tags, a.Authors = nil, nil
		ids = append(ids, a.ID)
	}
	in, args := inList(ids)
	rows, err := s.query(ctx, `SELECT at.article_id, t.id, t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id IN (`+in+`) ORDER BY at.article_id, at.position`, args...)
	if err != nil {
		return fmt.Errorf("store: article tags: %w", err)
	}
	for rows.Next() {
		var aid int64
		var t tag.Tag
		if err := rows.Scan(&aid, &t.ID, &t.Slug, &t.Name); err != nil {
			rows.Close()
			return err
		}
		byID[aid].Tags = append(byID[aid].Tags, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.query(ctx, `SELECT aa.article_id, `+authorCols+` FROM article_authors aa JOIN authors au ON au.id = aa.author_id
		LEFT JOIN media m ON m.id = au.photo_media_id WHERE aa.article_id IN (`+in+`) ORDER BY aa.article_id, aa.position`, args...)
	if err != nil {
		return fmt.Errorf("store: article authors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var aid int64
		au, err := scanAuthor(rows, &aid)
		if err != nil {
			return err
		}
		byID[aid].Authors = append(byID[aid].Authors, au)
	}
	return rows.Err()
}

// SaveArticle writes an article with its tags, authors, a revision and a redirect.
func (s *Store) SaveArticle(ctx context.Context, a *article.Article, in article.Input, rev article.Revision, redirectFrom string) error {
	sortAt := a.CreatedAt
	switch {
	case a.Status == article.Published && !a.PublishedAt.IsZero():
		sortAt = a.PublishedAt
	case a.Status == article.Scheduled:
		sortAt = a.PublishAt
	}
	wasNew := a.ID == 0
	err := s.WithTx(ctx, func(tx *Tx) error {
		var before shown
		if a.ID != 0 {
			var err error
			if before, err = storyShown(ctx, tx, a.ID); err != nil {
				return err
			}
		}
		args := []any{a.Headline, a.Standfirst, a.Slug, nullID(a.SectionID), a.Body.Marshal(), a.Body.Text(), a.Credit,
			nullID(a.HeroMediaID), a.HeroCaption, a.HeroCredit, a.HeroAlt, string(a.Status), micro(a.PublishAt),
			micro(a.PublishedAt), micro(sortAt), micro(a.UpdatedAt), a.Correction}
		if a.ID == 0 {
			id, err := insertID(ctx, tx.row, `INSERT INTO articles (headline, standfirst, slug, section_id, body, body_text, credit,
				hero_media_id, hero_caption, hero_credit, hero_alt, status, publish_at, published_at, sort_at, updated_at,
				correction, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				append(args, micro(a.CreatedAt), nullID(a.CreatedBy))...)
			if err != nil {
				return err
			}
			a.ID = id
		} else {
			res, err := tx.exec(ctx, `UPDATE articles SET headline = ?, standfirst = ?, slug = ?, section_id = ?, body = ?,
				body_text = ?, credit = ?, hero_media_id = ?, hero_caption = ?, hero_credit = ?, hero_alt = ?, status = ?,
				publish_at = ?, published_at = ?, sort_at = ?, updated_at = ?, correction = ? WHERE id = ?`, append(args, a.ID)...)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return article.ErrNotFound
			}
		}
		if _, err := tx.exec(ctx, "DELETE FROM article_tags WHERE article_id = ?", a.ID); err != nil {
			return err
		}
		for i, name := range in.Tags {
			id, err := ensureTag(ctx, tx, name)
			if err != nil {
				return err
			}
			if _, err := tx.exec(ctx, "INSERT INTO article_tags (article_id, tag_id, position, sort_at, published) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
				a.ID, id, i, micro(sortAt), boolInt(a.Status == article.Published)); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, "DELETE FROM article_authors WHERE article_id = ?", a.ID); err != nil {
			return err
		}
		for i, id := range in.AuthorIDs {
			if _, err := tx.exec(ctx, "INSERT INTO article_authors (article_id, author_id, position, sort_at, published) VALUES (?, ?, ?, ?, ?)",
				a.ID, id, i, micro(sortAt), boolInt(a.Status == article.Published)); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, "DELETE FROM article_related WHERE article_id = ?", a.ID); err != nil {
			return err
		}
		for i, id := range in.Related {
			if _, err := tx.exec(ctx, "INSERT INTO article_related (article_id, related_id, position) VALUES (?, ?, ?)", a.ID, id, i); err != nil {
				return err
			}
		}
		if a.Status == article.Submitted {
			if err := resolveReturns(ctx, tx, a.ID, a.UpdatedAt); err != nil {
				return err
			}
		}
		if err := saveRevision(ctx, tx, a.ID, rev); err != nil {
			return err
		}
		if redirectFrom != "" {
			if _, err := tx.exec(ctx, `INSERT INTO redirects (path, article_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id, section_id = NULL`, redirectFrom, a.ID, micro(time.Now())); err != nil {
				return err
			}
		}
		if err := indexArticle(ctx, tx, a.ID); err != nil {
			return err
		}
		after, err := storyShown(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		return tx.purgeStory(ctx, a.ID, before, after)
	})
	if err != nil && wasNew {
		a.ID = 0 // the insert was rolled back
	}
	if isUnique(err) {
		return article.ErrSlugTaken
	}
	if err != nil {
		return fmt.Errorf("store: save article: %w", err)
	}
	return nil
}

func ensureTag(ctx context.Context, tx *Tx, name string) (int64, error) {
	sl := slug.Make(name)
	if _, err := tx.exec(ctx, "INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING", sl, name); err != nil {
		return 0, err
	}
	var id int64
	err := tx.row(ctx, "SELECT id FROM tags WHERE slug = ?", sl).Scan(&id)
	return id, err
}

// saveRevision appends a revision; an autosave replaces the previous one when
// that was also an autosave by the same person, so typing does not flood history.
func saveRevision(ctx context.Context, tx *Tx, articleID int64, rev article.Revision) error {
	snap, err := json.Marshal(rev.Snapshot)
	if err != nil {
		return err
	}
	if rev.Autosave {
		var lastID int64
		var lastAuto int
		var lastUser sql.NullInt64
		err := tx.row(ctx, "SELECT id, autosave, user_id FROM revisions WHERE article_id = ? ORDER BY id DESC LIMIT 1", articleID).Scan(&lastID, &lastAuto, &lastUser)
		if err == nil && lastAuto == 1 && lastUser.Int64 == rev.UserID {
			_, err = tx.exec(ctx, "UPDATE revisions SET snapshot = ?, created_at = ? WHERE id = ?", string(snap), micro(rev.CreatedAt), lastID)
			return err
		}
		if err != nil && err != sql.ErrNoRows {
			return err
		}
	}
	_, err = tx.exec(ctx, "INSERT INTO revisions (article_id, user_id, autosave, created_at, snapshot) VALUES (?, ?, ?, ?, ?)",
		articleID, nullID(rev.UserID), boolInt(rev.Autosave), micro(rev.CreatedAt), string(snap))
	return err
}

const revisionCols = `r.id, r.article_id, COALESCE(r.user_id, 0), COALESCE(u.name, ''), r.autosave, r.created_at, r.snapshot`

func scanRevision(sc interface{ Scan(...any) error }) (article.Revision, error) {
	var r article.Revision
	var auto int
	var created sql.NullInt64
	var snap string
	if err := sc.Scan(&r.ID, &r.ArticleID, &r.UserID, &r.UserName, &auto, &created, &snap); err != nil {
		return r, err
	}
	r.Autosave, r.CreatedAt = auto == 1, fromMicro(created)
	if err := json.Unmarshal([]byte(snap), &r.Snapshot); err != nil {
		return r, fmt.Errorf("store: revision %d: %w", r.ID, err)
	}
	r.Snapshot.Body = r.Snapshot.Body.Clean()
	return r, nil
}

// Revisions lists an article's revisions, newest first.
func (s *Store) Revisions(ctx context.Context, articleID int64) ([]article.Revision, error) {
	rows, err := s.query(ctx, "SELECT "+revisionCols+" FROM revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = ? ORDER BY r.id DESC LIMIT 200", articleID)
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	defer rows.Close()
	var out []article.Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Revision loads one revision.
func (s *Store) Revision(ctx context.Context, id int64) (article.Revision, error) {
	r, err := scanRevision(s.row(ctx, "SELECT "+revisionCols+" FROM revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = ?", id))
	if err != nil {
		return r, fmt.Errorf("store: revision %d: %w", id, notFound(err, article.ErrNotFound))
	}
	return r, nil
}

// Redirect finds where an old path now lives: an article or a section id.
func (s *Store) Redirect(ctx context.Context, path string) (articleID, sectionID int64, err error) {
	var a, sec sql.NullInt64
	err = s.row(ctx, "SELECT article_id, section_id FROM redirects WHERE path = ?", path).Scan(&a, &sec)
	if err != nil {
		return 0, 0, notFound(err, article.ErrNotFound)
	}
	return a.Int64, sec.Int64, nil
}

// AddSectionRedirects records old paths of a moved section and its published articles.
func (s *Store) AddSectionRedirects(ctx context.Context, sectionPaths map[int64]string, articlePaths map[int64]string) error {
	now := micro(time.Now())
	return s.WithTx(ctx, func(tx *Tx) error {
		for id, p := range sectionPaths {
			if _, err := tx.exec(ctx, `INSERT INTO redirects (path, section_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT (path) DO UPDATE SET section_id = excluded.section_id, article_id = NULL`, p, id, now); err != nil {
				return err
			}
		}
		for id, p := range articlePaths {
			if _, err := tx.exec(ctx, `INSERT INTO redirects (path, article_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id, section_id = NULL`, p, id, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// AuthorsExist reports whether every id is an author.
func (s *Store) AuthorsExist(ctx context.Context, ids []int64) (bool, error) {
	if len(ids) == 0 {
		return true, nil
	}
	in, args := inList(ids)
	var n int
	if err := s.row(ctx, "SELECT COUNT(*) FROM authors WHERE id IN ("+in+")", args...).Scan(&n); err != nil {
		return false, err
	}
	return n == len(ids), nil
}

// SetArticleOwner changes who created an article (for imports and tests).
func (s *Store) SetArticleOwner(ctx context.Context, id, userID int64) error {
	_, err := s.exec(ctx, "UPDATE articles SET created_by = ? WHERE id = ?", userID, id)
	return err
}

// DeleteArticle removes an article with its revisions, tags and redirects.
func (s *Store) DeleteArticle(ctx context.Context, id int64) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		before, err := storyShown(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.purgeStory(ctx, id, before, shown{}); err != nil {
			return err
		}
		if err := unindexArticle(ctx, tx, id); err != nil {
			return err
		}
		return deleted(tx.exec(ctx, "DELETE FROM articles WHERE id = ?", id))(article.ErrNotFound)
	})
}

// SetBreaking marks an article as breaking news until a time (zero ends it).
func (s *Store) SetBreaking(ctx context.Context, id int64, until time.Time) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		tx.purge(cachekey.All) // the bar shows on every page
		return deleted(tx.exec(ctx, "UPDATE articles SET breaking_until = ? WHERE id = ?", micro(until), id))(article.ErrNotFound)
	})
}

// BreakingNow lists the published articles that are breaking news at now,
// newest first.
func (s *Store) BreakingNow(ctx context.Context, now time.Time, limit int) ([]*article.Article, error) {
	// Every reader page asks this, so it must read the few marked stories
	// (through articles_breaking), never every published one: first their
	// numbers, then those stories, whatever either planner thinks of the
	// status index.
	ids, err := readIDs(s.query(ctx, "SELECT id FROM articles WHERE breaking_until > ?", micro(now)))
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	in, args := inList(ids)
	rows, err := s.query(ctx, "SELECT "+articleCols+articleFrom+" WHERE a.id IN ("+in+`)
		AND a.status = 'published' ORDER BY a.published_at DESC, a.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*article.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ClaimBreakingAlert notes that an article's breaking-news alert is being
// queued; it reports false if it was already, so the alert goes once per
// article for good.
func (s *Store) ClaimBreakingAlert(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := s.exec(ctx, "UPDATE articles SET breaking_alerted_at = ? WHERE id = ? AND breaking_alerted_at IS NULL", micro(at), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseBreakingAlert forgets a claimed alert that was not sent (the story
// stopped being breaking news before it went), so marking it again alerts.
func (s *Store) ReleaseBreakingAlert(ctx context.Context, id int64) error {
	_, err := s.exec(ctx, "UPDATE articles SET breaking_alerted_at = NULL WHERE id = ?", id)
	return err
}

// SitemapArticles lists the published articles whose ids are in [from, to),
// with what a sitemap needs: address parts, title, times, picture.
func (s *Store) SitemapArticles(ctx context.Context, from, to int64) ([]*article.Article, error) {
	rows, err := s.query(ctx, `SELECT a.id, COALESCE(a.section_id, 0), a.slug, a.headline, a.updated_at, a.published_at, COALESCE(m.name, '')
		FROM articles a LEFT JOIN media m ON m.id = a.hero_media_id WHERE a.status = 'published' AND a.id >= ? AND a.id < ? ORDER BY a.id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: sitemap: %w", err)
	}
	defer rows.Close()
	var out []*article.Article
	for rows.Next() {
		var a article.Article
		var updated, published sql.NullInt64
		var hero string
		if err := rows.Scan(&a.ID, &a.SectionID, &a.Slug, &a.Headline, &updated, &published, &hero); err != nil {
			return nil, err
		}
		a.UpdatedAt, a.PublishedAt, a.Status = fromMicro(updated), fromMicro(published), article.Published
		if hero != "" {
			a.HeroURL = "/media/" + hero
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}

// MaxArticleID is the highest article id (0 without articles).
func (s *Store) MaxArticleID(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	err := s.row(ctx, "SELECT MAX(id) FROM articles").Scan(&id)
	return id.Int64, err
}

// PublishedTaxonomy lists the tags and the authors that have at least one
// published story (what a sitemap may name: a tag used only on drafts stays
// unknown).
func (s *Store) PublishedTaxonomy(ctx context.Context) (tags, authors []string, err error) {
	for _, q := range []struct {
		sql string
		out *[]string
	}{{`SELECT t.slug FROM tags t WHERE EXISTS (SELECT 1 FROM article_tags at JOIN articles a ON a.id = at.article_id
		WHERE at.tag_id = t.id AND a.status = 'published') ORDER BY t.slug`, &tags},
		{`SELECT au.slug FROM authors au WHERE EXISTS (SELECT 1 FROM article_authors aa JOIN articles a ON a.id = aa.article_id
		WHERE aa.author_id = au.id AND a.status = 'published') ORDER BY au.slug`, &authors}} {
		rows, err := s.query(ctx, q.sql)
		if err != nil {
			return nil, nil, fmt.Errorf("store: taxonomy: %w", err)
		}
		for rows.Next() {
			var sl string
			if err := rows.Scan(&sl); err != nil {
				rows.Close()
				return nil, nil, err
			}
			*q.out = append(*q.out, sl)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return tags, authors, nil
}

// ArticleByDraftKey finds the article a user's new-article page created
// under key (0 if none yet).
func (s *Store) ArticleByDraftKey(ctx context.Context, userID int64, key string) (int64, error) {
	var id int64
	err := s.row(ctx, "SELECT id FROM articles WHERE created_by = ? AND draft_key = ?", userID, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// SetDraftKey records the key of the page that created an article.
func (s *Store) SetDraftKey(ctx context.Context, id int64, key string) error {
	_, err := s.exec(ctx, "UPDATE articles SET draft_key = ? WHERE id = ?", key, id)
	return err
}
