package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.NodeAdminClient;
import io.rtfleet.coordinator.simulation.SimulatedFleet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failing over the nodes whose pods failed, against the coordinator's simulated nodes. */
class FailoverStepTest {
  private static final int SLOTS = 64;

  /** The coordinator of the serving nodes only, as the reconciler builds it. */
  private static Coordinator serving(SimulatedFleet fleet, List<String> dead) {
    Map<String, NodeAdminClient> live = new LinkedHashMap<>(fleet.clients());
    dead.forEach(live::remove);
    return new Coordinator(live, fleet.peers(), 8, PlanLimits.DEFAULT);
  }

  @Test
  void oneDeadNodeIsFailedOverPerStepAndEachPodGoesOnceItsNodeOwnsNothing() {
    SimulatedFleet fleet = new SimulatedFleet(4, SLOTS);
    List<String> dead = List.of("node-1", "node-2");
    dead.forEach(id -> fleet.node(id).alive(false));
    long epoch = fleet.node("node-0").table().epoch();

    FailoverStep.Outcome first =
        FailoverStep.take(serving(fleet, dead), List.of("node-0", "node-3"), dead);

    assertThat(first.action()).isEqualTo("failed over node-1: 16 slots at epoch " + (epoch + 1));
    assertThat(first.podsToDelete()).containsExactly("node-1");
    SlotTable afterFirst = fleet.node("node-0").table();
    assertThat(afterFirst.slotsOf("node-1")).isZero();
    assertThat(afterFirst.slotsOf("node-2")).isEqualTo(16);
    assertThat(fleet.node("node-3").table()).isEqualTo(afterFirst);

    FailoverStep.Outcome second =
        FailoverStep.take(serving(fleet, dead), List.of("node-0", "node-3"), dead);

    assertThat(second.action()).isEqualTo("failed over node-2: 16 slots at epoch " + (epoch + 2));
    assertThat(second.podsToDelete()).containsExactly("node-1", "node-2");
    assertThat(fleet.node("node-0").table().slotsOf("node-2")).isZero();
  }

  @Test
  void withNoNodeServingTheFailedPodsAreReplacedAndNothingIsMoved() {
    SimulatedFleet fleet = new SimulatedFleet(2, SLOTS);
    List<String> dead = List.of("node-0", "node-1");
    dead.forEach(id -> fleet.node(id).alive(false));
    SlotTable before = fleet.node("node-0").table();

    FailoverStep.Outcome outcome = FailoverStep.take(serving(fleet, dead), List.of(), dead);

    assertThat(outcome.action()).isNull();
    assertThat(outcome.podsToDelete()).containsExactly("node-0", "node-1");
    assertThat(fleet.node("node-0").table()).isEqualTo(before);
  }
}
