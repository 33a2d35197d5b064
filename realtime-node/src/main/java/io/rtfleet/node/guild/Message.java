package io.rtfleet.node.guild;

import java.time.Instant;

/** A message in a guild channel; its creation time is in its snowflake id. */
public record Message(
    long id, long channelId, long guildId, long authorId, String content, Instant editedAt) {}
