-- 0014: full-text search. The words come from Go (internal/search: folded,
-- stemmed), the same on both engines; FTS5 only indexes and ranks them.
-- article_search holds the stemmed words of each field; article_words the
-- folded, unstemmed words of the short fields, for the word being typed
-- (with prefix indexes). Both are contentless: the text lives in articles.
CREATE VIRTUAL TABLE article_search USING fts5(headline, standfirst, body, tags, authors,
	tokenize = 'unicode61 remove_diacritics 0', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE article_words USING fts5(words,
	tokenize = 'unicode61 remove_diacritics 0', content = '', contentless_delete = 1, prefix = '2 3 4');
