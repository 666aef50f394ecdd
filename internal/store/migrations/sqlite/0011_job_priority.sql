-- Jobs of a higher priority go first among those due: a reader's password
-- reset or a breaking-news alert does not wait behind a digest to every
-- subscriber.
ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
