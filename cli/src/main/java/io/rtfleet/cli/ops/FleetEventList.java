package io.rtfleet.cli.ops;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;

/** The Kubernetes Events the operator recorded on a fleet, oldest first. */
final class FleetEventList {
  private FleetEventList() {}

  static List<Event> of(KubernetesClient client, String fleet) {
    return client.v1().events().inNamespace(client.getNamespace()).list().getItems().stream()
        .filter(event -> fleet.equals(event.getInvolvedObject().getName()))
        .filter(event -> "RealtimeFleet".equals(event.getInvolvedObject().getKind()))
        .sorted(Comparator.comparing(FleetEventList::when))
        .toList();
  }

  /** When it last happened, as the operator stamps it. */
  static String when(Event event) {
    return event.getLastTimestamp() != null
        ? event.getLastTimestamp()
        : event.getMetadata().getCreationTimestamp() != null
            ? event.getMetadata().getCreationTimestamp()
            : "";
  }
}
