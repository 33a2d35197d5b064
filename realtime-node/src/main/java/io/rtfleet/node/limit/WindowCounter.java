package io.rtfleet.node.limit;

/**
 * At most {@code limit} events per fixed window, as Discord counts gateway events (120 per 60 s).
 * Two longs of state, so one per connection is cheap. Not thread-safe.
 */
public final class WindowCounter {
  private final int limit;
  private final long windowNanos;
  private long windowStart;
  private int used;
  private boolean started;

  public WindowCounter(int limit, long windowNanos) {
    if (limit < 1 || windowNanos < 1) {
      throw new IllegalArgumentException("limit and window must be positive");
    }
    this.limit = limit;
    this.windowNanos = windowNanos;
  }

  /** Counts one event at {@code nowNanos}; false when the window's budget is spent. */
  public boolean tryAcquire(long nowNanos) {
    if (!started || nowNanos - windowStart >= windowNanos) {
      started = true;
      windowStart = nowNanos;
      used = 0;
    }
    if (used >= limit) {
      return false;
    }
    used++;
    return true;
  }

  /** Events the current window still allows at {@code nowNanos}. */
  public int remaining(long nowNanos) {
    if (!started || nowNanos - windowStart >= windowNanos) {
      return limit;
    }
    return limit - used;
  }

  /** Nanoseconds until the current window ends and the budget is whole again. */
  public long resetAfterNanos(long nowNanos) {
    if (!started || nowNanos - windowStart >= windowNanos) {
      return windowNanos;
    }
    return windowStart + windowNanos - nowNanos;
  }

  public int limit() {
    return limit;
  }

  /** Nanoseconds until the budget refills; 0 when there is budget left. */
  public long retryAfterNanos(long nowNanos) {
    if (!started || used < limit || nowNanos - windowStart >= windowNanos) {
      return 0;
    }
    return windowStart + windowNanos - nowNanos;
  }
}
