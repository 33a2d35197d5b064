-- Messages are the hot write (one row per post). The foreign key to channels ran a lookup per row
-- through PostgreSQL's trigger machinery, ~40% of the database's CPU per post, and checked nothing
-- the guild's owner had not: a message is written only on the guild's lane, after the channel was
-- found in the guild state that the owner alone changes, and channels are never deleted (a channel
-- deletion must delete its messages in the same transaction).
ALTER TABLE messages DROP CONSTRAINT messages_channel_id_fkey;
