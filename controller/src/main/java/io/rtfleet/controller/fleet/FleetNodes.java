package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import io.rtfleet.coordinator.NodeAdminClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ready node pods of a fleet as the coordinator reaches them: each node's admin API at its
 * pod's IP, with the fleet's admin token, and its peer address for the placements it is sent.
 */
final class FleetNodes {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, NodeAdminClient> admins;
  private final Map<String, String> peers;

  private FleetNodes(Map<String, NodeAdminClient> admins, Map<String, String> peers) {
    this.admins = admins;
    this.peers = peers;
  }

  static FleetNodes of(List<Pod> pods, String adminToken, HttpClient http) {
    Map<String, NodeAdminClient> admins = new LinkedHashMap<>();
    Map<String, String> peers = new LinkedHashMap<>();
    pods.stream()
        .filter(FleetNodes::serving)
        .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
        .forEach(
            pod -> {
              String id = pod.getMetadata().getName();
              String ip = pod.getStatus().getPodIP();
              admins.put(
                  id,
                  new HttpNodeAdminClient(
                      id,
                      "http://" + ip + ":" + NodePods.ADMIN_PORT,
                      adminToken,
                      http,
                      CALL_TIMEOUT));
              peers.put(id, ip + ":" + NodePods.PEER_PORT);
            });
    return new FleetNodes(admins, peers);
  }

  /** A pod whose node answers: ready, not being deleted, with an IP. */
  static boolean serving(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getPodIP() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Each node's peer address ({@code ip:port}), as placements carry it. */
  Map<String, String> peers() {
    return Map.copyOf(peers);
  }

  List<String> ids() {
    return new ArrayList<>(admins.keySet());
  }

  Coordinator coordinator(FleetSettings settings) {
    return new Coordinator(
        admins,
        peers,
        settings.maxMovesPerBatch(),
        new PlanLimits(settings.balanceFactor(), Integer.MAX_VALUE, Integer.MAX_VALUE));
  }
}
