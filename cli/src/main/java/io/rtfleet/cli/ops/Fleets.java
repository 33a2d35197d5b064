package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.rtfleet.api.crd.RealtimeFleet;

/** Finding a fleet by name. */
final class Fleets {
  private Fleets() {}

  static Resource<RealtimeFleet> named(KubernetesClient client, String name) {
    return client.resources(RealtimeFleet.class).inNamespace(client.getNamespace()).withName(name);
  }

  /** The fleet; a clear error naming the namespace when there is none of that name. */
  static RealtimeFleet read(KubernetesClient client, String name) {
    RealtimeFleet fleet = named(client, name).get();
    if (fleet == null) {
      throw new IllegalArgumentException(
          "no fleet "
              + name
              + " in namespace "
              + client.getNamespace()
              + " ('rtctl fleet list' lists them; -n chooses the namespace)");
    }
    return fleet;
  }
}
