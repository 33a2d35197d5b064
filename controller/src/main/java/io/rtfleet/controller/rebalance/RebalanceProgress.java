package io.rtfleet.controller.rebalance;

import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.Coordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How far a proposal has been carried out, derived from the placement in force and never kept in
 * memory, so that an operator restarted in the middle carries on: a move whose slot is with its
 * receiver is done; one whose slot is still with its giver, and whose receiver still runs, is left;
 * any other (the slot moved elsewhere since, by a failover or a drain; the receiver is gone) is
 * dropped.
 *
 * @param remaining the moves still to hand off, in the proposal's order
 */
record RebalanceProgress(
    List<Move> remaining, int done, int dropped, int batchesTotal, int batchesDone) {

  static RebalanceProgress of(
      List<Move> proposed, SlotTable table, Set<String> liveNodes, int movesPerBatch) {
    List<Move> remaining = new ArrayList<>();
    int done = 0;
    int dropped = 0;
    for (Move move : proposed) {
      String owner = table.ownerOfSlot(move.slot());
      if (move.to().equals(owner)) {
        done++;
      } else if (move.from().equals(owner) && liveNodes.contains(move.to())) {
        remaining.add(move);
      } else {
        dropped++;
      }
    }
    int total = Coordinator.batches(proposed, movesPerBatch).size();
    int left = Coordinator.batches(remaining, movesPerBatch).size();
    return new RebalanceProgress(remaining, done, dropped, total, Math.max(0, total - left));
  }

  boolean finished() {
    return remaining.isEmpty();
  }
}
