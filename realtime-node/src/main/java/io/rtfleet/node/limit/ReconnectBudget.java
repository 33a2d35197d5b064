package io.rtfleet.node.limit;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * This node's share of the fleet's identifies and resumes per second: the fleet's rate divided by
 * the nodes of its placement, as a token bucket holding one second of it (at least one token). When
 * one node dies or drains, its clients come back all at once; each node taking only its share turns
 * the storm into a paced stream (the others are answered op 9 and return 1 to 5 s later, which
 * jitters them). A rate of 0 takes everything. Thread-safe: every event loop asks it.
 */
public final class ReconnectBudget {
  private final int fleetPerSecond;
  private final IntSupplier fleetNodes;
  private final LongSupplier nanoClock;
  private double tokens = Double.NaN;
  private long refilledAt;

  /**
   * @param fleetPerSecond the fleet's identifies and resumes per second; 0 for no cap
   * @param fleetNodes how many nodes share it now (none, as a standalone node has, counts as one)
   */
  public ReconnectBudget(int fleetPerSecond, IntSupplier fleetNodes, LongSupplier nanoClock) {
    this.fleetPerSecond = fleetPerSecond;
    this.fleetNodes = fleetNodes;
    this.nanoClock = nanoClock;
  }

  /** Whether one more identify or resume may go ahead now; counts it if so. */
  public boolean tryAcquire() {
    // Without a cap, no lock: every identify and resume of every event loop asks.
    return fleetPerSecond <= 0 || take();
  }

  private synchronized boolean take() {
    double rate = (double) fleetPerSecond / Math.max(1, fleetNodes.getAsInt());
    double capacity = Math.max(1, rate);
    long now = nanoClock.getAsLong();
    tokens =
        Double.isNaN(tokens)
            ? capacity
            : Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
    refilledAt = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
