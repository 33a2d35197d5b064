package io.rtfleet.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.simulation.SimulatedFleet;
import io.rtfleet.coordinator.simulation.SimulatedNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every step of the coordinator, and every kind of failure, against a recording fake fleet: the
 * steps take one batch at a time, leave every node on one table, and a coordinator that is thrown
 * away between any two steps is replaced by a new one that carries on from the recorded progress.
 */
class CoordinatorTest {
  private static final int SLOTS = 64;
  private static final DrainRequest DRAIN = new DrainRequest(10, 0L, 0L, null);

  private static Coordinator coordinator(SimulatedFleet fleet, int batch) {
    return new Coordinator(fleet.clients(), fleet.peers(), batch, PlanLimits.DEFAULT);
  }

  /** Every node's table; fails unless they are all one table. */
  private static SlotTable agreed(SimulatedFleet fleet) {
    Set<SlotTable> tables = new HashSet<>();
    fleet.nodes().stream().filter(SimulatedNode::isAlive).forEach(node -> tables.add(node.table()));
    assertThat(tables).hasSize(1);
    return tables.iterator().next();
  }

  @Test
  void afterAHandoffTheOtherNodesAreSentOnlyTheChangeAndANodeThatMissedOneTheWholeTable() {
    SimulatedFleet fleet = new SimulatedFleet(4, SLOTS);
    fleet.node("node-3").alive(false);
    Coordinator coordinator = coordinator(fleet, 4);
    coordinator.stepDrain(coordinator.startDrain("node-2", DRAIN)); // one batch handed off
    fleet.node("node-3").alive(true); // back, one epoch behind
    long epochBefore = fleet.node("node-0").table().epoch();

    coordinator.push(fleet.node("node-0").table(), fleet.node("node-0").table().apply(List.of()));

    List<String> calls = fleet.calls();
    List<String> lastPush = calls.subList(calls.size() - 5, calls.size());
    assertThat(lastPush)
        .containsExactlyInAnyOrder(
            "node-0 change " + epochBefore + " to " + (epochBefore + 1),
            "node-1 change " + epochBefore + " to " + (epochBefore + 1),
            "node-2 change " + epochBefore + " to " + (epochBefore + 1),
            "node-3 change " + epochBefore + " to " + (epochBefore + 1),
            "node-3 push " + (epochBefore + 1));
    assertThat(agreed(fleet).epoch()).isEqualTo(epochBefore + 1);
  }

  @Test
  void theWholeTableIsReadOnlyWhenTheFleetHasAnEpochTheCoordinatorHasNotSeen() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    Coordinator coordinator = coordinator(fleet, 4);

    coordinator.observe();
    coordinator.observe();
    SlotTable pushed = fleet.node("node-0").table().apply(List.of());
    coordinator.push(fleet.node("node-0").table(), pushed);
    FleetSnapshot afterItsPush = coordinator.observe();
    long readsBefore = placementReads(fleet);
    SlotTable elsewhere = pushed.apply(List.of()); // another coordinator's push
    fleet.nodes().forEach(node -> node.table(elsewhere));
    FleetSnapshot afterAnother = coordinator.observe();

