-- The nonce of a post sent with enforce_nonce, so that the guild's next owner (after a handoff or a
-- crash) still knows the recent ones and a retried post is not written twice. Only such posts carry
-- it, hence the partial index: the recent ones are found by id range without scanning the rest.
ALTER TABLE messages ADD COLUMN nonce TEXT;
CREATE INDEX messages_enforced_nonce ON messages (id) WHERE nonce IS NOT NULL;
