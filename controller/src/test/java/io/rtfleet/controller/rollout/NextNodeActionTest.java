package io.rtfleet.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.controller.rollout.NodeAction.Blocked;
import io.rtfleet.controller.rollout.NodeAction.ContinueDrain;
import io.rtfleet.controller.rollout.NodeAction.Create;
import io.rtfleet.controller.rollout.NodeAction.Drain;
import io.rtfleet.controller.rollout.NodeAction.Reason;
import io.rtfleet.controller.rollout.NodeAction.Settled;
import io.rtfleet.controller.rollout.NodeAction.Wait;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

/**
 * The next-action decision, run against a simulated fleet in which nothing fails: pods become ready
 * after a few passes, drains finish after a few steps, and someone may delete a pod by hand.
 * Whatever the fleet and the policy, every drain the operator chooses leaves enough ready nodes, no
 * more nodes run than {@code replicas + maxSurge}, every pod deleted by hand is drained before it
 * goes, and the fleet always gets to where it was asked to be.
 */
class NextNodeActionTest {
  private static final String OLD = "rev-old";
  private static final String NEW = "rev-new";

  @Property(tries = 2_000)
  void aFleetInWhichNothingFailsGetsWhereItWasAskedToBeWithinItsDisruptionBudget(
      @ForAll("fleets") SimulatedFleet fleet) {
    // A node draining for a replacement is on its way out: it does not count against maxSurge.
    int surgeCeiling = Math.max(fleet.live().size(), fleet.replicas + fleet.policy.maxSurge() + 1);
    NodeAction action = null;
    for (int pass = 0; pass < 400; pass++) {
      fleet.time();
      FleetView view = fleet.view();
      action = NextNodeAction.decide(view);
      assertThat(NextNodeAction.decide(fleet.shuffledView())).isEqualTo(action);
      if (action instanceof Create create) {
        long staying = fleet.live().stream().filter(n -> !n.name.equals(fleet.draining)).count();
        assertThat(staying < fleet.replicas + fleet.policy.maxSurge() || staying < fleet.replicas)
            .as("created %s with %d nodes", create.pod(), fleet.live().size())
            .isTrue();
        assertThat(fleet.nodes).noneMatch(n -> n.name.equals(create.pod()));
      }
      if (action instanceof Drain drain) {
        assertThat(fleet.draining).as("a drain while another runs").isNull();
        if (drain.reason() == Reason.PodDeleted) {
          assertThat(fleet.named(drain.node()).stopping).isTrue();
          fleet.apply(action);
          continue;
        }
        long readyOthers =
            fleet.live().stream().filter(n -> n.ready && !n.name.equals(drain.node())).count();
        assertThat(readyOthers)
            .as("ready nodes left when %s drains", drain.node())
            .isGreaterThanOrEqualTo(fleet.replicas - fleet.policy.maxUnavailable());
      }
      fleet.apply(action);
      assertThat(fleet.live().size()).isLessThanOrEqualTo(surgeCeiling);
      if (action instanceof Settled || action instanceof Blocked) {
        break;
      }
    }
    assertThat(fleet.live()).hasSize(fleet.replicas);
    assertThat(fleet.nodes).as("pods deleted by hand but never drained").noneMatch(n -> n.stopping);
    long updated = fleet.live().stream().filter(n -> n.revision.equals(NEW)).count();
    if (action instanceof Blocked) {
      assertThat(fleet.policy.maxSurge()).isZero();
      assertThat(fleet.policy.maxUnavailable()).isZero();
      assertThat(
              updated < fleet.policy.updateTarget(fleet.replicas) && !fleet.policy.paused()
                  || fleet.live().stream().anyMatch(n -> n.replaceRequested))
          .as("blocked with nothing to replace")
          .isTrue();
    } else {
      assertThat(action).isInstanceOf(Settled.class);
      assertThat(fleet.live()).noneMatch(n -> n.replaceRequested);
      if (!fleet.policy.paused()) {
        assertThat(updated).isGreaterThanOrEqualTo(fleet.policy.updateTarget(fleet.replicas));
      }
    }
  }

