package io.rtfleet.cli.ops;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a rollout still takes, from how long the replacements finished while one watched took:
 * each is a fresh node's start and a drain of about the same length, so the time per replacement so
 * far times the nodes still at an older revision, less the time the replacement under way has run
 * already. A node counts as replaced once it is gone, not when its fresh node appears (a fresh node
 * is up long before the old one has drained). Fed readings in order; no clock of its own.
 */
final class RolloutEstimate {
  private final int outdatedAtStart;
  private final long startedNanos;
  private int outdated;
  private long lastReplacedNanos;

  RolloutEstimate(int outdatedAtStart, long startedNanos) {
    this.outdatedAtStart = outdatedAtStart;
    this.startedNanos = startedNanos;
    this.outdated = outdatedAtStart;
    this.lastReplacedNanos = startedNanos;
  }

  /**
   * The time left when {@code outdatedNow} nodes still run an older revision at {@code nowNanos};
   * none before a replacement finished while watching, once all have, or once the one under way
   * takes longer than those before it.
   */
  Optional<Duration> left(int outdatedNow, long nowNanos) {
    if (outdatedNow < outdated) {
      lastReplacedNanos = nowNanos;
    }
    outdated = outdatedNow;
    int done = outdatedAtStart - outdatedNow;
    if (done <= 0 || outdatedNow <= 0) {
      return Optional.empty();
    }
    long perNode = (lastReplacedNanos - startedNanos) / done;
    long left = perNode * outdatedNow - (nowNanos - lastReplacedNanos);
    return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
  }
}
