package io.rtfleet.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.SlotTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetSnapshotTest {
  private static NodeState reporting(String node, NodeState.SlotLoad... slots) {
    return new NodeState(
        1,
        node,
        "ws://" + node,
        NodePhase.ACTIVE,
        true,
        1,
        new NodeState.Sessions(0, 0),
        0,
        slots.length,
        List.of(slots),
        0);
  }

  @Test
  void aGuildPinnedOutsideItsSlotsOwnerWeighsOnItsNodeNotOnTheSlot() {
    // slots 0 and 2 on a, 1 and 3 on b; b also holds a guild of slot 0, pinned to it
    SlotTable table = SlotTable.initial(4, List.of("a", "b"));
    int slotOfA = 0;
    FleetSnapshot seen =
        new FleetSnapshot(
            Map.of(
                "a", reporting("a", new NodeState.SlotLoad(slotOfA, 3, 30, 0, 0)),
                "b", reporting("b", new NodeState.SlotLoad(slotOfA, 1, 5_000, 0, 0))),
            Map.of(),
            PlacementDocument.of(table, Map.of("a", "a:1", "b", "b:1")));

    assertThat(seen.slotLoads()[slotOfA]).isEqualTo(31.0);
    assertThat(seen.slotGuilds()[slotOfA]).isEqualTo(3);
    assertThat(seen.pinnedLoads()).isEqualTo(Map.of("b", 5_000.0));
  }
}