  @Property
  void aNewPodTakesTheLowestOrdinalNoPodHasTerminatingOrNot(
      @ForAll @Size(max = 8) @UniqueElements List<@IntRange(min = 0, max = 12) Integer> ordinals,
      @ForAll @Size(max = 8) List<Boolean> terminating) {
    List<NodeView> nodes = new ArrayList<>();
    for (int i = 0; i < ordinals.size(); i++) {
      boolean going = i < terminating.size() && terminating.get(i);
      nodes.add(new NodeView("f-" + ordinals.get(i), NEW, true, going, false, false, false));
    }
    FleetView view = new FleetView("f", 20, NEW, new RolloutPolicy(1, 0, null, false), nodes, null);

    NodeAction action = NextNodeAction.decide(view);

    int lowestFree = 0;
    while (ordinals.contains(lowestFree)) {
      lowestFree++;
    }
    assertThat(action).isInstanceOf(Create.class);
    assertThat(((Create) action).pod()).isEqualTo("f-" + lowestFree);
  }

  @Test
  void aRolloutWithSurgeStartsAFreshNodeWaitsForItThenDrainsAnUnreadyOldNodeFirst() {
    RolloutPolicy policy = new RolloutPolicy(1, 0, null, false);
    List<NodeView> old =
        List.of(node("f-0", OLD, true), node("f-1", OLD, false), node("f-2", OLD, true));
    assertThat(decide(3, policy, old))
        .isEqualTo(new Create("f-3", "a fresh node to take over from f-1"));

    List<NodeView> surged = with(old, node("f-3", NEW, false));
    assertThat(decide(3, policy, surged))
        .isEqualTo(new Wait("waiting for f-3 to become ready before draining f-1"));

    List<NodeView> fresh = with(old, node("f-3", NEW, true));
    assertThat(decide(3, policy, fresh)).isEqualTo(new Drain("f-1", Reason.Rollout));
  }

  @Test
  void withoutSurgeAnOldNodeDrainsFirstAndItsReplacementTakesTheLowestFreeName() {
    RolloutPolicy policy = new RolloutPolicy(0, 1, null, false);
    List<NodeView> old =
        List.of(node("f-0", OLD, true), node("f-1", OLD, true), node("f-2", OLD, true));
    assertThat(decide(3, policy, old)).isEqualTo(new Drain("f-2", Reason.Rollout));
    List<NodeView> oneGone =
        List.of(
            node("f-0", OLD, true),
            node("f-1", OLD, true),
            new NodeView("f-2", OLD, false, true, false, false, false));
    assertThat(decide(3, policy, oneGone)).isEqualTo(new Create("f-3", "2 of 3 nodes exist"));
  }

  @Test
  void aFleetThatCanReplaceNoNodeSaysWhichSettingsToChange() {
    NodeAction action =
        decide(1, new RolloutPolicy(0, 0, null, false), List.of(node("f-0", OLD, true)));
    assertThat(action).isInstanceOf(Blocked.class);
    assertThat(((Blocked) action).message()).contains("rollout.maxSurge", "rollout.maxUnavailable");
  }

  @Test
  void aPausedRolloutReplacesNothingButARequestedReplacementStillHappens() {
    RolloutPolicy paused = new RolloutPolicy(1, 0, null, true);
    List<NodeView> old = List.of(node("f-0", OLD, true), node("f-1", NEW, true));
    assertThat(decide(2, paused, old)).isInstanceOf(Settled.class);
    assertThat(((Settled) decide(2, paused, old)).why()).contains("paused", "f-0");

    List<NodeView> asked =
        List.of(node("f-0", OLD, true), new NodeView("f-1", NEW, true, false, false, true, false));
    assertThat(decide(2, paused, asked))
        .isEqualTo(new Create("f-2", "a fresh node to take over from f-1"));
    assertThat(decide(2, paused, with(asked, node("f-2", NEW, true))))
        .isEqualTo(new Drain("f-1", Reason.Replace));
  }

