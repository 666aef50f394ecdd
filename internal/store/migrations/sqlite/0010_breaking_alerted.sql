-- When an article's breaking-news alert was queued: it is queued once per
-- article for good, even after the job queue's own record has been swept.
ALTER TABLE articles ADD COLUMN breaking_alerted_at BIGINT;
