package io.rtfleet.controller.fleet;

import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.FleetSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes whose pods failed (the process died: kill -9, a crash, out of memory) are failed over at
 * once, with no grace, since their process is gone; nodes given up for lost ({@link LostNodes})
 * likewise, once their grace has passed: one dead node's slots go to the ready nodes in one epoch
 * per step (planned on the fleet as the step observes it, so a second one waits for the next step,
 * on the new table). A failed pod is deleted once its node owns no slot, and then a replacement
 * starts under its name and joins like any new node. With no node serving, nothing can take the
 * slots: the pods are replaced, and the nodes that come back restore the placement the fleet
 * recorded.
 */
final class FailoverStep {
  /** What the step did, and the failed pods that may now go. */
  record Outcome(String action, List<String> podsToDelete) {}

  private FailoverStep() {}

  static Outcome take(
      Coordinator coordinator, List<String> servingNodes, List<String> failedNodes) {
    if (failedNodes.isEmpty()) {
      return new Outcome(null, List.of());
    }
    if (servingNodes.isEmpty()) {
      return new Outcome(null, failedNodes);
    }
    FleetSnapshot seen = coordinator.observe();
    List<String> empty = new ArrayList<>();
    String action = null;
    for (String dead : failedNodes) {
      int owned = seen.table().slotsOf(dead);
      if (owned == 0) {
        empty.add(dead);
      } else if (action == null) {
        SlotTable next = coordinator.failOver(dead, seen);
        action = "failed over " + dead + ": " + owned + " slots at epoch " + next.epoch();
        empty.add(dead);
      }
    }
    return new Outcome(action, empty);
  }
}
