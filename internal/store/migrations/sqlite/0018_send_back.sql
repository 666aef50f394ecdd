-- 0018: an editor sends a submitted story back to its writer with a note.
-- The note stays open until the writer submits the story again.
CREATE TABLE article_returns (
	id INTEGER PRIMARY KEY,
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	note TEXT NOT NULL,
	user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	resolved_at BIGINT
);
CREATE INDEX article_returns_article ON article_returns (article_id, resolved_at);
