package io.rtfleet.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.cli.BenchRun;
import io.rtfleet.coordinator.Coordinator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every node of a fleet restarted at once (not drained: a power cut, a cluster upgrade gone wrong)
 * comes back with the slot table and epoch the fleet had, and a node that was cordoned comes back
 * cordoned: both live in the database, not in the nodes.
 */
class FleetRestartIT {
  @Test
  void aFleetWhoseEveryNodeRestartsComesBackWithItsPlacementAndPhases() throws Exception {
    try (LocalFleet fleet =
        LocalFleet.start(BenchRun.NODE_JAR, 3, List.of("-Xmx256m"), List.of())) {
      Coordinator coordinator = fleet.coordinator(256);
      // a table that is not the one the fleet started with: one more epoch, node-2's slots moved
      SlotTable before = coordinator.failOver("node-2");
      coordinator.cordon("node-1");

      for (FleetNode node : new ArrayList<>(fleet.nodes())) {
        node.kill();
      }
      for (String id : fleet.nodeIds()) {
        fleet.startNode(id);
      }

      for (FleetNode node : fleet.nodes()) {
        PlacementDocument restored = node.admin().placement().join().orElseThrow();
        assertThat(restored.epoch()).as(node.id()).isEqualTo(before.epoch());
        assertThat(restored.table()).as(node.id()).isEqualTo(before);
      }
      assertThat(fleet.node("node-1").admin().state().join().phase()).isEqualTo(NodePhase.CORDONED);
      assertThat(fleet.node("node-0").admin().state().join().phase()).isEqualTo(NodePhase.ACTIVE);
    }
  }
}
