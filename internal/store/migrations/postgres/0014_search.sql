-- 0014: full-text search. The words come from Go (internal/search: folded,
-- stemmed), the same on both engines; PostgreSQL only indexes and ranks them
-- (the 'simple' configuration, which changes nothing more). doc weighs the
-- fields (headline A, standfirst and tags B, authors C, body D); words holds
-- the folded, unstemmed words of the short fields, for the word being typed.
CREATE TABLE article_search (
	article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	doc tsvector NOT NULL,
	words tsvector NOT NULL
);
CREATE INDEX article_search_doc ON article_search USING GIN (doc);
CREATE INDEX article_search_words ON article_search USING GIN (words);
