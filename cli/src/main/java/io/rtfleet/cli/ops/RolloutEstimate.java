package io.rtfleet.cli.ops;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a rollout still takes, from how long the nodes updated while one watched took: each node
 * is a drain of about the same length, so the time per node so far times the nodes left. Pure.
 */
record RolloutEstimate(int updatedAtStart, long startedNanos) {
  /** The time left when {@code updated} of {@code total} nodes are updated at {@code nowNanos}. */
  Optional<Duration> left(int updated, int total, long nowNanos) {
    int done = updated - updatedAtStart;
    if (done <= 0 || updated >= total) {
      return Optional.empty();
    }
    long perNode = (nowNanos - startedNanos) / done;
    return Optional.of(Duration.ofNanos(perNode * (total - updated)));
  }
}
