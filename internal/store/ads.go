package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"broadsheet/internal/ad"
	"broadsheet/internal/apperr"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/setting"
)

const adCols = "id, name, kind, placements, body_text, image_url, image_alt, link, code, starts_at, ends_at, weight, targeted, paused, updated_at, updated_by"

func scanAd(sc interface{ Scan(...any) error }) (ad.Ad, error) {
	var a ad.Ad
	var kind, places string
	var starts, ends, updated, by sql.NullInt64
	var targeted, paused int
	err := sc.Scan(&a.ID, &a.Name, &kind, &places, &a.Text, &a.ImageURL, &a.ImageAlt, &a.Link, &a.Code,
		&starts, &ends, &a.Weight, &targeted, &paused, &updated, &by)
	a.Kind, a.Starts, a.Ends, a.UpdatedAt, a.UpdatedBy = ad.Kind(kind), fromMicro(starts), fromMicro(ends), fromMicro(updated), by.Int64
	a.Targeted, a.Paused = targeted == 1, paused == 1
	for _, p := range strings.Split(places, ",") {
		if ad.Placement(p).Valid() {
			a.Placements = append(a.Placements, ad.Placement(p))
		}
	}
	return a, err
}

// Ads returns every ad with its sections, oldest first.
func (s *Store) Ads(ctx context.Context) ([]ad.Ad, error) {
	rows, err := s.query(ctx, "SELECT "+adCols+" FROM ads ORDER BY id LIMIT ?", ad.MaxAds)
	if err != nil {
		return nil, fmt.Errorf("store: ads: %w", err)
	}
	defer rows.Close()
	var out []ad.Ad
	at := map[int64]int{}
	for rows.Next() {
		a, err := scanAd(rows)
		if err != nil {
			return nil, err
		}
		at[a.ID] = len(out)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	secs, err := s.query(ctx, "SELECT ad_id, section_id FROM ad_sections ORDER BY ad_id, section_id")
	if err != nil {
		return nil, err
	}
	defer secs.Close()
	for secs.Next() {
		var id, sec int64
		if err := secs.Scan(&id, &sec); err != nil {
			return nil, err
		}
		if i, ok := at[id]; ok {
			out[i].Sections = append(out[i].Sections, sec)
		}
	}
	return out, secs.Err()
}

// Ad returns one ad with its sections.
func (s *Store) Ad(ctx context.Context, id int64) (ad.Ad, error) {
	a, err := scanAd(s.row(ctx, "SELECT "+adCols+" FROM ads WHERE id = ?", id))
	if err != nil {
		return a, fmt.Errorf("store: ad %d: %w", id, notFound(err, ad.ErrNotFound))
	}
	rows, err := s.query(ctx, "SELECT section_id FROM ad_sections WHERE ad_id = ? ORDER BY section_id", id)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var sec int64
		if err := rows.Scan(&sec); err != nil {
			return a, err
		}
		a.Sections = append(a.Sections, sec)
	}
	return a, rows.Err()
}

// SaveAd creates (ID 0) or replaces an ad, with its sections; sections that
// no longer exist are refused.
func (s *Store) SaveAd(ctx context.Context, a *ad.Ad) error {
	return s.WithTx(ctx, func(tx *Tx) error { return saveAd(ctx, tx, a) })
}

