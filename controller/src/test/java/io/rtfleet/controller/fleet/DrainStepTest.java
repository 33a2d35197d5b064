package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.crd.OperationStatus;
import io.rtfleet.api.placement.NodePhase;
import io.rtfleet.api.placement.PlanLimits;
import io.rtfleet.controller.SampleFleets;
import io.rtfleet.controller.model.FleetSettings;
import io.rtfleet.controller.rollout.NodeAction;
import io.rtfleet.coordinator.Coordinator;
import io.rtfleet.coordinator.simulation.SimulatedFleet;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A node's drain, step by step, as the status records it, against simulated nodes. */
class DrainStepTest {
  private static final int SLOTS = 64;
  private static final FleetSettings SETTINGS = FleetSettings.of(SampleFleets.spec(2));

  @Test
  void theNodeIsDrainedStepByStepFromWhatTheStatusRecordsAndOnlyThenDeleted() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    fleet.node("node-2").sessions(30);
    fleet.node("node-2").waveSize(10);
    Instant start = Instant.parse("2026-11-30T05:00:00Z");

    DrainStep.Outcome outcome =
        DrainStep.start(
            new Coordinator(fleet.clients(), fleet.peers(), 8, PlanLimits.DEFAULT),
            "node-2",
            NodeAction.Reason.ScaleDown,
            SETTINGS,
            start);
    assertThat(outcome.operation().getKind()).isEqualTo("ScaleDown");
    assertThat(outcome.operation().getStep()).isEqualTo("MOVING_SLOTS");
    assertThat(outcome.end()).isEqualTo(DrainStep.End.NOT_YET);

    int steps = 0;
    long sessionsLeft = 30;
    OperationStatus operation = outcome.operation();
    while (outcome.end() == DrainStep.End.NOT_YET) {
      // a new coordinator every step: only the status carries the drain
      outcome =
          DrainStep.step(
              new Coordinator(fleet.clients(), fleet.peers(), 8, PlanLimits.DEFAULT),
              operation,
              SETTINGS,
              start.plusSeconds(++steps));
      if (outcome.end() == DrainStep.End.NOT_YET) {
        operation = outcome.operation();
        assertThat(operation.getStarted()).isEqualTo("2026-11-30T05:00:00Z");
        // what it has left, as a progress meter reads it: the slots the node still owns, then
        // the sessions still on it
        if (operation.getStep().equals("MOVING_SLOTS")) {
          assertThat(operation.getSlotsLeft())
              .isEqualTo(fleet.node("node-0").table().slotsOf("node-2"));
          assertThat(operation.getSessionsLeft()).isNull();
        } else {
          assertThat(operation.getSlotsLeft()).isZero();
          assertThat(operation.getSessionsLeft())
              .isEqualTo(fleet.node("node-2").sessions())
              .isLessThanOrEqualTo(sessionsLeft);
          sessionsLeft = operation.getSessionsLeft();
        }
      }
      assertThat(steps).isLessThan(20);
    }
    assertThat(sessionsLeft).as("sessions counted down").isLessThan(30);

    // deleted only now: no slot and no session left on it
    assertThat(fleet.node("node-0").table().slotsOf("node-2")).isZero();
    assertThat(fleet.node("node-2").sessions()).isZero();
    assertThat(outcome.operation()).isNull();
    assertThat(outcome.end()).isEqualTo(DrainStep.End.DELETE_POD);
    assertThat(outcome.action()).isEqualTo("node-2 is drained: deleting its pod");
  }

  @Test
  void aDrainThatKeepsItsNodeCordonsItFirstAndLeavesItCordonedAndEmpty() {
    SimulatedFleet fleet = new SimulatedFleet(3, SLOTS);
    fleet.node("node-1").sessions(25);
    fleet.node("node-1").waveSize(10);
    Coordinator coordinator =
        new Coordinator(fleet.clients(), fleet.peers(), 8, PlanLimits.DEFAULT);
    Instant start = Instant.parse("2026-11-30T05:00:00Z");

    DrainStep.Outcome outcome =
        DrainStep.start(coordinator, "node-1", NodeAction.Reason.Drain, SETTINGS, start);
    assertThat(outcome.operation().getKind()).isEqualTo("Drain");
    assertThat(DrainStep.keeps(outcome.operation())).isTrue();
    int steps = 0;
    while (outcome.end() == DrainStep.End.NOT_YET) {
      outcome =
          DrainStep.step(coordinator, outcome.operation(), SETTINGS, start.plusSeconds(++steps));
      assertThat(steps).isLessThan(20);
    }
    assertThat(outcome.end()).isEqualTo(DrainStep.End.KEEP_CORDONED);
    assertThat(outcome.action())
        .isEqualTo("node-1 is drained: kept, cordoned, with no slot and no session attached");

    // Its drain ended, it is back to the phase it was cordoned into before: it takes nothing new.
    coordinator.endDrain("node-1");
    assertThat(fleet.node("node-1").phase()).isEqualTo(NodePhase.CORDONED);
    assertThat(fleet.node("node-0").table().slotsOf("node-1")).isZero();
    assertThat(fleet.node("node-1").sessions()).isZero();
    assertThat(coordinator.plan(coordinator.observe())).noneMatch(m -> m.to().equals("node-1"));
  }
}
