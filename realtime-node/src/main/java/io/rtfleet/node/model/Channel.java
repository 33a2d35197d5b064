package io.rtfleet.node.model;

/** A guild channel; {@code type} uses Discord's channel types (0 text, 2 voice, 4 category). */
public record Channel(long id, long guildId, String name, int type, int position, String topic) {
  public static final int GUILD_TEXT = 0;
  public static final int GUILD_VOICE = 2;
  public static final int GUILD_CATEGORY = 4;
}
