package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"broadsheet/internal/apperr"
	"broadsheet/internal/author"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/section"
	"broadsheet/internal/slug"
	"broadsheet/internal/tag"
)

// Sections lists all sections in menu order.
func (s *Store) Sections(ctx context.Context) ([]section.Section, error) {
	rows, err := s.query(ctx, "SELECT id, COALESCE(parent_id, 0), slug, name, description, position FROM sections ORDER BY position, id")
	if err != nil {
		return nil, fmt.Errorf("store: sections: %w", err)
	}
	defer rows.Close()
	var out []section.Section
	for rows.Next() {
		var sc section.Section
		if err := rows.Scan(&sc.ID, &sc.ParentID, &sc.Slug, &sc.Name, &sc.Description, &sc.Position); err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// SaveSection inserts (id 0) or updates a section and returns its id.
func (s *Store) SaveSection(ctx context.Context, id int64, in section.Input) (int64, error) {
	err := s.WithTx(ctx, func(tx *Tx) error {
		tx.purge(cachekey.All) // the menu is on every page
		var err error
		if id == 0 {
			id, err = insertID(ctx, tx.row, "INSERT INTO sections (parent_id, slug, name, description, position) VALUES (?, ?, ?, ?, ?)",
				nullID(in.ParentID), in.Slug, in.Name, in.Description, in.Position)
		} else {
			_, err = tx.exec(ctx, "UPDATE sections SET parent_id = ?, slug = ?, name = ?, description = ?, position = ? WHERE id = ?",
				nullID(in.ParentID), in.Slug, in.Name, in.Description, in.Position, id)
		}
		return err
	})
	if isUnique(err) {
		return 0, apperr.FieldError("slug", "Another section here already uses this slug.")
	}
	if err != nil {
		return 0, fmt.Errorf("store: save section: %w", err)
	}
	return id, nil
}

// DeleteSection removes an empty section.
func (s *Store) DeleteSection(ctx context.Context, id int64) error {
	var n int
	if err := s.row(ctx, "SELECT (SELECT COUNT(*) FROM articles WHERE section_id = ?) + (SELECT COUNT(*) FROM sections WHERE parent_id = ?)", id, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("store: section %d has articles or subsections: %w", id, apperr.Conflict)
	}
	return deleted(s.execPurging(ctx, []string{cachekey.All}, "DELETE FROM sections WHERE id = ?", id))(section.ErrNotFound)
}

func (s *Store) wrow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.w.QueryRowContext(ctx, s.d.rebind(q), args...)
}

// Tags lists tags with their count of published articles, most used first.
func (s *Store) Tags(ctx context.Context) ([]tag.Tag, error) {
	rows, err := s.query(ctx, `SELECT t.id, t.slug, t.name, COUNT(a.id) FROM tags t
		LEFT JOIN article_tags at ON at.tag_id = t.id LEFT JOIN articles a ON a.id = at.article_id AND a.status = 'published'
		GROUP BY t.id, t.slug, t.name ORDER BY COUNT(a.id) DESC, t.name`)
	if err != nil {
		return nil, fmt.Errorf("store: tags: %w", err)
	}
	return scanTags(rows)
}

// RecentTags lists the tags used most among the newest published stories
// (at most stories of them), most used first, at most limit: read through
// the status and date index, whatever the archive's size.
func (s *Store) RecentTags(ctx context.Context, stories, limit int) ([]tag.Tag, error) {
	rows, err := s.query(ctx, `SELECT t.id, t.slug, t.name, COUNT(*) FROM
		(SELECT id FROM articles WHERE status = 'published' ORDER BY sort_at DESC, id DESC LIMIT ?) r
		JOIN article_tags at ON at.article_id = r.id JOIN tags t ON t.id = at.tag_id
		GROUP BY t.id, t.slug, t.name ORDER BY COUNT(*) DESC, t.name LIMIT ?`, stories, limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent tags: %w", err)
	}
	return scanTags(rows)
}

// scanTags reads rows of id, slug, name and count.
func scanTags(rows *sql.Rows) ([]tag.Tag, error) {
	defer rows.Close()
	var out []tag.Tag
	for rows.Next() {
		var t tag.Tag
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name, &t.Count); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TagBySlug loads a tag.
func (s *Store) TagBySlug(ctx context.Context, sl string) (tag.Tag, error) {
	var t tag.Tag
	err := s.row(ctx, "SELECT id, slug, name FROM tags WHERE slug = ?", sl).Scan(&t.ID, &t.Slug, &t.Name)
	if err != nil {
		return t, fmt.Errorf("store: tag %q: %w", sl, notFound(err, tag.ErrNotFound))
	}
	return t, nil
}

// RenameTag changes a tag's display name; its slug stays, so links keep
// working. Renaming a tag to the name of another tag merges the two: the
// articles move to the other tag, which keeps its name, and this one goes. It returns the id of the
// tag that remains.
func (s *Store) RenameTag(ctx context.Context, id int64, name string) (int64, error) {
	keep := id
	err := s.WithTx(ctx, func(tx *Tx) error {
		// Its name shows on its stories and lists; the home page and the
		// sitemap of topics name the tags.
		tx.purge(cachekey.Tag(id), cachekey.TagList(id), cachekey.Latest)
		var other int64
		err := tx.row(ctx, "SELECT id FROM tags WHERE (slug = ? OR LOWER(name) = LOWER(?)) AND id <> ? ORDER BY id LIMIT 1", slug.Make(name), name, id).Scan(&other)
		switch {
		case err == sql.ErrNoRows:
			res, err := tx.exec(ctx, "UPDATE tags SET name = ? WHERE id = ?", name, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return tag.ErrNotFound
			}
			return reindexArticles(ctx, tx, "SELECT article_id FROM article_tags WHERE tag_id = ?", id)
		case err != nil:
			return err
		}
		keep = other
		tx.purge(cachekey.Tag(other), cachekey.TagList(other))
		if _, err := tx.exec(ctx, `INSERT INTO article_tags (article_id, tag_id, position, sort_at, published)
			SELECT article_id, ?, position, sort_at, published FROM article_tags WHERE tag_id = ? ON CONFLICT DO NOTHING`, other, id); err != nil {
			return err
		}
		if err := deleted(tx.exec(ctx, "DELETE FROM tags WHERE id = ?", id))(tag.ErrNotFound); err != nil {
			return err
		}
		return reindexArticles(ctx, tx, "SELECT article_id FROM article_tags WHERE tag_id = ?", other)
	})
	return keep, err
}

// DeleteTag removes a tag from every article (and from their index rows).
func (s *Store) DeleteTag(ctx context.Context, id int64) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		tx.purge(cachekey.Tag(id), cachekey.TagList(id), cachekey.Latest)
		ids, err := queryIDs(ctx, tx, "SELECT article_id FROM article_tags WHERE tag_id = ?", id)
		if err != nil {
			return err
		}
		if err := deleted(tx.exec(ctx, "DELETE FROM tags WHERE id = ?", id))(tag.ErrNotFound); err != nil {
			return err
		}
		for _, aid := range ids {
			if err := indexArticle(ctx, tx, aid); err != nil {
				return err
			}
		}
		return nil
	})
}

