package io.rtfleet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.cli.Rtctl;
import io.rtfleet.cli.exit.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rtctl bench} as an SRE runs it: each scenario starts a real node process, drives it with
 * real WebSocket sessions and REST publishers, and reports a clean verdict as JSON.
 */
class BenchIT {
  @Test
  void fanoutDeliversEveryMessageToEveryMemberExactlyOnceInOrder() throws Exception {
    JsonNode report =
        BenchRun.report(
            "bench",
            "fanout",
            "--node-jar",
            BenchRun.NODE_JAR.toString(),
            "--node-heap",
            "256m",
            "--sessions",
            "40",
            "--small-guilds",
            "4",
            "--publishers",
            "3",
            "--rate",
            "30",
            "--duration",
            "2",
            "--warmup",
            "1",
            "-o",
            "json");
    assertThat(report.get("verdict").asText()).isEqualTo("PASS");
    assertThat(report.get("accepted").asLong()).isGreaterThan(30);
    assertThat(report.get("delivered").asLong()).isGreaterThan(report.get("accepted").asLong());
    assertThat(report.get("lost").asLong()).isZero();
    assertThat(report.at("/latencyMs/p99").asDouble()).isPositive();
  }

  /**
   * A node running with its default limits (50 REST requests per user per second) answers the
   * bench's burst of set-up requests with 429s: the bench waits them out as Discord's libraries do,
   * says how long it waited, and the run passes.
   */
  @Test
  void aRunningNodesRateLimitsAreWaitedOutWhileThePopulationIsCreated(@TempDir Path directory)
      throws Exception {
    try (LocalNode node = LocalNode.start(BenchRun.NODE_JAR, List.of("-Xmx256m"), List.of())) {
      Path token = Files.writeString(directory.resolve("admin-token"), node.target().adminToken());
      BenchRun.Output run =
          BenchRun.run(
              "bench",
              "fanout",
              "--url",
              node.target().url(),
              "--admin-url",
              node.target().adminUrl(),
              "--admin-token-file",
              token.toString(),
              "--sessions",
              "30",
              "--small-guilds",
              "40",
              "--publishers",
              "2",
              "--rate",
              "10",
              "--duration",
              "1",
              "--warmup",
              "0",
              "-o",
              "json");
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.report().get("verdict").asText()).isEqualTo("PASS");
      assertThat(run.err())
          .containsPattern("waited \\d+\\.\\d s on the node's rate limits \\(\\d+ requests");
    }
  }

  @Test
  void resumeAfterReconnectLosesNothing() throws Exception {
    JsonNode report =
        BenchRun.report(
            "bench",
            "resume",
            "--node-jar",
            BenchRun.NODE_JAR.toString(),
            "--node-heap",
            "256m",
            "--sessions",
            "30",
            "--small-guilds",
            "3",
            "--rate",
            "20",
            "--duration",
            "3",
            "--warmup",
            "1",
            "-o",
            "json");
    assertThat(report.get("verdict").asText()).isEqualTo("PASS");
    assertThat(report.get("resumed").asLong()).isEqualTo(30);
    assertThat(report.get("reidentified").asLong()).isZero();
  }

  @Test
  void connectReportsIdentifyRateAndMemoryPerSession() throws Exception {
    JsonNode report =
        BenchRun.report(
            "bench",
            "connect",
            "--node-jar",
            BenchRun.NODE_JAR.toString(),
            "--node-heap",
            "256m",
            "--sessions",
            "50",
            "--guilds",
            "2",
            "--hold",
            "1",
            "--warmup",
            "0",
            "-o",
            "json");
    assertThat(report.get("identified").asLong()).isEqualTo(50);
    assertThat(report.get("identifiesPerSecond").asDouble()).isPositive();
    assertThat(report.has("heapPerSessionBytes")).isTrue();
  }

  @Test
  void aRunThatCannotBeCarriedOutFailsWithOneClearLine() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine command = Rtctl.commandLine();
    command.setErr(new PrintWriter(err));
    java.nio.file.Path missing = java.nio.file.Files.createTempDirectory("rtctl").resolve("no.jar");
    int exit = command.execute("bench", "fanout", "--node-jar", missing.toString());
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("node jar not found").doesNotContain("Exception");
  }

  @Test
  void badArgumentsAreAUsageErrorWithoutATrace() {
    StringWriter err = new StringWriter();
    CommandLine command = Rtctl.commandLine();
    command.setErr(new PrintWriter(err));
    int exit = command.execute("bench", "fanout", "--url", "http://127.0.0.1:1");
    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .contains("--admin-url is required with --url")
        .doesNotContain("Exception");

    StringWriter rateErr = new StringWriter();
    CommandLine rate = Rtctl.commandLine();
    rate.setErr(new PrintWriter(rateErr));
    assertThat(rate.execute("bench", "fanout", "--rate", "0"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(rateErr.toString()).contains("--rate must be positive: 0.0");
  }
}
