package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.controller.model.FleetObjects;
import java.security.SecureRandom;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fleet owns besides its pods: its Secret (made once, never rewritten, never logged), its
 * peer and client Services and its disruption budget (put back when edited or deleted).
 */
final class OwnedObjects {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedObjects.class);

  private final KubernetesClient client;
  private final SecureRandom random;

  OwnedObjects(KubernetesClient client, SecureRandom random) {
    this.client = client;
    this.random = random;
  }

  /** The fleet's admin API token, from its Secret; null until the Secret exists. */
  static String adminToken(Context<RealtimeFleet> context, String fleet) {
    return context
        .getSecondaryResourcesAsStream(Secret.class)
        .filter(secret -> secret.getMetadata().getName().equals(FleetObjects.secretName(fleet)))
        .map(FleetObjects::adminToken)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** The Secret is made once and never rewritten; the rest is put back as it should be. */
  void ensure(
      Context<RealtimeFleet> context, String namespace, String fleet, OwnerReference owner) {
    boolean hasSecret =
        context
            .getSecondaryResourcesAsStream(Secret.class)
            .anyMatch(
                secret -> secret.getMetadata().getName().equals(FleetObjects.secretName(fleet)));
    if (!hasSecret
        && client.secrets().inNamespace(namespace).withName(FleetObjects.secretName(fleet)).get()
            == null) {
      client
          .secrets()
          .inNamespace(namespace)
          .resource(FleetObjects.newSecret(namespace, fleet, owner, random))
          .create();
    }
    putBack(context, Service.class, FleetObjects.peerService(namespace, fleet, owner));
    putBack(context, Service.class, FleetObjects.clientService(namespace, fleet, owner));
    putBack(context, PodDisruptionBudget.class, FleetObjects.budget(namespace, fleet, owner));
  }

  private <R extends HasMetadata> void putBack(
      Context<RealtimeFleet> context, Class<R> kind, R desired) {
    R actual =
        context
            .getSecondaryResourcesAsStream(kind)
            .filter(r -> r.getMetadata().getName().equals(desired.getMetadata().getName()))
            .findFirst()
            .orElse(null);
    if (actual == null) {
      client.resource(desired).createOr(existing -> existing.update());
    } else if (OwnedDrift.differs(desired, actual)) {
      LOG.info(
          "putting back {} {}/{}, which was edited",
          kind.getSimpleName(),
          desired.getMetadata().getNamespace(),
          desired.getMetadata().getName());
      client.resource(desired).update();
    }
  }
}
