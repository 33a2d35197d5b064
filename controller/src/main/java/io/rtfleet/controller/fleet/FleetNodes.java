package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import io.rtfleet.coordinator.NodeAdminClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * The running node pods of a fleet as the coordinator reaches them: each node's admin API at its
 * pod's IP, with the fleet's admin token, and its peer address for the placements it is sent.
 */
public final class FleetNodes {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Reads (state, placement, metrics) are small and served by the node's admin thread: one that
   * takes longer is not answering now, and a pass that waits on a hung node must not wait long.
   */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

  private final Map<String, NodeAdminClient> admins;
  private final Map<String, String> peers;
  private final List<String> ready;

  private FleetNodes(
      Map<String, NodeAdminClient> admins, Map<String, String> peers, List<String> ready) {
    this.admins = admins;
    this.peers = peers;
    this.ready = ready;
  }

  public static FleetNodes of(List<Pod> pods, String adminToken, OkHttpClient http) {
    Map<String, NodeAdminClient> admins = new LinkedHashMap<>();
    Map<String, String> peers = new LinkedHashMap<>();
    List<String> ready = new ArrayList<>();
    pods.stream()
        .filter(FleetNodes::running)
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
                      CALL_TIMEOUT,
                      READ_TIMEOUT));
              peers.put(id, ip + ":" + NodePods.PEER_PORT);
              if (NodePods.ready(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
                ready.add(id);
              }
            });
    return new FleetNodes(admins, peers, ready);
  }

  /**
   * A pod whose node runs, ready or not (a draining node is unready and must still be reached): not
   * being deleted (unless it is {@link #stopping}), not failed, with an IP.
   */
  private static boolean running(Pod pod) {
    return (pod.getMetadata().getDeletionTimestamp() == null || stopping(pod)) && hasProcess(pod);
  }

  /**
   * A pod someone else deleted (the operator marks those it deletes itself as drained) whose node
   * still runs: the node drains itself, and its slots must be moved away before it stops.
   */
  static boolean stopping(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return pod.getMetadata().getDeletionTimestamp() != null
        && (annotations == null || !"true".equals(annotations.get(FleetLabels.DRAINED_ANNOTATION)))
        && hasProcess(pod);
  }

  private static boolean hasProcess(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getPodIP() != null;
  }

  /** Each node's peer address ({@code ip:port}), as placements carry it. */
  public Map<String, String> peers() {
    return Map.copyOf(peers);
  }

  /** Each running node's admin API, by id. */
  public Map<String, NodeAdminClient> admins() {
    return Map.copyOf(admins);
  }

  /** The nodes that are ready, by id: those that may take slots. */
  public List<String> ready() {
    return List.copyOf(ready);
  }

  public Coordinator coordinator(FleetSettings settings) {
    return coordinator(
        settings.maxMovesPerBatch(),
        new PlanLimits(settings.balanceFactor(), Integer.MAX_VALUE, Integer.MAX_VALUE));
  }

  /** A coordinator that hands off at most {@code maxSlotsPerBatch} slots at a time. */
  public Coordinator coordinator(int maxSlotsPerBatch, PlanLimits limits) {
    return new Coordinator(admins, peers, maxSlotsPerBatch, limits);
  }
}
