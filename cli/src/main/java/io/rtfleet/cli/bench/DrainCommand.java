package io.rtfleet.cli.bench;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.fleet.LocalFleet;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.DrainProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "drain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A node drains under load: starts --nodes nodes, sessions and publishers spread over all of"
          + " them, then after --warmup drains the last node: its slots are handed to the others,"
          + " it asks its sessions to reconnect (op 7) in waves, and they RESUME on the other nodes,"
          + " which pull their state from it. Reports drainSeconds, the write pauses, resumes and"
          + " re-identifies, and the checker's verdict.",
      "Exits 1 when the checker finds any loss, duplicate or reorder, or any session had to"
          + " identify again."
    },
    footer = {
      "",
      "Example: rtctl bench drain --nodes 3 --sessions 10000 --rate 1000 --duration 40"
    })
public final class DrainCommand implements Callable<Integer> {
  private static final long DRAIN_TIMEOUT_SECONDS = 120;

  @Spec CommandSpec spec;
  @Mixin TargetOptions targetOptions;
  @Mixin RunOptions run;
  @Mixin TrafficOptions traffic;
  @Mixin FleetLoadOptions load;
  @Mixin WaveOptions waves;

  @Option(
      names = "--readiness-delay-ms",
      description =
          "How long the node waits after turning unready before its first wave, so that load"
              + " balancers have noticed (default: ${DEFAULT-VALUE}).")
  long readinessDelayMs = 1_000;

  @Option(
      names = "--balancer-ignores-readiness-ms",
      description =
          "For this long after the node starts asking its sessions to move, the fleet's balancer"
              + " sends new connections to any live node, the draining one too, as a balancer"
              + " that has not noticed (or ignores readiness) would: sessions that come back are"
              + " asked to move again (default: ${DEFAULT-VALUE}).")
  long balancerIgnoresReadinessMs = 0;

  @Option(
      names = "--draining-sessions",
      description =
          "Sessions on the node that drains, the others spread over the other nodes (default: an"
              + " even share). One load generator holds at most ~19,900 sessions (20,000 open"
              + " files per process): with --nodes 2, --sessions 19000 --draining-sessions 10000"
              + " drains a node of 10,000.")
  Integer drainingSessions;

  @Override
  public Integer call() throws Exception {
    run.validate();
    traffic.validate();
    load.validate("drain", targetOptions);
    waves.validate();
    Arguments.atLeast("--readiness-delay-ms", readinessDelayMs, 0);
    Arguments.atLeast("--balancer-ignores-readiness-ms", balancerIgnoresReadinessMs, 0);
    IntUnaryOperator home = IntUnaryOperator.identity();
    if (drainingSessions != null) {
      Arguments.atLeast("--draining-sessions", drainingSessions, 1);
      if (drainingSessions >= load.sessions) {
        throw new IllegalArgumentException(
            "--draining-sessions must be below --sessions, so that the other nodes have some");
      }
      // The last node drains; the others are the nodes before it.
      int last = targetOptions.nodes - 1;
      home = i -> i < drainingSessions ? last : (i - drainingSessions) % last;
    }
    try (TargetOptions.Opened opened = targetOptions.open()) {
      return FleetScenario.run("drain", opened, load, run, traffic, spec, home, this::drain);
    }
  }

  private FleetScenario.Expectation drain(
      LocalFleet fleet, LoadRun traffic, BenchReport report, PrintWriter err) throws Exception {
    List<String> ids = fleet.nodeIds();
    String draining = ids.get(ids.size() - 1);
    Coordinator coordinator = fleet.coordinator(load.batchSlots);
    coordinator.writePauses();
    err.printf("draining %s%n", draining);
    FleetProgress printed = new FleetProgress(err, System::nanoTime);
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(DRAIN_TIMEOUT_SECONDS);
    DrainProgress progress =
        coordinator.startDrain(
            draining,
            new DrainRequest(waves.waveSize, (long) waves.waveIntervalMs, readinessDelayMs, null));

    int batches = 0;
    int moves = 0;
    while (!progress.finished()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            draining + " not drained after " + DRAIN_TIMEOUT_SECONDS + " s: " + progress.status());
      }
      DrainProgress next = coordinator.stepDrain(progress);
      if (next.lastMove() != progress.lastMove() && !next.lastMove().handed().isEmpty()) {
        batches++;
        moves += next.lastMove().handed().size();
        printed.handedOff(next.lastMove().report());
      }
      if (next.step() == DrainProgress.Step.RECONNECTING
          && progress.step() == DrainProgress.Step.MOVING_SLOTS
          && balancerIgnoresReadinessMs > 0) {
        // From the first wave on: the clients told to move come back through it.
        fleet.balancer().ignoreReadinessFor(Duration.ofMillis(balancerIgnoresReadinessMs));
      }
      if (next.step() == DrainProgress.Step.RECONNECTING) {
        printed.drain(next.status());
        // The node paces its sessions itself; this only reads how far they are.
        TimeUnit.MILLISECONDS.sleep(100);
      }
      progress = next;
    }
    printed.drain(progress.status());
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf("%s drained in %.2f s%n", draining, seconds);
    report
        .put("slotMoves", moves)
        .put("batches", batches)
        .put("drainSeconds", seconds)
        .put("reconnectRequests", traffic.stats.reconnectRequests.get())
        .put("resumesDeferred", traffic.stats.resumesDeferred.get());
    FleetProgress.reportPauses(coordinator.writePauses(), report);
    // Every session resumes elsewhere: one asked to identify again has lost its session.
    return settled -> traffic.stats.reidentified.get() == 0;
  }
}
