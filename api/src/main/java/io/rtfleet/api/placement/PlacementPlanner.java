package io.rtfleet.api.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Plans slot moves; pure, deterministic for the same input.
 *
 * <p>Algorithm:
 *
 * <ol>
 *   <li>Slots owned by a node that is gone or draining must move: largest load first, each to the
 *       active node with the lowest load per capacity after the move.
 *   <li>Then, among active nodes, while the most loaded node is above {@code balanceFactor × mean}
 *       or the least loaded is below {@code mean / balanceFactor} (load per capacity), move from
 *       the most to the least loaded node the largest slot that does not overshoot (at most the
 *       load that would equalize the two); stop when no such slot exists.
 *   <li>Caps per node and per fleet bound the plan; the rest waits for the next plan.
 * </ol>
 *
 * Cordoned and starting nodes keep their slots and take none. Without measured load (all zero),
 * every slot weighs 1, so the plan balances slot counts. Moving only from the extremes toward the
 * mean is what keeps the plan small: adding a node to a balanced fleet fills it to about the mean
 * and touches nothing else, close to the 1/(n+1) of consistent hashing.
 */
public final class PlacementPlanner {
  private static final class NodeLoad {
    final PlacementNode node;
    final TreeSet<long[]> slots = new TreeSet<>(BY_LOAD_THEN_SLOT);
    double load;
    int moves;

    NodeLoad(PlacementNode node) {
      this.node = node;
    }

    double utilization() {
      return load / node.capacity();
    }
  }

  /** Slot entries are {@code [scaled load, slot]} so that ties break on the slot number. */
  private static final Comparator<long[]> BY_LOAD_THEN_SLOT =
      Comparator.<long[]>comparingLong(entry -> entry[0]).thenComparingLong(entry -> entry[1]);

  private static final Comparator<NodeLoad> BY_UTILIZATION =
      Comparator.comparingDouble(NodeLoad::utilization).thenComparing(n -> n.node.id());

  private static final double SCALE = 1_000_000.0;

  private PlacementPlanner() {}

  /** Moves that rebalance {@code table} over {@code nodes} given each slot's measured load. */
  public static List<Move> plan(
      SlotTable table, List<PlacementNode> nodes, double[] slotLoads, PlanLimits limits) {
    return plan(table, nodes, slotLoads, Map.of(), limits);
  }

  /**
   * As {@link #plan(SlotTable, List, double[], PlanLimits)}, with load some nodes carry that no
   * slot move takes away ({@code pinnedLoads}, in the unit of the slot loads: the guilds pinned to
   * a node, which stay on it whoever owns their slots). A node's pinned load counts in its
   * utilization, so that a node isolated for a giant guild is not filled with slots again.
   */
  public static List<Move> plan(
      SlotTable table,
      List<PlacementNode> nodes,
      double[] slotLoads,
      Map<String, Double> pinnedLoads,
      PlanLimits limits) {
    if (slotLoads.length != table.slotCount()) {
      throw new IllegalArgumentException(
          "loads for " + slotLoads.length + " slots, table has " + table.slotCount());
    }
    Map<String, NodeLoad> byId = new HashMap<>();
    for (PlacementNode node : nodes) {
      NodeLoad load = new NodeLoad(node);
      load.load = Math.round(Math.max(0, pinnedLoads.getOrDefault(node.id(), 0.0)) * SCALE);
      if (byId.put(node.id(), load) != null) {
        throw new IllegalArgumentException("node listed twice: " + node.id());
      }
    }
    TreeSet<NodeLoad> active = new TreeSet<>(BY_UTILIZATION);
    boolean measured = false;
    for (double load : slotLoads) {
      measured |= load > 0;
    }
    List<long[]> homeless = new ArrayList<>();
    for (int slot = 0; slot < table.slotCount(); slot++) {
      long scaled = measured ? Math.round(Math.max(0, slotLoads[slot]) * SCALE) : (long) SCALE;
      NodeLoad owner = byId.get(table.ownerOfSlot(slot));
      if (owner == null || owner.node.phase().evicting()) {
        homeless.add(new long[] {scaled, slot});
      } else {
        owner.slots.add(new long[] {scaled, slot});
        owner.load += scaled;
      }
    }
    byId.values().stream().filter(n -> n.node.phase().takesSlots()).forEach(active::add);
    if (active.isEmpty()) {
      throw new IllegalStateException("no active node to place slots on");
    }
    List<Move> moves = new ArrayList<>();
    homeless.sort(BY_LOAD_THEN_SLOT.reversed());
    for (long[] slot : homeless) {
      if (moves.size() >= limits.maxMovesPerFleet()) {
        return moves;
      }
      NodeLoad from = byId.get(table.ownerOfSlot((int) slot[1]));
      NodeLoad to = leastLoadedAfter(active, slot[0], limits);
      if (to == null || (from != null && from.moves >= limits.maxMovesPerNode())) {
        continue;
      }
      moves.add(new Move((int) slot[1], table.ownerOfSlot((int) slot[1]), to.node.id()));
      if (from != null) {
        from.moves++;
      }
      place(active, to, slot);
    }
    balance(active, limits, moves);
    return moves;
  }

