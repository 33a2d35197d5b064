package io.rtfleet.controller.rebalance;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rtfleet.api.crd.GuildRebalance;
import io.rtfleet.api.crd.GuildRebalanceStatus;
import io.rtfleet.api.crd.Proposal;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RebalanceState;
import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.controller.events.OperatorEvents;
import io.rtfleet.controller.fleet.FleetNodes;
import io.rtfleet.controller.model.AnnotationPatch;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetObjects;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.model.InvalidSpec;
import io.rtfleet.coordinator.AdminFailure;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.FleetSnapshot;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import io.rtfleet.coordinator.MoveProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries GuildRebalances out (see {@link RebalanceLifecycle}): plans a proposal from the fleet as
 * its nodes report it, waits for the {@code rtfleet.io/rebalance=approve} annotation (or {@code
 * autoApprove}), then hands the proposal's batches off one per pass through the coordinator, while
 * the fleet has no drain in progress. Its progress is read from the placement in force each pass,
 * so a restarted operator carries on. The action annotation is removed once acted on, as Strimzi
 * does, so that the same value can be given again.
 *
 * <p>Not generation-aware: the annotations that drive it do not change the generation.
 */
@ControllerConfiguration(name = RebalanceReconciler.NAME, generationAwareEventProcessing = false)
public final class RebalanceReconciler implements Reconciler<GuildRebalance> {
  public static final String NAME = "guildrebalance";
  private static final Logger LOG = LoggerFactory.getLogger(RebalanceReconciler.class);

  /** Between two batches: each pauses the writes of its guilds for milliseconds only. */
  private static final Duration NEXT_BATCH = Duration.ofMillis(50);

  /** While waiting on something (the fleet, approval), and to refresh a stale proposal. */
  private static final Duration LOOK_AGAIN = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Clock clock;
  private final OperatorEvents events;
  private final OkHttpClient admin = HttpNodeAdminClient.newHttpClient();

