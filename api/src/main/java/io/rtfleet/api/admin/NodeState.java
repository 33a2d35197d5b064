package io.rtfleet.api.admin;

import io.rtfleet.api.placement.NodePhase;
import java.util.List;

/**
 * What a node says of itself: its phase and readiness, the placement epoch it has in force, its
 * sessions, one load per slot it owns (never one per guild: a node may own millions), and the
 * guilds it has loaded for handoffs to it that wait for their second step ({@code stagedGuilds}).
 */
public record NodeState(
    int adminApiVersion,
    String nodeId,
    String gatewayUrl,
    NodePhase phase,
    boolean ready,
    long epoch,
    Sessions sessions,
    int users,
    int guilds,
    List<SlotLoad> slots,
    int stagedGuilds) {

  public NodeState {
    slots = slots == null ? List.of() : List.copyOf(slots);
  }

  /** Sessions kept ({@code total}) and those with a live connection ({@code attached}). */
  public record Sessions(int total, long attached) {}

  /** One owned slot's load: its guilds, their members and local subscribers, events so far. */
  public record SlotLoad(int slot, int guilds, long members, long subscribers, long events) {}
}
