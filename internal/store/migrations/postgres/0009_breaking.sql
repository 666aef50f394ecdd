-- 0009: breaking news. While breaking_until is ahead, every reader page shows
-- the article in a bar; the alert to breaking-news subscribers goes once per
-- article (a job keyed by the article).
ALTER TABLE articles ADD COLUMN breaking_until BIGINT;
CREATE INDEX articles_breaking ON articles (breaking_until);
