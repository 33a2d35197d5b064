package io.rtfleet.controller.rollout;

/** What the operator does next to a fleet's nodes: one of these per reconcile. */
public sealed interface NodeAction {
  /** Why a node is drained. The names are the status's {@code operation.kind}. */
  enum Reason {
    /** The fleet has more nodes than it asks for. */
    ScaleDown,
    /** The node runs an older revision of the template. */
    Rollout,
    /** Someone asked for the node to be replaced. */
    Replace,
    /** Someone deleted the node's pod: it is drained before its grace period ends. */
    PodDeleted,
    /** Someone asked for the node to be emptied into the others and kept, cordoned. */
    Drain
  }

  /**
   * Create a node pod with this name at the update revision; {@code whileDraining} when a drain is
   * in progress, which goes on at the next pass.
   */
  record Create(String pod, String why, boolean whileDraining) implements NodeAction {
    public Create(String pod, String why) {
      this(pod, why, false);
    }
  }

  /**
   * Start draining {@code node}; once it holds nothing its pod is deleted, or, for a {@link
   * Reason#Drain}, kept cordoned.
   */
  record Drain(String node, Reason reason) implements NodeAction {}

  /** Take the drain in progress a step further. */
  record ContinueDrain(String node) implements NodeAction {}

  /** Nothing can safely be done yet; {@code why} says what is awaited. */
  record Wait(String why) implements NodeAction {}

  /**
   * Nothing will ever be done until the spec changes: {@code reason} is a condition reason, {@code
   * message} says what to change.
   */
  record Blocked(String reason, String message) implements NodeAction {}

  /** The fleet has the nodes it asks for, at the revision it asks for (or as far as allowed). */
  record Settled(String why) implements NodeAction {}
}
