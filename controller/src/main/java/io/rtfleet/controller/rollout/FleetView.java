package io.rtfleet.controller.rollout;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the operator observed of a fleet's node pods in one pass, and what it was asked for.
 *
 * @param fleet the fleet's name, which its pods' names begin with
 * @param replicas nodes asked for
 * @param updateRevision the revision of the current template
 * @param policy how nodes are replaced
 * @param nodes the fleet's pods, terminating ones included (they keep their names)
 * @param draining the node whose drain is in progress (from the status), or null
 * @param halted why nodes at the update revision are not to be made (they failed to start), or null
 */
public record FleetView(
    String fleet,
    int replicas,
    String updateRevision,
    RolloutPolicy policy,
    List<NodeView> nodes,
    String draining,
    String halted) {

  public FleetView {
    nodes = nodes.stream().sorted(Comparator.comparing(NodeView::name)).toList();
  }

  /** A fleet whose update revision is not halted. */
  public FleetView(
      String fleet,
      int replicas,
      String updateRevision,
      RolloutPolicy policy,
      List<NodeView> nodes,
      String draining) {
    this(fleet, replicas, updateRevision, policy, nodes, draining, null);
  }

  /** The same fleet with its rollout paused: what a halted rollout does next. */
  FleetView paused() {
    return new FleetView(
        fleet,
        replicas,
        updateRevision,
        new RolloutPolicy(policy.maxSurge(), policy.maxUnavailable(), policy.partition(), true),
        nodes,
        draining,
        null);
  }

  /** The fleet's nodes: its pods not being deleted. */
  List<NodeView> live() {
    return nodes.stream().filter(node -> !node.terminating()).toList();
  }

  /** Pods deleted by someone else whose nodes still run: drained before they stop. */
  List<NodeView> stopping() {
    return nodes.stream().filter(NodeView::stopping).toList();
  }

  /** The lowest {@code fleet-N} that no pod has, terminating ones included. */
  String nextFreeName() {
    Set<String> taken = new HashSet<>();
    nodes.forEach(node -> taken.add(node.name()));
    for (int ordinal = 0; ; ordinal++) {
      String name = fleet + "-" + ordinal;
      if (!taken.contains(name)) {
        return name;
      }
    }
  }
}
