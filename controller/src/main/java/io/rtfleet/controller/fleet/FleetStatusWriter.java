package io.rtfleet.controller.fleet;

import io.fabric8.kubernetes.api.model.Pod;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.crd.FleetNodeStatus;
import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.controller.model.Conditions;
import io.rtfleet.controller.model.FleetLabels;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.model.NodePods;
import io.rtfleet.controller.rollout.NodeAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Writes what a reconcile saw of a fleet's pods into its status. Pure. */
final class FleetStatusWriter {
  private FleetStatusWriter() {}

  static void write(
      RealtimeFleetStatus status,
      String fleet,
      FleetSettings settings,
      String revision,
      List<Pod> pods,
      long generation,
      Instant now) {
    Set<String> served = served(status);
    // What was seen of each node before: a pass that takes a drain's step does not ask the nodes
    // for their counts, and they would read as zero until the operation ends.
    Map<String, FleetNodeStatus> before = new HashMap<>();
    if (status.getNodes() != null) {
      status.getNodes().forEach(node -> before.put(node.getName(), node));
    }
    List<FleetNodeStatus> nodes = new ArrayList<>();
    int ready = 0;
    int updated = 0;
    int existing = 0;
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      existing++;
      FleetNodeStatus node = new FleetNodeStatus();
      node.setName(pod.getMetadata().getName());
      node.setRevision(pod.getMetadata().getLabels().get(FleetLabels.REVISION));
      node.setReady(NodePods.ready(pod));
      node.setServed(node.isReady() || served.contains(node.getName()));
      node.setPhase(node.isReady() ? "Active" : "Starting");
      FleetNodeStatus seen = before.get(node.getName());
      if (seen != null) {
        node.setLostSince(seen.getLostSince());
        node.setSlots(seen.getSlots());
        node.setSessions(seen.getSessions());
        node.setGuilds(seen.getGuilds());
      }
      ready += node.isReady() ? 1 : 0;
      updated += revision.equals(node.getRevision()) ? 1 : 0;
      nodes.add(node);
    }
    nodes.sort(Comparator.comparing(FleetNodeStatus::getName));
    status.setObservedGeneration(generation);
    status.setReplicas(existing);
    status.setReadyReplicas(ready);
    status.setUpdatedReplicas(updated);
    status.setReady(ready + "/" + settings.replicas());
    status.setLabelSelector(FleetLabels.selectorString(fleet));
    status.setUpdateRevision(revision);
    if (updated == existing && existing == settings.replicas()) {
      status.setCurrentRevision(revision);
    }
    status.setRollout(
        revision.equals(status.getCurrentRevision())
            ? "Complete"
            : updated + "/" + settings.replicas() + " updated");
    status.setNodes(nodes);
    draining(status);
    // Ready: serving at the capacity asked for (a scale-down's extra node does not make it less).
    boolean allReady = ready >= settings.replicas();
    boolean settled = allReady && existing == settings.replicas() && status.getOperation() == null;
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            Conditions.READY,
            allReady,
            allReady ? "NodesReady" : "NodesNotReady",
            ready + " of " + settings.replicas() + " nodes are ready",
            generation,
            now));
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            Conditions.PROGRESSING,
            !settled,
            settled
                ? "Settled"
                : status.getOperation() != null
                    ? status.getOperation().getKind()
                    : existing < settings.replicas() ? "CreatingNodes" : "StartingNodes",
            settled
                ? "every node runs revision " + revision
                : status.getOperation() != null
                    ? status.getOperation().getNode() + ": " + status.getOperation().getProgress()
                    : existing
                        + " of "
                        + settings.replicas()
                        + " node pods exist, "
                        + ready
                        + " ready",
            generation,
            now));
  }

  /** What each starting node is doing, in its status entry's message. */
  static void starting(RealtimeFleetStatus status, Map<String, StartingNodes.Start> starts) {
    status.getNodes().stream()
        .filter(node -> starts.containsKey(node.getName()))
        .forEach(node -> node.setMessage(starts.get(node.getName()).message()));
  }

  /** The nodes the status shows to have been ready at some time (see {@code served}). */
  static Set<String> served(RealtimeFleetStatus status) {
    return status.getNodes() == null
        ? Set.of()
        : status.getNodes().stream()
            .filter(FleetNodeStatus::isServed)
            .map(FleetNodeStatus::getName)
            .collect(Collectors.toSet());
  }

  /**
   * Why a rollout is held although its spec lets it go on (a health gate): a condition reason, and
   * a message that says what to do.
   */
  record Hold(String reason, String message) {}

  /**
   * What the next-action decision says of the rollout: why the fleet waits, why it can never
   * progress, why it stopped with nodes at an older revision (paused, a partition reached), or what
   * holds it ({@code hold}, null when nothing does).
   */
  static void rollout(
      RealtimeFleetStatus status,
      NodeAction next,
      FleetSettings settings,
      Hold hold,
      long generation,
      Instant now) {
    int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
    boolean older = updated < status.getReplicas();
    boolean halted =
        status.getHaltedRevision() != null
            && status.getHaltedRevision().equals(status.getUpdateRevision());
    String why =
        halted
            ? "NodeFailedToStart"
            : hold != null ? hold.reason() : settings.paused() ? "Paused" : "PartitionReached";
    if (next instanceof NodeAction.Blocked blocked) {
      status.setRollout("Blocked");
      progressing(status, false, blocked.reason(), blocked.message(), generation, now);
    } else if (next instanceof NodeAction.Wait waiting) {
      progressing(status, true, "Waiting", waiting.why(), generation, now);
    } else if (next instanceof NodeAction.Settled settled && older) {
      progressing(
          status,
          false,
          why.equals("Paused") ? "RolloutPaused" : why,
          hold != null ? hold.message() : settled.why(),
          generation,
          now);
    }
    boolean paused = older && (next instanceof NodeAction.Settled || halted || hold != null);
    if (paused) {
      status.setRollout(
          (halted
                  ? "Halted "
                  : hold != null ? "Held " : settings.paused() ? "Paused " : "Partition ")
              + status.getRollout());
    }
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            Conditions.ROLLOUT_PAUSED,
            paused,
            paused ? why : "NotPaused",
            paused
                ? updated
                    + " of "
                    + status.getReplicas()
                    + " nodes run the update revision"
                    + (halted ? ": " + status.getHaltReason() : "")
                    + (hold != null ? ": " + hold.message() : "")
                : "the rollout is not paused",
            generation,
            now));
  }

  /** Degraded while a step has run past its progress deadline, with the step and the node. */
  static void degraded(
      RealtimeFleetStatus status, Optional<String> overrun, long generation, Instant now) {
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            Conditions.DEGRADED,
            overrun.isPresent(),
            overrun.isPresent() ? "ProgressDeadlineExceeded" : "WithinDeadlines",
            overrun.orElse("every step is within its progress deadline"),
            generation,
            now));
  }

  private static void progressing(
      RealtimeFleetStatus status,
      boolean value,
      String reason,
      String message,
      long generation,
      Instant now) {
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            Conditions.PROGRESSING,
            value,
            reason,
            message,
            generation,
            now));
  }

  /**
   * The node the operation in progress drains, as far as it has got: {@code Draining}, with the
   * slots and sessions it has left.
   */
  static void draining(RealtimeFleetStatus status) {
    OperationStatus operation = status.getOperation();
    if (operation == null || status.getNodes() == null) {
      return;
    }
    for (FleetNodeStatus node : status.getNodes()) {
      if (node.getName().equals(operation.getNode())) {
        node.setPhase("Draining");
        if (operation.getSlotsLeft() != null) {
          node.setSlots(operation.getSlotsLeft());
        }
        if (operation.getSessionsLeft() != null) {
          node.setSessions(operation.getSessionsLeft());
        }
      }
    }
  }

  /** What the placement step saw of the nodes, and whether the fleet is balanced. */
  static void placement(
      RealtimeFleetStatus status, PlacementStep.Outcome outcome, long generation, Instant now) {
    if (outcome.epoch() >= 0) {
      status.setPlacementEpoch(outcome.epoch());
    }
    long sessions = 0;
    long guilds = 0;
    for (FleetNodeStatus node : status.getNodes()) {
      node.setSlots(outcome.slots().getOrDefault(node.getName(), 0));
      NodeState state = outcome.states().get(node.getName());
      if (state == null && outcome.unanswered().contains(node.getName()) && node.getSlots() > 0) {
        // It owns slots, so it answered before, and its pod runs, but its admin API does not
        // answer now: a hang or a partition. A node that does not answer yet is only starting.
        node.setPhase("Lost");
        if (node.getLostSince() == null) {
          node.setLostSince(now.toString());
        }
      }
      if (state != null) {
        node.setLostSince(null);
        node.setPhase(phaseName(state.phase()));
        node.setSessions(state.sessions().total());
        node.setGuilds(state.guilds());

        sessions += state.sessions().total();
        guilds += state.guilds();
      }
    }
    status.setSessions(sessions);
    status.setGuilds(guilds);
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            Conditions.BALANCED,
            outcome.balanced(),
            outcome.balanced() ? "WithinBalanceFactor" : "Rebalancing",
            outcome.action(),
            generation,
            now));
  }

  /** {@code Active}, {@code Draining}, …: the phase as the status and kubectl show it. */
  private static String phaseName(NodePhase phase) {
    String lower = phase.name().toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
