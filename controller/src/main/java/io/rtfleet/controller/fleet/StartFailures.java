package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.controller.model.FleetLabels;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a node that failed to start from one that died after it served: a pod at the update
 * revision that failed (its process exited) or is stuck ({@link StartingNodes}) before the status
 * ever showed it ready halts that revision ({@code status.haltedRevision}, with the pod's message),
 * so that the operator stops making nodes that only fail (a bad JVM option, a wrong image, an
 * unreachable database) instead of replacing them in a loop. A node that was ready and then died is
 * failed over and replaced as usual. The halt lasts until the template changes: a new revision is
 * tried afresh. Pure, but for the status it records the halt in.
 */
final class StartFailures {
  private StartFailures() {}

  /**
   * Records a halt of {@code revision} in {@code status} when one of its pods failed to start, and
   * forgets one of another revision; returns the reason of a halt made now.
   */
  static Optional<String> halt(
      RealtimeFleetStatus status, String revision, List<Pod> pods, Map<String, String> stuck) {
    if (status.getHaltedRevision() != null && !status.getHaltedRevision().equals(revision)) {
      status.setHaltedRevision(null);
      status.setHaltReason(null);
    }
    if (revision.equals(status.getHaltedRevision())) {
      return Optional.empty();
    }
    Set<String> served = FleetStatusWriter.served(status);
    Optional<Pod> failed =
        pods.stream()
            .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
            .filter(
                pod ->
                    stuck.containsKey(pod.getMetadata().getName())
                        || (pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())))
            .filter(pod -> revision.equals(pod.getMetadata().getLabels().get(FleetLabels.REVISION)))
            .filter(pod -> !served.contains(pod.getMetadata().getName()))
            .min(Comparator.comparing(pod -> pod.getMetadata().getName()));
    if (failed.isEmpty()) {
      return Optional.empty();
    }
    Pod pod = failed.get();
    String name = pod.getMetadata().getName();
    String reason =
        stuck.containsKey(name)
            ? name + " never became ready: " + stuck.get(name)
            : name
                + " failed before it was ever ready"
                + (pod.getStatus().getMessage() == null ? "" : ": " + pod.getStatus().getMessage());
    status.setHaltedRevision(revision);
    status.setHaltReason(reason);
    return Optional.of(
        "rollout of revision "
            + revision
            + " halted: "
            + reason
            + "; no more nodes are made at it");
  }
}
