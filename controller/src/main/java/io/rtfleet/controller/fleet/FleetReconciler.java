package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rtfleet.api.crd.HealthGateStatus;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetSpec;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.controller.events.OperatorEvents;
import io.rtfleet.controller.metrics.OperatorMetrics;
import io.rtfleet.controller.model.AnnotationPatch;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.model.InvalidSpec;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.controller.model.Revision;
import io.rtfleet.controller.model.RevisionHistory;
import io.rtfleet.controller.rollout.NextNodeAction;
import io.rtfleet.controller.rollout.NodeAction;
import io.rtfleet.controller.rollout.ProgressDeadline;
import io.rtfleet.controller.rollout.RolloutRequests;
import io.rtfleet.coordinator.AdminFailure;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.DrainProgress;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import io.rtfleet.coordinator.NodeAdminClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a RealtimeFleet: checks its spec, puts back what the fleet owns (its Secret, Services
 * and disruption budget), creates the node pods it lacks, and writes what it saw into the status.
 * Each pass takes at most one step and requeues; nothing is remembered between passes.
 */
@ControllerConfiguration(
    name = FleetReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrRequestChanged.class))
public final class FleetReconciler implements Reconciler<RealtimeFleet>, Cleaner<RealtimeFleet> {
  public static final String NAME = "realtimefleet";
  private static final Logger LOG = LoggerFactory.getLogger(FleetReconciler.class);
  private static final Duration RESYNC = Duration.ofSeconds(10);

  private static final Duration NEXT_STEP = Duration.ofSeconds(1);

  /**
   * Between two steps of a drain that is handing slots off: each batch pauses writes for
   * milliseconds, and a node to be removed should go as soon as its slots are elsewhere.
   */
  private static final Duration NEXT_HANDOFF = Duration.ofMillis(50);

  /** Between two looks at a drain whose node is sending its sessions away at its own pace. */
  private static final Duration NEXT_LOOK = Duration.ofMillis(250);

  private final KubernetesClient client;
  private final Clock clock;
  private final SecureRandom random;
  private final OkHttpClient admin = HttpNodeAdminClient.newHttpClient();
  private final OperatorEvents events;
  private final OperatorMetrics metrics;
  private final OwnedObjects owned;

  public FleetReconciler(
      KubernetesClient client, Clock clock, SecureRandom random, OperatorMetrics metrics) {
    this.client = client;
    this.clock = clock;
    this.random = random;
    this.events = new OperatorEvents(client, clock);
    this.metrics = metrics;
    this.owned = new OwnedObjects(client, random);
  }

  @Override
  public List<EventSource<?, RealtimeFleet>> prepareEventSources(
      EventSourceContext<RealtimeFleet> context) {
    return List.of(
        owned(Pod.class, context),
        owned(Service.class, context),
        owned(Secret.class, context),
        owned(PodDisruptionBudget.class, context),
        owned(ControllerRevision.class, context));
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
    long started = System.nanoTime();
    boolean ok = false;
    try {
      UpdateControl<RealtimeFleet> next = reconcileOnce(fleet, context);
      ok = true;
      return next;
    } finally {
      metrics.reconciled(System.nanoTime() - started, ok);
    }
  }

  private UpdateControl<RealtimeFleet> reconcileOnce(
      RealtimeFleet fleet, Context<RealtimeFleet> context) {
    String name = fleet.getMetadata().getName();
    String namespace = fleet.getMetadata().getNamespace();
    long generation =
        fleet.getMetadata().getGeneration() == null ? 0 : fleet.getMetadata().getGeneration();
    String before = fleet.getStatus() == null ? null : Serialization.asJson(fleet.getStatus());
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
      return writeStatus(fleet, before, RESYNC);
    }
    OwnerReference owner = ownerOf(fleet);
    String wanted = Revision.of(fleet.getSpec().getTemplate(), fleet.getSpec().getDatabase());
    owned.ensure(context, namespace, name, owner);
    recordRevision(fleet, context, owner, wanted);
    // What the nodes are rolled to: the spec's revision, unless its rollout was aborted (then the
    // current one's, from the history); a promoted rollout ignores the partition and the pause.
    ControllerRevision stable = recorded(context, name, status.getCurrentRevision());
    if (!actOnRolloutRequest(fleet, wanted, stable != null)) {
      return UpdateControl.<RealtimeFleet>noUpdate().rescheduleAfter(NEXT_STEP);
    }
    String revision = wanted;
    if (RolloutRequests.aborted(status, wanted) && stable != null) {
      RealtimeFleetSpec rolledBack = Serialization.clone(fleet.getSpec());
      rolledBack.setTemplate(RevisionHistory.template(stable));
      rolledBack.setDatabase(RevisionHistory.database(stable));
      // Back to every node, whatever the partition and the pause, which held the canary back.
      settings = FleetSettings.of(rolledBack).promoted();
      revision = status.getCurrentRevision();
    } else if (RolloutRequests.promoted(status, wanted)) {
      settings = settings.promoted();
    }

