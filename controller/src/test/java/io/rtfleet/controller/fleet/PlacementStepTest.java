package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import io.rtfleet.coordinator.NodeAdminClient;
import io.rtfleet.coordinator.simulation.SimulatedFleet;
import io.rtfleet.coordinator.simulation.SimulatedNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The placement steps against the coordinator's simulated nodes. */
class PlacementStepTest {
  private static final int SLOTS = 64;
  private static final Set<String> PODS =
      Set.of("chat-0", "chat-1", "chat-2", "node-0", "node-1", "node-2", "node-3");

  private static Coordinator coordinator(SimulatedFleet fleet) {
    return new Coordinator(fleet.clients(), fleet.peers(), 8, PlanLimits.DEFAULT);
  }

  private static PlacementStep.Goal goal(List<String> ready, int replicas, boolean rebalance) {
    return new PlacementStep.Goal(ready, replicas, SLOTS, rebalance, Map.of());
  }

  @Test
  void theFirstPlacementWaitsForEveryNodeAskedForThenSpreadsTheSlots() {
    SimulatedFleet fleet = new SimulatedFleet(0, SLOTS);
    fleet.add("chat-0");
    fleet.add("chat-1");

    PlacementStep.Outcome early =
        PlacementStep.take(
            coordinator(fleet), fleet.peers(), goal(List.of("chat-0", "chat-1"), 3, true), PODS);
    assertThat(early.acted()).isFalse();
    assertThat(early.action())
        .isEqualTo("waiting for every node to be ready before the first placement");
    assertThat(fleet.node("chat-0").table()).isNull();

    fleet.add("chat-2");
    PlacementStep.Outcome placed =
        PlacementStep.take(
            coordinator(fleet),
            fleet.peers(),
            goal(List.of("chat-0", "chat-1", "chat-2"), 3, true),
            PODS);

    assertThat(placed.acted()).isTrue();
    assertThat(placed.action()).isEqualTo("placed 64 slots on 3 nodes");
    SlotTable table = fleet.node("chat-0").table();
    assertThat(fleet.nodes()).allSatisfy(node -> assertThat(node.table()).isEqualTo(table));
    assertThat(List.of(table.slotsOf("chat-0"), table.slotsOf("chat-1"), table.slotsOf("chat-2")))
        .containsExactly(22, 21, 21);
  }

  @Test
  void aNodeThatJoinsIsGivenTheTableThenItsShareBatchByBatch() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    SimulatedNode added = fleet.add("node-3");
    List<String> ready = List.of("node-0", "node-1", "node-2", "node-3");

    PlacementStep.Outcome caughtUp =
        PlacementStep.take(coordinator(fleet), fleet.peers(), goal(ready, 4, true), PODS);
    assertThat(caughtUp.action()).isEqualTo("gave the table at epoch 1 to node-3");
    assertThat(added.table()).isEqualTo(fleet.node("node-0").table());
    assertThat(added.table().epoch()).isEqualTo(1);

    int steps = 0;
    PlacementStep.Outcome step;
    do {
      step = PlacementStep.take(coordinator(fleet), fleet.peers(), goal(ready, 4, true), PODS);
      steps++;
      assertThat(steps).isLessThan(10);
    } while (step.acted());