  public RebalanceReconciler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.events = new OperatorEvents(client, clock);
  }

  @Override
  public UpdateControl<GuildRebalance> reconcile(
      GuildRebalance cached, Context<GuildRebalance> context) {
    // Read afresh: the informer's copy may not have this reconciler's last status write yet (it is
    // written here, not through the SDK), and a pass that acted on the state before it would, say,
    // plan again a proposal whose first batch it just handed off.
    GuildRebalance rebalance =
        client
            .resources(GuildRebalance.class)
            .inNamespace(cached.getMetadata().getNamespace())
            .withName(cached.getMetadata().getName())
            .get();
    if (rebalance == null) {
      return UpdateControl.noUpdate();
    }
    String action = action(rebalance);
    if (finished(rebalance) && action == null) {
      // Done or stopped: nothing to look at until someone annotates or edits it (an event).
      return UpdateControl.noUpdate();
    }
    GuildRebalanceStatus status =
        rebalance.getStatus() == null ? new GuildRebalanceStatus() : rebalance.getStatus();
    String before = Serialization.asJson(status);
    rebalance.setStatus(status);
    if (action != null) {
      // Not written back with the status: an API server that stores the whole object on a status
      // write (the mock server) would otherwise put it back after it was removed.
      rebalance.getMetadata().getAnnotations().remove(GuildRebalance.ACTION_ANNOTATION);
    }
    Duration next;
    try {
      next = step(rebalance, status, action);
    } catch (AdminFailure failure) {
      // A stale epoch (the fleet moved under the batch), a node not answering: the next pass
      // reads the fleet again.
      LOG.warn("GuildRebalance {}: {}", key(rebalance), failure.getMessage());
      hold(status, rebalance, "NodeCallFailed", failure.getMessage());
      next = LOOK_AGAIN;
    }
    status.setObservedGeneration(generation(rebalance));
    if (!writeStatus(rebalance, before)) {
      return UpdateControl.<GuildRebalance>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
    }
    if (action != null) {
      forgetAction(rebalance);
    }
    return UpdateControl.<GuildRebalance>noUpdate().rescheduleAfter(next);
  }

  private Duration step(GuildRebalance rebalance, GuildRebalanceStatus status, String action) {
    if (action != null
        && !List.of(RebalanceLifecycle.APPROVE, RebalanceLifecycle.STOP, RebalanceLifecycle.REFRESH)
            .contains(action)) {
      events.warning(
          rebalance,
          "UnknownAction",
          GuildRebalance.ACTION_ANNOTATION
              + "="
              + action
              + " is not an action: use approve, stop or refresh");
      action = null;
    }
    try {
      RebalanceRequest.check(rebalance.getSpec());
    } catch (InvalidSpec invalid) {
      notReady(status, rebalance, "InvalidSpec", invalid.getMessage());
      return LOOK_AGAIN;
    }
    String fleetName = rebalance.getSpec().getFleet();
    String namespace = rebalance.getMetadata().getNamespace();
    RealtimeFleet fleet =
        client.resources(RealtimeFleet.class).inNamespace(namespace).withName(fleetName).get();
    if (fleet == null) {
      notReady(
          status, rebalance, "FleetNotFound", "no RealtimeFleet " + fleetName + " in " + namespace);
      return LOOK_AGAIN;
    }
    RebalanceRequest request;
    try {
      request = RebalanceRequest.of(rebalance.getSpec(), FleetSettings.of(fleet.getSpec()));
    } catch (InvalidSpec invalid) {
      notReady(status, rebalance, "InvalidSpec", invalid.getMessage());
      return LOOK_AGAIN;
    }
    Secret secret =
        client.secrets().inNamespace(namespace).withName(FleetObjects.secretName(fleetName)).get();
    String token = secret == null ? null : FleetObjects.adminToken(secret);
    List<Pod> pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabels(FleetLabels.owned(fleetName))
            .list()
            .getItems();
    if (token == null || pods.isEmpty()) {
      pending(status, rebalance, "the fleet " + fleetName + " has no running node yet");
      return LOOK_AGAIN;
    }
    Coordinator coordinator =
        FleetNodes.of(pods, token, admin)
            .coordinator(
                request.movesPerBatch(),
                new PlanLimits(request.balanceFactor(), Integer.MAX_VALUE, Integer.MAX_VALUE));
    FleetSnapshot seen;
    try {
      seen = coordinator.observe();
    } catch (AdminFailure noPlacement) {
      if (noPlacement.kind() != AdminFailure.Kind.REFUSED) {
        throw noPlacement;
      }
      pending(status, rebalance, "the fleet " + fleetName + " has no placement yet");
      return LOOK_AGAIN;
    }
    Proposal proposal = status.getProposal();
    List<Move> proposed = proposal == null ? List.of() : ProposalPlanner.moves(proposal);
    RebalanceProgress progress =
        RebalanceProgress.of(
            proposed, seen.table(), seen.states().keySet(), request.movesPerBatch());
    String busy =
        fleet.getStatus() == null || fleet.getStatus().getOperation() == null
            ? null
            : "drain of " + fleet.getStatus().getOperation().getNode();
    RebalanceStep step =
        RebalanceLifecycle.decide(
            new RebalanceLifecycle.Seen(
                status.getState(),
                action,
                Boolean.TRUE.equals(rebalance.getSpec().getAutoApprove()),
                status.getObservedGeneration() != null
                    && status.getObservedGeneration() != generation(rebalance),
                proposal == null ? null : proposal.getEpoch(),
                seen.table().epoch(),
                progress.done(),
                progress.remaining().size(),
                busy));
    if (step instanceof RebalanceStep.Propose propose) {
      return propose(rebalance, status, seen, request, propose.why());
    }
    if (step instanceof RebalanceStep.HandOff) {
      return handOff(rebalance, status, coordinator, seen, progress);
    }
    if (step instanceof RebalanceStep.Finish) {
      return finish(rebalance, status, progress);
    }
    if (step instanceof RebalanceStep.Stop) {
      set(status, rebalance, RebalanceState.Stopped, "Stopped", stopMessage(progress));
      events.normal(rebalance, "RebalanceStopped", stopMessage(progress));
    } else if (step instanceof RebalanceStep.Hold hold) {
      hold(status, rebalance, "Waiting", hold.why());
    }
    return LOOK_AGAIN;
  }

  private Duration propose(
      GuildRebalance rebalance,
      GuildRebalanceStatus status,
      FleetSnapshot seen,
      RebalanceRequest request,
      String why) {
    Proposal proposal;
    try {
      proposal =
          ProposalPlanner.propose(
              seen.table(),
              seen.planningNodes(),
              seen.slotLoads(),
              seen.pinnedLoads(),
              seen.slotGuilds(),
              request,
              clock.instant());
    } catch (InvalidSpec invalid) {
      notReady(status, rebalance, "InvalidSpec", invalid.getMessage());
      return LOOK_AGAIN;
    }
    List<Move> moves = ProposalPlanner.moves(proposal);
    int batches = Coordinator.batches(moves, request.movesPerBatch()).size();
    status.setProposal(proposal);
    status.setBatchesTotal(batches);
    status.setBatchesDone(0);
    status.setBatches("0/" + batches);
    String summary =
        moves.isEmpty()
            ? "nothing to move: every node is within the balance factor"
            : String.format(
                Locale.ROOT,
                "%d slots (%d guilds) in %d batches; the most loaded node %.2f× the mean, %.2f×"
                    + " after (%s)",
                proposal.getSlots(),
                proposal.getGuilds(),
                batches,
                proposal.getMaxOverMeanBefore(),
                proposal.getMaxOverMeanAfter(),
                why);
    set(status, rebalance, RebalanceState.ProposalReady, "ProposalReady", summary);
    events.normal(
        rebalance, "ProposalReady", "proposal at epoch " + proposal.getEpoch() + ": " + summary);
    return Boolean.TRUE.equals(rebalance.getSpec().getAutoApprove()) ? NEXT_BATCH : LOOK_AGAIN;
  }

  private Duration handOff(
      GuildRebalance rebalance,
      GuildRebalanceStatus status,
      Coordinator coordinator,
      FleetSnapshot seen,
      RebalanceProgress progress) {
    if (status.getState() != RebalanceState.Rebalancing) {
      events.normal(
          rebalance,
          "RebalanceStarted",
          "handing off "
              + progress.remaining().size()
              + " slots in "
              + progress.batchesTotal()
              + " batches");
    }
    MoveProgress moved = coordinator.handOffFirstBatch(seen, progress.remaining());
    int done = progress.batchesDone() + 1;
    status.setBatchesDone(done);
    status.setBatchesTotal(progress.batchesTotal());
    status.setBatches(done + "/" + progress.batchesTotal());
    set(
        status,
        rebalance,
        RebalanceState.Rebalancing,
        "Rebalancing",
        "handed off "
            + moved.handed().size()
            + " slots to "
            + moved.handed().get(0).to()
            + " at epoch "
            + moved.epoch()
            + "; batch "
            + done
            + " of "
            + progress.batchesTotal());
    return NEXT_BATCH;
  }

  private Duration finish(
      GuildRebalance rebalance, GuildRebalanceStatus status, RebalanceProgress progress) {
    status.setBatchesDone(progress.batchesTotal());
    status.setBatches(progress.batchesTotal() + "/" + progress.batchesTotal());
    String message =
        progress.done()
            + " slots moved"
            + (progress.dropped() == 0
                ? ""
                : "; "
                    + progress.dropped()
                    + " left out, their slot or node changed by the fleet meanwhile");
    set(status, rebalance, RebalanceState.Ready, "RebalanceDone", message);
    events.normal(rebalance, "RebalanceDone", message);
    return LOOK_AGAIN;
  }

  private static String stopMessage(RebalanceProgress progress) {
    return "stopped on request: "
        + progress.done()
        + " slots moved stay where they are, "
        + progress.remaining().size()
        + " not moved";
  }

  private void set(
      GuildRebalanceStatus status,
      GuildRebalance rebalance,
      RebalanceState state,
      String reason,
      String message) {
    status.setState(state);
    status.setConditions(
        Conditions.set(
            null, state.name(), true, reason, message, generation(rebalance), clock.instant()));
  }

  /** Stays in its state, telling why in its condition. */
  private void hold(
      GuildRebalanceStatus status, GuildRebalance rebalance, String reason, String message) {
    RebalanceState state =
        status.getState() == null ? RebalanceState.PendingProposal : status.getState();
    List<io.fabric8.kubernetes.api.model.Condition> current =
        status.getConditions() != null
                && status.getConditions().size() == 1
                && status.getConditions().get(0).getType().equals(state.name())
            ? status.getConditions()
            : null;
    status.setState(state);
    status.setConditions(
        Conditions.set(
            current, state.name(), true, reason, message, generation(rebalance), clock.instant()));
  }

  private void pending(GuildRebalanceStatus status, GuildRebalance rebalance, String message) {
    if (status.getState() == null || status.getState() == RebalanceState.PendingProposal) {
      set(status, rebalance, RebalanceState.PendingProposal, "WaitingForFleet", message);
    } else {
      hold(status, rebalance, "WaitingForFleet", message);
    }
  }

  private void notReady(
      GuildRebalanceStatus status, GuildRebalance rebalance, String reason, String message) {
    if (status.getState() != RebalanceState.NotReady) {
      events.warning(rebalance, reason, message);
    }
    set(status, rebalance, RebalanceState.NotReady, reason, message);
  }

  /** Ready or Stopped, at the generation it was done at. */
  private static boolean finished(GuildRebalance rebalance) {
    GuildRebalanceStatus status = rebalance.getStatus();
    return status != null
        && (status.getState() == RebalanceState.Ready
            || status.getState() == RebalanceState.Stopped)
        && status.getObservedGeneration() != null
        && status.getObservedGeneration() == generation(rebalance);
  }

  private static String action(GuildRebalance rebalance) {
    Map<String, String> annotations = rebalance.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(GuildRebalance.ACTION_ANNOTATION);
    return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
  }

  /** Removes the action annotation once acted on (a JSON merge patch; null deletes the key). */
  private void forgetAction(GuildRebalance rebalance) {
    client
        .resources(GuildRebalance.class)
        .inNamespace(rebalance.getMetadata().getNamespace())
        .withName(rebalance.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            AnnotationPatch.of(GuildRebalance.ACTION_ANNOTATION, null));
  }

  /**
   * Replaces the status at the resource version this pass read, unless unchanged; false when the
   * resource changed meanwhile (the next pass acts on what it became).
   */
  private boolean writeStatus(GuildRebalance rebalance, String before) {
    if (Serialization.asJson(rebalance.getStatus()).equals(before)) {
      return true;
    }
    try {
      client.resource(rebalance).updateStatus();
      return true;
    } catch (KubernetesClientException conflict) {
      if (conflict.getCode() != 409) {
        throw conflict;
      }
      return false;
    }
  }

  private static long generation(GuildRebalance rebalance) {
    Long generation = rebalance.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static String key(GuildRebalance rebalance) {
    return rebalance.getMetadata().getNamespace() + "/" + rebalance.getMetadata().getName();
  }
}
