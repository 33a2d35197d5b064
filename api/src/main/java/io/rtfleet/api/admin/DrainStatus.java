package io.rtfleet.api.admin;

import io.rtfleet.api.placement.NodePhase;

/**
 * A node's drain as it stands: its phase, the sessions it had when the drain started, how many it
 * has asked to move, how many are still attached, and how many it still keeps (detached ones wait
 * to be pulled by the node their client resumed on).
 */
public record DrainStatus(
    NodePhase phase, int sessionsAtStart, int signalled, long attached, int sessions) {

  /**
   * Nothing left: no session attached, and none waiting to be transferred (a detached session waits
   * here for the node its client resumes on to pull it, until its resume window ends). Only then
   * may the node be deleted: deleted sooner, the clients still on their way would find their
   * sessions gone and identify again.
   */
  public boolean drained() {
    return phase == NodePhase.DRAINED && attached == 0 && sessions == 0;
  }
}
