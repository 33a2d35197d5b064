package io.rtfleet.cli.top;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.admin.AdminPaths;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.cli.ops.Fleets;
import io.rtfleet.cli.ops.NodeAdmins;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Reads what {@code rtctl top} shows: the fleet's status (each node's phase, sessions, guilds and
 * slots, as the operator last wrote them) and every node's counters from its {@code /metrics} at
 * its pod's IP (with the fleet's admin token, which the admin port asks of every path but the
 * probes), all nodes at once.
 */
final class FleetSampler {
  private static final OkHttpClient HTTP = HttpNodeAdminClient.newHttpClient();

  private final KubernetesClient client;
  private final String fleet;

  FleetSampler(KubernetesClient client, String fleet) {
    this.client = client;
    this.fleet = fleet;
  }

  record Sample(String summary, List<NodeSample> nodes, long nanos) {}

  Sample sample() {
    RealtimeFleet read = Fleets.read(client, fleet);
    RealtimeFleetStatus status =
        read.getStatus() == null ? new RealtimeFleetStatus() : read.getStatus();
    Map<String, String> ips = new HashMap<>();
    for (Pod pod :
        client
            .pods()
            .inNamespace(client.getNamespace())
            .withLabels(FleetLabels.owned(fleet))
            .list()
            .getItems()) {
      if (pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
        ips.put(pod.getMetadata().getName(), pod.getStatus().getPodIP());
      }
    }
    List<FleetNodeStatus> nodes = status.getNodes() == null ? List.of() : status.getNodes();
    String token = NodeAdmins.token(client, fleet).orElse("");
    Map<String, CompletableFuture<NodeCounters>> asked = new HashMap<>();
    for (FleetNodeStatus node : nodes) {
      String ip = ips.get(node.getName());
      asked.put(
          node.getName(),
          ip == null
              ? CompletableFuture.completedFuture(null)
              : metrics("http://" + ip + ":" + NodePods.ADMIN_PORT + AdminPaths.METRICS, token));
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

  /** A node's counters; null when they cannot be read (the row shows no rates then). */
  private static CompletableFuture<NodeCounters> metrics(String url, String token) {
    CompletableFuture<NodeCounters> answer = new CompletableFuture<>();
    Call call =
        HTTP.newCall(
            new Request.Builder().url(url).header("Authorization", "Bearer " + token).build());
    // A node that does not answer in time shows no rates this refresh, and holds nobody up.
    call.timeout().timeout(2, TimeUnit.SECONDS);
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call call, IOException failure) {
            answer.complete(null);
          }

          @Override
          public void onResponse(Call call, Response response) {
            try (ResponseBody body = response.body()) {
              answer.complete(
                  response.isSuccessful() && body != null
                      ? NodeCounters.parse(body.string())
                      : null);
            } catch (IOException | RuntimeException unreadable) {
              answer.complete(null);
            }
          }
        });
    return answer;
  }
}
