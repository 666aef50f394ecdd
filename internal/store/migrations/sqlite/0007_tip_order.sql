-- A thread's messages are ordered by their place in the thread (seq), and
-- their ids and their attachments' are random: an id from one counter for
-- every thread would place a tipster's message between the newsroom's
-- replies to other tips, whose times are exact.
ALTER TABLE tip_messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE tip_messages SET seq = (SELECT COUNT(*) FROM tip_messages m2 WHERE m2.tip_id = tip_messages.tip_id AND m2.id <= tip_messages.id);
CREATE INDEX tip_messages_seq ON tip_messages (tip_id, seq);
