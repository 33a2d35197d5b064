package io.rtfleet.node.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A {@link WindowCounter} per key (a user, an identify bucket), thread-safe. Counters whose window
 * has passed are forgotten once the map grows, so memory follows active keys only.
 */
public final class KeyedLimiter {
  private static final int PURGE_THRESHOLD = 100_000;

  private final int limit;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final Map<Long, WindowCounter> counters = new ConcurrentHashMap<>();

  public KeyedLimiter(int limit, long windowNanos, LongSupplier nanoClock) {
    this.limit = limit;
    this.windowNanos = windowNanos;
    this.nanoClock = nanoClock;
  }

  /**
   * One key's budget after an event was counted (or refused): what Discord's {@code X-RateLimit-*}
   * headers tell a client, so that it can pace itself instead of hitting 429s.
   */
  public record Budget(boolean allowed, int limit, int remaining, long resetAfterNanos) {
    /** 0 when allowed, else the nanoseconds until the budget refills. */
    public long retryAfterNanos() {
      return allowed ? 0 : Math.max(1, resetAfterNanos);
    }
  }

  /** Returns 0 when the event may go ahead, else the nanoseconds to wait. */
  public long acquire(long key) {
    return take(key).retryAfterNanos();
  }

  /** Counts an event for {@code key} if its budget allows, and says what is left. */
  public Budget take(long key) {
    long now = nanoClock.getAsLong();
    if (counters.size() > PURGE_THRESHOLD) {
      counters.values().removeIf(counter -> counter.retryAfterNanos(now) == 0);
    }
    WindowCounter counter =
        counters.computeIfAbsent(key, k -> new WindowCounter(limit, windowNanos));
    synchronized (counter) {
      boolean allowed = counter.tryAcquire(now);
      return new Budget(allowed, limit, counter.remaining(now), counter.resetAfterNanos(now));
    }
  }
}
