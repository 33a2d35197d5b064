package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.api.admin.GuildOwner;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a guild lives, as the fleet's ready nodes know it: asked through their admin API, one after
 * the other until one answers (reachable with {@code rtctl dev up}; in a cluster, through a
 * port-forward).
 */
final class GuildLocations {
  /** The answer, and the node that gave it. */
  record Located(GuildOwner owner, String askedNode) {}

  private GuildLocations() {}

  /** A guild id from the command line; a usage error for anything but a snowflake. */
  static long guildId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new IllegalArgumentException(
        "not a guild id: '" + text + "' (a snowflake, such as 1234567890123456789)");
  }

  static Located locate(KubernetesClient client, String fleet, long guild) {
    String token = NodeAdmins.requiredToken(client, fleet);
    List<Pod> pods =
        NodeAdmins.pods(client, fleet).stream()
            .filter(NodePods::ready)
            .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
            .toList();
    List<String> failures = new ArrayList<>();
    for (Pod pod : pods) {
      HttpNodeAdminClient admin = NodeAdmins.of(pod, token).orElse(null);
      if (admin == null) {
        continue;
      }
      try {
        GuildOwner owner =
            admin
                .ownerOf(Long.toString(guild))
                .get(NodeAdmins.TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        return new Located(owner, admin.nodeId());
      } catch (Exception unanswered) {
        failures.add(admin.nodeId() + ": " + unanswered.getMessage());
      }
    }
    throw new IllegalStateException(
        "no ready node of fleet "
            + fleet
            + " answered"
            + (failures.isEmpty() ? " (it has none)" : ": " + String.join("; ", failures)));
  }
}
