package io.rtfleet.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.PlacementPlanner;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.fleet.FleetCoordination;
import io.rtfleet.cli.fleet.LocalFleet;
import io.rtfleet.coordinator.Coordinator;
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
      "Exits 1 when the checker finds any loss, duplicate or reorder."
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
      LocalFleet fleet, String joining, BenchReport report, PrintWriter err) throws Exception {
    Coordinator coordinator = FleetCoordination.coordinator(fleet, load.batchSlots);
    coordinator.writePauses();
    SlotTable table = coordinator.currentTable();
    List<Move> moves =
        PlacementPlanner.plan(
            table,
            FleetCoordination.activeNodes(fleet),
            FleetCoordination.slotLoads(fleet, table.slotCount()),
            PlanLimits.DEFAULT);
    err.printf("rebalancing: %d slot moves, %s joins%n", moves.size(), joining);
    Coordinator.MoveReport moved =
        coordinator.move(table, moves, handed -> printHandoff(err, handed));
    err.printf("rebalanced in %.2f s, epoch %d%n", moved.seconds(), moved.finalEpoch());
    report
        .put("slotMoves", moves.size())
        .put("batches", moved.batches())
        .put("rebalanceSeconds", moved.seconds());
    FleetCoordination.reportPauses(coordinator.writePauses(), report);
    return FleetScenario.Expectation.NONE;
  }

  static void printHandoff(PrintWriter err, JsonNode handed) {
    if (handed.has("handedOffMillis")) {
      err.printf(
          "  handed %d guilds in %d slots to %s in %.0f ms: prepared %.0f ms, then with writes"
              + " waiting: in-flight writes drained %.0f ms, snapshot %.0f ms, receiver adopted"
              + " and took the epoch %.0f ms, giver took it %.0f ms; epoch pushed to the others"
              + " %.0f ms%n",
          handed.path("guilds").asInt(),
          handed.path("slots").asInt(),
          handed.path("to").asText(),
          handed.path("handedOffMillis").asDouble(),
          handed.path("preparedMillis").asDouble(),
          handed.path("drainWritesMillis").asDouble(),
          handed.path("snapshotMillis").asDouble(),
          handed.path("adoptMillis").asDouble(),
          handed.path("placedMillis").asDouble(),
          handed.path("epochPushedMillis").asDouble());
      err.flush();
    }
  }
}
