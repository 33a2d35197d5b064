package io.rtfleet.cli.dev;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rtfleet.cli.client.Target;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.NodePods;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The fleet a running {@code rtctl dev up} serves, as a client of it reaches it: its one client URL
 * (the balancer in front of its ready nodes) and the admin API of one of its nodes that is ready
 * now, chosen anew each time, since a drain or a rollout replaces the node {@code dev up} started
 * with.
 */
public final class DevTarget {
  private DevTarget() {}

  /** The fleet {@code dev up} runs from {@code directory}; a clear error when it does not. */
  public static Target open(Path directory) throws IOException {
    DevState state = new DevState(directory);
    DevState.Up up =
        state
            .up()
            .filter(running -> state.running().isPresent())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "rtctl dev is not running from "
                            + directory
                            + ": start it with 'rtctl dev up'"));
    String adminToken = Files.readString(state.adminToken(), StandardCharsets.US_ASCII).trim();
    String clientUrl = up.restUrl().substring(0, up.restUrl().length() - "/api/v10".length());
    return new Target(clientUrl, readyNodeAdminUrl(state, up), adminToken);
  }

  /** The admin URL of the fleet's ready node with the lowest name. */
  private static String readyNodeAdminUrl(DevState state, DevState.Up up) throws IOException {
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(state.kubeconfig())))
            .build()) {
      Pod node =
          client
              .pods()
              .inNamespace(up.namespace())
              .withLabel(FleetLabels.FLEET, up.fleet())
              .list()
              .getItems()
              .stream()
              .filter(NodePods::ready)
              .min(Comparator.comparing(pod -> pod.getMetadata().getName()))
              .orElseThrow(() -> new IllegalStateException("no node of the fleet is ready"));
      return "http://" + node.getStatus().getPodIP() + ":" + NodePods.ADMIN_PORT;
    }
  }
}
