package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtfleet.cli.Rtctl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Fleets under load as {@code rtctl bench} drives them: three node processes, sessions and REST
 * publishers spread over all of them, so that most sessions follow guilds owned by other nodes and
 * most posts are forwarded; the checker must find every delivery exactly once and in order.
 */
class FleetBenchIT {
  private static final Path NODE_JAR =
      Path.of("..", "realtime-node", "target", "realtime-node.jar");

  private static JsonNode bench(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Rtctl.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute(args);
    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    return new ObjectMapper().readTree(lines.get(lines.size() - 1));
  }

  private static void assertClean(JsonNode report) {
    assertThat(report.get("verdict").asText()).isEqualTo("PASS");
    assertThat(report.get("accepted").asLong()).isGreaterThan(100);
    assertThat(report.get("delivered").asLong()).isGreaterThan(report.get("accepted").asLong());
    assertThat(report.get("lost").asLong()).isZero();
    assertThat(report.get("duplicated").asLong()).isZero();
    assertThat(report.get("reordered").asLong()).isZero();
    assertThat(report.get("reidentified").asLong()).isZero();
    assertThat(report.get("publishFailures").asLong()).isZero();
  }

  @Test
  void sessionsOnEveryNodeGetEveryGuildsEventsOnceInOrder() throws Exception {
    assertClean(
        bench(
            "bench",
            "fanout",
            "--nodes",
            "3",
            "--node-jar",
            NODE_JAR.toString(),
            "--node-heap",
            "256m",
            "--sessions",
            "90",
            "--small-guilds",
            "9",
            "--publishers",
            "6",
            "--rate",
            "60",
            "--duration",
            "3",
            "--warmup",
            "1",
            "-o",
            "json"));
  }

  /**
   * A third node joins under traffic: a third of the slots, with their guilds, move to it in
   * handoffs while messages flow; sessions on all three nodes keep every event, once, in order.
   */
  @Test
  void slotsHandedToAJoiningNodeUnderTrafficLoseNothing() throws Exception {
    JsonNode report =
        bench(
            "bench",
            "rebalance",
            "--nodes",
            "3",
            "--node-jar",
            NODE_JAR.toString(),
            "--node-heap",
            "256m",
            "--sessions",
            "90",
            "--small-guilds",
            "30",
            "--publishers",
            "6",
            "--rate",
            "100",
            "--duration",
            "5",
            "--warmup",
            "2",
            "--batch-slots",
            "128",
            "-o",
            "json");
    assertClean(report);
    assertThat(report.get("slotMoves").asInt()).isGreaterThan(1000);
    assertThat(report.get("batches").asInt()).isGreaterThan(4);
    assertThat(report.get("pausedGuilds").asInt()).isGreaterThan(0);
    assertThat(report.get("rebalanceSeconds").asDouble()).isPositive();
  }
}