const authorCols = `au.id, au.slug, au.name, au.bio, COALESCE(au.photo_media_id, 0), COALESCE(m.name, ''), au.links,
	COALESCE(m.version, ''), COALESCE(m.width, 0), COALESCE(m.height, 0)`

func scanAuthor(sc interface{ Scan(...any) error }, lead ...any) (author.Author, error) {
	var a author.Author
	var photo, links string
	if err := sc.Scan(append(lead, &a.ID, &a.Slug, &a.Name, &a.Bio, &a.PhotoMediaID, &photo, &links, &a.PhotoVersion, &a.PhotoWidth, &a.PhotoHeight)...); err != nil {
		return a, err
	}
	if photo != "" {
		a.PhotoURL = "/media/" + photo
	}
	_ = json.Unmarshal([]byte(links), &a.Links) // a broken list shows no links
	return a, nil
}

// Authors lists all authors by name.
func (s *Store) Authors(ctx context.Context) ([]author.Author, error) {
	rows, err := s.query(ctx, "SELECT "+authorCols+" FROM authors au LEFT JOIN media m ON m.id = au.photo_media_id ORDER BY au.name")
	if err != nil {
		return nil, fmt.Errorf("store: authors: %w", err)
	}
	defer rows.Close()
	var out []author.Author
	for rows.Next() {
		a, err := scanAuthor(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AuthorBySlug loads one author.
func (s *Store) AuthorBySlug(ctx context.Context, sl string) (author.Author, error) {
	a, err := scanAuthor(s.row(ctx, "SELECT "+authorCols+" FROM authors au LEFT JOIN media m ON m.id = au.photo_media_id WHERE au.slug = ?", sl))
	if err != nil {
		return a, fmt.Errorf("store: author %q: %w", sl, notFound(err, author.ErrNotFound))
	}
	return a, nil
}

// Author loads one author by id.
func (s *Store) Author(ctx context.Context, id int64) (author.Author, error) {
	a, err := scanAuthor(s.row(ctx, "SELECT "+authorCols+" FROM authors au LEFT JOIN media m ON m.id = au.photo_media_id WHERE au.id = ?", id))
	if err != nil {
		return a, fmt.Errorf("store: author %d: %w", id, notFound(err, author.ErrNotFound))
	}
	return a, nil
}

// SaveAuthor inserts (ID 0, setting it) or updates an author.
func (s *Store) SaveAuthor(ctx context.Context, a *author.Author) error {
	links, _ := json.Marshal(a.Links)
	var err error
	if a.ID == 0 {
		a.ID, err = insertID(ctx, s.wrow, "INSERT INTO authors (slug, name, bio, photo_media_id, links) VALUES (?, ?, ?, ?, ?)",
			a.Slug, a.Name, a.Bio, nullID(a.PhotoMediaID), string(links))
	} else {
		err = s.WithTx(ctx, func(tx *Tx) error {
			tx.purge(cachekey.Author(a.ID), cachekey.AuthorList(a.ID))
			var old string
			if err := tx.row(ctx, "SELECT name FROM authors WHERE id = ?", a.ID).Scan(&old); err != nil {
				return notFound(err, author.ErrNotFound)
			}
			if _, err := tx.exec(ctx, "UPDATE authors SET slug = ?, name = ?, bio = ?, photo_media_id = ?, links = ? WHERE id = ?",
				a.Slug, a.Name, a.Bio, nullID(a.PhotoMediaID), string(links), a.ID); err != nil {
				return err
			}
			if old == a.Name {
				return nil
			}
			return reindexArticles(ctx, tx, "SELECT article_id FROM article_authors WHERE author_id = ?", a.ID)
		})
	}
	if isUnique(err) {
		return apperr.FieldError("slug", "Another author already uses this slug.")
	}
	return err
}
