package io.rtfleet.controller.fleet;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.rollout.NodeAction;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.DrainProgress;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Empties one node (for a scale-down, a rollout, a requested replacement or a requested drain): the
 * node turns unready, hands its slots to the others batch by batch, then sends its sessions op 7 in
 * waves; its pod is deleted only once it holds no slot and no session, but for a requested drain
 * ({@link NodeAction.Reason#Drain}), whose node is cordoned first and stays so, empty. One step per
 * call. The drain is recorded in the fleet's status ({@code operation}: its reason as the kind, the
 * node, the step), and carried on from there by whichever operator reconciles next: {@link
 * DrainProgress} needs nothing else.
 */
final class DrainStep {

  /** What is left to do once the node holds nothing. */
  enum End {
    /** It does not yet. */
    NOT_YET,
    /** Delete its pod. */
    DELETE_POD,
    /**
     * Keep its pod, cordoned: mark it so ({@code rtfleet.io/cordon=true} for {@code
     * rtfleet.io/drain=keep}), then end the node's drain ({@link Coordinator#endDrain}: back to
     * cordoned). In that order, so that an operator that stops in between ends it again.
     */
    KEEP_CORDONED
  }

  /** The operation as it now stands, null once done, and what is left to do. */
  record Outcome(OperationStatus operation, End end, String action) {}

  private DrainStep() {}

  static Outcome start(
      Coordinator coordinator,
      String node,
      NodeAction.Reason reason,
      FleetSettings settings,
      Instant now) {
    if (reason == NodeAction.Reason.Drain) {
      // Cordoned before it drains, it is cordoned again when its drain ends: never ready between.
      coordinator.cordon(node);
    }
    DrainProgress progress = coordinator.startDrain(node, request(settings));
    return new Outcome(
        record(reason.name(), null, progress, now),
        End.NOT_YET,
        "draining " + node + " (" + reason.name() + ")");
  }

  static Outcome step(
      Coordinator coordinator, OperationStatus operation, FleetSettings settings, Instant now) {
    DrainProgress recorded =
        coordinator.resumeDrain(
            operation.getNode(),
            DrainProgress.Step.valueOf(operation.getStep()),
            request(settings),
            Instant.parse(operation.getStarted()));
    DrainProgress next = coordinator.stepDrain(recorded);
    if (keeps(operation) && noneAttached(next)) {
      // The node stays: a session kept for a client that went away is pulled from it by the node
      // the client resumes on, as from any other, so its drain does not wait for them.
      return new Outcome(
          null,
          End.KEEP_CORDONED,
          operation.getNode()
              + " is drained: kept, cordoned, with no slot and no session attached");
    }
    if (next.step() == DrainProgress.Step.DRAINED) {
      // A kept node ended above: drained implies no session attached.
      return new Outcome(
          null, End.DELETE_POD, operation.getNode() + " is drained: deleting its pod");
    }
    return new Outcome(
        record(operation.getKind(), operation, next, now),
        End.NOT_YET,
        operation.getNode() + ": " + describe(next));
  }

  /** Its sessions were asked to move, and none is attached any more. */
  private static boolean noneAttached(DrainProgress progress) {
    return (progress.step() == DrainProgress.Step.RECONNECTING
            || progress.step() == DrainProgress.Step.DRAINED)
        && progress.status() != null
        && progress.status().phase() == NodePhase.DRAINED
        && progress.status().attached() == 0;
  }

  /** Whether the drain recorded is one that keeps its node. */
  static boolean keeps(OperationStatus operation) {
    return NodeAction.Reason.Drain.name().equals(operation.getKind());
  }

  private static DrainRequest request(FleetSettings settings) {
    return new DrainRequest(
        settings.drainWaveSize(),
        settings.drainWaveInterval().toMillis(),
        settings.readinessDelay().toMillis(),
        false);
  }

  private static OperationStatus record(
      String kind, OperationStatus before, DrainProgress progress, Instant now) {
    OperationStatus operation = new OperationStatus();
    String stamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    operation.setKind(kind);
    operation.setNode(progress.node());
    operation.setStep(progress.step().name());
    operation.setStarted(before == null ? stamp : before.getStarted());
    operation.setStepStarted(
        before != null && before.getStep().equals(progress.step().name())
            ? before.getStepStarted()
            : stamp);
    operation.setProgress(describe(progress));
    switch (progress.step()) {
      case MOVING_SLOTS ->
          operation.setSlotsLeft(
              progress.lastMove() == null ? null : progress.lastMove().movesLeft());
      case RECONNECTING -> {
        operation.setSlotsLeft(0);
        if (progress.status() != null) {
          operation.setSessionsLeft(
              NodeAction.Reason.Drain.name().equals(kind)
                  ? progress.status().attached()
                  : progress.status().sessions());
        }
      }
      default -> {
        operation.setSlotsLeft(0);
        operation.setSessionsLeft(0L);
      }
    }
    return operation;
  }

  /**
   * The sessions still attached, and those kept for a client that went away until it resumes
   * elsewhere (or its resume window ends): a drain waits for both.
   */
  private static String reconnecting(DrainStatus status) {
    long kept = status.sessions() - status.attached();
    return status.attached()
        + " sessions attached"
        + (kept > 0 ? ", " + kept + " kept for their clients' resume" : "");
  }

  private static String describe(DrainProgress progress) {
    return switch (progress.step()) {
      case MOVING_SLOTS ->
          progress.lastMove() == null
              ? "handing off its slots"
              : "handed off "
                  + progress.lastMove().handed().size()
                  + " slots; "
                  + progress.lastMove().movesLeft()
                  + " left";
      case RECONNECTING ->
          progress.status() == null
              ? "sessions reconnecting elsewhere"
              : reconnecting(progress.status());
      default -> progress.step().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