  /** Where an isolated guild goes, and the moves that empty that node of every slot. */
  public record Isolation(String node, List<Move> moves) {}

  /**
   * Isolates a guild (a giant one) on a node of its own: picks the active node with the least load
   * per capacity, moves every slot it owns to the other active nodes (largest first, each to the
   * least loaded), and names the node the guild is to be pinned to. Apply with {@code
   * table.apply(moves, Map.of(guildId, node))}.
   */
  public static Isolation isolate(SlotTable table, List<PlacementNode> nodes, double[] slotLoads) {
    List<PlacementNode> active =
        nodes.stream()
            .filter(node -> node.phase().takesSlots())
            .sorted(Comparator.comparing(PlacementNode::id))
            .toList();
    if (active.size() < 2) {
      throw new IllegalStateException("isolating a guild needs at least two active nodes");
    }
    double[] load = new double[active.size()];
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < active.size(); i++) {
      index.put(active.get(i).id(), i);
    }
    for (int slot = 0; slot < table.slotCount(); slot++) {
      Integer owner = index.get(table.ownerOfSlot(slot));
      if (owner != null) {
        load[owner] += Math.max(0, slotLoads[slot]);
      }
    }
    int chosen = 0;
    for (int i = 1; i < active.size(); i++) {
      if (load[i] / active.get(i).capacity() < load[chosen] / active.get(chosen).capacity()) {
        chosen = i;
      }
    }
    String isolated = active.get(chosen).id();
    List<long[]> evicted = new ArrayList<>();
    for (int slot = 0; slot < table.slotCount(); slot++) {
      if (table.ownerOfSlot(slot).equals(isolated)) {
        evicted.add(new long[] {Math.round(Math.max(0, slotLoads[slot]) * SCALE), slot});
      }
    }
    evicted.sort(BY_LOAD_THEN_SLOT.reversed());
    List<Move> moves = new ArrayList<>();
    for (long[] slot : evicted) {
      int best = -1;
      for (int i = 0; i < active.size(); i++) {
        if (i != chosen
            && (best < 0
                || (load[i] + slot[0] / SCALE) / active.get(i).capacity()
                    < (load[best] + slot[0] / SCALE) / active.get(best).capacity())) {
          best = i;
        }
      }
      load[best] += slot[0] / SCALE;
      moves.add(new Move((int) slot[1], isolated, active.get(best).id()));
    }
    return new Isolation(isolated, moves);
  }

  /** The active node with the lowest utilization once it takes {@code load}, within its cap. */
  private static NodeLoad leastLoadedAfter(TreeSet<NodeLoad> active, long load, PlanLimits limits) {
    NodeLoad best = null;
    double bestUtilization = Double.MAX_VALUE;
    for (NodeLoad candidate : active) {
      if (candidate.moves >= limits.maxMovesPerNode()) {
        continue;
      }
      double after = (candidate.load + load) / candidate.node.capacity();
      if (after < bestUtilization) {
        best = candidate;
        bestUtilization = after;
      }
    }
    return best;
  }

  private static void place(TreeSet<NodeLoad> active, NodeLoad to, long[] slot) {
    active.remove(to);
    to.slots.add(slot);
    to.load += slot[0];
    to.moves++;
    active.add(to);
  }

  private static void balance(TreeSet<NodeLoad> active, PlanLimits limits, List<Move> moves) {
    double totalLoad = 0;
    double totalCapacity = 0;
    for (NodeLoad node : active) {
      totalLoad += node.load;
      totalCapacity += node.node.capacity();
    }
    double mean = totalLoad / totalCapacity;
    double upper = mean * limits.balanceFactor();
    double lower = mean / limits.balanceFactor();
    while (moves.size() < limits.maxMovesPerFleet() && active.size() > 1) {
      NodeLoad giver = active.last();
      NodeLoad receiver = active.first();
      if (giver.utilization() <= upper && receiver.utilization() >= lower) {
        return;
      }
      if (giver.moves >= limits.maxMovesPerNode() || receiver.moves >= limits.maxMovesPerNode()) {
        return;
      }
      // The load that would leave both at the same utilization: moving more would overshoot.
      double equalizing =
          (giver.load * receiver.node.capacity() - receiver.load * giver.node.capacity())
              / (giver.node.capacity() + receiver.node.capacity());
      long[] slot = giver.slots.floor(new long[] {(long) Math.floor(equalizing), Long.MAX_VALUE});
      if (slot == null || slot[0] == 0) {
        return;
      }
      active.remove(giver);
      active.remove(receiver);
      giver.slots.remove(slot);
      giver.load -= slot[0];
      giver.moves++;
      receiver.slots.add(slot);
      receiver.load += slot[0];
      receiver.moves++;
      active.add(giver);
      active.add(receiver);
      moves.add(new Move((int) slot[1], giver.node.id(), receiver.node.id()));
    }
  }
}
