package io.rtfleet.cli.bench;

import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.bench.check.Verdict;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.client.Target;
import io.rtfleet.cli.exit.ExitCodes;
import io.rtfleet.cli.fleet.FleetUnderTest;
import io.rtfleet.cli.fleet.LocalFleet;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the fleet scenarios share: a local fleet under steady traffic (sessions spread over its
 * nodes, each in one guild; publishers spread too), an operation run on the fleet after the warmup,
 * then the rest of the measured window and the checker's verdict.
 */
final class FleetScenario {
  /** The operation under test; it adds its own figures to the report. */
  interface Operation<F extends FleetUnderTest> {
    /**
     * Runs the operation on the fleet under {@code load}; returns what to check once the traffic
     * has settled, beyond the checker's verdict.
     */
    Expectation run(F fleet, LoadRun load, BenchReport report, PrintWriter progress)
        throws Exception;
  }

  /** What an operation expects of the sessions; adds its figures to the report. */
  interface Expectation {
    Expectation NONE = report -> true;

    boolean met(BenchReport report);
  }

  private FleetScenario() {}

  /**
   * Runs the scenario with the sessions spread evenly over the nodes; returns the exit code (1 when
   * the checker found a fault).
   */
  static int run(
      String name,
      TargetOptions.Opened opened,
      FleetLoadOptions options,
      RunOptions run,
      TrafficOptions traffic,
      CommandSpec spec,
      Operation<LocalFleet> operation)
      throws Exception {
    return run(name, opened, options, run, traffic, spec, i -> i, operation);
  }

  /**
   * Runs the scenario, session {@code i} connecting to node {@code home.applyAsInt(i)} (modulo the
   * number of nodes); returns the exit code (1 when the checker found a fault).
   */
  static int run(
      String name,
      TargetOptions.Opened opened,
      FleetLoadOptions options,
      RunOptions run,
      TrafficOptions traffic,
      CommandSpec spec,
      IntUnaryOperator home,
      Operation<LocalFleet> operation)
      throws Exception {
    return run(
        name,
        opened.target(),
        (LocalFleet) opened.started(),
        options,
        run,
        traffic,
        spec,
        home,
        operation);
  }

  /**
   * Runs the scenario on {@code fleet}, reached through {@code target}, session {@code i}
   * connecting to the target's entry {@code home.applyAsInt(i)} (modulo their number); returns the
   * exit code (1 when the checker found a fault).
   */
  static <F extends FleetUnderTest> int run(
      String name,
      Target target,
      F fleet,
      FleetLoadOptions options,
      RunOptions run,
      TrafficOptions traffic,
      CommandSpec spec,
      IntUnaryOperator home,
      Operation<F> operation)
      throws Exception {
    int sessions = options.sessions;
    int guilds = options.smallGuilds;
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    err.printf("fleet of %d nodes; setting up %d sessions%n", fleet.nodeIds().size(), sessions);
    Population population = Population.create(target, sessions, 0, guilds, name + run.seed, err);
    // Clients reach the fleet's balancer as they reach a Kubernetes Service (see route): through
    // a relay, one process could not hold the files of every session twice over.
    try (LoadRun load = new LoadRun(target, population, run.clientThreads, err, fleet::route)) {
      int intents = Intent.GUILDS | Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT;
      load.connectAll(intents, traffic.publishers, 2000, 300, home);
      load.startPublishers(
          traffic.publishers,
          traffic.rate,
          1.0 / population.guilds().size(),
          traffic.payloadBytes,
          run.warmupSeconds + run.durationSeconds + 2,
          run.seed);
      TimeUnit.SECONDS.sleep(run.warmupSeconds);
      load.stats.deliveryLatencyMicros.intervalHistogram();
      long deliveries0 = load.stats.deliveries.sum();
      long started = System.nanoTime();
      BenchReport report =
          new BenchReport(name)
              .put("nodes", fleet.nodeIds().size())
              .put("sessions", sessions)
              .put("guilds", guilds)
              .put("targetRate", traffic.rate);
      Expectation expectation = operation.run(fleet, load, report, err);
      long remaining = run.durationSeconds * 1_000_000_000L - (System.nanoTime() - started);
      if (remaining > 0) {
        TimeUnit.NANOSECONDS.sleep(remaining);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long delivered = load.stats.deliveries.sum() - deliveries0;
      Histogram latency = load.stats.deliveryLatencyMicros.intervalHistogram();
      LoadRun.await(load::publishersDone, 30);
      load.settle(30);
      Verdict verdict = load.checker.verdict();
      boolean expected = expectation.met(report);
      boolean pass = verdict.clean() && expected;
      if (!pass) {
        err.printf("the run failed: node logs are kept in %s%n", fleet.keepLogs());
      } else if (options.keepLogs) {
        err.printf("node logs are kept in %s%n", fleet.keepLogs());
      }
      report
          .put("deliveriesPerSecond", delivered / seconds)
          .latency("latencyMs", latency)
          .put("accepted", load.checker.acceptedCount())
          .put("delivered", verdict.delivered())
          .put("lost", verdict.lost())
          .put("duplicated", verdict.duplicated())
          .put("reordered", verdict.reordered())
          .put("seqGaps", verdict.seqGaps())
          .put("missedAtReidentify", verdict.missedAtReidentify())
          .put("resumed", load.stats.resumed.get())
          .put("reidentified", load.stats.reidentified.get())
          .put("publishFailures", load.stats.publishFailures.get())
          .put("publishFailureReasons", load.stats.publishFailureReasons)
          .put("verdict", pass ? "PASS" : "FAIL")
          .print(out, run.json());
      return pass ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
