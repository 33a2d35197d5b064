package io.rtfleet.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.controller.rollout.HealthGate.Limits;
import io.rtfleet.controller.rollout.HealthGate.Reading;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class HealthGateTest {
  private static final Limits DEFAULTS = new Limits(0.01, 10);

  @Test
  void theCountersAreReadFromTheNodesMetricsText() {
    String metrics =
        """
        # HELP rtfleet_gateway_identifies_total Sessions identified
        # TYPE rtfleet_gateway_identifies_total counter
        rtfleet_gateway_identifies_total 1200.0
        # TYPE rtfleet_gateway_resumes_total counter
        rtfleet_gateway_resumes_total{outcome="resumed"} 900.0
        rtfleet_gateway_resumes_total{outcome="invalid"} 7.0
        rtfleet_gateway_closes_total{code="4004"} 3.0
        """;
    assertThat(HealthGate.parse(metrics)).contains(new Reading(1200, 7));
  }

  @Test
  void aNodeWithoutTheIdentifyCounterGivesNoData() {
    assertThat(HealthGate.parse("rtfleet_events_in_total{type=\"MESSAGE_CREATE\"} 5.0\n"))
        .isEmpty();
    assertThat(HealthGate.parse("")).isEmpty();
  }

  @Test
  void aStepWhoseSessionsResumedPasses() {
    Map<String, Reading> before = Map.of("a-0", new Reading(100, 1), "a-1", new Reading(50, 0));
    Map<String, Reading> after = Map.of("a-0", new Reading(100, 3), "a-2", new Reading(0, 0));
    assertThat(HealthGate.judge(before, after, 1000, DEFAULTS)).isEmpty();
  }

  @Test
  void tooManyIdentifiesTripTheGateAndSaySo() {
    Map<String, Reading> before = Map.of("a-0", new Reading(100, 0));
    Map<String, Reading> after = Map.of("a-0", new Reading(100, 0), "a-2", new Reading(11, 0));
    assertThat(HealthGate.judge(before, after, 1000, DEFAULTS))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("11 sessions identified again", "1.1% of the 1000", "allows 1.0%"));
    assertThat(HealthGate.judge(before, after, 1100, DEFAULTS)).isEmpty();
  }

  @Test
  void tooManyRefusedResumesTripTheGate() {
    Map<String, Reading> before = Map.of("a-0", new Reading(0, 5));
    assertThat(HealthGate.judge(before, Map.of("a-0", new Reading(0, 15)), 100, DEFAULTS))
        .isEmpty();
    assertThat(HealthGate.judge(before, Map.of("a-0", new Reading(0, 16)), 100, DEFAULTS))
        .hasValueSatisfying(why -> assertThat(why).contains("11 resumes were refused"));
  }

  @Test
  void aNodeThatRestartedDuringTheStepCountsFromZero() {
    Map<String, Reading> before = Map.of("a-0", new Reading(500, 0));
    assertThat(HealthGate.judge(before, Map.of("a-0", new Reading(2, 0)), 100, DEFAULTS))
        .hasValueSatisfying(why -> assertThat(why).contains("2 sessions identified again"));
  }

  @Test
  void anEmptyNodeDrainedCountsAsOneSession() {
    assertThat(HealthGate.judge(Map.of(), Map.of("a-0", new Reading(1, 0)), 0, DEFAULTS))
        .isPresent();
    assertThat(HealthGate.judge(Map.of(), Map.of("a-0", new Reading(0, 0)), 0, DEFAULTS)).isEmpty();
  }

  @Property
  void unchangedCountersAlwaysPass(
      @ForAll("readings") Map<String, Reading> counters,
      @ForAll @LongRange(max = 1_000_000) long sessions,
      @ForAll("limits") Limits limits) {
    assertThat(HealthGate.judge(counters, counters, sessions, limits)).isEmpty();
  }

  /** Among nodes that did not restart (a restart resets a counter, and is counted apart). */
  @Property
  void moreIdentifiesOrRefusalsNeverTurnATripIntoAPass(
      @ForAll("readings") Map<String, Reading> before,
      @ForAll("readings") Map<String, Reading> added,
      @ForAll @IntRange(max = 1000) int moreIdentifies,
      @ForAll @IntRange(max = 1000) int moreRefusals,
      @ForAll @LongRange(max = 100_000) long sessions,
      @ForAll("limits") Limits limits) {
    Map<String, Reading> after = new HashMap<>();
    Map<String, Reading> worse = new HashMap<>();
    added.forEach(
        (node, delta) -> {
          Reading then = before.getOrDefault(node, new Reading(0, 0));
          Reading now =
              new Reading(
                  then.identifies() + delta.identifies(),
                  then.resumeFailures() + delta.resumeFailures());
          after.put(node, now);
          worse.put(
              node,
              new Reading(now.identifies() + moreIdentifies, now.resumeFailures() + moreRefusals));
        });
    if (HealthGate.judge(before, after, sessions, limits).isPresent()) {
      assertThat(HealthGate.judge(before, worse, sessions, limits)).isPresent();
    }
  }

  @Property
  void theVerdictDoesNotDependOnNodesThatLeftDuringTheStep(
      @ForAll("readings") Map<String, Reading> before,
      @ForAll("readings") Map<String, Reading> after,
      @ForAll @LongRange(max = 100_000) long sessions,
      @ForAll("limits") Limits limits) {
    Map<String, Reading> withLeaver = new HashMap<>(before);
    withLeaver.put("gone", new Reading(1_000_000, 1_000_000));
    assertThat(HealthGate.judge(withLeaver, after, sessions, limits))
        .isEqualTo(HealthGate.judge(before, after, sessions, limits));
  }

  @Provide
  Arbitrary<Map<String, Reading>> readings() {
    Arbitrary<Reading> reading =
        Combinators.combine(
                Arbitraries.longs().between(0, 100_000), Arbitraries.longs().between(0, 1_000))
            .as(Reading::new);
    return Arbitraries.maps(Arbitraries.of("n-0", "n-1", "n-2", "n-3"), reading).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Limits> limits() {
    return Combinators.combine(
            Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 100))
        .as(Limits::new);
  }
}
