package io.rtfleet.coordinator;

import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.PlacementNode;
import io.rtfleet.api.placement.SlotTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The fleet as one pass of {@link Coordinator#observe} saw it: what each node that answered says of
 * itself, why the others did not answer, and the newest placement any node has.
 */
public record FleetSnapshot(
    Map<String, NodeState> states,
    Map<String, AdminFailure> unanswered,
    PlacementDocument placement) {

  public FleetSnapshot {
    states = Map.copyOf(states);
    unanswered = Map.copyOf(unanswered);
  }

  public SlotTable table() {
    return placement.table();
  }

  /**
   * The nodes the planner may use, each of capacity 1, in its phase: an active node takes slots, a
   * draining (or drained) one gives its slots away, a cordoned one keeps what it has. A node that
   * did not answer keeps its slots too, as if cordoned: moving them needs it to hand them over, and
   * giving them away without it is a failover, decided past its grace ({@link
   * Coordinator#failOver}). A node the placement does not name yet (a fresh node started while
   * another drains, before it joins) is left out: the others do not know where it listens, so
   * nothing can be handed to it.
   */
  public List<PlacementNode> planningNodes() {
    List<PlacementNode> nodes = new ArrayList<>();
    states.forEach(
        (id, state) -> {
          if (placement.peers().containsKey(id)) {
            nodes.add(new PlacementNode(id, 1.0, state.phase()));
          }
        });
    unanswered.keySet().forEach(id -> nodes.add(new PlacementNode(id, 1.0, NodePhase.CORDONED)));
    nodes.sort((a, b) -> a.id().compareTo(b.id()));
    return nodes;
  }

  /**
   * One load per slot: 1 for the slot itself, so that empty slots still spread, plus the members of
   * its guilds as the slot's owner reports them. Guilds a node holds of a slot it does not own are
   * pinned to it (or leaving it in a handoff): they do not move with the slot, and count in {@link
   * #pinnedLoads} instead.
   */
  public double[] slotLoads() {
    double[] loads = new double[table().slotCount()];
    Arrays.fill(loads, 1.0);
    forEachReport(true, (node, slot) -> loads[slot.slot()] += slot.members());
    return loads;
  }

  /** The members of the guilds each node holds outside the slots it owns: pinned, they stay. */
  public Map<String, Double> pinnedLoads() {
    Map<String, Double> pinned = new HashMap<>();
    forEachReport(false, (node, slot) -> pinned.merge(node, (double) slot.members(), Double::sum));
    return pinned;
  }

  /** Each slot's load as a node reports it, of the slots it owns, or of those it does not. */
  private void forEachReport(boolean owned, BiConsumer<String, NodeState.SlotLoad> report) {
    SlotTable table = table();
    states.forEach(
        (node, state) -> {
          for (NodeState.SlotLoad slot : state.slots()) {
            if (slot.slot() >= 0
                && slot.slot() < table.slotCount()
                && node.equals(table.ownerOfSlot(slot.slot())) == owned) {
              report.accept(node, slot);
            }
          }
        });
  }

  /** The guilds each slot holds, as its owner reports them (pinned ones stay where they are). */
  public int[] slotGuilds() {
    int[] guilds = new int[table().slotCount()];
    forEachReport(true, (node, slot) -> guilds[slot.slot()] += slot.guilds());
    return guilds;
  }
}
