-- 0021: the page cache's purge log. Each change to what readers see records,
-- in its own transaction, the cache keys it touched (internal/cachekey,
-- space-separated); every instance reads the rows after the last it saw (and
-- again those of the last seconds, which a slower transaction may have
-- committed late) and marks its cached pages stale. Rows are swept after a
-- day. AUTOINCREMENT: an id is never given twice, even after a sweep.
CREATE TABLE cache_purges (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	keys TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX cache_purges_created ON cache_purges (created_at);
