package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/search"
)

// The full-text index: one row per article, written in the transaction that
// writes the article (or its tags or authors), so a story is found at once
// when it is published and gone at once when it is not (the status lives in
// articles, and every search joins it).

// indexArticle writes an article's row of the index from what the
// transaction sees.
func indexArticle(ctx context.Context, tx *Tx, id int64) error {
	var headline, standfirst, body string
	if err := tx.row(ctx, "SELECT headline, standfirst, body_text FROM articles WHERE id = ?", id).Scan(&headline, &standfirst, &body); err != nil {
		return fmt.Errorf("store: index article %d: %w", id, err)
	}
	names := func(q string) (string, error) {
		rows, err := tx.query(ctx, q, id)
		if err != nil {
			return "", err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return "", err
			}
			out = append(out, n)
		}
		return strings.Join(out, " \n "), rows.Err()
	}
	tags, err := names("SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ? ORDER BY at.position")
	if err != nil {
		return err
	}
	authors, err := names("SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = ? ORDER BY aa.position")
	if err != nil {
		return err
	}
	return writeIndex(ctx, tx, id, indexOf(headline, standfirst, body, tags, authors))
}

// indexed is what a story's index row holds: each field's words, folded
// and stemmed, and the unstemmed words of the short fields.
type indexed struct {
	fields []any
	words  string
}

// indexOf does the text work of indexing (pure Go, no database): tags and
// authors are the names joined by " \n ".
func indexOf(headline, standfirst, body, tags, authors string) indexed {
	return indexWith(nil, headline, standfirst, body, tags, authors)
}

// indexWith is indexOf with stems remembered across stories (st nil: not).
func indexWith(st *search.Stems, headline, standfirst, body, tags, authors string) indexed {
	return indexed{fields: []any{st.Index(headline), st.Index(standfirst), st.Index(body), st.Index(tags), st.Index(authors)},
		words: search.Raw(headline + " \n " + standfirst + " \n " + tags + " \n " + authors)}
}

// writeIndex writes story id's index row.
func writeIndex(ctx context.Context, tx *Tx, id int64, ix indexed) error {
	fields, words := ix.fields, ix.words
	if tx.d.name == "sqlite" {
		for _, t := range []string{"article_search", "article_words"} {
			if _, err := tx.exec(ctx, "DELETE FROM "+t+" WHERE rowid = ?", id); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, "INSERT INTO article_search (rowid, headline, standfirst, body, tags, authors) VALUES (?, ?, ?, ?, ?, ?)",
			append([]any{id}, fields...)...); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO article_words (rowid, words) VALUES (?, ?)", id, words)
		return err
	}
	// The body goes last: PostgreSQL keeps positions up to 16,383, so only
	// the end of a very long story loses its place for phrases.
	_, err := tx.exec(ctx, `INSERT INTO article_search (article_id, doc, words) VALUES (?,
		setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'B') ||
		setweight(to_tsvector('simple', ?), 'C') || setweight(to_tsvector('simple', ?), 'D'), to_tsvector('simple', ?))
		ON CONFLICT (article_id) DO UPDATE SET doc = excluded.doc, words = excluded.words`,
		id, fields[0], fields[1], fields[3], fields[4], fields[2], words)
	return err
}

// queryIDs reads the ids a query lists, all of them, before the
// transaction goes on to write.
func queryIDs(ctx context.Context, tx *Tx, q string, args ...any) ([]int64, error) {
	return readIDs(tx.query(ctx, q, args...))
}

