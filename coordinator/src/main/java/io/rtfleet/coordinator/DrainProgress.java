package io.rtfleet.coordinator;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;

/**
 * A drain between two steps: enough to carry on with, by this coordinator or by another that
 * recorded it (an operator keeps it in the fleet's status). Each step reads the fleet again, so a
 * step repeated after a crash does no harm.
 */
public record DrainProgress(
    String node, Step step, DrainRequest request, DrainStatus status, MoveProgress lastMove) {

  /** The steps of a drain, in order. */
  public enum Step {
    /** The node is unready; its slots are being handed to the others, batch by batch. */
    MOVING_SLOTS,
    /** It has no slot left; its sessions are being asked to reconnect elsewhere, in waves. */
    RECONNECTING,
    /** No slot and no attached session left: it may be deleted. */
    DRAINED,
    /** The drain was cancelled: the node is ready again and keeps what it had left. */
    CANCELLED
  }

  public boolean finished() {
    return step == Step.DRAINED || step == Step.CANCELLED;
  }
}
