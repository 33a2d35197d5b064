package io.rtfleet.controller.rollout;

import io.rtfleet.api.crd.RealtimeFleetStatus;
import java.util.Optional;

/**
 * The emergency requests an SRE makes of a rollout through the fleet's annotation {@value
 * #ANNOTATION}, acknowledged in the status and by an Event, as Argo Rollouts' promote and abort:
 *
 * <ul>
 *   <li>{@code promote}: the update revision goes to every node, whatever the spec's partition and
 *       pause, until its rollout is complete or the template changes;
 *   <li>{@code abort}: the update revision's nodes are replaced, drain-first, by nodes of the
 *       current revision (the last one every node ran), whatever the partition and the pause, until
 *       the template changes: the spec is the user's and is not edited (a GitOps tool would put it
 *       back); {@code rtctl rollout undo} makes the abort permanent.
 * </ul>
 *
 * Pure: the reconciler reads the annotation, removes it once acted on, and records the Event.
 */
public final class RolloutRequests {
  public static final String ANNOTATION = "rtfleet.io/rollout";
  public static final String PROMOTE = "promote";
  public static final String ABORT = "abort";

  private RolloutRequests() {}

  /** An Event to record about a request. */
  public record Acknowledged(boolean warning, String reason, String message) {}

  /**
   * Clears a promotion or an abort that no longer applies (the template changed; a promoted rollout
   * completed), then applies {@code action} (null when none was asked) to {@code status}.
   *
   * @param revision the revision the spec asks for
   * @param currentRecorded whether the current revision's template is in the rollout history (an
   *     abort needs it to make nodes of it)
   */
  public static Optional<Acknowledged> apply(
      String action, RealtimeFleetStatus status, String revision, boolean currentRecorded) {
    forgetDone(status, revision);
    String current = status.getCurrentRevision();
    if (action == null) {
      return Optional.empty();
    }
    boolean rollingOut = current != null && !revision.equals(current);
    if (PROMOTE.equals(action)) {
      if (!rollingOut) {
        return Optional.of(
            new Acknowledged(true, "NothingToPromote", "revision " + revision + " is rolled out"));
      }
      status.setPromotedRevision(revision);
      status.setAbortedRevision(null);
      return Optional.of(
          new Acknowledged(
              false,
              "RolloutPromoted",
              "revision "
                  + revision
                  + " goes to every node, whatever the rollout's partition and pause"));
    }
    if (ABORT.equals(action)) {
      if (!rollingOut) {
        return Optional.of(
            new Acknowledged(
                true, "NothingToAbort", "no rollout in progress: every node runs " + revision));
      }
      if (!currentRecorded) {
        return Optional.of(
            new Acknowledged(
                true,
                "CannotAbort",
                "revision "
                    + current
                    + " is not in the rollout history, so no node of it can be made; roll back"
                    + " by changing the template"));
      }
      status.setAbortedRevision(revision);
      status.setPromotedRevision(null);
      return Optional.of(
          new Acknowledged(
              true,
              "RolloutAborted",
              "nodes of revision "
                  + revision
                  + " are being replaced by nodes of revision "
                  + current
                  + "; change the template (or 'rtctl rollout undo') to go on"));
    }
    return Optional.of(
        new Acknowledged(
            true,
            "UnknownRolloutRequest",
            ANNOTATION + "=" + action + " is not a request: use promote or abort"));
  }

  /**
   * Drops a promotion or an abort that no longer applies: the template changed since, or the
   * promoted rollout is complete.
   */
  public static void forgetDone(RealtimeFleetStatus status, String revision) {
    if (status.getPromotedRevision() != null
        && (!status.getPromotedRevision().equals(revision)
            || revision.equals(status.getCurrentRevision()))) {
      status.setPromotedRevision(null);
    }
    if (status.getAbortedRevision() != null && !status.getAbortedRevision().equals(revision)) {
      status.setAbortedRevision(null);
    }
  }

  /** Whether the nodes are to be rolled back to the current revision. */
  public static boolean aborted(RealtimeFleetStatus status, String revision) {
    return revision.equals(status.getAbortedRevision()) && status.getCurrentRevision() != null;
  }

  /** Whether the rollout goes to every node whatever the partition and pause. */
  public static boolean promoted(RealtimeFleetStatus status, String revision) {
    return revision.equals(status.getPromotedRevision());
  }
}
