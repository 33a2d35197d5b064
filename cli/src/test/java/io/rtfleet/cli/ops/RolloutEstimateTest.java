package io.rtfleet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RolloutEstimateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theTimeLeftIsTheTimePerNodeSoFarTimesTheNodesLeft() {
    RolloutEstimate estimate = new RolloutEstimate(1, 0);
    assertThat(estimate.left(3, 10, 40 * SECOND)).contains(Duration.ofSeconds(140));
  }

  @Property
  void thereIsNoEstimateBeforeANodeIsUpdatedWhileWatchingNorOnceAllAre(
      @ForAll @IntRange(min = 0, max = 50) int atStart,
      @ForAll @IntRange(min = 1, max = 50) int total,
      @ForAll @IntRange(min = 1, max = 3600) int seconds) {
    RolloutEstimate estimate = new RolloutEstimate(atStart, 0);
    assertThat(estimate.left(atStart, total, seconds * SECOND)).isEmpty();
    assertThat(estimate.left(total, total, seconds * SECOND)).isEmpty();
  }

  @Property
  void moreNodesLeftAtTheSamePaceIsNeverLessTime(
      @ForAll @IntRange(min = 1, max = 20) int updated,
      @ForAll @IntRange(min = 1, max = 20) int more,
      @ForAll @IntRange(min = 1, max = 3600) int seconds) {
    RolloutEstimate estimate = new RolloutEstimate(0, 0);
    Duration fewer = estimate.left(updated, updated + more, seconds * SECOND).orElseThrow();
    Duration most = estimate.left(updated, updated + more + 1, seconds * SECOND).orElseThrow();
    assertThat(most).isGreaterThanOrEqualTo(fewer);
  }
}
