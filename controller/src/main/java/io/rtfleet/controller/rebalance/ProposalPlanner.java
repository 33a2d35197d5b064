package io.rtfleet.controller.rebalance;

import io.rtfleet.api.crd.NodeLoad;
import io.rtfleet.api.crd.Proposal;
import io.rtfleet.api.crd.RebalanceMode;
import io.rtfleet.api.crd.SlotMove;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.PlacementNode;
import io.rtfleet.api.placement.PlacementPlanner;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.controller.model.InvalidSpec;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A GuildRebalance's proposal, planned from the fleet as its nodes report it: the placement
 * planner's moves for the mode (all of them for {@code full}; those onto the named nodes for {@code
 * add-nodes}; every slot of the named nodes, as if they were draining, for {@code remove-nodes}),
 * and what they do to each node's load. Pure: the reconciler gathers the inputs.
 */
final class ProposalPlanner {
  private ProposalPlanner() {}

  /**
   * @param nodes the fleet's nodes in the phases they report
   * @param slotLoads each slot's load, as the planner weighs it
   * @param pinnedLoads the load of the guilds pinned to each node, which stays on it
   * @param slotGuilds the guilds each slot holds
   */
  static Proposal propose(
      SlotTable table,
      List<PlacementNode> nodes,
      double[] slotLoads,
      Map<String, Double> pinnedLoads,
      int[] slotGuilds,
      RebalanceRequest request,
      Instant now) {
    Set<String> known = new HashSet<>();
    nodes.forEach(node -> known.add(node.id()));
    Set<String> named = new HashSet<>(request.nodes());
    for (String node : request.nodes()) {
      if (!known.contains(node)) {
        throw new InvalidSpec(
            "nodes", "the fleet has no node " + node + " (its nodes: " + sorted(known) + ")");
      }
    }
    boolean removing = request.mode() == RebalanceMode.REMOVE_NODES;
    List<PlacementNode> planning = new ArrayList<>();
    for (PlacementNode node : nodes) {
      planning.add(
          removing && named.contains(node.id())
              ? new PlacementNode(node.id(), node.capacity(), NodePhase.DRAINING)
              : node);
    }
    if (removing && planning.stream().noneMatch(node -> node.phase() == NodePhase.ACTIVE)) {
      throw new InvalidSpec(
          "nodes", "no active node would be left to take the slots of " + sorted(named));
    }
    List<Move> moves =
        PlacementPlanner.plan(
            table,
            planning,
            slotLoads,
            pinnedLoads,
            new PlanLimits(request.balanceFactor(), Integer.MAX_VALUE, Integer.MAX_VALUE));
    if (request.mode() == RebalanceMode.ADD_NODES) {
      moves = moves.stream().filter(move -> named.contains(move.to())).toList();
    }
    SlotTable after = table.apply(moves);
    Proposal proposal = new Proposal();
    proposal.setEpoch(table.epoch());
    proposal.setMoves(moves.stream().map(ProposalPlanner::slotMove).toList());
    proposal.setSlots(moves.size());
    proposal.setGuilds(moves.stream().mapToLong(move -> slotGuilds[move.slot()]).sum());
    List<NodeLoad> loads = new ArrayList<>();
    for (String node : sorted(known)) {
      NodeLoad load = new NodeLoad();
      load.setNode(node);
      double pinned = pinnedLoads.getOrDefault(node, 0.0);
      load.setLoadBefore(pinned + loadOf(table, node, slotLoads));
      load.setLoadAfter(pinned + loadOf(after, node, slotLoads));
      load.setSlotsBefore(table.slotsOf(node));
      load.setSlotsAfter(after.slotsOf(node));
      loads.add(load);
    }
    proposal.setNodes(loads);
    proposal.setMaxOverMeanBefore(
        maxOverMean(loads.stream().map(NodeLoad::getLoadBefore).toList()));
    proposal.setMaxOverMeanAfter(
        maxOverMean(
            loads.stream()
                .filter(load -> !(removing && named.contains(load.getNode())))
                .map(NodeLoad::getLoadAfter)
                .toList()));
    proposal.setProposedAt(
        DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    return proposal;
  }

  /** The proposal's moves as the coordinator takes them, in order. */
  static List<Move> moves(Proposal proposal) {
    return proposal.getMoves() == null
        ? List.of()
        : proposal.getMoves().stream()
            .map(move -> new Move(move.getSlot(), move.getFrom(), move.getTo()))
            .toList();
  }

  private static SlotMove slotMove(Move move) {
    SlotMove slotMove = new SlotMove();
    slotMove.setSlot(move.slot());
    slotMove.setFrom(move.from());
    slotMove.setTo(move.to());
    return slotMove;
  }

  private static double loadOf(SlotTable table, String node, double[] slotLoads) {
    double load = 0;
    for (int slot = 0; slot < table.slotCount(); slot++) {
      if (node.equals(table.ownerOfSlot(slot))) {
        load += slotLoads[slot];
      }
    }
    return load;
  }

  /** The largest load over the mean (1.0 when every node carries as much), rounded to 0.001. */
  private static double maxOverMean(List<Double> loads) {
    double mean = loads.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double max = loads.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return mean == 0 ? 1.0 : Math.round(max / mean * 1000) / 1000.0;
  }

  private static List<String> sorted(Set<String> nodes) {
    return nodes.stream().sorted().toList();
  }
}
