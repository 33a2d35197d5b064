package io.rtfleet.controller.fleet;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.rollout.NodeAction;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.DrainProgress;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Removes one node, drain first (for a scale-down, a rollout or a requested replacement): the node
 * turns unready, hands its slots to the others batch by batch, then sends its sessions op 7 in
 * waves; its pod is deleted only once it holds no slot and no session. One step per call. The drain
 * is recorded in the fleet's status ({@code operation}: its reason as the kind, the node, the
 * step), and carried on from there by whichever operator reconciles next: {@link DrainProgress}
 * needs nothing else.
 */
final class DrainStep {

  /** The operation as it now stands, null once done, and whether the pod may be deleted. */
  record Outcome(OperationStatus operation, boolean deletePod, String action) {}

  private DrainStep() {}

  static Outcome start(
      Coordinator coordinator,
      String node,
      NodeAction.Reason reason,
      FleetSettings settings,
      Instant now) {
    DrainProgress progress = coordinator.startDrain(node, request(settings));
    return new Outcome(
        record(reason.name(), null, progress, now),
        false,
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
    if (next.step() == DrainProgress.Step.DRAINED) {
      return new Outcome(null, true, operation.getNode() + " is drained: deleting its pod");
    }
    return new Outcome(
        record(operation.getKind(), operation, next, now),
        false,
        operation.getNode() + ": " + describe(next));
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
    return operation;
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
              : progress.status().sessions() + " sessions left";
      default -> progress.step().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