    // The health gates judge the rollout of the spec's revision step by step; a promoted or
    // aborted rollout goes on regardless, and a new template starts afresh.
    boolean gated = revision.equals(wanted) && !RolloutRequests.promoted(status, wanted);
    if (status.getHealthGate() != null
        && (!gated || !wanted.equals(status.getHealthGate().getRevision()))) {
      status.setHealthGate(null);
    }

    List<Pod> pods =
        context
            .getSecondaryResourcesAsStream(Pod.class)
            .filter(pod -> name.equals(pod.getMetadata().getLabels().get(FleetLabels.FLEET)))
            .toList();
    Set<String> podNames =
        pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
    String token = OwnedObjects.adminToken(context, name);
    FleetNodes nodes = token == null ? null : FleetNodes.of(pods, token, admin);
    Map<String, StartingNodes.Start> starts = starts(pods, status, nodes, settings);
    Map<String, String> stuck = new TreeMap<>();
    starts.forEach(
        (pod, start) -> {
          if (start.stuck()) {
            stuck.put(pod, start.message());
          }
        });
    Optional<String> halted = StartFailures.halt(status, revision, pods, stuck);
    if (halted.isPresent()) {
      // Recorded before anything else, and before the failed pod is deleted: that pod is the only
      // evidence of the failure, and a halt lost to a conflicting write is found again from it. A
      // pass that read the status from a cache behind the write finds it recorded already (the
      // mock server does not refuse a stale status write), and neither writes nor tells again.
      RealtimeFleet stored =
          client.resources(RealtimeFleet.class).inNamespace(namespace).withName(name).get();
      boolean recorded =
          stored != null
              && stored.getStatus() != null
              && revision.equals(stored.getStatus().getHaltedRevision());
      if (!recorded && replaceStatus(fleet)) {
        events.warning(fleet, "RolloutHalted", halted.get());
      }
      return UpdateControl.<RealtimeFleet>noUpdate().rescheduleAfter(NEXT_STEP);
    }
    FleetStatusWriter.Hold hold = gated ? judgeStep(fleet, pods, nodes, settings) : null;
    if (hold != null) {
      settings = settings.held();
    }
    NodeAction next = decide(name, settings, revision, pods, status);
    HealthGateStatus stepGate = null;
    if (hold == null
        && gated
        && next instanceof NodeAction.Drain start
        && start.reason() == NodeAction.Reason.Rollout) {
      HealthGateStep.Readings counters = nodes == null ? null : HealthGateStep.read(nodes);
      if (counters != null && counters.complete()) {
        stepGate = HealthGateStep.begin(status, revision, start.node(), counters);
      } else {
        hold = noHealthData(fleet, counters == null ? "no admin token yet" : counters.noData());
        settings = settings.held();
        next = decide(name, settings, revision, pods, status);
      }
    }
    if (hold != null
        && next instanceof NodeAction.Drain drain
        && (drain.reason() == NodeAction.Reason.ScaleDown
            || drain.reason() == NodeAction.Reason.Rollout)) {
      // A held rollout with its surge node up would drain an old node as surplus: that is the
      // step the gate holds. Drains someone asked for (a replacement, a deleted pod) still go.
      next = new NodeAction.Wait(hold.message());
    }
    boolean draining =
        next instanceof NodeAction.ContinueDrain
            || (next instanceof NodeAction.Create create && create.whileDraining());
    if (!draining) {
      status.setOperation(null);
    }
    boolean wasBlocked = "Blocked".equals(status.getRollout());
    FleetStatusWriter.write(status, name, settings, revision, pods, generation, clock.instant());
    FleetStatusWriter.starting(status, starts);
    FleetStatusWriter.rollout(status, next, settings, hold, generation, clock.instant());
    RolloutRequests.forgetDone(status, wanted);
    if (!revision.equals(wanted)) {
      status.setRollout("Aborted");
    }
    if (next instanceof NodeAction.Blocked blocked && !wasBlocked) {
      events.warning(fleet, blocked.reason(), blocked.message());
    }
    if (next instanceof NodeAction.Create create) {
      client
          .pods()
          .inNamespace(namespace)
          .resource(NodePods.desired(namespace, name, owner, settings, revision, create.pod()))
          .create();
      events.normal(
          fleet,
          "CreatingNode",
          "creating node pod "
              + create.pod()
              + " at revision "
              + revision
              + " ("
              + create.why()
              + ")");
      return writeStatus(fleet, before, create.whileDraining() ? NEXT_STEP : RESYNC);
    }
    if (nodes == null) {
      return writeStatus(fleet, before, NEXT_STEP);
    }
    try {
      // Failed pods, stuck ones (they hold no slot: they go like a failed one, and a new one is
      // made, their revision halted first when it is the one rolled out) and lost ones.
      Set<String> dead =
          pods.stream()
              .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
              .filter(pod -> pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase()))
              .map(pod -> pod.getMetadata().getName())
              .collect(Collectors.toCollection(TreeSet::new));
      dead.addAll(stuck.keySet());
      List<String> lost =
          LostNodes.pastGrace(status.getNodes(), pods, settings.lostAfter(), clock.instant());
      dead.addAll(lost);
      FailoverStep.Outcome failover =
          FailoverStep.take(nodes.coordinator(settings), nodes.ready(), List.copyOf(dead));
      if (failover.action() != null) {
        events.warning(fleet, "FailedOver", failover.action());
      }
      for (String gone : failover.podsToDelete()) {
        if (stuck.containsKey(gone)) {
          events.warning(fleet, "NodeStuck", gone + " is replaced: " + stuck.get(gone));
        } else if (lost.contains(gone)) {
          events.warning(
              fleet,
              "NodeLost",
              gone
                  + " has not answered for "
                  + settings.lostAfter().toSeconds()
                  + " s or more, with its pod not ready: its slots are failed over and its pod"
                  + " replaced");
        } else {
          LOG.info(
              "fleet {}/{}: deleting failed node pod {}; a new one replaces it",
              namespace,
              name,
              gone);
        }
        // No grace: nothing is left on it, and a lost node is hung and would not stop anyway.
        deleteDrained(namespace, gone, 0L);
      }
      if (failover.action() != null || !failover.podsToDelete().isEmpty()) {
        return writeStatus(fleet, before, NEXT_STEP);
      }
      Optional<String> overrun =
          ProgressDeadline.exceeded(
              status.getOperation(), settings.progressDeadline(), clock.instant());
      boolean wasDegraded = Conditions.isTrue(status.getConditions(), Conditions.DEGRADED);
      FleetStatusWriter.degraded(status, overrun, generation, clock.instant());
      if (overrun.isPresent()) {
        LOG.warn("fleet {}/{}: {}", namespace, name, overrun.get());
        if (!wasDegraded) {
          events.warning(fleet, "ProgressDeadlineExceeded", overrun.get());
        }
        return writeStatus(fleet, before, RESYNC);
      }
      Duration drained = drain(fleet, next, nodes, settings, pods, stepGate);
      if (drained != null) {
        return writeStatus(fleet, before, drained);
      }
      PlacementStep.Outcome outcome =
          PlacementStep.take(
              nodes.coordinator(settings),
              nodes.peers(),
              new PlacementStep.Goal(
                  nodes.ready(),
                  settings.replicas(),
                  settings.slotCount(),
                  settings.autoRebalance(),
                  settings.overrides()),
              podNames);
      switch (outcome.act()) {
        case FAILED_OVER -> events.warning(fleet, "FailedOver", outcome.action());
        case PINNED -> events.normal(fleet, "GuildPinned", outcome.action());
        case NOTHING -> {}
        default -> LOG.info("fleet {}/{}: {}", namespace, name, outcome.action());
      }
      FleetStatusWriter.placement(status, outcome, generation, clock.instant());
      List<String> cordons = CordonStep.take(nodes.coordinator(settings), pods, outcome.states());
      cordons.forEach(
          done ->
              events.normal(
                  fleet, done.startsWith("cordoned") ? "NodeCordoned" : "NodeUncordoned", done));
      // The next handoff batch of a rebalance at once, as a drain's: each pauses writes for
      // milliseconds only.
      return writeStatus(
          fleet,
          before,
          outcome.handedOff()
              ? NEXT_HANDOFF
              : outcome.acted() || !cordons.isEmpty() ? NEXT_STEP : RESYNC);
    } catch (AdminFailure failure) {
      LOG.warn("fleet {}/{}: placement step failed: {}", namespace, name, failure.getMessage());
      return writeStatus(fleet, before, NEXT_STEP);
    }
  }

  /**
   * What each node pod that is starting is doing ({@link StartingNodes}): those whose node runs are
   * asked for their health, all at once.
   */
  private Map<String, StartingNodes.Start> starts(
      List<Pod> pods, RealtimeFleetStatus status, FleetNodes nodes, FleetSettings settings) {
    Set<String> served = FleetStatusWriter.served(status);
    Map<String, NodeAdminClient> admins = nodes == null ? Map.of() : nodes.admins();
    Map<Pod, CompletableFuture<Boolean>> asked = new LinkedHashMap<>();
    for (Pod pod : pods) {
      if (StartingNodes.starting(pod, served)) {
        NodeAdminClient node = admins.get(pod.getMetadata().getName());
        asked.put(pod, node == null ? CompletableFuture.completedFuture(false) : node.alive());
      }
    }
    Instant now = clock.instant();
    Map<String, StartingNodes.Start> starts = new TreeMap<>();
    asked.forEach(
        (pod, answered) ->
            starts.put(
                pod.getMetadata().getName(),
                StartingNodes.of(
                    pod, answered.join(), settings.lostAfter(), settings.startDeadline(), now)));
    return starts;
  }

  private NodeAction decide(
      String name,
      FleetSettings settings,
      String revision,
      List<Pod> pods,
      RealtimeFleetStatus status) {
    return NextNodeAction.decide(
        ObservedFleet.view(
            name,
            settings,
            revision,
            pods,
            status.getOperation(),
            revision.equals(status.getHaltedRevision()) ? status.getHaltReason() : null));
  }

  /**
   * Judges the rollout step recorded in the status once it is over ({@link HealthGateStep}), and
   * says what holds the rollout: a gate that tripped, a node without counters, or nothing (null).
   */
  private FleetStatusWriter.Hold judgeStep(
      RealtimeFleet fleet, List<Pod> pods, FleetNodes nodes, FleetSettings settings) {
    RealtimeFleetStatus status = fleet.getStatus();
    HealthGateStatus gate = status.getHealthGate();
    if (HealthGateStep.awaitsJudgement(status, pods)) {
      HealthGateStep.Readings after = nodes == null ? null : HealthGateStep.read(nodes);
      if (after == null || !after.complete()) {
        return noHealthData(fleet, after == null ? "no admin token yet" : after.noData());
      }
      Optional<String> tripped = HealthGateStep.judge(gate, after, settings);
      if (tripped.isEmpty()) {
        events.normal(
            fleet,
            "HealthGatePassed",
            "the rollout step that drained " + gate.getNode() + " passed its health gates");
        status.setHealthGate(null);
        return null;
      }
      gate.setTripped("the step that drained " + gate.getNode() + ": " + tripped.get());
      events.warning(
          fleet,
          HealthGateStep.TRIPPED,
          gate.getTripped()
              + "; the rollout is paused until it is promoted or the template changes");
    }
    if (gate == null || gate.getTripped() == null) {
      return null;
    }
    return new FleetStatusWriter.Hold(
        HealthGateStep.TRIPPED,
        "a health gate tripped ("
            + gate.getTripped()
            + "); promote the rollout (rtfleet.io/rollout=promote) to go on regardless, or change"
            + " the template");
  }

  /** Holds the rollout while a node's counters cannot be read: "no data" never passes a gate. */
  private FleetStatusWriter.Hold noHealthData(RealtimeFleet fleet, String why) {
    if (!HealthGateStep.NO_DATA.equals(
        Conditions.reason(fleet.getStatus().getConditions(), Conditions.ROLLOUT_PAUSED))) {
      events.warning(fleet, HealthGateStep.NO_DATA, why);
    }
    return new FleetStatusWriter.Hold(HealthGateStep.NO_DATA, why);
  }

  /** The recorded revision {@code revision} of the fleet, if the history has it. */
  private static ControllerRevision recorded(
      Context<RealtimeFleet> context, String fleet, String revision) {
    if (revision == null) {
      return null;
    }
    return context
        .getSecondaryResourcesAsStream(ControllerRevision.class)
        .filter(r -> r.getMetadata().getName().equals(RevisionHistory.name(fleet, revision)))
        .findFirst()
        .orElse(null);
  }

  /**
   * Acts on the fleet's {@value RolloutRequests#ANNOTATION} annotation ({@link RolloutRequests}):
   * writes the status that acknowledges it, then removes the annotation (a merge patch's null
   * deletes it; the mock server keeps it as null, which reads as none), in that order, so that a
   * request is never removed unrecorded. False when the status write conflicted: the next pass acts
   * on it again.
   */
  private boolean actOnRolloutRequest(
      RealtimeFleet fleet, String revision, boolean currentRecorded) {
    Map<String, String> annotations = fleet.getMetadata().getAnnotations();
    String action = annotations == null ? null : annotations.get(RolloutRequests.ANNOTATION);
    Optional<RolloutRequests.Acknowledged> acknowledged =
        RolloutRequests.apply(
            action == null || action.isBlank() ? null : action.trim(),
            fleet.getStatus(),
            revision,
            currentRecorded);
    if (action == null) {
      return true;
    }
    annotations.remove(RolloutRequests.ANNOTATION);
    if (!replaceStatus(fleet)) {
      return false;
    }
    RealtimeFleet patched =
        client
            .resources(RealtimeFleet.class)
            .inNamespace(fleet.getMetadata().getNamespace())
            .withName(fleet.getMetadata().getName())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                AnnotationPatch.of(RolloutRequests.ANNOTATION, null));
    fleet.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
    acknowledged.ifPresent(
        done -> {
          if (done.warning()) {
            events.warning(fleet, done.reason(), done.message());
          } else {
            events.normal(fleet, done.reason(), done.message());
          }
        });
    return true;
  }

  /**
   * Keeps the fleet's rollout history ({@link RevisionHistory}) with the revision it rolls out to
   * as its newest entry. A revision the informer has not shown yet is created again and refused
   * (409): the next pass sees it.
   */
  private void recordRevision(
      RealtimeFleet fleet, Context<RealtimeFleet> context, OwnerReference owner, String revision) {
    String name = fleet.getMetadata().getName();
    String namespace = fleet.getMetadata().getNamespace();
    List<ControllerRevision> history =
        context
            .getSecondaryResourcesAsStream(ControllerRevision.class)
            .filter(r -> name.equals(r.getMetadata().getLabels().get(FleetLabels.FLEET)))
            .toList();
    RevisionHistory.Changes changes =
        RevisionHistory.plan(
            fleet, owner, revision, fleet.getStatus().getCurrentRevision(), history);
    try {
      changes.create().ifPresent(made -> client.resource(made).create());
    } catch (KubernetesClientException exists) {
      if (exists.getCode() != 409) {
        throw exists;
      }
    }
    changes
        .renumber()
        .ifPresent(
            moved ->
                client
                    .apps()
                    .controllerRevisions()
                    .inNamespace(namespace)
                    .withName(moved.getMetadata().getName())
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        Serialization.asJson(Map.of("revision", moved.getRevision()))));
    changes
        .delete()
        .forEach(
            old ->
                client.apps().controllerRevisions().inNamespace(namespace).withName(old).delete());
  }

  /**
   * A deleted fleet takes what it owned with it: its pods, Services, disruption budget, Secret and
   * rollout history. A real API server's garbage collector would delete them through their owner
   * references; the mock server of {@code rtctl dev up} has none, and waiting for the collector
   * would leave the nodes serving a fleet nobody declares any more.
   */
  @Override
  public DeleteControl cleanup(RealtimeFleet fleet, Context<RealtimeFleet> context) {
    String namespace = fleet.getMetadata().getNamespace();
    String name = fleet.getMetadata().getName();
    Map<String, String> owned = FleetLabels.owned(name);
    LOG.info(
        "fleet {}/{} deleted: deleting its pods, Services, budget and Secret", namespace, name);
    deleteEach(client.pods().inNamespace(namespace).withLabels(owned).list().getItems());
    deleteEach(client.services().inNamespace(namespace).withLabels(owned).list().getItems());
    deleteEach(
        client
            .policy()
            .v1()
            .podDisruptionBudget()
            .inNamespace(namespace)
            .withLabels(owned)
            .list()
            .getItems());
    deleteEach(client.secrets().inNamespace(namespace).withLabels(owned).list().getItems());
    deleteEach(
        client
            .apps()
            .controllerRevisions()
            .inNamespace(namespace)
            .withLabels(owned)
            .list()
            .getItems());
    metrics.forget(namespace, name);
    return DeleteControl.defaultDelete();
  }

  /**
   * Deletes {@code items} one by one: the RBAC the operator ships grants {@code delete} where it
   * needs it, never {@code deletecollection}, and not even {@code delete} on the Services, budget
   * and Secret, which a real API server's garbage collector removes through their owner references
   * (refused here, they are left to it).
   */
  private void deleteEach(List<? extends HasMetadata> items) {
    for (HasMetadata item : items) {
      try {
        client.resource(item).delete();
      } catch (KubernetesClientException refused) {
        if (refused.getCode() != 403) {
          throw refused;
        }
        LOG.debug(
            "not allowed to delete {} {}: the garbage collector will",
            item.getKind(),
            item.getMetadata().getName());
      }
    }
  }

  /**
   * Starts the drain decided on, or takes the one in progress a step further, and deletes the
   * node's pod once it holds nothing (or keeps it, cordoned, for a drain that keeps its node).
   * Returns when to take the next step, null when there was no drain to take a step of (then the
   * placement step may move slots in this pass).
   */
  private Duration drain(
      RealtimeFleet fleet,
      NodeAction next,
      FleetNodes nodes,
      FleetSettings settings,
      List<Pod> pods,
      HealthGateStatus stepGate) {
    String namespace = fleet.getMetadata().getNamespace();
    String name = fleet.getMetadata().getName();
    RealtimeFleetStatus status = fleet.getStatus();
    Coordinator coordinator = nodes.coordinator(settings);
    DrainStep.Outcome outcome;
    String node;
    if (next instanceof NodeAction.ContinueDrain carryOn) {
      node = carryOn.node();
      OperationStatus operation = status.getOperation();
      if (DrainStep.keeps(operation)) {
        Pod pod =
            pods.stream().filter(p -> p.getMetadata().getName().equals(node)).findFirst().get();
        if (ObservedFleet.replaceRequested(pod)) {
          // Evicted (or asked to be replaced) while it drained: the drain goes on, and its pod
          // goes at the end.
          operation.setKind(NodeAction.Reason.Replace.name());
        } else if (!ObservedFleet.drainRequested(pod)) {
          return endKeptDrain(fleet, coordinator, node, pod);
        }
      }
      outcome = DrainStep.step(coordinator, operation, settings, clock.instant());
    } else if (next instanceof NodeAction.Drain start) {
      // A fresh node takes the drained node's slots only once it is in the placement: the join
      // comes first (without a rebalance, which would move slots onto it from every node).
      PlacementStep.Outcome joined =
          PlacementStep.take(
              coordinator,
              nodes.peers(),
              new PlacementStep.Goal(
                  nodes.ready(), settings.replicas(), settings.slotCount(), false, null),
              pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet()));
      if (joined.acted()) {
        LOG.info(
            "fleet {}/{}: {} before draining {}", namespace, name, joined.action(), start.node());
        FleetStatusWriter.placement(
            status, joined, status.getObservedGeneration(), clock.instant());
        return NEXT_HANDOFF;
      }
      node = start.node();
      outcome = DrainStep.start(coordinator, node, start.reason(), settings, clock.instant());
      if (stepGate != null) {
        status.setHealthGate(stepGate);
      }
    } else {
      return null;
    }
    status.setOperation(outcome.operation());
    FleetStatusWriter.draining(status);
    switch (outcome.end()) {
      case DELETE_POD -> {
        deleteDrained(namespace, node, null);
        events.normal(fleet, "NodeDrained", outcome.action());
        return NEXT_STEP;
      }
      case KEEP_CORDONED -> {
        client
            .pods()
            .inNamespace(namespace)
            .withName(node)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                AnnotationPatch.of(
                    FleetLabels.DRAIN_ANNOTATION, null, FleetLabels.CORDON_ANNOTATION, "true"));
        coordinator.endDrain(node);
        events.normal(fleet, "NodeDrained", outcome.action());
        return NEXT_STEP;
      }
      default -> {}
    }
    if (next instanceof NodeAction.Drain) {
      events.normal(fleet, "DrainingNode", outcome.action());
    } else {
      LOG.info("fleet {}/{}: {}", namespace, name, outcome.action());
    }
    return DrainProgress.Step.MOVING_SLOTS.name().equals(outcome.operation().getStep())
        ? NEXT_HANDOFF
        : NEXT_LOOK;
  }

  /**
   * A drain that keeps its node, whose pod no longer asks for it: marked done by a pass that then
   * stopped (the pod is cordoned), or withdrawn ({@code rtctl node uncordon}). Either way the
   * node's drain ends, and it keeps what it still holds; the cordon step uncordons it if so asked.
   */
  private Duration endKeptDrain(
      RealtimeFleet fleet, Coordinator coordinator, String node, Pod pod) {
    coordinator.endDrain(node);
    fleet.getStatus().setOperation(null);
    if (CordonStep.cordonRequested(pod)) {
      events.normal(fleet, "NodeDrained", node + " is drained: kept, cordoned");
    } else {
      events.normal(
          fleet,
          "DrainWithdrawn",
          node + " is no longer to be drained: it keeps what it still holds, and is uncordoned");
    }
    return NEXT_STEP;
  }

  /**
   * Deletes a node pod that holds nothing, marked first ({@link FleetLabels#DRAINED_ANNOTATION}) so
   * that it is not taken for one someone else deleted, whose node must be drained; with {@code
   * graceSeconds}, or the pod's own grace when null.
   */
  private void deleteDrained(String namespace, String pod, Long graceSeconds) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            AnnotationPatch.of(FleetLabels.DRAINED_ANNOTATION, "true"));
    if (graceSeconds == null) {
      client.pods().inNamespace(namespace).withName(pod).delete();
    } else {
      client.pods().inNamespace(namespace).withName(pod).withGracePeriod(graceSeconds).delete();
    }
  }

  /**
   * Replaces the status (the status subresource, at the resource version this pass read) unless it
   * is what the pass read ({@code before}, as JSON), and asks to be called again after {@code
   * next}. Not the SDK's status patch: that is a JSON patch computed against the cached resource,
   * whose list indexes Fabric8's mock server refuses once it holds a newer status (and then never
   * answers the request); nor a merge patch, which the mock server applies to lists by appending. A
   * replacement is what both servers do alike. A conflict (the fleet changed since it was read) is
   * left to the next pass, a second later.
   */
  private UpdateControl<RealtimeFleet> writeStatus(
      RealtimeFleet fleet, String before, Duration next) {
    metrics.fleet(
        fleet.getMetadata().getNamespace(), fleet.getMetadata().getName(), fleet.getStatus());
    if (Serialization.asJson(fleet.getStatus()).equals(before)) {
      // Nothing changed: a write would only cost the API server a request and every watcher an
      // event, for every fleet every few seconds.
      return UpdateControl.<RealtimeFleet>noUpdate().rescheduleAfter(next);
    }
    return UpdateControl.<RealtimeFleet>noUpdate()
        .rescheduleAfter(replaceStatus(fleet) ? next : NEXT_STEP);
  }

  /**
   * Replaces the status, and takes the fleet's new resource version; false when the fleet changed
   * since this pass read it (409).
   */
  private boolean replaceStatus(RealtimeFleet fleet) {
    try {
      RealtimeFleet written = client.resource(fleet).updateStatus();
      fleet.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
      return true;
    } catch (KubernetesClientException conflict) {
      if (conflict.getCode() != 409) {
        throw conflict;
      }
      return false;
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
