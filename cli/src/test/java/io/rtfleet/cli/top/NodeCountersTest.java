package io.rtfleet.cli.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** rtctl top's reading of a node's /metrics: counters summed, p99 from bucket deltas. */
class NodeCountersTest {
  private static final double[] BOUNDS = {0.001, 0.002, 0.004, 0.008, Double.POSITIVE_INFINITY};

  /** The text a node serves after {@code observations} of these latencies (seconds). */
  private static String metrics(double events, double[] observations) {
    StringBuilder text =
        new StringBuilder(
            "# HELP rtfleet_events_in_total Guild events created\n"
                + "# TYPE rtfleet_events_in_total counter\n"
                + "rtfleet_events_in_total{type=\"MESSAGE_CREATE\"} "
                + (events - 1)
                + "\nrtfleet_events_in_total{type=\"GUILD_UPDATE\"} 1\n"
                + "rtfleet_dispatches_delivered_total 42.0\n");
    for (double bound : BOUNDS) {
      long below = Arrays.stream(observations).filter(o -> o <= bound).count();
      text.append("rtfleet_fanout_latency_seconds_bucket{le=\"")
          .append(Double.isInfinite(bound) ? "+Inf" : Double.toString(bound))
          .append("\"} ")
          .append(below)
          .append('\n');
    }
    return text.append("rtfleet_fanout_latency_seconds_count ")
        .append(observations.length)
        .toString();
  }

  @Test
  void countersAreSummedOverTheirLabelsAndBucketsRead() {
    NodeCounters counters = NodeCounters.parse(metrics(10, new double[] {0.0015, 0.003}));

    assertThat(counters.eventsIn()).isEqualTo(10);
    assertThat(counters.delivered()).isEqualTo(42);
    assertThat(counters.bounds()).containsExactly(BOUNDS);
    assertThat(counters.cumulative()).containsExactly(0, 1, 2, 2, 2);
  }

  @Test
  void theP99IsOfTheObservationsSinceTheEarlierReadingOnly() {
    NodeCounters earlier = NodeCounters.parse(metrics(0, new double[] {0.007, 0.007, 0.007}));
    double[] since = new double[100];
    Arrays.fill(since, 0.0005);
    double[] all = new double[103];
    System.arraycopy(since, 0, all, 0, 100);
    all[100] = all[101] = all[102] = 0.007;

    Double p99 = NodeCounters.parse(metrics(0, all)).quantileSince(earlier, 0.99);

    assertThat(p99).isCloseTo(0.00099, within(1e-6));
    assertThat(
            NodeCounters.parse(metrics(0, all))
                .quantileSince(NodeCounters.parse(metrics(0, all)), 0.99))
        .isNull();
  }

  @Property(tries = 200)
  void theP99LiesInTheBucketOfTheTrueP99(
      @ForAll @IntRange(min = 1, max = 500) int count, @ForAll long seed) {
    Random random = new Random(seed);
    double[] observations = new double[count];
    for (int i = 0; i < count; i++) {
      observations[i] = random.nextDouble() * 0.01;
    }
    double[] sorted = observations.clone();
    Arrays.sort(sorted);
    double truth = sorted[(int) Math.ceil(0.99 * count) - 1];
    NodeCounters none = NodeCounters.parse(metrics(0, new double[0]));

    Double p99 = NodeCounters.parse(metrics(0, observations)).quantileSince(none, 0.99);

    int bucket = 0;
    while (truth > BOUNDS[bucket]) {
      bucket++;
    }
    double lower = bucket == 0 ? 0 : BOUNDS[bucket - 1];
    double upper = Double.isInfinite(BOUNDS[bucket]) ? lower : BOUNDS[bucket];
    assertThat(p99).isBetween(lower, upper);
  }
}
