package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetObjects;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * A node's admin API as rtctl reaches it: at its pod's IP (reachable from where rtctl runs with
 * {@code rtctl dev up}; in a cluster, through a port-forward), with the fleet's admin token read
 * from its Secret, which the user's credentials must be allowed to read.
 */
public final class NodeAdmins {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final OkHttpClient HTTP = HttpNodeAdminClient.newHttpClient();

  private NodeAdmins() {}

  /** The fleet's admin token; empty when its Secret is missing or not readable. */
  public static Optional<String> token(KubernetesClient client, String fleet) {
    Secret secret =
        client
            .secrets()
            .inNamespace(client.getNamespace())
            .withName(FleetObjects.secretName(fleet))
            .get();
    return Optional.ofNullable(secret == null ? null : FleetObjects.adminToken(secret));
  }

  /** The fleet's admin token; a clear error when it cannot be read. */
  static String requiredToken(KubernetesClient client, String fleet) {
    return token(client, fleet)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot read the admin token of fleet " + fleet + " (its Secret)"));
  }

  /** The fleet's node pods. */
  public static List<Pod> pods(KubernetesClient client, String fleet) {
    return client
        .pods()
        .inNamespace(client.getNamespace())
        .withLabels(FleetLabels.owned(fleet))
        .list()
        .getItems();
  }

  /** The admin API of the node in {@code pod}; empty when the pod has no IP yet. */
  public static Optional<HttpNodeAdminClient> of(Pod pod, String token) {
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new HttpNodeAdminClient(
            pod.getMetadata().getName(),
            "http://" + ip + ":" + NodePods.ADMIN_PORT,
            token,
            HTTP,
            TIMEOUT));
  }
}
