package io.rtfleet.api.admin;

/**
 * Starts draining a node, or takes its drain a step further. The node turns unready at once (load
 * balancers stop sending it clients) and gives up its slots as the coordinator moves them; with
 * {@code reconnect} it also asks its sessions to reconnect elsewhere (op 7), in waves of {@code
 * waveSize} every {@code waveIntervalMillis}, the first no sooner than {@code readinessDelayMillis}
 * after it turned unready, so that clients told to move are not sent back to it by a balancer that
 * has not noticed yet. Null fields take the node's defaults; asking again changes nothing but
 * {@code reconnect}, which may turn on.
 */
public record DrainRequest(
    Integer waveSize, Long waveIntervalMillis, Long readinessDelayMillis, Boolean reconnect) {
  public static final int DEFAULT_WAVE_SIZE = 500;
  public static final long DEFAULT_WAVE_INTERVAL_MILLIS = 1_000;
  public static final long DEFAULT_READINESS_DELAY_MILLIS = 5_000;

  public int waveSizeOrDefault() {
    return waveSize == null ? DEFAULT_WAVE_SIZE : waveSize;
  }

  public long waveIntervalOrDefault() {
    return waveIntervalMillis == null ? DEFAULT_WAVE_INTERVAL_MILLIS : waveIntervalMillis;
  }

  public long readinessDelayOrDefault() {
    return readinessDelayMillis == null ? DEFAULT_READINESS_DELAY_MILLIS : readinessDelayMillis;
  }

  public boolean reconnectOrDefault() {
    return reconnect == null || reconnect;
  }

  /**
   * This request, once its pacing is known to make sense; an {@link IllegalArgumentException}
   * naming the fields otherwise.
   */
  public DrainRequest checked() {
    if (waveSizeOrDefault() < 1 || waveIntervalOrDefault() < 0 || readinessDelayOrDefault() < 0) {
      throw new IllegalArgumentException(
          "waveSize must be positive, waveIntervalMillis and readinessDelayMillis not negative");
    }
    return this;
  }

  /** The same request, reconnecting or not. */
  public DrainRequest withReconnect(boolean now) {
    return new DrainRequest(waveSize, waveIntervalMillis, readinessDelayMillis, now);
  }
}
