-- When the person at a signed-in browser last proved who they are (a
-- password, a mailed link, or a provider that asked them again). A provider
-- that signed them in without asking leaves it empty. Changes that add a way
-- into an account, move it or close it need it to be recent.
ALTER TABLE sessions ADD COLUMN auth_at BIGINT;
