package io.rtfleet.node.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.snowflake.Snowflake;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteGatesTest {
  private final AtomicLong now = new AtomicLong();
  private final List<Double> pauses = new ArrayList<>();
  private final WriteGates gates = new WriteGates(now::get, pauses::add, Runnable::run);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void aClosedGateHoldsRequestsUntilItOpensAndRecordsThePause() {
    assertThat(gates.gate(7)).isNull();
    gates.close(7);
    CompletableFuture<Void> waiting = gates.gate(7);
    assertThat(waiting).isNotDone();
    now.addAndGet(40_000_000);
    assertThat(gates.open(7)).isEqualTo(0.04);
    assertThat(waiting).isDone();
    assertThat(gates.gate(7)).isNull();
    assertThat(pauses).containsExactly(0.04);
    assertThat(gates.takePauses().p99Ms()).isEqualTo(40.0);
    assertThat(gates.takePauses().guilds()).isZero();
  }

  @Test
  void gatesOpenedTogetherAreAllOpenBeforeAnyWaiterGoesOnAndEndTheirPausesAtOnce() {
    gates.close(1);
    gates.close(2);
    gates.close(3);
    now.addAndGet(40_000_000);
    List<Boolean> othersOpenWhenAWaiterWent = new ArrayList<>();
    for (long guild = 1; guild <= 3; guild++) {
      gates
          .gate(guild)
          .thenRun(
              () -> {
                othersOpenWhenAWaiterWent.add(
                    gates.gate(1) == null && gates.gate(2) == null && gates.gate(3) == null);
                // the waiting request's own work, which must not count in the others' pauses
                now.addAndGet(30_000_000);
              });
    }

    gates.openAll(guild -> true);

    assertThat(othersOpenWhenAWaiterWent).containsExactly(true, true, true);
    assertThat(pauses).containsExactly(0.04, 0.04, 0.04);
  }

  @Test
  void aTableOpensTheGatesOfTheGuildsItMovedAwayAndRunsTheirWaitersElsewhere() {
    List<Runnable> handedToWaiters = new ArrayList<>();
    WriteGates deferred = new WriteGates(now::get, pauses::add, handedToWaiters::add);
    deferred.close(1);
    deferred.close(2);
    CompletableFuture<Void> moved = deferred.gate(1);
    CompletableFuture<Void> kept = deferred.gate(2);

    deferred.openAll(guild -> guild == 1);

    assertThat(deferred.gate(1)).as("open to new requests at once").isNull();
    assertThat(deferred.gate(2)).isSameAs(kept);
    assertThat(moved).as("its waiters run on the waiters' executor").isNotDone();
    assertThat(handedToWaiters).hasSize(1);
    handedToWaiters.get(0).run();
    assertThat(moved).isDone();
    assertThat(kept).isNotDone();
  }

  @Test
  void idleOnlyOnceEveryWriteInFlightIsDone() throws Exception {
    gates.begin(1);
    gates.begin(2);
    gates.begin(3);
    gates.end(3);
    assertThat(gates.whenIdle(List.of(3L), timer)).as("no write in flight").isDone();
    CompletableFuture<Void> idle = gates.whenIdle(List.of(1L, 2L), timer);
    gates.end(1);
    // guild 2 still has a write in flight, whatever the timer has polled so far
    assertThat(idle).isNotDone();
    gates.end(2);
    idle.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aHandedOffGuildThatANewerTableKeepsHereIsServedAgain() {
    gates.close(1);
    gates.close(2);
    gates.handedOff(1);
    gates.handedOff(2);
    CompletableFuture<Void> kept = gates.gate(1);
    CompletableFuture<Void> moved = gates.gate(2);

    gates.reopenKept(guild -> guild == 1, slot -> true);

    assertThat(kept).isDone();
    assertThat(moved).isNotDone();
  }

  @Test
  void aGuildCreatedInASlotBeingHandedOffWaitsUntilTheSlotOpens() {
    int slotCount = 16;
    long inSlot3 = guildInSlot(3, slotCount, 0);
    long inSlot5 = guildInSlot(5, slotCount, 0);
    gates.begin(inSlot3);
    assertThat(gates.inFlightIn(List.of(3), slotCount)).containsExactly(inSlot3);
    gates.end(inSlot3);

    gates.closeSlots(List.of(3), slotCount);
    now.addAndGet(10_000_000);
    gates.close(inSlot3);

    CompletableFuture<Void> created = gates.gate(guildInSlot(3, slotCount, 1));
    assertThat(created).as("a new guild of the closed slot").isNotNull().isNotDone();
    assertThat(gates.gate(inSlot5)).as("another slot").isNull();
    now.addAndGet(30_000_000);
    gates.openAll(guild -> true);
    gates.openSlots(slot -> slot == 3);
    assertThat(created).isDone();
    assertThat(pauses).as("counted from the slot's closing").containsExactly(0.04);
  }

  @Test
  void aSlotHandedOffWaitsForATableThenReopensWhenItStaysHere() {
    int slotCount = 16;
    gates.closeSlots(List.of(3, 4), slotCount);
    gates.slotsHandedOff(List.of(3, 4));
    CompletableFuture<Void> kept = gates.gate(guildInSlot(3, slotCount, 0));
    CompletableFuture<Void> moved = gates.gate(guildInSlot(4, slotCount, 0));

    gates.openSlots(slot -> slot == 4 && !gates.slotHandedOff(slot));
    assertThat(moved).as("still waiting for a table").isNotDone();
    gates.reopenKept(guild -> false, slot -> slot == 3);

    assertThat(kept).isDone();
    assertThat(moved).isNotDone();
    assertThat(gates.slotHandedOff(4)).isTrue();
  }

  /** The {@code n}th snowflake (from n = 0) whose slot is {@code slot}. */
  private static long guildInSlot(int slot, int slotCount, int n) {
    return Snowflake.compose(Snowflake.EPOCH_MILLIS + (1000L + n) * slotCount + slot, 0, 0);
  }
}
