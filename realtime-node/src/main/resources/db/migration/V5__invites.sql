-- Invites are how a user joins a guild; each belongs to its guild, whose owner node writes it.
CREATE TABLE invites (
    code        TEXT        PRIMARY KEY,
    guild_id    BIGINT      NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
    channel_id  BIGINT      NOT NULL,
    inviter_id  BIGINT      NOT NULL,
    max_age     INT         NOT NULL,
    max_uses    INT         NOT NULL,
    uses        INT         NOT NULL,
    temporary   BOOLEAN     NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX invites_guild ON invites (guild_id);
