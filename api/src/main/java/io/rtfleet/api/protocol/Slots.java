package io.rtfleet.api.protocol;

/** The placement and shard formula shared by gateway, controller and clients. */
public final class Slots {
  public static final int DEFAULT_SLOT_COUNT = 4096;

  private Slots() {}

  /** Discord's shard formula: {@code (guild_id >> 22) % count}. */
  public static int of(long guildId, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    return (int) Long.remainderUnsigned(guildId >>> 22, count);
  }
}
