package io.rtfleet.cli.top;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.cli.ops.Fleets;
import io.rtfleet.cli.ops.NodeAdmins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads what {@code rtctl top} shows: the fleet's status (each node's phase, sessions, guilds and
 * slots, as the operator last wrote them) and every node's counters from its {@code /metrics} at
 * its pod's IP (with the fleet's admin token, which the admin port asks of every path but the
 * probes), all nodes at once.
 */
final class FleetSampler {
  private final KubernetesClient client;
  private final String fleet;
  private String token;

  FleetSampler(KubernetesClient client, String fleet) {
    this.client = client;
    this.fleet = fleet;
  }

  record Sample(String summary, List<NodeSample> nodes, long nanos) {}

  Sample sample() {
    RealtimeFleet read = Fleets.read(client, fleet);
    RealtimeFleetStatus status =
        read.getStatus() == null ? new RealtimeFleetStatus() : read.getStatus();
    Map<String, Pod> pods = new HashMap<>();
    for (Pod pod : NodeAdmins.pods(client, fleet)) {
      pods.put(pod.getMetadata().getName(), pod);
    }
    List<FleetNodeStatus> nodes = status.getNodes() == null ? List.of() : status.getNodes();
    String token = token();
    Map<String, CompletableFuture<NodeCounters>> asked = new HashMap<>();
    for (FleetNodeStatus node : nodes) {
      // A node that cannot be read (no IP yet, no answer in time) shows no rates this refresh.
      asked.put(
          node.getName(),
          Optional.ofNullable(pods.get(node.getName()))
              .flatMap(pod -> NodeAdmins.of(pod, token))
              .map(admin -> admin.metrics().thenApply(NodeCounters::parse))
              .orElse(CompletableFuture.completedFuture(null)));
    }
    List<NodeSample> samples = new ArrayList<>();
    for (FleetNodeStatus node : nodes) {
      samples.add(
          new NodeSample(
              node.getName(),
              node.getPhase(),
              node.isReady(),
              node.getSessions(),
              node.getGuilds(),
              node.getSlots(),
              asked.get(node.getName()).exceptionally(unreachable -> null).join()));
    }
    String summary =
        String.format(
            "%s ready, %s sessions, %s guilds, epoch %s, rollout %s",
            status.getReady(),
            status.getSessions(),
            status.getGuilds(),
            status.getPlacementEpoch(),
            status.getRollout());
    return new Sample(summary, samples, System.nanoTime());
  }

  /** The fleet's admin token, read from its Secret once it exists; "" until then. */
  private String token() {
    if (token == null) {
      token = NodeAdmins.token(client, fleet).orElse(null);
    }
    return token == null ? "" : token;
  }
}