  @Test
  void aPartitionStopsTheRolloutOnceThatManyNodesRunTheNewRevision() {
    RolloutPolicy canary = new RolloutPolicy(1, 0, 1, false);
    List<NodeView> oneUpdated =
        List.of(node("f-0", OLD, true), node("f-1", OLD, true), node("f-3", NEW, true));
    NodeAction action = decide(3, canary, oneUpdated);
    assertThat(action).isInstanceOf(Settled.class);
    assertThat(((Settled) action).why()).startsWith("partition reached: 1 of 3 nodes");
  }

  @Test
  void aPodDeletedByHandGetsItsReplacementCreatedThenIsDrainedWithoutWaitingForIt() {
    RolloutPolicy policy = new RolloutPolicy(1, 0, null, false);
    NodeView deleted = new NodeView("f-1", NEW, false, true, true, false, false);
    List<NodeView> nodes = List.of(node("f-0", NEW, true), deleted, node("f-2", NEW, true));
    assertThat(decide(3, policy, nodes)).isEqualTo(new Create("f-3", "2 of 3 nodes exist"));
    assertThat(decide(3, policy, with(nodes, node("f-3", NEW, false))))
        .isEqualTo(new Drain("f-1", Reason.PodDeleted));
    NodeView deletedByTheOperator = new NodeView("f-1", NEW, false, true, false, false, false);
    assertThat(
            decide(
                3,
                policy,
                List.of(
                    node("f-0", NEW, true),
                    deletedByTheOperator,
                    node("f-2", NEW, true),
                    node("f-3", NEW, true))))
        .isInstanceOf(Settled.class);
  }

  @Test
  void aNodeBeingDrainedWhosePodIsDeletedByHandHasItsDrainCarriedOn() {
    List<NodeView> nodes =
        List.of(node("f-0", NEW, true), new NodeView("f-1", OLD, false, true, true, false, false));
    FleetView view = new FleetView("f", 1, NEW, new RolloutPolicy(1, 0, null, false), nodes, "f-1");
    assertThat(NextNodeAction.decide(view)).isEqualTo(new ContinueDrain("f-1"));
  }

  @Property
  void aHaltedRevisionGetsNoNewNodeAndNoRolloutDrain(@ForAll("fleets") SimulatedFleet fleet) {
    FleetView view = fleet.view();
    FleetView halted =
        new FleetView(
            view.fleet(),
            view.replicas(),
            view.updateRevision(),
            view.policy(),
            view.nodes(),
            view.draining(),
            "f-9: the node exited with code 1");

    NodeAction action = NextNodeAction.decide(halted);

    assertThat(action).isNotInstanceOf(Create.class);
    if (action instanceof Drain drain) {
      assertThat(drain.reason()).isNotEqualTo(Reason.Rollout);
    }
  }

  @Test
  void aHaltedRolloutWaitsInsteadOfMakingAnotherNodeThatWouldFailAndSaysWhy() {
    List<NodeView> old =
        List.of(node("f-0", OLD, true), node("f-1", OLD, true), node("f-2", OLD, true));
    FleetView view =
        new FleetView("f", 3, NEW, new RolloutPolicy(1, 0, null, false), old, null, "f-3 crashed");
    assertThat(NextNodeAction.decide(view)).isInstanceOf(Settled.class);
    assertThat(((Settled) NextNodeAction.decide(view)).why())
        .contains("rollout halted", NEW, "f-3 crashed");

    FleetView short1 =
        new FleetView(
            "f", 3, NEW, new RolloutPolicy(0, 1, null, false), old.subList(0, 2), null, "crashed");
    assertThat(NextNodeAction.decide(short1)).isInstanceOf(Wait.class);
    assertThat(((Wait) NextNodeAction.decide(short1)).why())
        .contains("not creating f-2", "fail to start (crashed)");
  }

