package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.controller.model.NodePods;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names for the node pods a fleet lacks: the lowest ordinals no pod of the fleet has, so that a
 * fleet of three is {@code name-0 … name-2} and a node replaced keeps no hole open. A pod still
 * terminating keeps its name, and is not counted as one of the fleet's nodes.
 */
final class PodNames {
  private PodNames() {}

  static List<String> missing(String fleet, List<Pod> pods, int replicas) {
    Set<String> taken = new HashSet<>();
    int running = 0;
    for (Pod pod : pods) {
      taken.add(pod.getMetadata().getName());
      if (pod.getMetadata().getDeletionTimestamp() == null) {
        running++;
      }
    }
    List<String> names = new ArrayList<>();
    for (int ordinal = 0; names.size() < replicas - running; ordinal++) {
      String name = NodePods.name(fleet, ordinal);
      if (!taken.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
