package io.rtfleet.coordinator;

import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.placement.Move;
import java.util.List;

/**
 * Where a series of slot moves stands after a step: the epoch the fleet is at, the batch just
 * handed off (its report), and how many moves the last plan still had.
 */
public record MoveProgress(long epoch, List<Move> handed, HandoffReport report, int movesLeft) {
  public MoveProgress {
    handed = List.copyOf(handed);
  }

  /** Nothing was left to move. */
  public boolean done() {
    return handed.isEmpty() && movesLeft == 0;
  }
}