  @Test
  void theNextReplacementsFreshNodeStartsWhileAnOldNodeDrainsButNoSecondDrain() {
    RolloutPolicy policy = new RolloutPolicy(1, 0, null, false);
    List<NodeView> draining =
        List.of(
            node("f-0", OLD, true),
            node("f-1", OLD, true),
            node("f-2", OLD, false),
            node("f-3", NEW, true));
    assertThat(NextNodeAction.decide(new FleetView("f", 3, NEW, policy, draining, "f-2")))
        .isEqualTo(
            new Create(
                "f-4", "a fresh node to take over from f-1, started while f-2 drains", true));

    List<NodeView> started = with(draining, node("f-4", NEW, true));
    assertThat(NextNodeAction.decide(new FleetView("f", 3, NEW, policy, started, "f-2")))
        .isEqualTo(new ContinueDrain("f-2"));
    RolloutPolicy paused = new RolloutPolicy(1, 0, null, true);
    assertThat(NextNodeAction.decide(new FleetView("f", 3, NEW, paused, draining, "f-2")))
        .isEqualTo(new ContinueDrain("f-2"));
  }

  @Test
  void aDrainThatKeepsItsNodeStartsBeforeARolloutOnceAnotherNodeCanTakeItsLoad() {
    RolloutPolicy policy = new RolloutPolicy(1, 0, null, false);
    NodeView kept = new NodeView("f-1", OLD, true, false, false, false, true);
    List<NodeView> nodes = List.of(node("f-0", OLD, true), kept);
    assertThat(decide(2, policy, nodes)).isEqualTo(new Drain("f-1", Reason.Drain));
    // Nothing is created for it: its load goes to the nodes there are.
    assertThat(decide(2, policy, List.of(node("f-0", NEW, true), kept)))
        .isEqualTo(new Drain("f-1", Reason.Drain));

    NodeAction waiting = decide(2, policy, List.of(node("f-0", OLD, false), kept));
    assertThat(waiting)
        .isEqualTo(
            new Wait(
                "waiting for another node to be ready to take the slots and sessions of f-1"
                    + " before draining it"));

    // A requested replacement of the same pod (an eviction) wins: the pod goes.
    NodeView both = new NodeView("f-1", NEW, true, false, false, true, true);
    assertThat(decide(2, policy, List.of(node("f-0", NEW, true), both)))
        .isEqualTo(new Create("f-2", "a fresh node to take over from f-1"));
  }

  @Test
  void aDrainThatKeepsTheFleetsOnlyNodeIsBlockedAndSaysWhatToDo() {
    NodeAction action =
        decide(
            1,
            new RolloutPolicy(1, 0, null, false),
            List.of(new NodeView("f-0", NEW, true, false, false, false, true)));
    assertThat(action).isInstanceOf(Blocked.class);
    assertThat(((Blocked) action).reason()).isEqualTo("NothingToDrainInto");
    assertThat(((Blocked) action).message())
        .contains("only node", "rtctl node replace", "rtctl node uncordon f-0");
  }

  @Test
  void aDrainInProgressIsCarriedOnBeforeAnythingElse() {
    List<NodeView> nodes = List.of(node("f-0", OLD, true), node("f-1", NEW, false));
    FleetView view = new FleetView("f", 5, NEW, new RolloutPolicy(1, 0, null, false), nodes, "f-1");
    assertThat(NextNodeAction.decide(view)).isEqualTo(new ContinueDrain("f-1"));
  }

  private static NodeAction decide(int replicas, RolloutPolicy policy, List<NodeView> nodes) {
    return NextNodeAction.decide(new FleetView("f", replicas, NEW, policy, nodes, null));
  }

  private static NodeView node(String name, String revision, boolean ready) {
    return new NodeView(name, revision, ready, false, false, false, false);
  }

  private static List<NodeView> with(List<NodeView> nodes, NodeView more) {
    List<NodeView> all = new ArrayList<>(nodes);
    all.add(more);
    return all;
  }

