package io.rtfleet.api.admin;

import io.rtfleet.api.placement.NodePhase;

/**
 * A node's drain as it stands: its phase, the sessions it had when the drain started, how many it
 * has asked to move, how many are still attached, and how many it still keeps (detached ones wait
 * to be pulled by the node their client resumed on).
 */
public record DrainStatus(
    NodePhase phase, int sessionsAtStart, int signalled, long attached, int sessions) {

  /** Nothing left to move: the node may be deleted. */
  public boolean drained() {
    return phase == NodePhase.DRAINED && attached == 0;
  }
}
