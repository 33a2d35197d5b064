package io.rtfleet.node.session;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How far a session got in each guild: the last guild event it was given. Recorded on every
 * delivery, so it is two small primitive arrays searched linearly (a session follows few guilds)
 * rather than a map that would box and allocate per delivery. Owned by the session's executor.
 */
final class GuildCursors {
  private long[] guilds = new long[0];
  private long[] seqs = new long[0];
  private int size;

  void advance(long guildId, long seq) {
    for (int i = 0; i < size; i++) {
      if (guilds[i] == guildId) {
        seqs[i] = seq;
        return;
      }
    }
    if (size == guilds.length) {
      int grown = Math.max(2, size * 2);
      guilds = Arrays.copyOf(guilds, grown);
      seqs = Arrays.copyOf(seqs, grown);
    }
    guilds[size] = guildId;
    seqs[size] = seq;
    size++;
  }

  Map<Long, Long> toMap() {
    Map<Long, Long> copy = new HashMap<>();
    for (int i = 0; i < size; i++) {
      copy.put(guilds[i], seqs[i]);
    }
    return copy;
  }

  void putAll(Map<Long, Long> cursors) {
    cursors.forEach(this::advance);
  }
}
