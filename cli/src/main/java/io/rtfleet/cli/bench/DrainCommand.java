package io.rtfleet.cli.bench;

import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.fleet.FleetCoordination;
import io.rtfleet.cli.fleet.LocalFleet;
import io.rtfleet.coordinator.Coordinator;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
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
  @Spec CommandSpec spec;
  @Mixin TargetOptions targetOptions;
  @Mixin RunOptions run;
  @Mixin TrafficOptions traffic;
  @Mixin FleetLoadOptions load;

  @Option(
      names = "--wave-size",
      description = "Sessions asked to reconnect per wave (default: ${DEFAULT-VALUE}).")
  int waveSize = 500;

  @Option(
      names = "--wave-interval-ms",
      description = "Pause between waves (default: ${DEFAULT-VALUE}).")
  long waveIntervalMs = 100;

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
    Arguments.atLeast("--wave-size", waveSize, 1);
    Arguments.atLeast("--wave-interval-ms", waveIntervalMs, 0);
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
    Coordinator coordinator = FleetCoordination.coordinator(fleet, load.batchSlots);
    coordinator.writePauses();
    SlotTable table = coordinator.currentTable();
    err.printf("draining %s%n", draining);
    Coordinator.MoveReport drained =
        coordinator.drain(
            draining,
            table,
            FleetCoordination.activeNodes(fleet),
            FleetCoordination.slotLoads(fleet, table.slotCount()),
            waveSize,
            waveIntervalMs,
            120,
            new DrainProgress(err, System::nanoTime));
    err.printf("%s drained in %.2f s%n", draining, drained.seconds());
    report
        .put("slotMoves", drained.moves())
        .put("batches", drained.batches())
        .put("drainSeconds", drained.seconds());
    FleetCoordination.reportPauses(coordinator.writePauses(), report);
    // Every session resumes elsewhere: one asked to identify again has lost its session.
    return settled -> traffic.stats.reidentified.get() == 0;
  }
}
