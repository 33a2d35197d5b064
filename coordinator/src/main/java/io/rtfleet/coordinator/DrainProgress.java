package io.rtfleet.coordinator;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A drain between two steps: enough to carry on with, by this coordinator or by another that
 * recorded it (an operator keeps it in the fleet's status). Each step reads the fleet again, so a
 * step repeated after a crash does no harm.
 */
public record DrainProgress(
    String node,
    Step step,
    DrainRequest request,
    DrainStatus status,
    MoveProgress lastMove,
    Instant startedAt,
    Instant progressedAt) {

  /** The steps of a drain, in order. */
  public enum Step {
    /** The node is unready; its slots are being handed to the others, batch by batch. */
    MOVING_SLOTS,
    /** It has no slot left; its sessions are being asked to reconnect elsewhere, in waves. */
    RECONNECTING,
    /** No slot and no session left, attached or waiting to be transferred: it may be deleted. */
    DRAINED,
    /** The drain was cancelled: the node is ready again and keeps what it had left. */
    CANCELLED
  }

  public boolean finished() {
    return step == Step.DRAINED || step == Step.CANCELLED;
  }

  /**
   * How long the drain has gone without moving on (no slot handed off, no session leaving), for a
   * caller that gives up on, or alerts about, a drain that is stuck: clients that do not reconnect,
   * a balancer that keeps sending them back.
   */
  public Duration stalledFor(Instant now) {
    return Duration.between(progressedAt, now);
  }

  /** The drain after a step taken at {@code now}: progressed when anything moved on. */
  DrainProgress next(Step nextStep, DrainStatus nextStatus, MoveProgress move, Instant now) {
    boolean movedOn =
        nextStep != step
            || move != lastMove
            || nextStatus.signalled() != status.signalled()
            || nextStatus.attached() != status.attached()
            || nextStatus.sessions() != status.sessions();
    return new DrainProgress(
        node, nextStep, request, nextStatus, move, startedAt, movedOn ? now : progressedAt);
  }
}
