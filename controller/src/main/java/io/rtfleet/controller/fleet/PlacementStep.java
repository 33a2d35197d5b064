package io.rtfleet.controller.fleet;

import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.AdminFailure;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.FleetSnapshot;
import io.rtfleet.coordinator.MoveProgress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One step of keeping a fleet's guilds placed, through the coordinator, over the nodes that are
 * ready: the first placement once every node asked for is ready (slots round robin); a node that
 * joined (or came back, or moved to another address) is given the table at a new epoch, so that
 * every node learns where it listens; then, with {@code autoRebalance}, one handoff batch of the
 * planner's moves per step until the fleet is balanced. The slots of a node whose pod is gone are
 * failed over first. Nothing is kept between steps: each one starts from what the nodes say.
 */
final class PlacementStep {
  /**
   * What the step saw and did: the nodes' own states, the nodes that were asked and did not answer,
   * the slots each owns in the table in force (a node reports the load of the slots that hold
   * guilds only), whether it failed a node over, and whether it handed off a rebalance batch.
   */
  record Outcome(
      String action,
      boolean acted,
      boolean balanced,
      long epoch,
      Map<String, NodeState> states,
      Set<String> unanswered,
      Map<String, Integer> slots,
      boolean failedOver,
      boolean handedOff) {

    Outcome(
        String action,
        boolean acted,
        boolean balanced,
        long epoch,
        Map<String, NodeState> states,
        Map<String, Integer> slots) {
      this(action, acted, balanced, epoch, states, Set.of(), slots, false, false);
    }

    Outcome(
        String action,
        boolean acted,
        boolean balanced,
        long epoch,
        Map<String, NodeState> states,
        Set<String> unanswered,
        Map<String, Integer> slots) {
      this(action, acted, balanced, epoch, states, unanswered, slots, false, false);
    }

    Outcome(String action, boolean acted, boolean balanced, long epoch) {
      this(action, acted, balanced, epoch, Map.of(), Map.of());
    }
  }

  private PlacementStep() {}

  static Outcome take(
      Coordinator coordinator,
      Map<String, String> peers,
      List<String> readyNodes,
      int replicas,
      int slotCount,
      boolean autoRebalance,
      Set<String> pods) {
    if (readyNodes.isEmpty()) {
      return new Outcome("no node is ready", false, false, -1);
    }
    FleetSnapshot seen;
    try {
      seen = coordinator.observe();
    } catch (AdminFailure failure) {
      if (failure.kind() != AdminFailure.Kind.REFUSED) {
        throw failure;
      }
      // No node has a placement: a new fleet, or one whose every node lost its own.
      if (readyNodes.size() < replicas) {
        return new Outcome(
            "waiting for every node to be ready before the first placement", false, false, -1);
      }
      SlotTable first = SlotTable.initial(slotCount, readyNodes);
      coordinator.push(first);
      return new Outcome(
          "placed " + slotCount + " slots on " + readyNodes.size() + " nodes",
          true,
          true,
          first.epoch(),
          Map.of(),
          first.slotCounts());
    }
    long epoch = seen.table().epoch();
    // Slots of a node whose pod is gone (deleted by hand without a drain; a pod goes only once its
    // process has stopped) would otherwise stay with nobody, and the fleet would look balanced.
    Optional<String> orphaned =
        seen.table().slotCounts().keySet().stream()
            .filter(owner -> !pods.contains(owner))
            .sorted()
            .findFirst();
    if (orphaned.isPresent()) {
      int owned = seen.table().slotsOf(orphaned.get());
      SlotTable next = coordinator.failOver(orphaned.get(), seen);
      return new Outcome(
          "failed over "
              + orphaned.get()
              + ", whose pod is gone: "
              + owned
              + " slots at epoch "
              + next.epoch(),
          true,
          false,
          next.epoch(),
          seen.states(),
          seen.unanswered().keySet(),
          next.slotCounts(),
          true,
          false);
    }
    List<String> behind =
        readyNodes.stream()
            .filter(
                node ->
                    !seen.states().containsKey(node)
                        || seen.states().get(node).epoch() < epoch
                        || !peers.get(node).equals(seen.placement().peers().get(node)))
            .sorted()
            .toList();
    if (!behind.isEmpty()) {
      // A new epoch, whole: a node that has the table in force takes it again as it is, so only a
      // newer one tells every node where the one that joined (or moved) listens.
      SlotTable next = seen.table().apply(List.of());
      coordinator.push(next);
      return new Outcome(
          "gave the table at epoch " + next.epoch() + " to " + String.join(", ", behind),
          true,
          false,
          next.epoch(),
          seen.states(),
          seen.unanswered().keySet(),
          next.slotCounts());
    }
    List<Move> plan = coordinator.plan(seen);
    boolean balanced = plan.isEmpty();
    if (balanced || !autoRebalance) {
      return new Outcome(
          balanced ? "balanced" : "unbalanced; autoRebalance is off",
          false,
          balanced,
          epoch,
          seen.states(),
          seen.unanswered().keySet(),
          seen.table().slotCounts());
    }
    MoveProgress progress = coordinator.handOffFirstBatch(seen, plan);
    return new Outcome(
        "handed off "
            + progress.handed().size()
            + " slots at epoch "
            + progress.epoch()
            + "; "
            + progress.movesLeft()
            + " moves left",
        true,
        false,
        progress.epoch(),
        seen.states(),
        seen.unanswered().keySet(),
        seen.table().slotCounts(),
        false,
        true);
  }
}
