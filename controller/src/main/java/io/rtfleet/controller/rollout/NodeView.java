package io.rtfleet.controller.rollout;

/**
 * One node pod of a fleet as the next-action decision sees it.
 *
 * @param name the pod's name, {@code fleet-N}
 * @param revision the revision of the template it was made from
 * @param ready whether its node serves (its pod's Ready condition)
 * @param terminating whether its pod is being deleted: it keeps its name but is no longer a node
 * @param stopping whether its pod is being deleted by someone other than the operator (a {@code
 *     kubectl delete pod}) while its node still runs: the node drains itself on SIGTERM, and the
 *     operator must move its slots away before its grace period ends
 * @param replaceRequested whether someone asked for it to be drained into a replacement (the pod
 *     annotation {@code rtfleet.io/drain=true}, or an eviction the webhook turned into a drain)
 * @param drainRequested whether someone asked for it to be drained into the other nodes and kept,
 *     cordoned and empty (the pod annotation {@code rtfleet.io/drain=keep})
 */
public record NodeView(
    String name,
    String revision,
    boolean ready,
    boolean terminating,
    boolean stopping,
    boolean replaceRequested,
    boolean drainRequested) {

  public NodeView {
    if (stopping && !terminating) {
      throw new IllegalArgumentException(name + ": only a pod being deleted is stopping");
    }
  }

  /** The {@code N} of {@code fleet-N}. */
  public int ordinal() {
    return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
  }
}
