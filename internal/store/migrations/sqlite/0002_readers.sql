-- 0002: readers join in. Readers and staff share the users table (a "reader"
-- role never sees the newsroom); single-use links for sign-up, password reset,
-- email change and sign-in with other providers; comments with moderation and
-- bans; a shared throttle so limits hold across instances; and what mail
-- delivery needs to send each message once.

-- Staff who moderate can ask for an email when comments wait.
ALTER TABLE users ADD COLUMN notify_comments INTEGER NOT NULL DEFAULT 0;

-- Links mailed to people and the secrets of a sign-in in progress. Only the
-- SHA-256 of a token is kept, so a copy of the database opens no account.
CREATE TABLE user_tokens (
	hash TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
	email TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL DEFAULT '{}',
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);
CREATE INDEX user_tokens_user ON user_tokens (user_id, kind);
CREATE INDEX user_tokens_expires ON user_tokens (expires_at);

-- Accounts at other providers (OpenID Connect) that sign in as a user.
CREATE TABLE user_identities (
	provider TEXT NOT NULL,
	subject TEXT NOT NULL,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	email TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	PRIMARY KEY (provider, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

-- Readers' comments. Counts of approved comments are kept on the article and
-- recomputed in the same transaction as every change, so they are always exact.
ALTER TABLE articles ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN comments_closed INTEGER NOT NULL DEFAULT 0;
CREATE TABLE comments (
	id INTEGER PRIMARY KEY,
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	parent_id BIGINT REFERENCES comments(id) ON DELETE CASCADE,
	depth INTEGER NOT NULL DEFAULT 0,
	user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	author_name TEXT NOT NULL DEFAULT '',
	-- a guest's address, never published; readers' come from their account
	author_email TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	body_hash TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	staff INTEGER NOT NULL DEFAULT 0,
	-- a keyed hash of the sender's address: enough to limit floods, not to find anyone
	ip_hash TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	edited_at BIGINT,
	moderated_by BIGINT,
	moderated_at BIGINT
);
CREATE INDEX comments_article ON comments (article_id, status, created_at);
CREATE INDEX comments_status ON comments (status, created_at DESC, id DESC);
CREATE INDEX comments_user ON comments (user_id);
CREATE INDEX comments_email ON comments (author_email);
CREATE INDEX comments_body_hash ON comments (body_hash);
CREATE TABLE comment_bans (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	value TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	UNIQUE (kind, value)
);

-- Attempts counted by the throttle (sign-in, sign-up, reset, comments), by a
-- hashed key; old rows are swept.
CREATE TABLE throttle_events (
	key TEXT NOT NULL,
	at BIGINT NOT NULL
);
CREATE INDEX throttle_events_key ON throttle_events (key, at);
CREATE INDEX throttle_events_at ON throttle_events (at);

-- A job enqueued twice with the same key is one job.
ALTER TABLE jobs ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key);

-- Messages handed to the mail server, by idempotency key: a retried job never
-- sends a message twice.
CREATE TABLE mail_sent (
	key TEXT PRIMARY KEY,
	message_id TEXT NOT NULL,
	sent_at BIGINT NOT NULL
);
