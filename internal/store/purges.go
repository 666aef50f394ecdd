package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

	"broadsheet/internal/cachekey"
)

// Purge is one change's entry in the page cache's purge log.
type Purge struct {
	ID   int64
	Keys []string
	At   time.Time
}

// purgeHook is called after a transaction that recorded a purge commits.
type purgeHook struct {
	mu sync.RWMutex
	fn func(Purge)
}

// OnPurge sets fn to be called, in this process, after each committed
// change that recorded cache keys (the page cache purges at once; other
// processes read the log).
func (s *Store) OnPurge(fn func(Purge)) {
	s.hook.mu.Lock()
	s.hook.fn = fn
	s.hook.mu.Unlock()
}

// purge notes cache keys that the transaction's change touches; WithTx
// records them in the purge log before it commits.
func (t *Tx) purge(keys ...string) {
	for _, k := range keys {
		if k != "" && !slices.Contains(t.keys, k) {
			t.keys = append(t.keys, k)
		}
	}
}

// recordPurge writes the transaction's keys to the purge log (on
// PostgreSQL with a notification that goes out when it commits).
func (t *Tx) recordPurge(ctx context.Context) (Purge, error) {
	p := Purge{Keys: t.keys, At: time.Now()}
	id, err := insertID(ctx, t.row, "INSERT INTO cache_purges (keys, created_at) VALUES (?, ?)", strings.Join(t.keys, " "), micro(p.At))
	if err != nil {
		return p, fmt.Errorf("store: purge log: %w", err)
	}
	p.ID = id
	if t.d.name == "postgres" { // wakes the other instances' listeners when the transaction commits
		if _, err := t.exec(ctx, "SELECT pg_notify('"+purgeChannel+"', '')"); err != nil {
			return p, fmt.Errorf("store: purge notify: %w", err)
		}
	}
	return p, nil
}

// execPurging runs one statement in a transaction that, when the statement
// changed a row, records keys in the purge log.
func (s *Store) execPurging(ctx context.Context, keys []string, q string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := s.WithTx(ctx, func(tx *Tx) error {
		var err error
		if res, err = tx.exec(ctx, q, args...); err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			tx.purge(keys...)
		}
		return nil
	})
	return res, err
}

