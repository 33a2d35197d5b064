package io.rtfleet.cli.bench;

import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.fleet.LocalFleet;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.MoveProgress;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "rebalance",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A node joins a fleet under load: starts --nodes nodes with every slot on all but the last,"
          + " sessions and publishers spread over all of them, then after --warmup plans the"
          + " rebalance (planner, balance factor 1.10) and carries it out slot batch by slot batch:"
          + " handoff, then a new placement epoch. Reports rebalanceSeconds, the write pause per"
          + " guild (p50/p90/p99/max) and the checker's verdict.",
      "Exits 1 when the checker finds any loss, duplicate or reorder, 3 when the run cannot be carried out."
    },
    footer = {
      "",
      "Example: rtctl bench rebalance --nodes 3 --sessions 3000 --rate 1000 --duration 30"
    })
public final class RebalanceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TargetOptions targetOptions;
  @Mixin RunOptions run;
  @Mixin TrafficOptions traffic;
  @Mixin FleetLoadOptions load;

  @Override
  public Integer call() throws Exception {
    run.validate();
    traffic.validate();
    load.validate("rebalance", targetOptions);
    PrintWriter err = spec.commandLine().getErr();
    try (TargetOptions.Opened opened = targetOptions.open()) {
      LocalFleet fleet = (LocalFleet) opened.started();
      List<String> ids = fleet.nodeIds();
      String joining = ids.get(ids.size() - 1);
      fleet.pushRoundRobin(2, ids.subList(0, ids.size() - 1));
      return FleetScenario.run(
          "rebalance",
          opened,
          load,
          run,
          traffic,
          spec,
          (running, traffic, report, progress) -> rebalance(running, joining, report, progress));
    }
  }

  private FleetScenario.Expectation rebalance(
      LocalFleet fleet, String joining, BenchReport report, PrintWriter err) {
    Coordinator coordinator = fleet.coordinator(load.batchSlots);
    coordinator.writePauses();
    int planned = coordinator.plan(coordinator.observe()).size();
    err.printf("rebalancing: %d slot moves, %s joins%n", planned, joining);
    FleetProgress printed = new FleetProgress(err, System::nanoTime);
    long started = System.nanoTime();
    int batches = 0;
    int moves = 0;
    MoveProgress step = coordinator.rebalanceStep();
    while (!step.done()) {
      batches++;
      moves += step.handed().size();
      printed.handedOff(step.report());
      step = coordinator.rebalanceStep();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf("rebalanced in %.2f s, epoch %d%n", seconds, step.epoch());
    report.put("slotMoves", moves).put("batches", batches).put("rebalanceSeconds", seconds);
    FleetProgress.reportPauses(coordinator.writePauses(), report);
    return FleetScenario.Expectation.NONE;
  }
}
