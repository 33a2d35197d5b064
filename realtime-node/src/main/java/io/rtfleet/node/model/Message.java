package io.rtfleet.node.model;

import java.time.Instant;

/**
 * A message in a guild channel; its creation time is in its snowflake id. {@code nonce} is the
 * client's, echoed back in the answer and the MESSAGE_CREATE; null when none was sent or it is not
 * known (messages read back from the database have one only if it was enforced).
 */
public record Message(
    long id,
    long channelId,
    long guildId,
    long authorId,
    String content,
    Instant editedAt,
    String nonce) {}
