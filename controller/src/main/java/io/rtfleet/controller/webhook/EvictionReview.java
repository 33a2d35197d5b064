package io.rtfleet.controller.webhook;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.controller.model.FleetLabels;
import java.util.Map;

/**
 * Whether an eviction of a pod may go ahead, as Strimzi's Drain Cleaner decides in its deny mode:
 * the eviction of a fleet node pod whose node runs is refused, and the pod is marked for the
 * operator to drain into a replacement (its slots handed off, its sessions resumed elsewhere) and
 * delete; the evicter's retries (as {@code kubectl drain} makes) then find it gone. Anything else
 * is let through: other pods, a node pod already going, or one whose node never ran and holds
 * nothing. Pure.
 */
public final class EvictionReview {
  private EvictionReview() {}

  /**
   * The answer to one eviction.
   *
   * @param allowed whether the eviction may go ahead
   * @param message why not, for the evicter (a 429 asks it to retry)
   * @param fleet the fleet the pod belongs to, or null
   * @param markForDrain whether the pod is to be marked for a drain (it is not yet)
   */
  public record Decision(boolean allowed, String message, String fleet, boolean markForDrain) {
    static Decision allow() {
      return new Decision(true, null, null, false);
    }
  }

  public static Decision decide(Pod pod) {
    if (pod == null) {
      return Decision.allow();
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    String fleet = labels == null ? null : labels.get(FleetLabels.FLEET);
    if (fleet == null
        || !FleetLabels.NODE_NAME.equals(labels.get(FleetLabels.NAME))
        || !FleetLabels.OPERATOR.equals(labels.get(FleetLabels.MANAGED_BY))) {
      return Decision.allow();
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    boolean drained =
        annotations != null && "true".equals(annotations.get(FleetLabels.DRAINED_ANNOTATION));
    boolean running =
        pod.getStatus() != null
            && "Running".equals(pod.getStatus().getPhase())
            && pod.getStatus().getPodIP() != null;
    if (pod.getMetadata().getDeletionTimestamp() != null || drained || !running) {
      return Decision.allow();
    }
    boolean marked =
        annotations != null && "true".equals(annotations.get(FleetLabels.DRAIN_ANNOTATION));
    return new Decision(
        false,
        "pod "
            + pod.getMetadata().getName()
            + " of RealtimeFleet "
            + fleet
            + " is drained into a replacement first (its guilds and sessions move without loss);"
            + " the operator deletes it once it holds nothing, and the eviction can then be retried",
        fleet,
        !marked);
  }
}
