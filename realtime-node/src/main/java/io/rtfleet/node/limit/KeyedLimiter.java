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

  /** Returns 0 when the event may go ahead, else the nanoseconds to wait. */
  public long acquire(long key) {
    long now = nanoClock.getAsLong();
    if (counters.size() > PURGE_THRESHOLD) {
      counters.values().removeIf(counter -> counter.retryAfterNanos(now) == 0);
    }
    WindowCounter counter =
        counters.computeIfAbsent(key, k -> new WindowCounter(limit, windowNanos));
    synchronized (counter) {
      return counter.tryAcquire(now) ? 0 : Math.max(1, counter.retryAfterNanos(now));
    }
  }
}
