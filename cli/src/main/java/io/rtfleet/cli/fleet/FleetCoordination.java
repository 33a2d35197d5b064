package io.rtfleet.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.PlacementNode;
import io.rtfleet.api.protocol.Slots;
import io.rtfleet.cli.bench.report.BenchReport;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.NodeAdmin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link Coordinator} over the live nodes of a {@link LocalFleet}, and the loads it plans by. */
public final class FleetCoordination {
  private FleetCoordination() {}

  public static Coordinator coordinator(LocalFleet fleet, int maxSlotsPerBatch) {
    Map<String, NodeAdmin> admins = new LinkedHashMap<>();
    Map<String, String> peers = new LinkedHashMap<>();
    for (FleetNode node : fleet.nodes()) {
      peers.put(node.id(), node.peerAddress());
      if (node.isAlive()) {
        admins.put(
            node.id(), new NodeAdmin(node.id(), node.target().adminUrl(), fleet.adminToken()));
      }
    }
    return new Coordinator(admins, peers, maxSlotsPerBatch);
  }

  /** Every live node, active, of equal capacity. */
  public static List<PlacementNode> activeNodes(LocalFleet fleet) {
    List<PlacementNode> nodes = new ArrayList<>();
    for (FleetNode node : fleet.nodes()) {
      if (node.isAlive()) {
        nodes.add(new PlacementNode(node.id(), 1.0, NodePhase.ACTIVE));
      }
    }
    return nodes;
  }

  /** Adds the write pauses the nodes measured (the worst node's percentiles) to a report. */
  public static void reportPauses(Map<String, JsonNode> pauses, BenchReport report) {
    double p50 = 0;
    double p99 = 0;
    double max = 0;
    int guilds = 0;
    for (JsonNode node : pauses.values()) {
      guilds += node.path("guilds").asInt();
      p50 = Math.max(p50, node.path("p50Ms").asDouble());
      p99 = Math.max(p99, node.path("p99Ms").asDouble());
      max = Math.max(max, node.path("maxMs").asDouble());
    }
    report
        .put("pausedGuilds", guilds)
        .put("writePauseP50Ms", p50)
        .put("writePauseP99Ms", p99)
        .put("writePauseMaxMs", max);
  }

  /**
   * Each slot's load: one for the slot itself plus the members of its guilds, read from each node's
   * state, so that busy slots weigh more and empty ones still spread.
   */
  public static double[] slotLoads(LocalFleet fleet, int slotCount)
      throws IOException, InterruptedException {
    double[] loads = new double[slotCount];
    java.util.Arrays.fill(loads, 1.0);
    for (FleetNode node : fleet.nodes()) {
      if (!node.isAlive()) {
        continue;
      }
      JsonNode state =
          new NodeAdmin(node.id(), node.target().adminUrl(), fleet.adminToken())
              .get("/admin/state");
      for (JsonNode guild : state.path("guilds")) {
        long id = Long.parseLong(guild.get("id").asText());
        loads[Slots.of(id, slotCount)] += guild.path("members").asDouble();
      }
    }
    return loads;
  }
}
