package io.rtfleet.api.snowflake;

import java.time.Instant;

/**
 * Discord-style snowflake ids: {@code (millis since 2015-01-01) << 22 | worker << 12 | increment}.
 *
 * <p>The timestamp in the high bits is what spreads guilds over slots ({@code (id >> 22) %
 * slotCount}), so test data must use real snowflakes.
 */
public final class Snowflake {
  /** Discord's epoch, 2015-01-01T00:00:00Z, in Unix milliseconds. */
  public static final long EPOCH_MILLIS = 1_420_070_400_000L;

  public static final int WORKER_BITS = 10;
  public static final int INCREMENT_BITS = 12;
  public static final int TIMESTAMP_SHIFT = WORKER_BITS + INCREMENT_BITS;
  public static final long MAX_WORKER = (1L << WORKER_BITS) - 1;
  public static final long MAX_INCREMENT = (1L << INCREMENT_BITS) - 1;

  private Snowflake() {}

  public static long compose(long epochMillis, long worker, long increment) {
    if (epochMillis < EPOCH_MILLIS) {
      throw new IllegalArgumentException("timestamp before the snowflake epoch: " + epochMillis);
    }
    if (worker < 0 || worker > MAX_WORKER) {
      throw new IllegalArgumentException("worker must be in [0, " + MAX_WORKER + "]: " + worker);
    }
    if (increment < 0 || increment > MAX_INCREMENT) {
      throw new IllegalArgumentException(
          "increment must be in [0, " + MAX_INCREMENT + "]: " + increment);
    }
    return (epochMillis - EPOCH_MILLIS) << TIMESTAMP_SHIFT | worker << INCREMENT_BITS | increment;
  }

  public static long epochMillis(long snowflake) {
    return (snowflake >>> TIMESTAMP_SHIFT) + EPOCH_MILLIS;
  }

  public static Instant timestamp(long snowflake) {
    return Instant.ofEpochMilli(epochMillis(snowflake));
  }

  public static long worker(long snowflake) {
    return (snowflake >>> INCREMENT_BITS) & MAX_WORKER;
  }

  public static long increment(long snowflake) {
    return snowflake & MAX_INCREMENT;
  }

  /**
   * Parses a snowflake as Discord sends it: a decimal string. Returns -1 for anything that is not a
   * positive 64-bit decimal, so that callers map it to their own "unknown" error.
   */
  public static long parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 20) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      long value = Long.parseLong(text);
      return value > 0 ? value : -1;
    } catch (NumberFormatException overflow) {
      return -1;
    }
  }
}
