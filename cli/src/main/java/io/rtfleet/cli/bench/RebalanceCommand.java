package io.rtfleet.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.PlacementPlanner;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.api.protocol.Intent;
import io.rtfleet.cli.bench.check.Verdict;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.cli.fleet.FleetCoordination;
import io.rtfleet.cli.fleet.LocalFleet;
import io.rtfleet.coordinator.Coordinator;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(
      names = "--sessions",
      description = "Identified sessions, one user each (default: ${DEFAULT-VALUE}).")
  int sessions = 300;

  @Option(
      names = "--small-guilds",
      description = "Guilds; each session is in one (default: ${DEFAULT-VALUE}).")
  int smallGuilds = 60;

  @Option(
      names = "--batch-slots",
      description = "Slots handed over in one handoff (default: ${DEFAULT-VALUE}).")
  int batchSlots = 256;

  @Override
  public Integer call() throws Exception {
    run.validate();
    traffic.validate();
    Arguments.atLeast("--sessions", sessions, 1);
    Arguments.atLeast("--small-guilds", smallGuilds, 1);
    Arguments.atLeast("--batch-slots", batchSlots, 1);
    if (targetOptions.url != null || targetOptions.nodes < 2) {
      throw new IllegalArgumentException(
          "rebalance starts its own fleet: give --nodes 2 or more, and no --url");
    }
    PrintWriter err = spec.commandLine().getErr();
    try (TargetOptions.Opened opened = targetOptions.open()) {
      LocalFleet fleet = (LocalFleet) opened.started();
      List<String> ids = fleet.nodeIds();
      String joining = ids.get(ids.size() - 1);
      fleet.pushRoundRobin(2, ids.subList(0, ids.size() - 1));
      Target target = opened.target();
      err.printf(
          "fleet of %d nodes, %s without slots; setting up %d sessions%n",
          ids.size(), joining, sessions);
      Population population =
          Population.create(target, sessions, 0, smallGuilds, "rebalance" + run.seed, err);
      try (LoadRun load = new LoadRun(target, population, run.clientThreads, err)) {
        int intents = Intent.GUILDS | Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT;
        load.connectAll(intents, traffic.publishers, 2000, 300);
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

        Coordinator coordinator = FleetCoordination.coordinator(fleet, batchSlots);
        coordinator.writePauses();
        SlotTable table = coordinator.currentTable();
        List<Move> moves =
            PlacementPlanner.plan(
                table,
                FleetCoordination.activeNodes(fleet),
                FleetCoordination.slotLoads(fleet, table.slotCount()),
                PlanLimits.DEFAULT);
        err.printf("rebalancing: %d slot moves to %s and others%n", moves.size(), joining);
        Coordinator.MoveReport moved =
            coordinator.move(
                table,
                moves,
                handed -> {
                  err.printf(
                      "  handed %d guilds in %d slots to %s in %.0f ms%n",
                      handed.path("guilds").asInt(),
                      handed.path("slots").asInt(),
                      handed.path("to").asText(),
                      handed.path("handedOffMillis").asDouble());
                  err.flush();
                });
        err.printf("rebalanced in %.2f s, epoch %d%n", moved.seconds(), moved.finalEpoch());
        Map<String, JsonNode> pauses = coordinator.writePauses();

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
        double pauseP50 = 0;
        double pauseP99 = 0;
        double pauseMax = 0;
        int pausedGuilds = 0;
        for (JsonNode node : pauses.values()) {
          pausedGuilds += node.path("guilds").asInt();
          pauseP50 = Math.max(pauseP50, node.path("p50Ms").asDouble());
          pauseP99 = Math.max(pauseP99, node.path("p99Ms").asDouble());
          pauseMax = Math.max(pauseMax, node.path("maxMs").asDouble());
        }
        new BenchReport("rebalance")
            .put("nodes", ids.size())
            .put("sessions", sessions)
            .put("guilds", smallGuilds)
            .put("targetRate", traffic.rate)
            .put("slotMoves", moves.size())
            .put("batches", moved.batches())
            .put("rebalanceSeconds", moved.seconds())
            .put("pausedGuilds", pausedGuilds)
            .put("writePauseP50Ms", pauseP50)
            .put("writePauseP99Ms", pauseP99)
            .put("writePauseMaxMs", pauseMax)
            .put("deliveriesPerSecond", delivered / seconds)
            .latency("latencyMs", latency)
            .put("accepted", load.checker.acceptedCount())
            .put("delivered", verdict.delivered())
            .put("lost", verdict.lost())
            .put("duplicated", verdict.duplicated())
            .put("reordered", verdict.reordered())
            .put("seqGaps", verdict.seqGaps())
            .put("reidentified", load.stats.reidentified.get())
            .put("publishFailures", load.stats.publishFailures.get())
            .put("verdict", verdict.clean() ? "PASS" : "FAIL")
            .print(spec.commandLine().getOut(), run.json());
        return verdict.clean() ? 0 : 1;
      }
    }
  }
}
