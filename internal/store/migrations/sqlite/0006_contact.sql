-- 0006: messages from the Contact and Advertise pages, for the newsroom's
-- inbox (they are also mailed to the address in the settings). No address
-- or browser of the sender is kept.
CREATE TABLE contact_messages (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	email TEXT NOT NULL,
	company TEXT NOT NULL DEFAULT '',
	subject TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'new',
	created_at BIGINT NOT NULL
);
CREATE INDEX contact_messages_status ON contact_messages (status, id DESC);
