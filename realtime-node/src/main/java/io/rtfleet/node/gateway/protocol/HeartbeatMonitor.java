package io.rtfleet.node.gateway.protocol;

/**
 * Discord's zombie rule for one connection, without a clock of its own: a client that misses one
 * heartbeat interval is asked for a heartbeat (op 1); one silent for an interval and a half is a
 * zombie and is closed (4009).
 */
public final class HeartbeatMonitor {
  /** What the connection does after a check. */
  public enum Verdict {
    FINE,
    ASK_FOR_HEARTBEAT,
    ZOMBIE
  }

  private final long intervalNanos;
  private long lastHeartbeatNanos;
  private boolean asked;

  public HeartbeatMonitor(long intervalNanos, long startNanos) {
    this.intervalNanos = intervalNanos;
    this.lastHeartbeatNanos = startNanos;
  }

  /** How often to check: often enough to notice a zombie within a quarter interval. */
  public long checkEveryNanos() {
    return Math.max(1, intervalNanos / 4);
  }

  public void heartbeatReceived(long nowNanos) {
    lastHeartbeatNanos = nowNanos;
    asked = false;
  }

  public Verdict check(long nowNanos) {
    long silent = nowNanos - lastHeartbeatNanos;
    if (silent > intervalNanos + intervalNanos / 2) {
      return Verdict.ZOMBIE;
    }
    if (silent > intervalNanos && !asked) {
      asked = true;
      return Verdict.ASK_FOR_HEARTBEAT;
    }
    return Verdict.FINE;
  }
}
