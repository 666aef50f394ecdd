-- 0013: browsers that take breaking news by Web Push. Only what sending
-- needs is kept: the push service's address and the browser's keys.
CREATE TABLE alert_push (
	id INTEGER PRIMARY KEY,
	endpoint TEXT NOT NULL UNIQUE,
	p256dh TEXT NOT NULL,
	auth TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