// readIDs reads a query's single column of ids.
func readIDs(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// reindexArticles writes the index rows of the articles a query lists (by
// id), as after a tag or an author changes name.
func reindexArticles(ctx context.Context, tx *Tx, q string, args ...any) error {
	ids, err := queryIDs(ctx, tx, q, args...)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := indexArticle(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// unindexArticle removes an article's row (PostgreSQL's goes with the
// article by its foreign key).
func unindexArticle(ctx context.Context, tx *Tx, id int64) error {
	if tx.d.name != "sqlite" {
		return nil
	}
	for _, t := range []string{"article_search", "article_words"} {
		if _, err := tx.exec(ctx, "DELETE FROM "+t+" WHERE rowid = ?", id); err != nil {
			return err
		}
	}
	return nil
}

// IndexMissing indexes the articles the index does not hold yet (those
// written before it existed), a batch at a time, and returns how many.
func (s *Store) IndexMissing(ctx context.Context) (int, error) {
	missing := "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_search) ORDER BY id LIMIT 500"
	if s.d.name == "sqlite" {
		missing = "SELECT id FROM articles WHERE id NOT IN (SELECT rowid FROM article_words) ORDER BY id LIMIT 500"
	}
	total := 0
	for {
		n := 0
		err := s.WithTx(ctx, func(tx *Tx) error {
			ids, err := queryIDs(ctx, tx, missing)
			if err != nil {
				return err
			}
			n = len(ids)
			for _, id := range ids {
				if err := indexArticle(ctx, tx, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < 500 {
			if total > 0 {
				// Fresh statistics, so the planners use the new index at
				// once rather than after the next automatic analysis.
				return total, s.Analyze(ctx)
			}
			return total, nil
		}
	}
}

// compile writes a query's words and phrases (each quoted by quote) joined
// by and, and its exclusions joined by or, in an engine's language.
func compile(q search.Query, quote func([]string) string, and, or string) (pos, neg string) {
	var p, n []string
	for _, t := range q.Terms {
		p = append(p, quote([]string{t}))
	}
	for _, ph := range q.Phrases {
		p = append(p, quote(ph))
	}
	for _, x := range q.Not {
		n = append(n, quote(x))
	}
	return strings.Join(p, and), strings.Join(n, or)
}

// ftsMatch is a query in FTS5's language, and the exclusions alone (for a
// query whose only positive part is the prefix).
func ftsMatch(q search.Query) (match, not string) {
	pos, not := compile(q, func(words []string) string { return `"` + strings.Join(words, " ") + `"` }, " AND ", " OR ")
	if pos == "" {
		return "", not
	}
	match = "(" + pos + ")"
	if not != "" {
		match += " NOT (" + not + ")"
	}
	return match, not
}

// tsQuery is the same query in PostgreSQL's tsquery language ('simple':
// the words are already folded and stemmed), and the exclusions alone.
func tsQuery(q search.Query) (match, not string) {
	lex := func(words []string) string {
		parts := make([]string, len(words))
		for i, w := range words {
			parts[i] = "'" + w + "'" // letters and digits only: nothing to escape
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return "(" + strings.Join(parts, " <-> ") + ")"
	}
	pos, not := compile(q, lex, " & ", " | ")
	if pos == "" {
		return "", not
	}
	match = pos
	if not != "" {
		match += " & !(" + not + ")"
	}
	return match, not
}

// recency halves a match's score for every 60 days of age, roughly: newer
// stories first among equally good matches (a story dated ahead, as a
// scheduled one is, counts as new).
func recency(d dialect) string {
	if d.name == "sqlite" {
		return "(1.0 + MAX(0, ? - a.sort_at) / 5184000000000.0)"
	}
	return "(1.0 + GREATEST(0, ? - a.sort_at) / 5184000000000.0)"
}

// SearchArticles finds the articles that match q and f's other conditions
// (status, sections, author, dates), best first, a page at a time, and how
// many there are in all, counted up to article.SearchCountCap (a count of
// more means "more than the cap"). An empty query finds nothing.
//
// Counting stops at the cap, so a common word costs no more to count than
// a rare one. Up to the cap, matches are ranked by relevance and recency;
// beyond it (a broad query, where relevance tells little) they come newest
// first, found by walking the stories from the newest and checking each
// against the index, which stops as soon as the page is full.
func (s *Store) SearchArticles(ctx context.Context, q search.Query, f article.Filter) ([]*article.Article, int, error) {
	if q.Empty() {
		return nil, 0, nil
	}
	where, args := articleWhere(f)
	and := func(conds []string) string {
		if where == "" {
			return " WHERE " + strings.Join(conds, " AND ")
		}
		return where + " AND " + strings.Join(conds, " AND ")
	}
	// Two forms of the same conditions: joined to the index (to count and
	// rank the matches), and probing the index story by story (to walk the
	// stories newest first).
	var joined, probe []string
	var condArgs []any
	var from, score, walk string
	var scoreArgs []any
	// Walking the stories newest first (SQLite), each is checked against
	// the index in one of two ways: a lookup per story, cheap to start and
	// best when most stories match (few are checked); or, when matches are
	// sparser, one read of the matches into a set first.
	var lookup []string
	var densityTable, densityExpr string
	if s.d.name == "sqlite" {
		match, not := ftsMatch(q)
		from, score = " FROM articles a INDEXED BY articles_listing", "1.0"
		walk = " FROM articles a INDEXED BY articles_status_sort"
		if match != "" {
			// The listing index covers what the conditions read, so that
			// matching thousands of stories never reads their bodies.
			from = " FROM article_search JOIN articles a INDEXED BY articles_listing ON a.id = article_search.rowid"
			joined = append(joined, "article_search MATCH ?")
			lookup = append(lookup, "EXISTS (SELECT 1 FROM article_search WHERE article_search MATCH ? AND rowid = a.id)")
			probe = append(probe, "a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH ?)")
			condArgs = append(condArgs, match)
			score = "(-bm25(article_search, 10.0, 5.0, 1.0, 4.0, 3.0))"
			densityTable, densityExpr = "article_search", match
		} else if not != "" {
			c := "a.id NOT IN (SELECT rowid FROM article_search WHERE article_search MATCH ?)"
			joined, lookup, probe, condArgs = append(joined, c), append(lookup, c), append(probe, c), append(condArgs, not)
		}
		if q.Prefix != "" {
			prefix := `"` + q.Prefix + `"*`
			joined = append(joined, "a.id IN (SELECT rowid FROM article_words WHERE article_words MATCH ?)")
			lookup = append(lookup, "EXISTS (SELECT 1 FROM article_words WHERE article_words MATCH ? AND rowid = a.id)")
			probe = append(probe, "a.id IN (SELECT rowid FROM article_words WHERE article_words MATCH ?)")
			condArgs = append(condArgs, prefix)
			if densityTable == "" {
				densityTable, densityExpr = "article_words", prefix
			}
		}
	} else {
		match, not := tsQuery(q)
		from, score, walk = " FROM article_search s JOIN articles a ON a.id = s.article_id", "1.0", " FROM articles a"
		var docConds []string
		if match != "" {
			docConds, condArgs = append(docConds, "s.doc @@ to_tsquery('simple', ?)"), append(condArgs, match)
			score, scoreArgs = "ts_rank(s.doc, to_tsquery('simple', ?))", []any{match}
		} else if not != "" {
			docConds, condArgs = append(docConds, "NOT (s.doc @@ to_tsquery('simple', ?))"), append(condArgs, not)
		}
		if q.Prefix != "" {
			docConds, condArgs = append(docConds, "s.words @@ to_tsquery('simple', ?)"), append(condArgs, "'"+q.Prefix+"':*")
		}
		joined = docConds
		probe = []string{"EXISTS (SELECT 1 FROM article_search s WHERE s.article_id = a.id AND " + strings.Join(docConds, " AND ") + ")"}
	}
	allArgs := append(append([]any{}, args...), condArgs...)
	var total int
	// Counting stops at the cap on both engines.
	if err := s.row(ctx, "SELECT COUNT(*) FROM (SELECT 1"+from+and(joined)+" LIMIT ?) m",
		append(allArgs, article.SearchCountCap+1)...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: search count: %w", err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var q1 string
	var qargs []any
	if total > article.SearchCountCap {
		if s.d.name == "sqlite" && len(f.Statuses) == 0 {
			// Every status (the newsroom): no index walks them in order,
			// so the matches are read once and sorted.
			walk, densityTable = " FROM articles a", ""
		}
		if densityTable != "" {
			most, err := s.mostMatch(ctx, densityTable, densityExpr)
			if err != nil {
				return nil, 0, fmt.Errorf("store: search: %w", err)
			}
			if most {
				probe = lookup
			}
		}
		q1 = "SELECT a.id" + walk + and(probe) + " ORDER BY a.sort_at DESC, a.id DESC LIMIT ? OFFSET ?"
		qargs = append(append([]any{}, allArgs...), limit, max(f.Offset, 0))
	} else {
		// The page's ids, ranked (a sort of at most the cap), then their rows.
		q1 = "SELECT a.id" + from + and(joined) + " ORDER BY " + score + " / " + recency(s.d) + " DESC, a.id DESC LIMIT ? OFFSET ?"
		qargs = append(append(append([]any{}, allArgs...), scoreArgs...), time.Now().UnixMicro(), limit, max(f.Offset, 0))
	}
	ids, err := readIDs(s.query(ctx, q1, qargs...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: search: %w", err)
	}
	out, err := s.articlesByIDs(ctx, ids, f.WithBody)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search: %w", err)
	}
	return out, total, nil
}

// mostMatch reports whether an FTS5 expression matches most stories,
// judged by how far back in the index its hundredth newest match lies.
func (s *Store) mostMatch(ctx context.Context, table, expr string) (bool, error) {
	var top, hundredth int64
	err := s.row(ctx, "SELECT COALESCE(MAX(rowid), 0) FROM "+table).Scan(&top)
	if err != nil {
		return false, err
	}
	err = s.row(ctx, "SELECT rowid FROM "+table+" WHERE "+table+" MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET 99", expr).Scan(&hundredth)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil && top-hundredth < 200, err // more than one in two
}

// Analyze refreshes the planner's statistics of the tables a search reads
// (after a bulk load; the engines do it by themselves as tables change).
func (s *Store) Analyze(ctx context.Context) error {
	q := "ANALYZE articles; ANALYZE article_search"
	if s.d.name == "sqlite" {
		q = "PRAGMA optimize"
	}
	for _, stmt := range strings.Split(q, "; ") {
		if _, err := s.exec(ctx, stmt); err != nil {
			return fmt.Errorf("store: analyze: %w", err)
		}
	}
	return nil
}
