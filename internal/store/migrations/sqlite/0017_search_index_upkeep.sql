-- 0017: the search index's upkeep. Merging FTS5's segments into one makes
-- every later search read one b-tree per word instead of several (FTS5
-- merges by itself as stories are written; this catches up once).
INSERT INTO article_search (article_search) VALUES ('optimize');
INSERT INTO article_words (article_words) VALUES ('optimize');
