package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.rtfleet.controller.model.NodePods;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Tells a node pod that is busy starting from one that is stuck. Busy: its node answers its health
 * check (it serves {@code /healthz} from its first second, while it opens its database and loads
 * its guilds) but is not ready yet; it is waited for up to the start deadline. Stuck: the kubelet
 * cannot start it (its image cannot be pulled, its container crash-loops or cannot be made), the
 * scheduler has found it no place by the start deadline, its node has not answered for the lost
 * grace since its pod started (a JVM hung in its start), or it is still not ready at the deadline.
 * A stuck pod is replaced, or, when it is of the revision being rolled out and never served, halts
 * that revision ({@link StartFailures}). Pure.
 */
final class StartingNodes {
  /** Waiting reasons of a container the kubelet will not get past by itself. */
  private static final Set<String> STUCK_REASONS =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "CrashLoopBackOff",
          "CreateContainerConfigError",
          "CreateContainerError");

  private StartingNodes() {}

  /** What a pod that is not ready is doing; {@code stuck} says whether to give up on it. */
  record Start(boolean stuck, String message) {}

  /**
   * @param answered whether its node answered its health check in this pass
   * @param lostAfter how long a node may not answer (the fleet's {@code failover.lostAfterSeconds})
   * @param deadline how long a node may take to become ready ({@code
   *     failover.startDeadlineSeconds})
   */
  static Start of(Pod pod, boolean answered, Duration lostAfter, Duration deadline, Instant now) {
    Duration age = age(pod, now);
    String seconds = age.toSeconds() + " s";
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
        if (container.getState() != null
            && container.getState().getWaiting() != null
            && STUCK_REASONS.contains(container.getState().getWaiting().getReason())) {
          String reason = container.getState().getWaiting().getReason();
          String message = container.getState().getWaiting().getMessage();
          return new Start(true, "stuck: " + reason + (message == null ? "" : ": " + message));
        }
      }
    }
    boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    if (!running) {
      String unschedulable = unschedulable(pod);
      boolean late = age.compareTo(deadline) >= 0;
      if (unschedulable != null) {
        return new Start(late, (late ? "stuck: " : "pending: ") + unschedulable);
      }
      return new Start(
          late, late ? "stuck: not running " + seconds + " after it was made" : "pending");
    }
    if (answered) {
      if (age.compareTo(deadline) >= 0) {
        return new Start(
            true,
            "stuck: still starting "
                + seconds
                + " after it was made (failover.startDeadlineSeconds is "
                + deadline.toSeconds()
                + ")");
      }
      return new Start(
          false, "starting: opening its database and loading its guilds (" + seconds + ")");
    }
    if (age.compareTo(lostAfter) >= 0) {
      return new Start(
          true, "stuck: its node has not answered in the " + seconds + " since it was made");
    }
    return new Start(false, "starting (" + seconds + ")");
  }

  private static String unschedulable(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition condition : pod.getStatus().getConditions()) {
      if ("PodScheduled".equals(condition.getType())
          && "False".equals(condition.getStatus())
          && "Unschedulable".equals(condition.getReason())) {
        return "unschedulable"
            + (condition.getMessage() == null ? "" : ": " + condition.getMessage());
      }
    }
    return null;
  }

  /** Since its pod was made (or, failing that, started). */
  private static Duration age(Pod pod, Instant now) {
    String made = pod.getMetadata().getCreationTimestamp();
    if (made == null && pod.getStatus() != null) {
      made = pod.getStatus().getStartTime();
    }
    return made == null ? Duration.ZERO : Duration.between(Instant.parse(made), now);
  }

  /** Whether the pod is one this applies to: not ready, not being deleted, never served. */
  static boolean starting(Pod pod, Set<String> served) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && !NodePods.ready(pod)
        && !served.contains(pod.getMetadata().getName())
        && (pod.getStatus() == null || !"Failed".equals(pod.getStatus().getPhase()));
  }
}
