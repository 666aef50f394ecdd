-- 0008: readers' news alerts by email. A row exists once an address has
-- confirmed (double opt-in); until then the request lives in a mailed token.
CREATE TABLE alert_subscriptions (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	breaking INTEGER NOT NULL DEFAULT 0,
	digest INTEGER NOT NULL DEFAULT 0,
	status TEXT NOT NULL DEFAULT 'active',
	created_at BIGINT NOT NULL,
	confirmed_at BIGINT NOT NULL,
	unsubscribed_at BIGINT
);
CREATE INDEX alert_subscriptions_breaking ON alert_subscriptions (status, breaking);

-- The sections a subscription follows.
CREATE TABLE alert_sections (
	subscription_id BIGINT NOT NULL REFERENCES alert_subscriptions(id) ON DELETE CASCADE,
	section_id BIGINT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
	PRIMARY KEY (subscription_id, section_id)
);
CREATE INDEX alert_sections_section ON alert_sections (section_id);
