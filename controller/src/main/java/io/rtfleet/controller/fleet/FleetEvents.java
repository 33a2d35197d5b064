package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.model.FleetLabels;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about a fleet, one per step the operator takes (a node created, a drain
 * started, a node drained and deleted, a failover, a rollout that cannot go on), so that {@code
 * kubectl describe rtf} and {@code kubectl get events} tell what happened to it. Each is logged too
 * (so a step that makes an Event needs no log line of its own). An Event that cannot be written is
 * logged, never a reason to fail the step.
 */
final class FleetEvents {
  private static final Logger LOG = LoggerFactory.getLogger(FleetEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  FleetEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void normal(RealtimeFleet fleet, String reason, String message) {
    LOG.info("fleet {}: {}", key(fleet), message);
    record(fleet, "Normal", reason, message);
  }

  void warning(RealtimeFleet fleet, String reason, String message) {
    LOG.warn("fleet {}: {}", key(fleet), message);
    record(fleet, "Warning", reason, message);
  }

  private static String key(RealtimeFleet fleet) {
    return fleet.getMetadata().getNamespace() + "/" + fleet.getMetadata().getName();
  }

  private void record(RealtimeFleet fleet, String type, String reason, String message) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
    try {
      client
          .v1()
          .events()
          .inNamespace(fleet.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(fleet.getMetadata().getName() + "." + UUID.randomUUID())
                  .withNamespace(fleet.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(fleet.getApiVersion())
                  .withKind(fleet.getKind())
                  .withName(fleet.getMetadata().getName())
                  .withNamespace(fleet.getMetadata().getNamespace())
                  .withUid(fleet.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withNewSource()
                  .withComponent(FleetLabels.OPERATOR)
                  .endSource()
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException failed) {
      LOG.warn(
          "could not record the Event {} of {}: {}",
          reason,
          fleet.getMetadata().getName(),
          failed.getMessage());
    }
  }
}
