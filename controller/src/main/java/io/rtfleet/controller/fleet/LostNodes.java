package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.controller.model.NodePods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Nodes given up for lost: they own slots, have left the operator's calls unanswered for at least
 * the fleet's {@code failover.lostAfterSeconds} (the status keeps since when, from pass to pass),
 * and their pod runs but is not ready, so that the kubelet cannot reach them either. The last rule
 * spares a node the operator alone cannot reach (its own network trouble): that node still serves
 * its clients. Pure.
 */
final class LostNodes {
  private LostNodes() {}

  static List<String> pastGrace(
      List<FleetNodeStatus> nodes, List<Pod> pods, Duration lostAfter, Instant now) {
    if (nodes == null) {
      return List.of();
    }
    Map<String, Pod> byName =
        pods.stream()
            .collect(Collectors.toMap(pod -> pod.getMetadata().getName(), Function.identity()));
    return nodes.stream()
        .filter(node -> node.getLostSince() != null)
        .filter(node -> !Instant.parse(node.getLostSince()).plus(lostAfter).isAfter(now))
        .filter(
            node -> {
              Pod pod = byName.get(node.getName());
              return pod != null
                  && pod.getMetadata().getDeletionTimestamp() == null
                  && !NodePods.ready(pod);
            })
        .map(FleetNodeStatus::getName)
        .sorted()
        .toList();
  }
}