// Purges lists the purge log's entries with an id above after, and those
// recorded since since whatever their id (on PostgreSQL a transaction that
// took an id earlier may commit after a later one), oldest first.
func (s *Store) Purges(ctx context.Context, after int64, since time.Time, limit int) ([]Purge, error) {
	// The recent entries' lowest id, then one range by id: each read through
	// an index (an OR of the two conditions reads the whole log on SQLite).
	// Entries between the two that are older come along; applying a purge
	// twice costs only a render.
	var low sql.NullInt64
	if err := s.row(ctx, "SELECT MIN(id) FROM cache_purges WHERE created_at >= ?", micro(since)).Scan(&low); err != nil {
		return nil, fmt.Errorf("store: purges: %w", err)
	}
	if low.Valid && low.Int64-1 < after {
		after = low.Int64 - 1
	}
	rows, err := s.query(ctx, "SELECT id, keys, created_at FROM cache_purges WHERE id > ? ORDER BY id LIMIT ?", after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: purges: %w", err)
	}
	defer rows.Close()
	var out []Purge
	for rows.Next() {
		var p Purge
		var keys string
		var at int64
		if err := rows.Scan(&p.ID, &keys, &at); err != nil {
			return nil, err
		}
		p.Keys, p.At = strings.Fields(keys), time.UnixMicro(at).UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// LastPurge is the purge log's highest id (0 when empty): where a new
// instance starts reading, its cache being empty.
func (s *Store) LastPurge(ctx context.Context) (int64, error) {
	var id *int64
	if err := s.row(ctx, "SELECT MAX(id) FROM cache_purges").Scan(&id); err != nil {
		return 0, fmt.Errorf("store: last purge: %w", err)
	}
	if id == nil {
		return 0, nil
	}
	return *id, nil
}

// PrunePurges deletes the purge log's entries older than before.
func (s *Store) PrunePurges(ctx context.Context, before time.Time) error {
	_, err := s.exec(ctx, "DELETE FROM cache_purges WHERE created_at < ?", micro(before))
	return err
}

// shown is what of a story decides which lists show it.
type shown struct {
	published     bool
	section       int64
	sortAt        int64
	tags, authors []int64
}

// storyShown reads a story's state inside a transaction (the zero value
// when it does not exist).
func storyShown(ctx context.Context, tx *Tx, id int64) (shown, error) {
	var sh shown
	var status string
	var sec, sortAt *int64
	err := tx.row(ctx, "SELECT status, section_id, sort_at FROM articles WHERE id = ?", id).Scan(&status, &sec, &sortAt)
	if err == sql.ErrNoRows {
		return sh, nil
	}
	if err != nil {
		return sh, err
	}
	sh.published = status == "published"
	if sec != nil {
		sh.section = *sec
	}
	if sortAt != nil {
		sh.sortAt = *sortAt
	}
	if sh.tags, err = queryIDs(ctx, tx, "SELECT tag_id FROM article_tags WHERE article_id = ?", id); err != nil {
		return sh, err
	}
	sh.authors, err = queryIDs(ctx, tx, "SELECT author_id FROM article_authors WHERE article_id = ?", id)
	return sh, err
}

// purgeStory notes the keys of a change to story id that was in state
// before and is now in after: nothing while it is not published either
// way; else the story, the lists it left and joined, the site's newest, its
// sitemap, and its neighbours' pages now (they link to it; those that
// linked to it before show it, so a{id} names them).
func (t *Tx) purgeStory(ctx context.Context, id int64, before, after shown) error {
	if !before.published && !after.published {
		return nil
	}
	t.purge(cachekey.Article(id), cachekey.Latest, cachekey.Sitemap(id))
	for _, sh := range []shown{before, after} {
		if !sh.published {
			continue
		}
		if sh.section != 0 {
			t.purge(cachekey.SectionList(sh.section))
		}
		for _, tg := range sh.tags {
			t.purge(cachekey.TagList(tg))
		}
		for _, au := range sh.authors {
			t.purge(cachekey.AuthorList(au))
		}
	}
	if after.published {
		for _, q := range []string{
			"SELECT id FROM articles WHERE status = 'published' AND (sort_at < ? OR (sort_at = ? AND id < ?)) ORDER BY sort_at DESC, id DESC LIMIT 1",
			"SELECT id FROM articles WHERE status = 'published' AND (sort_at > ? OR (sort_at = ? AND id > ?)) ORDER BY sort_at ASC, id ASC LIMIT 1",
		} {
			ns, err := queryIDs(ctx, t, q, after.sortAt, after.sortAt, id)
			if err != nil {
				return err
			}
			for _, n := range ns {
				t.purge(cachekey.Story(n))
			}
		}
	}
	return nil
}

// purgeChannel is the PostgreSQL notification channel a purge wakes.
const purgeChannel = "broadsheet_purge"

// ListenPurges calls wake whenever another process records a purge, until
// ctx ends: on PostgreSQL through LISTEN on a connection of its own (each
// purge's transaction notifies as it commits); on SQLite, which has no
// notifications, it returns at once and the caller's polling does the work.
// A lost connection is opened again after a second.
func (s *Store) ListenPurges(ctx context.Context, wake func()) error {
	if s.d.name != "postgres" {
		return nil
	}
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, wake)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
	return nil
}

func (s *Store) listenOnce(ctx context.Context, wake func()) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: listen: not a pgx connection (%T)", dc)
		}
		c := pc.Conn()
		if _, err := c.Exec(ctx, "LISTEN "+purgeChannel); err != nil {
			return err
		}
		defer c.Exec(context.Background(), "UNLISTEN "+purgeChannel)
		wake() // whatever was recorded while nobody listened
		for {
			if _, err := c.WaitForNotification(ctx); err != nil {
				return err
			}
			wake()
		}
	})
}
