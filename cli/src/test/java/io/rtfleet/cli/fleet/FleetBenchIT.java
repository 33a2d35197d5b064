package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.cli.BenchRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fleets under load as {@code rtctl bench} drives them: three node processes, sessions and REST
 * publishers spread over all of them, so that most sessions follow guilds owned by other nodes and
 * most posts are forwarded; the checker must find every delivery exactly once and in order. (A
 * drain behind a balancer that honours readiness is each node's drain in the rollout test; plain
 * fan-out over three nodes is what every scenario here runs before and after its operation.)
 */
class FleetBenchIT {
  /** Every scenario's load: 90 sessions on 30 small guilds, 6 publishers posting 100 msg/s. */
  private static final List<String> TRAFFIC =
      List.of("--sessions", "90", "--small-guilds", "30", "--publishers", "6", "--rate", "100");

  /** Runs {@code rtctl bench scenario} on a fleet of three nodes it starts; its JSON report. */
  private static JsonNode bench(String scenario, String... options) throws Exception {
    return bench(scenario, 3, options);
  }

  /** Runs {@code rtctl bench scenario} on a fleet of {@code nodes} it starts; its JSON report. */
  private static JsonNode bench(String scenario, int nodes, String... options) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                scenario,
                "--nodes",
                Integer.toString(nodes),
                "--node-jar",
                BenchRun.NODE_JAR.toString(),
                "--node-heap",
                "256m",
                "-o",
                "json"));
    args.addAll(TRAFFIC);
    args.addAll(List.of(options));
    return BenchRun.report(args.toArray(String[]::new));
  }

  /** The checker's verdict: every delivery once, in order. */
  private static void assertCheckerPassed(JsonNode report) {
    String why = report.toString();
    assertThat(report.get("verdict").asText()).as(why).isEqualTo("PASS");
    assertThat(report.get("lost").asLong()).as(why).isZero();
    assertThat(report.get("duplicated").asLong()).as(why).isZero();
    assertThat(report.get("reordered").asLong()).as(why).isZero();
  }

  private static void assertClean(JsonNode report) {
    String why = report.toString();
    assertCheckerPassed(report);
    assertThat(report.get("accepted").asLong()).as(why).isGreaterThan(100);
    assertThat(report.get("delivered").asLong())
        .as(why)
        .isGreaterThan(report.get("accepted").asLong());
    assertThat(report.get("reidentified").asLong()).as(why).isZero();
    assertThat(report.get("publishFailures").asLong()).as(why).isZero();
  }

  /**
   * Clients as stock libraries behave: told to move, they reconnect to the resume URL, a balancer
   * that for a while still sends them to the draining node as well. Those that land there again are
   * told again; the drain completes, nobody identifies again, nothing is lost.
   */
  @Test
  void aDrainBehindABalancerThatIgnoresReadinessForAWhileStillLosesNothing() throws Exception {
    JsonNode report =
        bench(
            "drain",
            "--duration",
            "6",
            "--warmup",
            "2",
            "--wave-size",
            "10",
            "--wave-interval-ms",
            "50",
            "--readiness-delay-ms",
            "0",
            "--balancer-ignores-readiness-ms",
            "1500");
    assertClean(report);
    assertThat(report.get("resumed").asInt()).isGreaterThanOrEqualTo(30);
    assertThat(report.get("drainSeconds").asDouble()).isPositive();
    assertThat(report.get("reconnectRequests").asInt())
        .as("some sessions landed on the draining node again and were asked again")
        .isGreaterThan(30);
  }

  /**
   * A third node joins under traffic: a third of the slots, with their guilds, move to it in
   * handoffs while messages flow; sessions on all three nodes keep every event, once, in order.
   */
  @Test
  void slotsHandedToAJoiningNodeUnderTrafficLoseNothing() throws Exception {
    JsonNode report =
        bench("rebalance", "--duration", "5", "--warmup", "2", "--batch-slots", "128");
    assertClean(report);
    assertThat(report.get("slotMoves").asInt()).isGreaterThan(1000);
    assertThat(report.get("batches").asInt()).isGreaterThan(4);
    assertThat(report.get("pausedGuilds").asInt()).isGreaterThan(0);
    assertThat(report.get("rebalanceSeconds").asDouble()).isPositive();
  }

  /**
   * The third node is killed (kill -9) under traffic: its slots go to the others within 5 s of
   * detection; exactly the sessions that were on it or followed its guilds identify again, and they
   * miss only what was sent before their guild came back; every other session keeps every event,
   * once, in order; posts go on being accepted through the live nodes.
   */
  @Test
  void aKilledNodesSessionsIdentifyAgainAndEveryoneElseLosesNothing() throws Exception {
    JsonNode report = bench("failover", "--duration", "6", "--warmup", "2");
    String why = report.toString();
    assertCheckerPassed(report);
    assertThat(report.get("reassignSeconds").asDouble()).as(why).isLessThan(5.0);
    // the 30 sessions on the killed node at least, and all of them and only them as expected
    assertThat(report.get("expectedReidentified").asInt()).as(why).isGreaterThanOrEqualTo(30);
    assertThat(report.get("reidentifiedSessions").asInt())
        .as(why)
        .isEqualTo(report.get("expectedReidentified").asInt());
    assertThat(report.get("reidentifiedOtherThanExpected").asInt()).as(why).isZero();
    // posts accepted after the kill, through the live nodes
    assertThat(report.get("accepted").asLong()).as(why).isGreaterThan(500);
  }

  /**
   * The operator rolls a fleet of two under traffic (a local Kubernetes, the operator and the local
   * kubelet in the bench's process): each node is drained into a fresh one and deleted; every
   * session resumes elsewhere, none identifies again, and none misses, repeats or reorders an
   * event. (A rollout of a fleet started from the CLI, under the same checker, is DevIT's.)
   */
  @Test
  void anOperatorRolloutUnderTrafficLosesNothingAndNobodyIdentifiesAgain() throws Exception {
    assertThat(rolloutUnderTrafficLosesNothingAndNobodyIdentifiesAgain().get("apiServer").asText())
        .isEqualTo("mock");
  }

  /** The rollout scenario above, with {@code more} options (RealApiServerBenchIT's); its report. */
  static JsonNode rolloutUnderTrafficLosesNothingAndNobodyIdentifiesAgain(String... more)
      throws Exception {
    List<String> options =
        new ArrayList<>(
            List.of(
                "--duration",
                "15",
                "--warmup",
                "2",
                "--wave-size",
                "10",
                "--wave-interval-ms",
                "50"));
    options.addAll(List.of(more));
    JsonNode report = bench("rollout", 2, options.toArray(String[]::new));
    String why = report.toString();
    assertCheckerPassed(report);
    assertThat(report.get("reidentified").asLong()).as(why).isZero();
    assertThat(report.get("nodeDrainSeconds").size()).as(why).isEqualTo(2);
    // every session was on a node that was replaced: each resumed at least once
    assertThat(report.get("resumed").asLong()).as(why).isGreaterThanOrEqualTo(90);
    assertThat(report.get("accepted").asLong()).as(why).isGreaterThan(500);
    return report;
  }
}
