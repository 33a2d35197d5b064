package io.rtfleet.node.model;

import java.time.Instant;

/**
 * An invite to a guild, made by a member for a channel: the only way a user joins a guild
 * themselves. {@code maxAgeSeconds} 0 never expires; {@code maxUses} 0 is unlimited.
 */
public record Invite(
    String code,
    long guildId,
    long channelId,
    long inviterId,
    int maxAgeSeconds,
    int maxUses,
    int uses,
    boolean temporary,
    Instant createdAt) {

  /** When it stops working, or null when it never does. */
  public Instant expiresAt() {
    return maxAgeSeconds == 0 ? null : createdAt.plusSeconds(maxAgeSeconds);
  }

  public boolean isValidAt(Instant now) {
    Instant expires = expiresAt();
    return (expires == null || now.isBefore(expires)) && (maxUses == 0 || uses < maxUses);
  }

  public Invite used() {
    return new Invite(
        code,
        guildId,
        channelId,
        inviterId,
        maxAgeSeconds,
        maxUses,
        uses + 1,
        temporary,
        createdAt);
  }

  /** Whether the use just counted was its last. */
  public boolean exhausted() {
    return maxUses > 0 && uses >= maxUses;
  }
}