  @Provide
  Arbitrary<SimulatedFleet> fleets() {
    Arbitrary<RolloutPolicy> policies =
        Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 6).injectNull(0.5),
                Arbitraries.of(true, false))
            .as(RolloutPolicy::new);
    Arbitrary<List<SimulatedNode>> nodes =
        Combinators.combine(
                Arbitraries.of(OLD, NEW),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(false, false, false, true))
            .as(
                (revision, passesToReady, replace) ->
                    new SimulatedNode(revision, passesToReady, replace))
            .list()
            .ofMaxSize(7);
    return Combinators.combine(
            Arbitraries.integers().between(1, 5),
            policies,
            nodes,
            Arbitraries.integers().between(0, 2),
            Arbitraries.longs())
        .as(SimulatedFleet::new);
  }

  /** A node pod in the simulation. */
  static final class SimulatedNode {
    String name;
    final String revision;
    int passesToReady;
    boolean ready;
    boolean terminating;
    boolean stopping;
    final boolean replaceRequested;

    SimulatedNode(String revision, int passesToReady, boolean replaceRequested) {
      this.revision = revision;
      this.passesToReady = passesToReady;
      this.replaceRequested = replaceRequested;
    }

    NodeView view() {
      return new NodeView(name, revision, ready, terminating, stopping, replaceRequested, false);
    }

    @Override
    public String toString() {
      return view().toString();
    }
  }

  /** A fleet whose pods start, become ready and drain as a kubelet and nodes would. */
  static final class SimulatedFleet {
    final int replicas;
    final RolloutPolicy policy;
    final List<SimulatedNode> nodes = new ArrayList<>();
    final Random random;
    String draining;
    int drainStepsLeft;
    int handDeletionsLeft;

    SimulatedFleet(
        int replicas,
        RolloutPolicy policy,
        List<SimulatedNode> start,
        int handDeletions,
        long seed) {
      this.replicas = replicas;
      this.policy = policy;
      this.handDeletionsLeft = handDeletions;
      this.random = new Random(seed);
      for (int i = 0; i < start.size(); i++) {
        SimulatedNode node = start.get(i);
        node.name = "f-" + i;
        node.ready = node.passesToReady == 0;
        nodes.add(node);
      }
    }

    List<SimulatedNode> live() {
      return nodes.stream().filter(n -> !n.terminating).toList();
    }

    /**
     * Pods become ready a few passes after they start; deleted pods go, but for those deleted by
     * hand, which wait to be drained; now and then someone deletes a pod by hand.
     */
    void time() {
      nodes.removeIf(n -> n.terminating && !n.stopping);
      List<SimulatedNode> live = live();
      if (handDeletionsLeft > 0 && !live.isEmpty() && random.nextInt(8) == 0) {
        handDeletionsLeft--;
        SimulatedNode deleted = live.get(random.nextInt(live.size()));
        deleted.terminating = true;
        deleted.stopping = true;
        deleted.ready = false;
      }
      for (SimulatedNode node : nodes) {
        if (!node.ready && !node.name.equals(draining) && --node.passesToReady <= 0) {
          node.ready = true;
        }
      }
    }

    FleetView view() {
      return new FleetView(
          "f", replicas, NEW, policy, nodes.stream().map(SimulatedNode::view).toList(), draining);
    }

    FleetView shuffledView() {
      List<NodeView> shuffled = new ArrayList<>(view().nodes());
      Collections.shuffle(shuffled, random);
      return new FleetView("f", replicas, NEW, policy, shuffled, draining);
    }

    void apply(NodeAction action) {
      if (action instanceof Create create) {
        SimulatedNode node = new SimulatedNode(NEW, 1 + random.nextInt(3), false);
        node.name = create.pod();
        nodes.add(node);
      } else if (action instanceof Drain drain) {
        draining = drain.node();
        drainStepsLeft = 1 + random.nextInt(3);
        named(draining).ready = false;
      } else if (action instanceof ContinueDrain step && --drainStepsLeft <= 0) {
        named(step.node()).terminating = true;
        named(step.node()).stopping = false;
        draining = null;
      }
    }

    SimulatedNode named(String name) {
      return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    @Override
    public String toString() {
      return "replicas=" + replicas + " " + policy + " " + nodes;
    }
  }
}
