package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/media"
	"broadsheet/internal/page"
	"broadsheet/internal/richtext"
	"broadsheet/internal/setting"
)

// Pages lists static pages by title.
func (s *Store) Pages(ctx context.Context) ([]page.Page, error) {
	rows, err := s.query(ctx, "SELECT id, slug, title, body, updated_at FROM pages ORDER BY title")
	if err != nil {
		return nil, fmt.Errorf("store: pages: %w", err)
	}
	defer rows.Close()
	var out []page.Page
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func scanPage(sc interface{ Scan(...any) error }) (page.Page, error) {
	var p page.Page
	var body string
	var updated sql.NullInt64
	if err := sc.Scan(&p.ID, &p.Slug, &p.Title, &body, &updated); err != nil {
		return p, err
	}
	p.UpdatedAt = fromMicro(updated)
	var err error
	p.Body, err = richtext.Unmarshal(body)
	return p, err
}

// PageBySlug loads one static page.
func (s *Store) PageBySlug(ctx context.Context, sl string) (page.Page, error) {
	p, err := scanPage(s.row(ctx, "SELECT id, slug, title, body, updated_at FROM pages WHERE slug = ?", sl))
	if err != nil {
		return p, fmt.Errorf("store: page %q: %w", sl, notFound(err, page.ErrNotFound))
	}
	return p, nil
}

// Page loads one static page by id.
func (s *Store) Page(ctx context.Context, id int64) (page.Page, error) {
	p, err := scanPage(s.row(ctx, "SELECT id, slug, title, body, updated_at FROM pages WHERE id = ?", id))
	if err != nil {
		return p, fmt.Errorf("store: page %d: %w", id, notFound(err, page.ErrNotFound))
	}
	return p, nil
}

// SavePage inserts (ID 0, setting it) or updates a page.
func (s *Store) SavePage(ctx context.Context, p *page.Page) error {
	p.UpdatedAt = time.Now().UTC()
	id := p.ID
	err := s.WithTx(ctx, func(tx *Tx) error {
		tx.purge(cachekey.All) // the footer lists the pages
		var err error
		if id == 0 {
			id, err = insertID(ctx, tx.row, "INSERT INTO pages (slug, title, body, updated_at) VALUES (?, ?, ?, ?)",
				p.Slug, p.Title, p.Body.Marshal(), micro(p.UpdatedAt))
		} else {
			_, err = tx.exec(ctx, "UPDATE pages SET slug = ?, title = ?, body = ?, updated_at = ? WHERE id = ?",
				p.Slug, p.Title, p.Body.Marshal(), micro(p.UpdatedAt), p.ID)
		}
		return err
	})
	if err == nil {
		p.ID = id
	}
	if isUnique(err) {
		return apperr.FieldError("slug", "Another page already uses this address.")
	}
	return err
}

// DeletePage removes a static page.
func (s *Store) DeletePage(ctx context.Context, id int64) error {
	return deleted(s.execPurging(ctx, []string{cachekey.All}, "DELETE FROM pages WHERE id = ?", id))(page.ErrNotFound)
}

const mediaCols = "id, name, original, mime, width, height, size, alt, caption, credit, source, rights, focal_x, focal_y, hash, version, COALESCE(uploaded_by, 0), created_at"

func scanMedia(sc interface{ Scan(...any) error }) (media.Media, error) {
	var m media.Media
	var created sql.NullInt64
	err := sc.Scan(&m.ID, &m.Name, &m.Original, &m.MIME, &m.Width, &m.Height, &m.Size, &m.Alt, &m.Caption, &m.Credit,
		&m.Source, &m.Rights, &m.FocalX, &m.FocalY, &m.Hash, &m.Version, &m.UploadedBy, &created)
	m.CreatedAt = fromMicro(created)
	return m, err
}

// MediaBytesBy is how many bytes of originals a user has uploaded.
func (s *Store) MediaBytesBy(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := s.row(ctx, "SELECT COALESCE(SUM(size), 0) FROM media WHERE uploaded_by = ?", userID).Scan(&n)
	return n, err
}

// SaveMedia records a processed upload, setting its ID.
func (s *Store) SaveMedia(ctx context.Context, m *media.Media) error {
	m.CreatedAt = time.Now().UTC()
	var err error
	if m.FocalX == 0 && m.FocalY == 0 {
		m.FocalX, m.FocalY = media.DefaultFocus, media.DefaultFocus
	}
	m.ID, err = insertID(ctx, s.wrow, `INSERT INTO media (name, original, mime, width, height, size, alt, caption, credit, source, rights,
		focal_x, focal_y, hash, version, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.Name, m.Original, m.MIME, m.Width, m.Height, m.Size, m.Alt, m.Caption, m.Credit,
		m.Source, m.Rights, m.FocalX, m.FocalY, m.Hash, m.Version, nullID(m.UploadedBy), micro(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: save media: %w", err)
	}
	return nil
}

// Media loads one media item.
func (s *Store) Media(ctx context.Context, id int64) (media.Media, error) {
	m, err := scanMedia(s.row(ctx, "SELECT "+mediaCols+" FROM media WHERE id = ?", id))
	if err != nil {
		return m, fmt.Errorf("store: media %d: %w", id, notFound(err, media.ErrNotFound))
	}
	return m, nil
}

// MediaList lists uploaded pictures, newest first (not documents: they are
// never a story's picture).
func (s *Store) MediaList(ctx context.Context, limit, offset int) ([]media.Media, error) {
	out, err := readMedia(s.query(ctx, "SELECT "+mediaCols+" FROM media WHERE mime LIKE 'image/%' ORDER BY id DESC LIMIT ? OFFSET ?", limit, offset))
	if err != nil {
		return nil, fmt.Errorf("store: media: %w", err)
	}
	return out, nil
}

// readMedia reads a query's media rows.
func readMedia(rows *sql.Rows, err error) ([]media.Media, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []media.Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// UpdateMediaDetails changes what the library's page edits: the texts,
// source and rights, and the focal point with the version it gives. It
// reports false, changing nothing, when the item's file changed since it
// was read (its hash is no longer before's).
func (s *Store) UpdateMediaDetails(ctx context.Context, m media.Media, beforeHash string) (bool, error) {
	res, err := s.execPurging(ctx, []string{cachekey.Media(m.Name)}, `UPDATE media SET alt = ?, caption = ?, credit = ?, source = ?, rights = ?, focal_x = ?, focal_y = ?, version = ?
		WHERE id = ? AND hash = ?`, m.Alt, m.Caption, m.Credit, m.Source, m.Rights, m.FocalX, m.FocalY, m.Version, m.ID, beforeHash)
	return changedOne(res, err, m.ID)
}

// ReplaceMediaFile records a replaced file (its name, type, size, hash and
// version; the address stays), if the item is still as before: false when
// another replacement or a job changed it meanwhile.
func (s *Store) ReplaceMediaFile(ctx context.Context, before, after media.Media) (bool, error) {
	res, err := s.execPurging(ctx, []string{cachekey.Media(before.Name)}, `UPDATE media SET original = ?, mime = ?, width = ?, height = ?, size = ?, hash = ?, version = ?
		WHERE id = ? AND hash = ? AND version = ?`,
		after.Original, after.MIME, after.Width, after.Height, after.Size, after.Hash, after.Version, before.ID, before.Hash, before.Version)
	return changedOne(res, err, before.ID)
}

// SetMediaVersion records what the variants job (or verify) found of an
// item read as before: its hash, version and size, if the item is still as
// it was read (no replacement, no new focal point meanwhile).
func (s *Store) SetMediaVersion(ctx context.Context, before, after media.Media) (bool, error) {
	res, err := s.execPurging(ctx, []string{cachekey.Media(before.Name)}, `UPDATE media SET hash = ?, version = ?, width = ?, height = ?
		WHERE id = ? AND hash = ? AND version = ? AND focal_x = ? AND focal_y = ?`,
		after.Hash, after.Version, after.Width, after.Height, before.ID, before.Hash, before.Version, before.FocalX, before.FocalY)
	return changedOne(res, err, before.ID)
}

func changedOne(res sql.Result, err error, id int64) (bool, error) {
	if err != nil {
		return false, fmt.Errorf("store: media %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MediaByName loads an item by its lasting name.
func (s *Store) MediaByName(ctx context.Context, name string) (media.Media, error) {
	m, err := scanMedia(s.row(ctx, "SELECT "+mediaCols+" FROM media WHERE name = ?", name))
	if err != nil {
		return m, fmt.Errorf("store: media %q: %w", name, notFound(err, media.ErrNotFound))
	}
	return m, nil
}

// PicturesNamed gives the pictures with the lasting names given (those of a
// story's body), by name; unknown names are left out.
func (s *Store) PicturesNamed(ctx context.Context, names []string) (map[string]media.Picture, error) {
	out := map[string]media.Picture{}
	if len(names) == 0 {
		return out, nil
	}
	if len(names) > 500 {
		names = names[:500]
	}
	q := "SELECT name, version, width, height FROM media WHERE name IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") + ")"
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: pictures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p media.Picture
		if err := rows.Scan(&p.Name, &p.Version, &p.Width, &p.Height); err != nil {
			return nil, err
		}
		out[p.Name] = p
	}
	return out, rows.Err()
}

// MediaAfter lists every item (documents too) with an id above after, in
// id order, for jobs and commands that walk the library.
func (s *Store) MediaAfter(ctx context.Context, after int64, limit int) ([]media.Media, error) {
	out, err := readMedia(s.query(ctx, "SELECT "+mediaCols+" FROM media WHERE id > ? ORDER BY id LIMIT ?", after, limit))
	if err != nil {
		return nil, fmt.Errorf("store: media: %w", err)
	}
	return out, nil
}

// Settings loads the site settings (defaults if none saved).
func (s *Store) Settings(ctx context.Context) (setting.Settings, error) {
	var raw string
	err := s.row(ctx, "SELECT value FROM settings WHERE key = 'site'").Scan(&raw)
	if err == sql.ErrNoRows {
		return setting.Default(), nil
	}
	if err != nil {
		return setting.Default(), fmt.Errorf("store: settings: %w", err)
	}
	return setting.Decode(raw)
}

// SaveSettings stores the site settings.
func (s *Store) SaveSettings(ctx context.Context, st setting.Settings) error {
	_, err := s.execPurging(ctx, []string{cachekey.All}, "INSERT INTO settings (key, value) VALUES ('site', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", st.Encode())
	return err
}

// Providers loads the sign-in providers configured in the newsroom.
func (s *Store) Providers(ctx context.Context) ([]setting.Provider, error) {
	var raw string
	err := s.row(ctx, "SELECT value FROM settings WHERE key = 'oidc'").Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: providers: %w", err)
	}
	return setting.DecodeProviders(raw)
}

// SaveProviders stores the sign-in providers.
func (s *Store) SaveProviders(ctx context.Context, ps []setting.Provider) error {
	_, err := s.exec(ctx, "INSERT INTO settings (key, value) VALUES ('oidc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", setting.EncodeProviders(ps))
	return err
}
