-- 0017: the search index's upkeep. GIN's fast update keeps new entries in
-- a pending list that every search reads in full (up to 4 MB) until a
-- vacuum merges it, and that the planner counts against the index: after
-- a few thousand new stories it preferred reading every document. Stories
-- are written rarely and searched often, so entries go straight into the
-- index; the list gathered so far is merged now.
ALTER INDEX article_search_doc SET (fastupdate = off);
ALTER INDEX article_search_words SET (fastupdate = off);
SELECT gin_clean_pending_list('article_search_doc'::regclass);
SELECT gin_clean_pending_list('article_search_words'::regclass);
