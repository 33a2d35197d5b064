package io.rtfleet.api.admin;

import java.util.List;

/**
 * Asks the giving node to hand the guilds of {@code slots} to node {@code to} with {@code
 * placement}, the next table, in which those slots are {@code to}'s.
 */
public record HandoffRequest(List<Integer> slots, String to, PlacementDocument placement) {
  public HandoffRequest {
    slots = slots == null ? List.of() : List.copyOf(slots);
  }
}
