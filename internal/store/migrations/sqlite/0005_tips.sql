-- 0005: the news tips drop box. Everything a tipster says, the newsroom's
-- replies and notes, and attachments' names are stored encrypted (package
-- tip); what is in clear here is only what the inbox needs to sort: a status,
-- an assignee, the day a tip arrived. Nothing records a tipster's address,
-- browser or time of day.

-- The newsroom key: its public half, and its private half sealed with the
-- editors' passphrase. One row.
CREATE TABLE tip_keys (
	id INTEGER PRIMARY KEY,
	recipient TEXT NOT NULL,
	sealed BLOB NOT NULL,
	created_at BIGINT NOT NULL,
	changed_at BIGINT NOT NULL
);

-- Who in the newsroom may unlock the tips inbox (admins grant it).
CREATE TABLE tip_access (
	user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	granted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	granted_at BIGINT NOT NULL
);

-- A session's unlocked newsroom key, sealed with a key its browser holds.
CREATE TABLE tip_unlocks (
	session_hash TEXT PRIMARY KEY REFERENCES sessions(hash) ON DELETE CASCADE,
	sealed BLOB NOT NULL,
	expires_at BIGINT NOT NULL
);

CREATE TABLE tips (
	id INTEGER PRIMARY KEY,
	lookup TEXT NOT NULL UNIQUE,
	recipient TEXT NOT NULL,
	key_newsroom BLOB NOT NULL,
	key_tipster BLOB NOT NULL,
	status TEXT NOT NULL DEFAULT 'new',
	assigned_to BIGINT REFERENCES users(id) ON DELETE SET NULL,
	received_on TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	unread INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tips_status ON tips (status, id DESC);

-- Messages of a thread, sealed. A tipster's carry the day only.
CREATE TABLE tip_messages (
	id INTEGER PRIMARY KEY,
	tip_id BIGINT NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
	author TEXT NOT NULL,
	user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	body BLOB NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX tip_messages_tip ON tip_messages (tip_id, id);

-- Attachments: encrypted files under DATA/tips, their names sealed here.
CREATE TABLE tip_files (
	id INTEGER PRIMARY KEY,
	tip_id BIGINT NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
	message_id BIGINT NOT NULL REFERENCES tip_messages(id) ON DELETE CASCADE,
	path TEXT NOT NULL UNIQUE,
	size BIGINT NOT NULL,
	meta BLOB NOT NULL
);
CREATE INDEX tip_files_tip ON tip_files (tip_id, message_id);
