-- A ban on an account also keeps the address the account had when it was
-- banned: closing the account or moving it to another address does not
-- free that address to comment as a guest or to sign up again.
ALTER TABLE comment_bans ADD COLUMN email TEXT NOT NULL DEFAULT '';
UPDATE comment_bans SET email = COALESCE((SELECT u.email FROM users u WHERE CAST(u.id AS TEXT) = comment_bans.value), '')
	WHERE kind = 'account';

-- Mailed links to add a sign-in provider now work only in the browser that
-- asked for them; those mailed before did not say which browser that was.
DELETE FROM user_tokens WHERE kind = 'link';
