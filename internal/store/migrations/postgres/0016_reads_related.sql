-- 0016: readership and related stories.
-- Reads are counted per story and hour (for "Most read" and "Trending";
-- kept for eight days) and per story and day in the site's time zone (for
-- the newsroom's figures; kept). Nothing about the reader is stored.
CREATE TABLE article_reads (
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	hour BIGINT NOT NULL,
	views BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (article_id, hour)
);
CREATE INDEX article_reads_hour ON article_reads (hour, article_id, views);

CREATE TABLE article_reads_daily (
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	day TEXT NOT NULL,
	views BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (article_id, day)
);

-- The related stories an editor pins to a story, in order; they come
-- before the ones found by shared tags.
CREATE TABLE article_related (
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	related_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	PRIMARY KEY (article_id, related_id)
);

-- Stories sharing a tag, newest first, without a sort.
DROP INDEX IF EXISTS article_tags_tag;
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);
