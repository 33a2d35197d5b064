CREATE TABLE users (
    id                 BIGINT PRIMARY KEY,
    username           TEXT    NOT NULL,
    bot                BOOLEAN NOT NULL,
    privileged_intents BOOLEAN NOT NULL
);

CREATE TABLE guilds (
    id       BIGINT PRIMARY KEY,
    name     TEXT   NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES users (id)
);

CREATE TABLE roles (
    id          BIGINT PRIMARY KEY,
    guild_id    BIGINT  NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    position    INT     NOT NULL,
    permissions BIGINT  NOT NULL,
    color       INT     NOT NULL
);
CREATE INDEX roles_guild ON roles (guild_id);

CREATE TABLE channels (
    id       BIGINT PRIMARY KEY,
    guild_id BIGINT NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
    name     TEXT   NOT NULL,
    type     INT    NOT NULL,
    position INT    NOT NULL,
    topic    TEXT
);
CREATE INDEX channels_guild ON channels (guild_id);

CREATE TABLE members (
    guild_id  BIGINT      NOT NULL REFERENCES guilds (id) ON DELETE CASCADE,
    user_id   BIGINT      NOT NULL REFERENCES users (id),
    joined_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

CREATE TABLE messages (
    id         BIGINT PRIMARY KEY,
    channel_id BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    guild_id   BIGINT NOT NULL,
    author_id  BIGINT NOT NULL,
    content    TEXT   NOT NULL,
    edited_at  TIMESTAMPTZ
);
CREATE INDEX messages_channel ON messages (channel_id, id DESC);
