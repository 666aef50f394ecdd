-- 0022: a tag's and an author's pages list their stories newest first
-- through their links alone. Each link keeps a copy of its story's sort
-- time and whether it is published (written with the story, in the same
-- transaction), so a page reads 21 index entries of the tag or author, not
-- every story they ever had, sorted.
ALTER TABLE article_tags ADD COLUMN sort_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE article_tags ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE article_authors ADD COLUMN sort_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE article_authors ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
UPDATE article_tags SET sort_at = (SELECT sort_at FROM articles WHERE articles.id = article_tags.article_id),
	published = (SELECT CASE WHEN status = 'published' THEN 1 ELSE 0 END FROM articles WHERE articles.id = article_tags.article_id);
UPDATE article_authors SET sort_at = (SELECT sort_at FROM articles WHERE articles.id = article_authors.article_id),
	published = (SELECT CASE WHEN status = 'published' THEN 1 ELSE 0 END FROM articles WHERE articles.id = article_authors.article_id);
CREATE INDEX article_tags_listing ON article_tags (tag_id, published, sort_at DESC, article_id DESC);
CREATE INDEX article_authors_listing ON article_authors (author_id, published, sort_at DESC, article_id DESC);
