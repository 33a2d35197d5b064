package io.rtfleet.node.limit;

import java.util.function.LongSupplier;

/**
 * At most one log line per interval for an event that can come by the thousand (connections reset
 * by clients that went away, refused peers): the first occurrence is written, then one line per
 * interval saying how many were held back. Thread-safe.
 */
public final class LogThrottle {
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private long lastWritten;
  private boolean written;
  private long heldBack;

  public LogThrottle(long intervalNanos, LongSupplier nanoClock) {
    if (intervalNanos < 1) {
      throw new IllegalArgumentException("interval must be positive: " + intervalNanos);
    }
    this.intervalNanos = intervalNanos;
    this.nanoClock = nanoClock;
  }

  /**
   * Counts one occurrence. Returns -1 when it must not be written; otherwise it must be, and the
   * result is how many occurrences were held back since the last line written.
   */
  public synchronized long occurred() {
    long now = nanoClock.getAsLong();
    if (written && now - lastWritten < intervalNanos) {
      heldBack++;
      return -1;
    }
    written = true;
    lastWritten = now;
    long held = heldBack;
    heldBack = 0;
    return held;
  }
}
