-- 0019: a new article is stored only once something is typed. The editor's
-- page for a new article carries a random key; the first save or autosave
-- that has content creates the draft under that key, and later ones find
-- it again.
ALTER TABLE articles ADD COLUMN draft_key TEXT;
CREATE UNIQUE INDEX articles_draft_key ON articles (created_by, draft_key) WHERE draft_key IS NOT NULL;
