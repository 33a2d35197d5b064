package io.rtfleet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RolloutEstimateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theTimeLeftIsTheTimePerReplacementSoFarTimesTheNodesStillOutdatedLessTheCurrentOnesTime() {
    RolloutEstimate estimate = new RolloutEstimate(9, 0);
    assertThat(estimate.left(9, 10 * SECOND)).isEmpty();
    // two replaced in 40 s, seven to go
    assertThat(estimate.left(7, 40 * SECOND)).contains(Duration.ofSeconds(140));
    // 5 s into the next one: 5 s less
    assertThat(estimate.left(7, 45 * SECOND)).contains(Duration.ofSeconds(135));
    // slower than the others: no guess
    assertThat(estimate.left(7, 181 * SECOND)).isEmpty();
  }

  @Property
  void thereIsNoEstimateBeforeANodeIsReplacedWhileWatchingNorOnceAllAre(
      @ForAll @IntRange(min = 0, max = 50) int atStart,
      @ForAll @IntRange(min = 1, max = 3600) int seconds) {
    assertThat(new RolloutEstimate(atStart, 0).left(atStart, seconds * SECOND)).isEmpty();
    assertThat(new RolloutEstimate(atStart, 0).left(0, seconds * SECOND)).isEmpty();
  }

  @Property
  void atAnEvenPaceTheEstimateIsExactAndNeverGrows(
      @ForAll @IntRange(min = 2, max = 30) int outdated,
      @ForAll @IntRange(min = 2, max = 600) int secondsPerNode) {
    RolloutEstimate estimate = new RolloutEstimate(outdated, 0);
    Duration previous = Duration.ofDays(1);
    for (int done = 1; done < outdated; done++) {
      long at = (long) done * secondsPerNode * SECOND;
      Duration left = estimate.left(outdated - done, at).orElseThrow();
      assertThat(left).isEqualTo(Duration.ofSeconds((long) secondsPerNode * (outdated - done)));
      assertThat(left).isLessThanOrEqualTo(previous);
      Optional<Duration> halfway = estimate.left(outdated - done, at + secondsPerNode * SECOND / 2);
      assertThat(halfway.orElseThrow()).isLessThan(left);
      previous = halfway.get();
    }
  }
}
