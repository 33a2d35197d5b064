package io.rtfleet.controller.rollout;

import io.rtfleet.controller.rollout.NodeAction.Blocked;
import io.rtfleet.controller.rollout.NodeAction.ContinueDrain;
import io.rtfleet.controller.rollout.NodeAction.Create;
import io.rtfleet.controller.rollout.NodeAction.Drain;
import io.rtfleet.controller.rollout.NodeAction.Reason;
import io.rtfleet.controller.rollout.NodeAction.Settled;
import io.rtfleet.controller.rollout.NodeAction.Wait;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides what happens next to a fleet's nodes: create one, drain one, or wait. Scale-ups,
 * scale-downs, rollouts and requested replacements are one decision, so that a fleet never has two
 * disruptions at once: one drain at a time, and it is finished before anything else is decided but
 * the start of the next replacement's fresh node (which disrupts nobody).
 *
 * <p>A rollout is drain-first: with {@code maxSurge} a fresh node at the new revision starts and
 * becomes ready, then an old node drains (its slots go mostly to the fresh node, the emptiest; its
 * sessions reconnect through the Service and resume) and its pod is deleted; with {@code
 * maxUnavailable} instead, an old node drains first and its replacement is created once its pod is
 * gone. Old nodes go in Strimzi's order: unready ones first (replacing them costs nothing), then
 * from the highest ordinal down. A drain never starts while it would leave fewer than {@code
 * replicas - maxUnavailable} other ready nodes, but for the drain of a node whose pod someone else
 * deleted: that node goes anyway, and is drained as soon as it is the only drain (its replacement
 * is created first). A drain that keeps its node (someone's request) goes before all of these but
 * the replacement of a deleted pod, as soon as another node is ready to take what it holds.
 *
 * <p>Pure: the same view always gives the same action, whatever the order of its nodes.
 */
public final class NextNodeAction {
  /** The reason of the block of a drain that keeps the fleet's only node. */
  public static final String NOTHING_TO_DRAIN_INTO = "NothingToDrainInto";

  private NextNodeAction() {}

  public static NodeAction decide(FleetView view) {
    if (view.halted() == null) {
      return decideAtRevision(view);
    }
    // Nodes at the update revision fail to start: making more would only loop. The rollout stops
    // as if paused, and nothing that needs a new node is done until the template changes.
    NodeAction next = decideAtRevision(view.paused());
    if (next instanceof Create create) {
      return new Wait(
          "not creating "
              + create.pod()
              + ": nodes at revision "
              + view.updateRevision()
              + " fail to start ("
              + view.halted()
              + "); fix the template, or restore the last one");
    }
    if (next instanceof Settled settled) {
      return new Settled(
          "rollout halted: nodes at revision "
              + view.updateRevision()
              + " fail to start ("
              + view.halted()
              + ")");
    }
    return next;
  }

  private static NodeAction decideAtRevision(FleetView view) {
    List<NodeView> live = view.live();
    int replicas = view.replicas();
    RolloutPolicy policy = view.policy();
    List<NodeView> stopping = view.stopping();
    if (view.draining() != null
        && (live.stream().anyMatch(n -> n.name().equals(view.draining()))
            || stopping.stream().anyMatch(n -> n.name().equals(view.draining())))) {
      return startNextWhileDraining(view, live).orElse(new ContinueDrain(view.draining()));
    }
    if (live.size() < replicas) {
      return new Create(view.nextFreeName(), live.size() + " of " + replicas + " nodes exist");
    }
    if (!stopping.isEmpty()) {
      // Its pod is going whatever is decided here: the only choice left is whether its slots are
      // handed off (nothing lost, sessions resume) or failed over once its grace period ends.
      return new Drain(stopping.get(0).name(), Reason.PodDeleted);
    }
    Optional<NodeView> toEmpty =
        live.stream()
            .filter(n -> n.drainRequested() && !n.replaceRequested())
            .min(Comparator.comparing(NodeView::name));
    if (toEmpty.isPresent()) {
      return emptyIfSafe(live, toEmpty.get());
    }
    List<NodeView> toReplace = toReplace(view, live);
    if (!toReplace.isEmpty()
        && live.size() < replicas + Math.min(policy.maxSurge(), toReplace.size())) {
      return new Create(
          view.nextFreeName(), "a fresh node to take over from " + toReplace.get(0).name());
    }
    if (live.size() > replicas) {
      NodeView victim = live.stream().sorted(victimOrder(view)).findFirst().orElseThrow();
      return drainIfSafe(view, live, victim);
    }
    if (!toReplace.isEmpty()) {
      if (policy.maxUnavailable() == 0) {
        return new Blocked(
            "NoRoomToReplaceNodes",
            "rollout.maxSurge and rollout.maxUnavailable are both 0, so no node can be replaced"
                + " without a disruption the spec forbids: set either above 0");
      }
      return drainIfSafe(view, live, toReplace.get(0));
    }
    return settled(view, live);
  }

  /**
   * The fresh node for the next replacement, started while a node drains: the draining node is on
   * its way out and does not count against {@code maxSurge}, as a terminating pod does not count in
   * a Deployment's rollout, so the next node's start (seconds of JVM start-up on a busy machine)
   * overlaps the drain instead of following it. Not while the rollout is paused or halted, and
   * never a second drain: the fresh node only waits, ready, for its turn.
   */
  private static Optional<NodeAction> startNextWhileDraining(FleetView view, List<NodeView> live) {
    if (view.policy().paused() || view.policy().maxSurge() == 0) {
      return Optional.empty();
    }
    Optional<NodeView> leaving =
        live.stream().filter(n -> n.name().equals(view.draining())).findFirst();
    if (leaving.isEmpty()
        || (isUpdated(view, leaving.get()) && !leaving.get().replaceRequested())) {
      // Not a replacement (a scale-down), or a pod deleted by hand, whose replacement is made as
      // it is now.
      return Optional.empty();
    }
    List<NodeView> staying = live.stream().filter(n -> n != leaving.get()).toList();
    List<NodeView> toReplace = toReplace(view, staying);
    if (toReplace.isEmpty()
        || staying.size()
            >= view.replicas() + Math.min(view.policy().maxSurge(), toReplace.size())) {
      return Optional.empty();
    }
    return Optional.of(
        new Create(
            view.nextFreeName(),
            "a fresh node to take over from "
                + toReplace.get(0).name()
                + ", started while "
                + view.draining()
                + " drains",
            true));
  }

  /**
   * Nodes that are to be replaced, first to go first: those someone asked to replace, then as many
   * old-revision nodes as the rollout still has to update (none while paused; a partition stops it
   * early).
   */
  private static List<NodeView> toReplace(FleetView view, List<NodeView> live) {
    List<NodeView> replace = new ArrayList<>();
    live.stream()
        .filter(NodeView::replaceRequested)
        .sorted(victimOrder(view))
        .forEach(replace::add);
    if (!view.policy().paused()) {
      long updated = live.stream().filter(n -> isUpdated(view, n)).count();
      long stillToUpdate = Math.max(0, view.policy().updateTarget(view.replicas()) - updated);
      live.stream()
          .filter(n -> !n.replaceRequested() && !isUpdated(view, n))
          .sorted(victimOrder(view))
          .limit(stillToUpdate)
          .forEach(replace::add);
    }
    return replace;
  }

  /** Requested replacements, then old revisions, then the rest; unready first; highest first. */
  private static Comparator<NodeView> victimOrder(FleetView view) {
    return Comparator.comparing((NodeView n) -> !n.replaceRequested())
        .thenComparing(n -> isUpdated(view, n))
        .thenComparing(NodeView::ready)
        .thenComparing(Comparator.comparingInt(NodeView::ordinal).reversed());
  }

  private static NodeAction drainIfSafe(FleetView view, List<NodeView> live, NodeView victim) {
    List<String> unreadyOthers =
        live.stream()
            .filter(n -> !n.ready() && !n.name().equals(victim.name()))
            .map(NodeView::name)
            .toList();
    long readyOthers = live.size() - 1 - unreadyOthers.size();
    if (view.replicas() - readyOthers > view.policy().maxUnavailable()) {
      return new Wait(
          "waiting for "
              + String.join(", ", unreadyOthers)
              + " to become ready before draining "
              + victim.name());
    }
    Reason reason =
        victim.replaceRequested()
            ? Reason.Replace
            : !isUpdated(view, victim) && !view.policy().paused()
                ? Reason.Rollout
                : Reason.ScaleDown;
    return new Drain(victim.name(), reason);
  }

  /**
   * A drain someone asked for that keeps the node: its slots and sessions go to the other nodes, so
   * it starts only once one of them is ready to take them, and never in a fleet of one node.
   */
  private static NodeAction emptyIfSafe(List<NodeView> live, NodeView node) {
    if (live.size() == 1) {
      return new Blocked(
          NOTHING_TO_DRAIN_INTO,
          node.name()
              + " is the fleet's only node: nothing could take its slots and sessions. Scale the"
              + " fleet up, or replace the node ('rtctl node replace'); 'rtctl node uncordon "
              + node.name()
              + "' withdraws the drain");
    }
    if (live.stream().noneMatch(n -> n.ready() && n != node)) {
      return new Wait(
          "waiting for another node to be ready to take the slots and sessions of "
              + node.name()
              + " before draining it");
    }
    return new Drain(node.name(), Reason.Drain);
  }

  private static NodeAction settled(FleetView view, List<NodeView> live) {
    long outdated = live.stream().filter(n -> !isUpdated(view, n)).count();
    if (outdated == 0) {
      return new Settled("every node runs revision " + view.updateRevision());
    }
    String old =
        live.stream()
            .filter(n -> !isUpdated(view, n))
            .map(NodeView::name)
            .collect(Collectors.joining(", "));
    return new Settled(
        view.policy().paused()
            ? "rollout paused: " + old + " still run an older revision"
            : "partition reached: "
                + (live.size() - outdated)
                + " of "
                + live.size()
                + " nodes run revision "
                + view.updateRevision()
                + "; "
                + old
                + " keep the older one");
  }

  private static boolean isUpdated(FleetView view, NodeView node) {
    return view.updateRevision().equals(node.revision());
  }
}
