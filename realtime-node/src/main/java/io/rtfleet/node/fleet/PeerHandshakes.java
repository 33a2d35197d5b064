package io.rtfleet.node.fleet;

import io.rtfleet.node.limit.LogThrottle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits on connections to the peer port that have not proved they hold the fleet secret: at
 * most {@code maxPending} at once, each for at most {@code timeout}, each sending nothing larger
 * than the challenge's answer. An unauthenticated client is owed no more than the handshake.
 */
public final class PeerHandshakes {
  /** An Authenticate is a node id (a DNS label) and a 32-byte proof; room to spare. */
  static final int MAX_FRAME_BYTES = 512;

  private final int maxPending;
  private final Duration timeout;
  private final AtomicInteger pending = new AtomicInteger();
  private final LogThrottle refusals =
      new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);

  public PeerHandshakes(int maxPending, Duration timeout) {
    this.maxPending = maxPending;
    this.timeout = timeout;
  }

  /** Counts a new connection in; false (and not counted) when too many are pending already. */
  boolean admit() {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      return false;
    }
    return true;
  }

  /** The connection authenticated or closed: it no longer counts. */
  void done() {
    pending.decrementAndGet();
  }

  Duration timeout() {
    return timeout;
  }

  /** Connections still in their handshake, for tests and metrics. */
  public int pending() {
    return pending.get();
  }

  /** -1 when a refusal must not be logged now, else how many were not logged since the last. */
  long refusalToLog() {
    return refusals.occurred();
  }
}