    assertThat(readsBefore).isEqualTo(1);
    assertThat(afterItsPush.table()).isEqualTo(pushed);
    assertThat(placementReads(fleet)).isEqualTo(2);
    assertThat(afterAnother.table()).isEqualTo(elsewhere);
  }

  private static long placementReads(SimulatedFleet fleet) {
    return fleet.calls().stream().filter(call -> call.endsWith(" placement")).count();
  }

  @Test
  void aRebalanceHandsOffOneBatchPerStepUntilANewNodeHoldsItsShare() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    fleet.add("node-3");
    Coordinator coordinator = coordinator(fleet, 4);
    coordinator.push(agreed3(fleet).apply(List.of()));

    List<MoveProgress> steps = new ArrayList<>();
    MoveProgress step;
    do {
      step = coordinator.rebalanceStep();
      steps.add(step);
      assertThat(step.handed().size()).isLessThanOrEqualTo(4);
    } while (!step.done());

    SlotTable end = agreed(fleet);
    double mean = SLOTS / 4.0;
    assertThat((double) end.slotsOf("node-3")).isBetween(mean / 1.10, mean * 1.10);
    // one epoch per batch, and every slot handed went to the new node
    long batches = steps.stream().filter(s -> !s.done()).count();
    assertThat(end.epoch()).isEqualTo(1 + batches);
    assertThat(steps.stream().mapToInt(s -> s.handed().size()).sum())
        .isEqualTo(end.slotsOf("node-3"));
  }

  /** The table the first three nodes agree on (the added node has none yet). */
  private static SlotTable agreed3(SimulatedFleet fleet) {
    return fleet.node("node-0").table();
  }

  @Test
  void aDrainTurnsTheNodeUnreadyBeforeItsSlotsMoveAndItsSessionsAfter() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    fleet.node("node-2").sessions(25);
    Coordinator coordinator = coordinator(fleet, 8);

    DrainProgress progress = coordinator.startDrain("node-2", DRAIN);
    assertThat(fleet.node("node-2").phase()).isEqualTo(NodePhase.DRAINING);
    while (!progress.finished()) {
      progress = coordinator.stepDrain(progress);
    }

    assertThat(progress.step()).isEqualTo(DrainProgress.Step.DRAINED);
    assertThat(agreed(fleet).slotsOf("node-2")).isZero();
    List<String> drainCalls =
        fleet.calls().stream().filter(call -> call.startsWith("node-2 ")).toList();
    int unready = drainCalls.indexOf("node-2 drain reconnect=false");
    int firstHandoff = indexOfPrefix(drainCalls, "node-2 handoff");
    int reconnect = drainCalls.indexOf("node-2 drain reconnect=true");
    assertThat(unready).isNotNegative().isLessThan(firstHandoff);
    assertThat(reconnect).isGreaterThan(lastIndexOfPrefix(drainCalls, "node-2 handoff"));
  }

  private static int indexOfPrefix(List<String> calls, String prefix) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOfPrefix(List<String> calls, String prefix) {
    for (int i = calls.size() - 1; i >= 0; i--) {
      if (calls.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aCoordinatorThrownAwayBetweenAnyTwoStepsIsReplacedByOneThatCarriesOn() {
    SimulatedFleet interrupted = new SimulatedFleet(3, SLOTS);
    SimulatedFleet straight = new SimulatedFleet(3, SLOTS);
    interrupted.node("node-1").sessions(30);
    straight.node("node-1").sessions(30);

    DrainProgress recorded = coordinator(interrupted, 5).startDrain("node-1", DRAIN);
    int steps = 0;
    while (!recorded.finished()) {
      // a new coordinator each step, given only what the last one recorded
      recorded = coordinator(interrupted, 5).stepDrain(recorded);
      steps++;
    }
    Coordinator one = coordinator(straight, 5);
    DrainProgress progress = one.startDrain("node-1", DRAIN);
    while (!progress.finished()) {
      progress = one.stepDrain(progress);
    }

    assertThat(steps).isGreaterThan(3);
    assertThat(agreed(interrupted)).isEqualTo(agreed(straight));
    assertThat(recorded.step()).isEqualTo(progress.step());
  }

  @Test
  void aDrainWhoseSessionsStopLeavingReportsHowLongItHasStalled() {
    SimulatedFleet fleet = new SimulatedFleet(2, SLOTS);
    fleet.node("node-1").sessions(30);
    fleet.node("node-1").waveSize(0); // its clients never leave
    MovableClock clock = new MovableClock();
    Coordinator coordinator =
        new Coordinator(fleet.clients(), fleet.peers(), 64, PlanLimits.DEFAULT, clock);
    DrainProgress progress = coordinator.startDrain("node-1", DRAIN);
    while (progress.step() == DrainProgress.Step.MOVING_SLOTS) {
      clock.advance(Duration.ofSeconds(1));
      progress = coordinator.stepDrain(progress);
    }
    Instant lastProgress = clock.instant();

    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(10));
      progress = coordinator.stepDrain(progress);
    }

    assertThat(progress.step()).isEqualTo(DrainProgress.Step.RECONNECTING);
    assertThat(progress.progressedAt()).isEqualTo(lastProgress);
    assertThat(progress.stalledFor(clock.instant())).isEqualTo(Duration.ofSeconds(50));
    assertThat(progress.startedAt()).isBefore(lastProgress);
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-29T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void aCancelledDrainLeavesTheNodeAsItWasAndKeepsWhatItStillHas() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    fleet.node("node-0").sessions(5);
    Coordinator coordinator = coordinator(fleet, 4);
    coordinator.cordon("node-0");
    DrainProgress progress = coordinator.stepDrain(coordinator.startDrain("node-0", DRAIN));
    int left = agreed(fleet).slotsOf("node-0");

    DrainProgress cancelled = coordinator.cancelDrain(progress);

    assertThat(cancelled.step()).isEqualTo(DrainProgress.Step.CANCELLED);
    assertThat(fleet.node("node-0").phase()).isEqualTo(NodePhase.CORDONED);
    assertThat(left).isBetween(1, SLOTS / 3);
    assertThat(agreed(fleet).slotsOf("node-0")).isEqualTo(left);
  }

  @Test
  void aCordonedNodeKeepsItsSlotsAndTakesNoneUntilUncordoned() {
    SimulatedFleet fleet = new SimulatedFleet(2, SLOTS);
    fleet.add("node-2");
    Coordinator coordinator = coordinator(fleet, 64);
    coordinator.push(fleet.node("node-0").table().apply(List.of()));
    coordinator.cordon("node-2");

    assertThat(coordinator.rebalanceStep().done()).isTrue();
    assertThat(agreed(fleet).slotsOf("node-2")).isZero();

    coordinator.uncordon("node-2");
    coordinator.rebalanceStep();
    assertThat(agreed(fleet).slotsOf("node-2")).isPositive();
  }

  @Test
  void aHandoffWhoseReceiverTookItSilentlyIsFinishedByTheRecovery() {
    SimulatedFleet fleet = new SimulatedFleet(2, SLOTS);
    fleet.add("node-2");
    Coordinator coordinator = coordinator(fleet, 4);
    coordinator.push(fleet.node("node-0").table().apply(List.of()));
    fault(fleet, SimulatedNode.HandoffFault.RECEIVER_TOOK_IT_SILENTLY);

    assertThatThrownBy(coordinator::rebalanceStep)
        .isInstanceOfSatisfying(
            AdminFailure.class,
            failure -> assertThat(failure.kind()).isEqualTo(AdminFailure.Kind.OUTCOME_UNKNOWN));
    fault(fleet, SimulatedNode.HandoffFault.NONE);

    SlotTable recovered = agreed(fleet);
    assertThat(recovered.slotsOf("node-2")).isEqualTo(4);
    assertThat(coordinator.rebalanceStep().handed()).isNotEmpty();
  }

  @Test
  void aHandoffWhoseReceiverNeverTookItIsGivenUpByTheRecovery() {
    SimulatedFleet fleet = new SimulatedFleet(2, SLOTS);
    fleet.add("node-2");
    Coordinator coordinator = coordinator(fleet, 4);
    coordinator.push(fleet.node("node-0").table().apply(List.of()));
    long before = agreed(fleet).epoch();
    fault(fleet, SimulatedNode.HandoffFault.RECEIVER_NEVER_TOOK_IT);

    assertThatThrownBy(coordinator::rebalanceStep).isInstanceOf(AdminFailure.class);

    SlotTable recovered = agreed(fleet);
    assertThat(recovered.epoch()).isEqualTo(before + 1);
    assertThat(recovered.slotsOf("node-2")).isZero();
  }

  /** The next handoff of every node goes wrong so: whichever gives first. */
  private static void fault(SimulatedFleet fleet, SimulatedNode.HandoffFault fault) {
    fleet.nodes().forEach(node -> node.failNextHandoff(fault));
  }

  @Test
  void aNodeWithANewerTableRefusesAStalePushAndSaysWhichEpochItHas() {
    SimulatedFleet fleet = new SimulatedFleet(2, SLOTS);
    Coordinator coordinator = coordinator(fleet, 4);
    SlotTable newer = fleet.node("node-1").table().apply(List.of()).apply(List.of());
    fleet.node("node-1").table(newer);

    assertThatThrownBy(() -> coordinator.push(fleet.node("node-0").table().apply(List.of())))
        .isInstanceOfSatisfying(
            AdminFailure.class,
            failure -> {
              assertThat(failure.kind()).isEqualTo(AdminFailure.Kind.STALE_EPOCH);
              assertThat(failure.epoch()).isEqualTo(newer.epoch());
            });
    // read again and plan again: the newest table wins
    assertThat(coordinator.recover().epoch()).isEqualTo(newer.epoch() + 1);
    assertThat(agreed(fleet).epoch()).isEqualTo(newer.epoch() + 1);
  }

  @Test
  void anUnreachableNodeKeepsItsSlotsUntilItIsFailedOverThenTheOthersTakeThem() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    Coordinator coordinator = coordinator(fleet, 4);
    fleet.node("node-1").alive(false);

    FleetSnapshot seen = coordinator.observe();
    assertThat(seen.unanswered()).containsKey("node-1");
    assertThat(seen.unanswered().get("node-1").kind()).isEqualTo(AdminFailure.Kind.UNREACHABLE);
    assertThat(coordinator.rebalanceStep().done()).isTrue();

    SlotTable after = coordinator.failOver("node-1");
    assertThat(after.slotsOf("node-1")).isZero();
    assertThat(fleet.node("node-0").table().slotsOf("node-1")).isZero();
    assertThat(fleet.node("node-0").table()).isEqualTo(fleet.node("node-2").table());
    // the dead node, should it come back, is behind: fenced off
    assertThat(fleet.node("node-1").table().epoch()).isLessThan(after.epoch());
  }

  /** A guild whose slot {@code owner} owns: Discord's formula, slot = (id >> 22) % slots. */
  private static long guildInSlotOf(SimulatedFleet fleet, String owner) {
    SlotTable table = fleet.node("node-0").table();
    for (long slot = 0; slot < SLOTS; slot++) {
      if (table.ownerOfSlot((int) slot).equals(owner)) {
        return ((SLOTS * 1000L) + slot) << 22;
      }
    }
    throw new AssertionError(owner + " owns no slot");
  }

  @Test
  void aGuildPinnedToAnotherNodeIsHandedAloneByItsOwnerAndUnpinnedGoesBackToItsSlot() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    Coordinator coordinator = coordinator(fleet, 4);
    long guild = guildInSlotOf(fleet, "node-0");
    long before = agreed(fleet).epoch();
    int slotsBefore = agreed(fleet).slotsOf("node-2");

    GuildMove pinned = coordinator.moveGuild(guild, "node-2");
    assertThat(pinned.from()).isEqualTo("node-0");
    assertThat(pinned.to()).isEqualTo("node-2");
    assertThat(pinned.report()).isNotNull();
    assertThat(agreed(fleet).ownerOf(guild)).isEqualTo("node-2");
    assertThat(agreed(fleet).slotsOf("node-2")).as("no slot moved").isEqualTo(slotsBefore);
    assertThat(fleet.calls()).contains("node-0 handoff guilds [" + guild + "] to node-2");

    GuildMove again = coordinator.moveGuild(guild, "node-2");
    assertThat(again.epoch())
        .as("the pin is there already: no new epoch")
        .isEqualTo(pinned.epoch());

    GuildMove unpinned = coordinator.moveGuild(guild, null);
    assertThat(unpinned.from()).isEqualTo("node-2");
    assertThat(unpinned.to()).isEqualTo("node-0");
    assertThat(fleet.calls()).contains("node-2 handoff guilds [" + guild + "] to node-0");
    assertThat(agreed(fleet).overrides()).isEmpty();
    assertThat(agreed(fleet).epoch()).isEqualTo(before + 2);
    assertThatThrownBy(() -> coordinator.moveGuild(guild, "node-9"))
        .hasMessageContaining("no node node-9 in the fleet");
  }

  @Test
  void aDrainedNodesPinnedGuildsFollowTheirSlotsBeforeItsSessionsAreSentAway() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    Coordinator coordinator = coordinator(fleet, 64);
    long guild = guildInSlotOf(fleet, "node-0");
    coordinator.moveGuild(guild, "node-2");

    DrainProgress progress = coordinator.startDrain("node-2", DRAIN);
    while (!progress.finished()) {
      progress = coordinator.stepDrain(progress);
    }

    assertThat(agreed(fleet).overrides()).isEmpty();
    assertThat(agreed(fleet).ownerOf(guild)).isEqualTo("node-0");
    List<String> calls = fleet.calls();
    assertThat(calls.indexOf("node-2 handoff guilds [" + guild + "] to node-0"))
        .isNotNegative()
        .isLessThan(calls.indexOf("node-2 drain reconnect=true"));
  }

  @Test
  void aDeadNodesPinnedGuildsFollowTheirSlotsInTheFailoversEpoch() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    Coordinator coordinator = coordinator(fleet, 4);
    long guild = guildInSlotOf(fleet, "node-0");
    coordinator.moveGuild(guild, "node-1");
    FleetSnapshot lastSeen = coordinator.observe();
    fleet.node("node-1").alive(false);

    SlotTable after = coordinator.failOver("node-1", lastSeen);

    assertThat(after.overrides()).isEmpty();
    assertThat(after.ownerOf(guild)).isEqualTo("node-0");
    assertThat(after.epoch()).isEqualTo(lastSeen.table().epoch() + 1);
    assertThat(agreed(fleet)).isEqualTo(after);
  }

  @Test
  void aDeadNodesSlotsAreSpreadByTheLoadTheyCarriedWhenItWasLastSeen() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    Coordinator coordinator = coordinator(fleet, 4);
    SlotTable before = agreed(fleet);
    int heavy = -1;
    for (int slot = 0; slot < SLOTS && heavy < 0; slot++) {
      if (before.ownerOfSlot(slot).equals("node-2")) {
        heavy = slot;
      }
    }
    fleet.members(heavy, 1_000);
    FleetSnapshot lastSeen = coordinator.observe();
    fleet.node("node-2").alive(false);

    SlotTable after = coordinator.failOver("node-2", lastSeen);

    assertThat(after.slotsOf("node-2")).isZero();
    assertThat(fleet.node("node-0").table()).isEqualTo(after);
    assertThat(fleet.node("node-1").table()).isEqualTo(after);
    // the node given the heavy slot is given fewer of the others: by slot count alone (an
    // observation after the death has no loads for the dead node's slots) they split evenly
    String tookHeavy = after.ownerOfSlot(heavy);
    String other = tookHeavy.equals("node-0") ? "node-1" : "node-0";
    assertThat(after.slotsOf(tookHeavy) - before.slotsOf(tookHeavy))
        .isLessThan((after.slotsOf(other) - before.slotsOf(other)) / 2);
    // and no placement was read: the last observation had it
    assertThat(placementReads(fleet)).isEqualTo(1);
  }

  @Test
  void aFailoverPlannedOnATableThatMovedOnIsRefusedAsStaleAndRepeatedOnANewObservation() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    Coordinator coordinator = coordinator(fleet, 4);
    FleetSnapshot lastSeen = coordinator.observe();
    SlotTable moved = lastSeen.table().apply(List.of()); // another coordinator's push
    fleet.nodes().forEach(node -> node.table(moved));
    fleet.node("node-2").alive(false);

    assertThatThrownBy(() -> coordinator.failOver("node-2", lastSeen))
        .isInstanceOfSatisfying(
            AdminFailure.class,
            failure -> assertThat(failure.kind()).isEqualTo(AdminFailure.Kind.STALE_EPOCH));
    assertThat(fleet.node("node-0").table()).isEqualTo(moved);

    SlotTable after = coordinator.failOver("node-2");
    assertThat(after.epoch()).isEqualTo(moved.epoch() + 1);
    assertThat(agreed(fleet).slotsOf("node-2")).isZero();
  }

  @Test
  void aRequestTheNodeRefusesIsARefusalNotARetry() {
    SimulatedFleet fleet = new SimulatedFleet(2, SLOTS);
    Coordinator coordinator = coordinator(fleet, 4);

    assertThatThrownBy(() -> coordinator.cordon("node-9"))
        .isInstanceOfSatisfying(
            AdminFailure.class,
            failure -> assertThat(failure.kind()).isEqualTo(AdminFailure.Kind.REFUSED));
    SlotTable table = agreed(fleet);
    FleetSnapshot seen = coordinator.observe();
    // node-1's slot handed off by node-0, which does not own it
    int foreign = -1;
    for (int slot = 0; slot < SLOTS && foreign < 0; slot++) {
      if (table.ownerOfSlot(slot).equals("node-1")) {
        foreign = slot;
      }
    }
    List<io.rtfleet.api.placement.Move> wrong =
        List.of(new io.rtfleet.api.placement.Move(foreign, "node-0", "node-1"));
    assertThatThrownBy(() -> coordinator.handOffFirstBatch(seen, wrong))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void slotLoadsComeFromEachSlotsOwnerAndWeighInThePlan() {
    SimulatedFleet fleet = new SimulatedFleet(2, 8);
    fleet.members(0, 1_000);
    fleet.members(2, 1_000);
    Coordinator coordinator = coordinator(fleet, 8);

    FleetSnapshot seen = coordinator.observe();
    assertThat(seen.slotLoads()[0]).isEqualTo(1_001);
    assertThat(seen.slotLoads()[1]).isEqualTo(1);
    // equal slot counts, but node-0 holds both heavy slots: it gives the others away
    assertThat(coordinator.plan(seen))
        .isNotEmpty()
        .allSatisfy(move -> assertThat(move.from()).isEqualTo("node-0"));
  }
}
