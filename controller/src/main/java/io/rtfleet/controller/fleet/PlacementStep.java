package io.rtfleet.controller.fleet;

import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.AdminFailure;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.FleetSnapshot;
import io.rtfleet.coordinator.GuildMove;
import io.rtfleet.coordinator.MoveProgress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One step of keeping a fleet's guilds placed, through the coordinator, over the nodes that are
 * ready: the first placement once every node asked for is ready (slots round robin); a node that
 * joined (or came back, or moved to another address) is given the table at a new epoch, so that
 * every node learns where it listens; then the spec's guild overrides, one guild per step (a pin to
 * a node that is not ready is not applied: the guild follows its slot); then, with {@code
 * autoRebalance}, one handoff batch of the planner's moves per step until the fleet is balanced.
 * The slots of a node whose pod is gone are failed over first. Nothing is kept between steps: each
 * one starts from what the nodes say.
 */
final class PlacementStep {
  /** What a step did. */
  enum Act {
    NOTHING,
    PLACED,
    FAILED_OVER,
    HANDED_OFF,
    PINNED
  }

  /**
   * What the step saw and did: the nodes' own states, the nodes that were asked and did not answer,
   * and the slots each owns in the table in force (a node reports the load of the slots that hold
   * guilds only).
   */
  record Outcome(
      String action,
      Act act,
      boolean balanced,
      long epoch,
      Map<String, NodeState> states,
      Set<String> unanswered,
      Map<String, Integer> slots) {

    /** Nothing seen yet, nothing done. */
    static Outcome waiting(String action) {
      return new Outcome(action, Act.NOTHING, false, -1, Map.of(), Set.of(), Map.of());
    }

    boolean acted() {
      return act != Act.NOTHING;
    }

    /** Whether it handed guilds off: the next step may follow at once, as a drain's batch does. */
    boolean handedOff() {
      return act == Act.HANDED_OFF || act == Act.PINNED;
    }
  }

  /**
   * Where the step takes the fleet: the nodes that are ready, how many the spec asks for, its slot
   * count, whether to rebalance, and the guilds pinned by the spec (null leaves the table's pins as
   * they are: a drain's join step).
   */
  record Goal(
      List<String> readyNodes,
      int replicas,
      int slotCount,
      boolean autoRebalance,
      Map<Long, String> pins) {}

  private PlacementStep() {}

  static Outcome take(
      Coordinator coordinator, Map<String, String> peers, Goal goal, Set<String> pods) {
    List<String> readyNodes = goal.readyNodes();
    if (readyNodes.isEmpty()) {
      return Outcome.waiting("no node is ready");
    }
    FleetSnapshot seen;
    try {
      seen = coordinator.observe();
    } catch (AdminFailure failure) {
      if (failure.kind() != AdminFailure.Kind.REFUSED) {
        throw failure;
      }
      // No node has a placement: a new fleet, or one whose every node lost its own.
      if (readyNodes.size() < goal.replicas()) {
        return Outcome.waiting("waiting for every node to be ready before the first placement");
      }
      SlotTable first = SlotTable.initial(goal.slotCount(), readyNodes);
      coordinator.push(first);
      return new Outcome(
          "placed " + goal.slotCount() + " slots on " + readyNodes.size() + " nodes",
          Act.PLACED,
          true,
          first.epoch(),
          Map.of(),
          Set.of(),
          first.slotCounts());
    }
    long epoch = seen.table().epoch();
    Set<String> unanswered = seen.unanswered().keySet();
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
          Act.FAILED_OVER,
          false,
          next.epoch(),
          seen.states(),
          unanswered,
          next.slotCounts());
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
          Act.PLACED,
          false,
          next.epoch(),
          seen.states(),
          unanswered,
          next.slotCounts());
    }
    if (goal.pins() != null) {
      Optional<GuildPins.Change> change =
          GuildPins.nextChange(seen.table().overrides(), goal.pins(), Set.copyOf(readyNodes));
      if (change.isPresent()) {
        long guild = change.get().guild();
        GuildMove moved = coordinator.moveGuild(guild, change.get().node());
        return new Outcome(
            (change.get().node() == null ? "unpinned guild " : "pinned guild ")
                + guild
                + ": "
                + moved.from()
                + " -> "
                + moved.to()
                + " at epoch "
                + moved.epoch(),
            Act.PINNED,
            false,
            moved.epoch(),
            seen.states(),
            unanswered,
            seen.table().slotCounts());
      }
    }
    List<Move> plan = coordinator.plan(seen);
    boolean balanced = plan.isEmpty();
    if (balanced || !goal.autoRebalance()) {
      String state = balanced ? "balanced" : "unbalanced; autoRebalance is off";
      List<String> notApplied =
          goal.pins() == null
              ? List.of()
              : GuildPins.notApplied(goal.pins(), Set.copyOf(readyNodes));
      return new Outcome(
          notApplied.isEmpty() ? state : state + "; " + String.join("; ", notApplied),
          Act.NOTHING,
          balanced,
          epoch,
          seen.states(),
          unanswered,
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
        Act.HANDED_OFF,
        false,
        progress.epoch(),
        seen.states(),
        unanswered,
        seen.table().slotCounts());
  }
}
