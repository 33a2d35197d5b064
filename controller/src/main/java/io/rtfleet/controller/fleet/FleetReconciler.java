package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetObjects;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.model.InvalidSpec;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.controller.model.Revision;
import io.rtfleet.coordinator.AdminFailure;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a RealtimeFleet: checks its spec, puts back what the fleet owns (its Secret, Services
 * and disruption budget), creates the node pods it lacks, and writes what it saw into the status.
 * Each pass takes at most one step and requeues; nothing is remembered between passes.
 */
@ControllerConfiguration(name = FleetReconciler.NAME)
public final class FleetReconciler implements Reconciler<RealtimeFleet> {
  public static final String NAME = "realtimefleet";
  private static final Logger LOG = LoggerFactory.getLogger(FleetReconciler.class);
  private static final Duration RESYNC = Duration.ofSeconds(10);

  private static final Duration NEXT_STEP = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final Clock clock;
  private final SecureRandom random;
  private final HttpClient admin = HttpNodeAdminClient.newHttpClient();

  public FleetReconciler(KubernetesClient client, Clock clock, SecureRandom random) {
    this.client = client;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public List<EventSource<?, RealtimeFleet>> prepareEventSources(
      EventSourceContext<RealtimeFleet> context) {
    return List.of(
        owned(Pod.class, context),
        owned(Service.class, context),
        owned(Secret.class, context),
        owned(PodDisruptionBudget.class, context));
  }

  /** What the operator made for fleets: an edit or a deletion of it wakes the fleet up. */
  private static <R extends HasMetadata> InformerEventSource<R, RealtimeFleet> owned(
      Class<R> kind, EventSourceContext<RealtimeFleet> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, RealtimeFleet.class)
            .withName(kind.getSimpleName())
            .withLabelSelector(FleetLabels.MANAGED_BY + "=" + FleetLabels.OPERATOR)
            .build(),
        context);
  }

  @Override
  public UpdateControl<RealtimeFleet> reconcile(
      RealtimeFleet fleet, Context<RealtimeFleet> context) {
    String name = fleet.getMetadata().getName();
    String namespace = fleet.getMetadata().getNamespace();
    long generation =
        fleet.getMetadata().getGeneration() == null ? 0 : fleet.getMetadata().getGeneration();
    RealtimeFleetStatus status =
        fleet.getStatus() == null ? new RealtimeFleetStatus() : fleet.getStatus();
    fleet.setStatus(status);
    FleetSettings settings;
    try {
      settings = FleetSettings.of(fleet.getSpec());
    } catch (InvalidSpec invalid) {
      status.setObservedGeneration(generation);
      status.setConditions(
          Conditions.set(
              status.getConditions(),
              Conditions.READY,
              false,
              "InvalidSpec",
              invalid.getMessage(),
              generation,
              clock.instant()));
      return writeStatus(fleet, RESYNC);
    }
    OwnerReference owner = ownerOf(fleet);
    String revision = Revision.of(fleet.getSpec().getTemplate(), fleet.getSpec().getDatabase());
    ensureOwned(context, namespace, name, owner);

    List<Pod> pods =
        context
            .getSecondaryResourcesAsStream(Pod.class)
            .filter(pod -> name.equals(pod.getMetadata().getLabels().get(FleetLabels.FLEET)))
            .toList();
    List<String> missing = PodNames.missing(name, pods, settings.replicas());
    if (!missing.isEmpty()) {
      String created = missing.get(0);
      LOG.info(
          "fleet {}/{}: creating node pod {} at revision {}", namespace, name, created, revision);
      client
          .pods()
          .inNamespace(namespace)
          .resource(NodePods.desired(namespace, name, owner, settings, revision, created))
          .create();
      FleetStatusWriter.write(status, name, settings, revision, pods, generation, clock.instant());
      return writeStatus(fleet, RESYNC);
    }
    FleetStatusWriter.write(status, name, settings, revision, pods, generation, clock.instant());
    String token = adminToken(context, name);
    if (token == null) {
      return writeStatus(fleet, NEXT_STEP);
    }
    FleetNodes nodes = FleetNodes.of(pods, token, admin);
    try {
      List<String> failed =
          pods.stream()
              .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
              .filter(pod -> pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase()))
              .map(pod -> pod.getMetadata().getName())
              .sorted()
              .toList();
      FailoverStep.Outcome failover =
          FailoverStep.take(nodes.coordinator(settings), nodes.ready(), failed);
      if (failover.action() != null) {
        LOG.info("fleet {}/{}: {}", namespace, name, failover.action());
      }
      for (String gone : failover.podsToDelete()) {
        LOG.info(
            "fleet {}/{}: deleting failed node pod {}; a new one replaces it",
            namespace,
            name,
            gone);
        client.pods().inNamespace(namespace).withName(gone).delete();
      }
      if (failover.action() != null || !failover.podsToDelete().isEmpty()) {
        return writeStatus(fleet, NEXT_STEP);
      }
      if (scaleDown(fleet, pods, nodes, settings)) {
        return writeStatus(fleet, NEXT_STEP);
      }
      PlacementStep.Outcome outcome =
          PlacementStep.take(
              nodes.coordinator(settings),
              nodes.peers(),
              nodes.ready(),
              settings.replicas(),
              settings.slotCount(),
              settings.autoRebalance());
      if (outcome.acted()) {
        LOG.info("fleet {}/{}: {}", namespace, name, outcome.action());
      }
      FleetStatusWriter.placement(status, outcome, generation, clock.instant());
      return writeStatus(fleet, outcome.acted() ? NEXT_STEP : RESYNC);
    } catch (AdminFailure failure) {
      LOG.warn("fleet {}/{}: placement step failed: {}", namespace, name, failure.getMessage());
      return writeStatus(fleet, NEXT_STEP);
    }
  }

  /**
   * Takes a scale-down one step further, or starts one when the fleet has more nodes than asked for
   * and every node is ready (a disruption waits for the fleet to be whole). Returns whether it did
   * something, so that nothing else moves slots in the same pass.
   */
  private boolean scaleDown(
      RealtimeFleet fleet, List<Pod> pods, FleetNodes nodes, FleetSettings settings) {
    String namespace = fleet.getMetadata().getNamespace();
    String name = fleet.getMetadata().getName();
    RealtimeFleetStatus status = fleet.getStatus();
    List<Pod> live =
        pods.stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).toList();
    OperationStatus operation = status.getOperation();
    if (operation != null && ScaleDownStep.KIND.equals(operation.getKind())) {
      if (live.stream().noneMatch(pod -> pod.getMetadata().getName().equals(operation.getNode()))) {
        status.setOperation(null);
        return false;
      }
      ScaleDownStep.Outcome outcome =
          ScaleDownStep.step(nodes.coordinator(settings), operation, settings, clock.instant());
      LOG.info("fleet {}/{}: {}", namespace, name, outcome.action());
      status.setOperation(outcome.operation());
      if (outcome.deletePod()) {
        client.pods().inNamespace(namespace).withName(operation.getNode()).delete();
      }
      return true;
    }
    if (live.size() <= settings.replicas() || nodes.ready().size() < live.size()) {
      return false;
    }
    String victim =
        live.stream()
            .map(pod -> pod.getMetadata().getName())
            .max(Comparator.comparingInt(FleetReconciler::ordinal))
            .orElseThrow();
    ScaleDownStep.Outcome outcome =
        ScaleDownStep.start(nodes.coordinator(settings), victim, settings, clock.instant());
    LOG.info("fleet {}/{}: {}", namespace, name, outcome.action());
    status.setOperation(outcome.operation());
    return true;
  }

  private static int ordinal(String podName) {
    return Integer.parseInt(podName.substring(podName.lastIndexOf('-') + 1));
  }

  /**
   * Replaces the status (the status subresource, at the resource version this pass read) and asks
   * to be called again after {@code next}. Not the SDK's status patch: that is a JSON patch
   * computed against the cached resource, whose list indexes Fabric8's mock server refuses once it
   * holds a newer status (and then never answers the request); nor a merge patch, which the mock
   * server applies to lists by appending. A replacement is what both servers do alike. A conflict
   * (the fleet changed since it was read) is left to the next pass, a second later.
   */
  private UpdateControl<RealtimeFleet> writeStatus(RealtimeFleet fleet, Duration next) {
    try {
      client.resource(fleet).updateStatus();
      return UpdateControl.<RealtimeFleet>noUpdate().rescheduleAfter(next);
    } catch (KubernetesClientException conflict) {
      if (conflict.getCode() != 409) {
        throw conflict;
      }
      return UpdateControl.<RealtimeFleet>noUpdate().rescheduleAfter(NEXT_STEP);
    }
  }

  /** The fleet's admin API token, from its Secret; null until the Secret exists. */
  private static String adminToken(Context<RealtimeFleet> context, String fleet) {
    return context
        .getSecondaryResourcesAsStream(Secret.class)
        .filter(secret -> secret.getMetadata().getName().equals(FleetObjects.secretName(fleet)))
        .map(secret -> secret.getData().get(FleetObjects.ADMIN_TOKEN_KEY))
        .filter(Objects::nonNull)
        .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII))
        .findFirst()
        .orElse(null);
  }

  /** The Secret is made once and never rewritten; the rest is put back as it should be. */
  private void ensureOwned(
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

  private static OwnerReference ownerOf(RealtimeFleet fleet) {
    return new OwnerReferenceBuilder()
        .withApiVersion(fleet.getApiVersion())
        .withKind(fleet.getKind())
        .withName(fleet.getMetadata().getName())
        .withUid(fleet.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
