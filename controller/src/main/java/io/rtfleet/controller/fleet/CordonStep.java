package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.Coordinator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keeps each node cordoned or not as its pod's annotation {@code rtfleet.io/cordon} says, as {@code
 * kubectl cordon} keeps a Kubernetes node's {@code unschedulable}: {@code true} cordons the node
 * (it turns unready, keeps its slots and sessions, takes nothing new), anything else or none
 * uncordons it. The annotation is the truth, so a node cordoned through its admin API alone is
 * uncordoned, and a node restarted while cordoned stays so. A node that is draining is left alone.
 */
final class CordonStep {
  private CordonStep() {}

  /** Cordons or uncordons the nodes whose phase differs; returns what it did, one line a node. */
  static List<String> take(Coordinator coordinator, List<Pod> pods, Map<String, NodeState> states) {
    List<String> done = new ArrayList<>();
    pods.stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .forEach(
            pod -> {
              String node = pod.getMetadata().getName();
              NodeState state = states.get(node);
              if (state == null) {
                return;
              }
              boolean wanted = cordonRequested(pod);
              if (wanted && state.phase() == NodePhase.ACTIVE) {
                coordinator.cordon(node);
                done.add("cordoned " + node);
              } else if (!wanted && state.phase() == NodePhase.CORDONED) {
                coordinator.uncordon(node);
                done.add("uncordoned " + node);
              }
            });
    return done;
  }

  static boolean cordonRequested(Pod pod) {
    return "true".equals(NodePods.annotation(pod, FleetLabels.CORDON_ANNOTATION));
  }
}
