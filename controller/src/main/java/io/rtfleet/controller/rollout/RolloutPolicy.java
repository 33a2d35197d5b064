package io.rtfleet.controller.rollout;

/**
 * How nodes are replaced by a new revision, from the fleet's {@code spec.rollout}.
 *
 * @param maxSurge nodes that may run above {@code replicas} while nodes are replaced
 * @param maxUnavailable nodes of {@code replicas} that may be unready at once because of a drain
 * @param partition stop once this many nodes run the new revision (a canary); null for all
 * @param paused no node is replaced for the rollout while set (scale-downs and requested
 *     replacements still run)
 */
public record RolloutPolicy(int maxSurge, int maxUnavailable, Integer partition, boolean paused) {

  /** How many nodes should run the update revision when the rollout has gone as far as allowed. */
  int updateTarget(int replicas) {
    return partition == null ? replicas : Math.min(partition, replicas);
  }
}
