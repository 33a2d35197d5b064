package io.rtfleet.controller.rollout;

import io.rtfleet.api.crd.OperationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the step of an operation has run past its deadline. A step that overruns marks the fleet
 * Degraded and is not taken further: a drain that cannot finish must not be retried in a loop while
 * the fleet runs a node short. Pure.
 */
public final class ProgressDeadline {
  private ProgressDeadline() {}

  /**
   * What to say when the step in progress started more than {@code deadline} before {@code now}.
   */
  public static Optional<String> exceeded(
      OperationStatus operation, Duration deadline, Instant now) {
    if (operation == null || operation.getStepStarted() == null) {
      return Optional.empty();
    }
    Duration taken = Duration.between(Instant.parse(operation.getStepStarted()), now);
    if (taken.compareTo(deadline) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        operation.getKind()
            + " of "
            + operation.getNode()
            + ": step "
            + operation.getStep()
            + " has run "
            + taken.toSeconds()
            + " s, past the progress deadline of "
            + deadline.toSeconds()
            + " s ("
            + operation.getProgress()
            + "); stopped until the node is replaced or the deadline raised");
  }
}
