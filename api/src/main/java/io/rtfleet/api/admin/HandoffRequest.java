package io.rtfleet.api.admin;

import java.util.List;

/**
 * Asks the giving node to hand guilds to node {@code to} with {@code placement}, the next table, in
 * which they are {@code to}'s: either the guilds of whole {@code slots}, or single {@code guilds}
 * by id (a guild pinned to {@code to} by an override, or one whose override is removed and whose
 * slot is {@code to}'s). Exactly one of the two is given.
 */
public record HandoffRequest(
    List<Integer> slots, List<String> guilds, String to, PlacementDocument placement) {
  public HandoffRequest {
    slots = slots == null ? List.of() : List.copyOf(slots);
    guilds = guilds == null ? List.of() : List.copyOf(guilds);
  }

  /** The guilds of {@code slots}. */
  public HandoffRequest(List<Integer> slots, String to, PlacementDocument placement) {
    this(slots, List.of(), to, placement);
  }

  /** Single guilds, by id. */
  public static HandoffRequest ofGuilds(
      List<Long> guildIds, String to, PlacementDocument placement) {
    return new HandoffRequest(
        List.of(), guildIds.stream().map(Long::toUnsignedString).toList(), to, placement);
  }
}
