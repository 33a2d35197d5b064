package io.rtfleet.api.snowflake;

import java.util.function.LongSupplier;

/**
 * Generates unique, increasing snowflakes for one worker. Thread-safe.
 *
 * <p>When the 4096 increments of a millisecond are used up, or the clock steps backwards, the
 * generator borrows from the next millisecond instead of waiting: ids stay unique and increasing
 * and the timestamp drifts ahead of the clock by at most the overload.
 */
public final class SnowflakeGenerator {
  private final long worker;
  private final LongSupplier clockMillis;
  private long lastMillis;
  private long increment;

  public SnowflakeGenerator(long worker, LongSupplier clockMillis) {
    if (worker < 0 || worker > Snowflake.MAX_WORKER) {
      throw new IllegalArgumentException(
          "worker must be in [0, " + Snowflake.MAX_WORKER + "]: " + worker);
    }
    this.worker = worker;
    this.clockMillis = clockMillis;
  }

  public synchronized long next() {
    long now = Math.max(clockMillis.getAsLong(), Snowflake.EPOCH_MILLIS);
    if (now > lastMillis) {
      lastMillis = now;
      increment = 0;
    } else if (increment < Snowflake.MAX_INCREMENT) {
      increment++;
    } else {
      lastMillis++;
      increment = 0;
    }
    return Snowflake.compose(lastMillis, worker, increment);
  }
}
