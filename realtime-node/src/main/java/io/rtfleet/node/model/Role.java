package io.rtfleet.node.model;

/** A guild role. The {@code @everyone} role has the guild's id, as in Discord. */
public record Role(long id, long guildId, String name, int position, long permissions, int color) {
  /**
   * Discord's defaults for {@code @everyone}: create invite, add reactions, view channel, send
   * messages, embed links, attach files, read history, connect, speak, change nickname.
   */
  public static final long EVERYONE_PERMISSIONS =
      1L | 1L << 6 | 1L << 10 | 1L << 11 | 1L << 14 | 1L << 15 | 1L << 16 | 1L << 20 | 1L << 21
          | 1L << 26;
}
