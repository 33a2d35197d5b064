package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rtfleet.cli.exit.NotFound;
import io.rtfleet.controller.model.FleetLabels;
import java.util.Comparator;
import java.util.List;

/** A fleet's rollout history: its ControllerRevisions, oldest first. */
final class Revisions {
  private Revisions() {}

  static List<ControllerRevision> of(KubernetesClient client, String fleet) {
    return client
        .apps()
        .controllerRevisions()
        .inNamespace(client.getNamespace())
        .withLabels(FleetLabels.owned(fleet))
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparingLong(ControllerRevision::getRevision))
        .toList();
  }

  /** The revision numbered {@code number}; a clear error listing those there are otherwise. */
  static ControllerRevision numbered(KubernetesClient client, String fleet, long number) {
    List<ControllerRevision> history = of(client, fleet);
    return history.stream()
        .filter(revision -> revision.getRevision() == number)
        .findFirst()
        .orElseThrow(
            () ->
                new NotFound(
                    "fleet "
                        + fleet
                        + " has no revision "
                        + number
                        + " (it has "
                        + String.join(
                            ", ",
                            history.stream().map(r -> Long.toString(r.getRevision())).toList())
                        + "; 'rtctl rollout history "
                        + fleet
                        + "')"));
  }

  /** The hash of a revision: its name without the fleet's. */
  static String hash(String fleet, ControllerRevision revision) {
    return revision.getMetadata().getName().substring(fleet.length() + 1);
  }
}
