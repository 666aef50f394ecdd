package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"broadsheet/internal/media"
)

// SearchMedia lists the library newest first, as a filter asks.
func (s *Store) SearchMedia(ctx context.Context, f media.Filter, limit, offset int) ([]media.Media, error) {
	q := "SELECT " + mediaCols + " FROM media WHERE 1 = 1"
	var args []any
	switch f.Kind {
	case "pictures":
		q += " AND mime LIKE 'image/%'"
	case "documents":
		q += " AND mime = ?"
		args = append(args, media.PDF)
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		like := "%" + likeEscape(strings.ToLower(text)) + "%"
		q += ` AND (LOWER(caption) LIKE ? ESCAPE '\' OR LOWER(credit) LIKE ? ESCAPE '\' OR LOWER(alt) LIKE ? ESCAPE '\' OR LOWER(original) LIKE ? ESCAPE '\')`
		args = append(args, like, like, like, like)
	}
	if f.UploadedBy != 0 {
		q += " AND uploaded_by = ?"
		args = append(args, f.UploadedBy)
	}
	if !f.From.IsZero() {
		q += " AND created_at >= ?"
		args = append(args, micro(f.From))
	}
	if !f.Before.IsZero() {
		q += " AND created_at < ?"
		args = append(args, micro(f.Before))
	}
	out, err := readMedia(s.query(ctx, q+" ORDER BY id DESC LIMIT ? OFFSET ?", append(args, max(1, min(limit, 200)), max(offset, 0))...))
	if err != nil {
		return nil, fmt.Errorf("store: media search: %w", err)
	}
	return out, nil
}

// MediaUploaders lists the people who have uploaded to the library, by
// name, for its filter.
func (s *Store) MediaUploaders(ctx context.Context) ([]media.Uploader, error) {
	rows, err := s.query(ctx, `SELECT u.id, u.name FROM users u WHERE EXISTS (SELECT 1 FROM media m WHERE m.uploaded_by = u.id) ORDER BY u.name, u.id LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("store: uploaders: %w", err)
	}
	defer rows.Close()
	var out []media.Uploader
	for rows.Next() {
		var u media.Uploader
		if err := rows.Scan(&u.ID, &u.Name); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// MediaUses says where a picture is used: as a story's main picture or in
// its body, as an author's photo, or as the site's logo.
func (s *Store) MediaUses(ctx context.Context, m media.Media) ([]media.Use, error) {
	stem := strings.TrimSuffix(m.Name, filepath.Ext(m.Name)) // variants and crops share it
	rows, err := s.query(ctx, `SELECT id, headline, CASE WHEN hero_media_id = ? THEN 1 ELSE 0 END FROM articles WHERE hero_media_id = ? OR body LIKE ? ORDER BY id DESC LIMIT 100`,
		m.ID, m.ID, "%/media/"+stem+"%")
	if err != nil {
		return nil, fmt.Errorf("store: media uses: %w", err)
	}
	var uses []media.Use
	for rows.Next() {
		var id int64
		var headline string
		var hero int
		if err := rows.Scan(&id, &headline, &hero); err != nil {
			rows.Close()
			return nil, err
		}
		what := "in the story"
		if hero == 1 {
			what = "main picture of"
		}
		uses = append(uses, media.Use{What: what, Title: headline, Link: fmt.Sprintf("/newsroom/articles/%d", id)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.query(ctx, "SELECT id, name FROM authors WHERE photo_media_id = ?", m.ID)
	if err != nil {
		return nil, fmt.Errorf("store: media uses: %w", err)
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		uses = append(uses, media.Use{What: "photo of the author", Title: name, Link: fmt.Sprintf("/newsroom/authors/%d", id)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if strings.Contains(st.LogoURL, stem) {
		uses = append(uses, media.Use{What: "the site's", Title: "logo", Link: "/newsroom/settings"})
	}
	return uses, nil
}

// DeleteMedia deletes a picture's row (its files are the media store's).
func (s *Store) DeleteMedia(ctx context.Context, id int64) error {
	return deleted(s.exec(ctx, "DELETE FROM media WHERE id = ?", id))(media.ErrNotFound)
}
