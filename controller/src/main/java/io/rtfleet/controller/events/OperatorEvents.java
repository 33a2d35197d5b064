package io.rtfleet.controller.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rtfleet.controller.model.FleetLabels;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about a resource the operator reconciles, one per step it takes (a node
 * created, a drain started, a node drained and deleted, a failover, a rollout that cannot go on, a
 * rebalance proposed or done), so that {@code kubectl describe} and {@code kubectl get events} tell
 * what happened to it. Each is logged too (so a step that makes an Event needs no log line of its
 * own). An Event that cannot be written is logged, never a reason to fail the step.
 */
public final class OperatorEvents {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  public OperatorEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata resource, String reason, String message) {
    LOG.info("{} {}: {}", resource.getKind(), key(resource), message);
    record(resource, "Normal", reason, message);
  }

  public void warning(HasMetadata resource, String reason, String message) {
    LOG.warn("{} {}: {}", resource.getKind(), key(resource), message);
    record(resource, "Warning", reason, message);
  }

  private static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
    try {
      client
          .v1()
          .events()
          .inNamespace(resource.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(resource.getMetadata().getName() + "." + UUID.randomUUID())
                  .withNamespace(resource.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(resource.getApiVersion())
                  .withKind(resource.getKind())
                  .withName(resource.getMetadata().getName())
                  .withNamespace(resource.getMetadata().getNamespace())
                  .withUid(resource.getMetadata().getUid())
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
          resource.getMetadata().getName(),
          failed.getMessage());
    }
  }
}
