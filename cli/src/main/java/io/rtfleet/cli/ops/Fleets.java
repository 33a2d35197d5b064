package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.cli.exit.NotFound;
import io.rtfleet.controller.model.AnnotationPatch;
import java.util.List;

/** Finding a fleet by name. */
public final class Fleets {
  private Fleets() {}

  static Resource<RealtimeFleet> named(KubernetesClient client, String name) {
    return client.resources(RealtimeFleet.class).inNamespace(client.getNamespace()).withName(name);
  }

  /** The fleet; a clear error naming the namespace when there is none of that name. */
  public static RealtimeFleet read(KubernetesClient client, String name) {
    RealtimeFleet fleet = named(client, name).get();
    if (fleet == null) {
      throw new NotFound(
          "no fleet "
              + name
              + " in namespace "
              + client.getNamespace()
              + " ('rtctl fleet list' lists them; -n chooses the namespace)");
    }
    return fleet;
  }

  /** The namespace's only fleet; a clear error when it has none or several. */
  public static RealtimeFleet only(KubernetesClient client) {
    List<RealtimeFleet> fleets =
        client.resources(RealtimeFleet.class).inNamespace(client.getNamespace()).list().getItems();
    if (fleets.size() == 1) {
      return fleets.get(0);
    }
    if (fleets.isEmpty()) {
      throw new NotFound(
          "no fleet in namespace " + client.getNamespace() + " (-n chooses the namespace)");
    }
    throw new IllegalArgumentException(
        "namespace "
            + client.getNamespace()
            + " has several fleets: choose one with --fleet ("
            + String.join(
                ", ", fleets.stream().map(fleet -> fleet.getMetadata().getName()).sorted().toList())
            + ")");
  }

  /** Sets an annotation on the fleet (a JSON merge patch, which every API server takes). */
  static void annotate(KubernetesClient client, String name, String key, String value) {
    read(client, name);
    named(client, name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), AnnotationPatch.of(key, value));
  }
}