    assertThat(step.balanced()).isTrue();
    assertThat(added.table().slotsOf("node-3")).isBetween(15, 17);
  }

  @Test
  void theSlotsOfANodeWhosePodIsGoneAreFailedOverBeforeAnythingElse() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    int owned = fleet.node("node-0").table().slotsOf("node-2");
    fleet.remove("node-2"); // kubectl delete pod: its process stopped, its pod is gone
    List<String> ready = List.of("node-0", "node-1");

    PlacementStep.Outcome step =
        PlacementStep.take(
            coordinator(fleet), fleet.peers(), goal(ready, 3, true), Set.copyOf(ready));

    assertThat(step.acted()).isTrue();
    assertThat(step.action())
        .isEqualTo("failed over node-2, whose pod is gone: " + owned + " slots at epoch 1");
    assertThat(fleet.node("node-0").table().slotsOf("node-2")).isZero();
    assertThat(fleet.node("node-1").table()).isEqualTo(fleet.node("node-0").table());
  }

  @Test
  void theSpecsPinsAreAppliedOneGuildPerStepAndAPinToANodeThatIsNotReadyIsReportedNotApplied() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    List<String> ready = List.of("node-0", "node-1", "node-2");
    long first = 4L << 22; // slot 4, node-1's
    long second = 9L << 22;
    Map<Long, String> pins = Map.of(first, "node-2", second, "node-1", 12L << 22, "node-7");
    PlacementStep.Goal goal = new PlacementStep.Goal(ready, 3, SLOTS, false, pins);

    PlacementStep.Outcome one = PlacementStep.take(coordinator(fleet), fleet.peers(), goal, PODS);
    PlacementStep.Outcome two = PlacementStep.take(coordinator(fleet), fleet.peers(), goal, PODS);
    PlacementStep.Outcome settled =
        PlacementStep.take(coordinator(fleet), fleet.peers(), goal, PODS);

    assertThat(one.act()).isEqualTo(PlacementStep.Act.PINNED);
    assertThat(one.action()).startsWith("pinned guild " + first + ": node-1 -> node-2 at epoch");
    assertThat(two.act()).isEqualTo(PlacementStep.Act.PINNED);
    assertThat(settled.acted()).isFalse();
    assertThat(settled.action())
        .isEqualTo(
            "balanced; guild "
                + (12L << 22)
                + " is pinned to node-7, which is not a ready node: it follows its slot");
    SlotTable table = fleet.node("node-0").table();
    assertThat(table.overrides()).isEqualTo(Map.of(first, "node-2", second, "node-1"));

    // node-2 is no longer ready (draining, or its probe fails): its pin is lifted
    PlacementStep.Outcome lifted =
        PlacementStep.take(
            coordinator(fleet),
            fleet.peers(),
            new PlacementStep.Goal(List.of("node-0", "node-1"), 3, SLOTS, false, pins),
            PODS);
    assertThat(lifted.action()).startsWith("unpinned guild " + first + ": node-2 -> node-1");
    assertThat(fleet.node("node-0").table().overrides()).isEqualTo(Map.of(second, "node-1"));
  }

  @Test
  void withoutAutoRebalanceAnUnbalancedFleetIsReportedNotMoved() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    fleet.add("node-3");
    List<String> ready = List.of("node-0", "node-1", "node-2", "node-3");
    PlacementStep.take(
        coordinator(fleet), fleet.peers(), goal(ready, 4, false), PODS); // gives node-3 the table

    PlacementStep.Outcome step =
        PlacementStep.take(coordinator(fleet), fleet.peers(), goal(ready, 4, false), PODS);

    assertThat(step.acted()).isFalse();
    assertThat(step.balanced()).isFalse();
    assertThat(step.action()).isEqualTo("unbalanced; autoRebalance is off");
    assertThat(fleet.node("node-3").table().slotsOf("node-3")).isZero();
  }

  @Test
  void aNodeThatOwnsSlotsAndDoesNotAnswerIsLostOneThatNeverAnsweredIsStarting() throws IOException {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    Map<String, NodeAdminClient> clients = new LinkedHashMap<>(fleet.clients());
    for (String silent : List.of("node-2", "node-3")) {
      clients.put(
          silent,
          new HttpNodeAdminClient(
              silent,
              "http://127.0.0.1:" + closed,
              "token",
              HttpNodeAdminClient.newHttpClient(),
              Duration.ofSeconds(1)));
    }
    Coordinator hung = new Coordinator(clients, fleet.peers(), 8, PlanLimits.DEFAULT);

    PlacementStep.Outcome step =
        PlacementStep.take(
            hung, fleet.peers(), goal(List.of("node-0", "node-1", "node-2"), 3, true), PODS);

    assertThat(step.unanswered()).containsExactlyInAnyOrder("node-2", "node-3");
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    List<FleetNodeStatus> nodes = new ArrayList<>();
    for (String name : List.of("node-0", "node-2", "node-3")) {
      FleetNodeStatus node = new FleetNodeStatus();
      node.setName(name);
      node.setPhase(name.equals("node-3") ? "Starting" : "Active");
      nodes.add(node);
    }
    status.setNodes(nodes);
    FleetStatusWriter.placement(status, step, 1, Instant.EPOCH);
    assertThat(status.getNodes())
        .extracting(node -> node.getName() + "=" + node.getPhase())
        .containsExactly("node-0=Active", "node-2=Lost", "node-3=Starting");
  }
}