func saveAd(ctx context.Context, tx *Tx, a *ad.Ad) error {
	tx.purge(cachekey.Ads)
	places := make([]string, len(a.Placements))
	for i, p := range a.Placements {
		places[i] = string(p)
	}
	args := []any{a.Name, string(a.Kind), strings.Join(places, ","), a.Text, a.ImageURL, a.ImageAlt, a.Link, a.Code,
		micro(a.Starts), micro(a.Ends), a.Weight, boolInt(a.Targeted), boolInt(a.Paused), micro(a.UpdatedAt), nullID(a.UpdatedBy)}
	if a.ID == 0 {
		var n int
		if err := tx.row(ctx, "SELECT COUNT(*) FROM ads").Scan(&n); err != nil {
			return err
		}
		if n >= ad.MaxAds {
			return apperr.FieldError("name", fmt.Sprintf("The site has %d ads, the most it keeps. Delete ads that have ended first.", n))
		}
		id, err := insertID(ctx, tx.row, `INSERT INTO ads (name, kind, placements, body_text, image_url, image_alt, link, code,
			starts_at, ends_at, weight, targeted, paused, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		if err != nil {
			return fmt.Errorf("store: ad: %w", err)
		}
		a.ID = id
	} else {
		err := deleted(tx.exec(ctx, `UPDATE ads SET name = ?, kind = ?, placements = ?, body_text = ?, image_url = ?, image_alt = ?, link = ?, code = ?,
			starts_at = ?, ends_at = ?, weight = ?, targeted = ?, paused = ?, updated_at = ?, updated_by = ? WHERE id = ?`, append(args, a.ID)...))(ad.ErrNotFound)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM ad_sections WHERE ad_id = ?", a.ID); err != nil {
			return err
		}
	}
	if len(a.Sections) == 0 {
		return nil
	}
	list, ids := inList(a.Sections)
	var found int
	if err := tx.row(ctx, "SELECT COUNT(*) FROM sections WHERE id IN ("+list+")", ids...).Scan(&found); err != nil {
		return err
	}
	if found != len(a.Sections) {
		return apperr.FieldError("sections", "A chosen section no longer exists. Choose again.")
	}
	for _, sec := range a.Sections {
		if _, err := tx.exec(ctx, "INSERT INTO ad_sections (ad_id, section_id) VALUES (?, ?)", a.ID, sec); err != nil {
			return err
		}
	}
	return nil
}

// DeleteAd removes an ad and its counts.
func (s *Store) DeleteAd(ctx context.Context, id int64) error {
	return deleted(s.execPurging(ctx, []string{cachekey.Ads}, "DELETE FROM ads WHERE id = ?", id))(ad.ErrNotFound)
}

// AddAdCounts adds impressions and clicks to the daily counts, in one
// transaction; counts of ads deleted meanwhile are dropped.
func (s *Store) AddAdCounts(ctx context.Context, counts []ad.Count) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		for _, c := range counts {
			_, err := tx.exec(ctx, `INSERT INTO ad_stats (ad_id, day, impressions, clicks)
				SELECT id, ?, ?, ? FROM ads WHERE id = ?
				ON CONFLICT (ad_id, day) DO UPDATE SET impressions = ad_stats.impressions + excluded.impressions, clicks = ad_stats.clicks + excluded.clicks`,
				c.Day, c.Impressions, c.Clicks, c.AdID)
			if err != nil {
				return fmt.Errorf("store: ad counts: %w", err)
			}
		}
		return nil
	})
}

// AdStats returns each ad's totals from day since on ("" for all time).
func (s *Store) AdStats(ctx context.Context, since string) (map[int64]ad.Stats, error) {
	rows, err := s.query(ctx, "SELECT ad_id, SUM(impressions), SUM(clicks) FROM ad_stats WHERE day >= ? GROUP BY ad_id", since)
	if err != nil {
		return nil, fmt.Errorf("store: ad stats: %w", err)
	}
	defer rows.Close()
	out := map[int64]ad.Stats{}
	for rows.Next() {
		var id int64
		var st ad.Stats
		if err := rows.Scan(&id, &st.Impressions, &st.Clicks); err != nil {
			return nil, err
		}
		out[id] = st
	}
	return out, rows.Err()
}

// AdDays returns one ad's daily counts from day since on, oldest first.
func (s *Store) AdDays(ctx context.Context, id int64, since string) ([]ad.Count, error) {
	rows, err := s.query(ctx, "SELECT ad_id, day, impressions, clicks FROM ad_stats WHERE ad_id = ? AND day >= ? ORDER BY day", id, since)
	if err != nil {
		return nil, fmt.Errorf("store: ad days: %w", err)
	}
	defer rows.Close()
	var out []ad.Count
	for rows.Next() {
		var c ad.Count
		if err := rows.Scan(&c.AdID, &c.Day, &c.Impressions, &c.Clicks); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MoveOldAds turns the fixed ad slots of older settings into house ads (the
// header slot to the header, the body slot into articles, the sidebar slot
// to the sidebar) and drops them from the settings, in one transaction, so
// that it happens once even when several instances start together. It
// returns how many ads it made.
func (s *Store) MoveOldAds(ctx context.Context, now time.Time) (int, error) {
	made := 0
	err := s.WithTx(ctx, func(tx *Tx) error {
		if err := tx.d.lockKey(ctx, tx.tx, "settings-ads"); err != nil {
			return err
		}
		var raw string
		err := tx.row(ctx, "SELECT value FROM settings WHERE key = 'site'").Scan(&raw)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		st, err := setting.Decode(raw)
		if err != nil || st.OldAds == nil {
			return err
		}
		for _, old := range []struct {
			name  string
			place ad.Placement
			ad    setting.Ad
		}{{"Header", ad.Header, st.OldAds.Header}, {"In the article", ad.InArticle, st.OldAds.Body}, {"Sidebar", ad.Sidebar, st.OldAds.Sidebar}} {
			if old.ad.Empty() {
				continue
			}
			a := ad.Ad{Name: old.name + " (from the settings)", Kind: ad.House, Placements: []ad.Placement{old.place},
				Text: old.ad.Text, ImageURL: old.ad.ImageURL, ImageAlt: old.ad.ImageAlt, Link: old.ad.URL, Weight: 1, UpdatedAt: now}
			if a.Link == "" {
				a.Link = "/advertise"
			}
			if a.ImageURL != "" && a.ImageAlt == "" {
				a.ImageAlt = "Advertisement"
			}
			if a.Validate() != nil {
				a.Paused = true // kept for the newsroom to mend, but not shown
			}
			if err := saveAd(ctx, tx, &a); err != nil {
				return err
			}
			made++
		}
		st.OldAds = nil
		tx.purge(cachekey.All)
		_, err = tx.exec(ctx, "UPDATE settings SET value = ? WHERE key = 'site'", st.Encode())
		return err
	})
	return made, err
}
