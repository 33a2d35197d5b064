package io.rtfleet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rtfleet.api.crd.RealtimeFleet;
import io.rtfleet.api.crd.RealtimeFleetStatus;
import io.rtfleet.cli.fleet.FleetWatch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutStatusLineTest {
  @Test
  void aRolloutHeldByAHealthGateSaysWhyAndStopsTheWatch() {
    RealtimeFleet fleet = new RealtimeFleet();
    fleet.setMetadata(new ObjectMetaBuilder().withName("chat").withGeneration(3L).build());
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setObservedGeneration(3L);
    status.setRollout("Held 1/3");
    status.setUpdateRevision("abc123");
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("RolloutPaused")
                .withStatus("True")
                .withReason("HealthGateTripped")
                .withMessage("1 of 3 nodes run the update revision: a health gate tripped")
                .build()));
    fleet.setStatus(status);

    assertThat(RolloutStatusCommand.line(fleet, Optional.empty()))
        .isEqualTo(
            "fleet chat: Held 1/3 (revision abc123); HealthGateTripped: 1 of 3 nodes run the"
                + " update revision: a health gate tripped");
    assertThat(FleetWatch.rolloutStopped(status)).isTrue();
    assertThat(FleetWatch.rolloutFailed(status)).isTrue();
  }

  @Test
  void aStatusTheOperatorWroteBeforeTheLastChangeIsNotTakenForTheRollout() {
    RealtimeFleet fleet = new RealtimeFleet();
    // rollout restart made generation 4; the status still speaks of generation 3
    fleet.setMetadata(new ObjectMetaBuilder().withName("chat").withGeneration(4L).build());
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setObservedGeneration(3L);
    status.setRollout("Complete");
    status.setCurrentRevision("abc123");
    fleet.setStatus(status);

    assertThat(RolloutStatusCommand.line(fleet, Optional.empty()))
        .isEqualTo("fleet chat: waiting for the operator to see the change (generation 4)");

    status.setObservedGeneration(4L);
    assertThat(RolloutStatusCommand.line(fleet, Optional.empty()))
        .isEqualTo("fleet chat: rollout complete, every node at revision abc123");
  }

  @Test
  void aRolloutHeldUntilANewNodesCountersCanBeReadIsFollowedOn() {
    RealtimeFleetStatus status = new RealtimeFleetStatus();
    status.setRollout("Held 2/2 updated");
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("RolloutPaused")
                .withStatus("True")
                .withReason("HealthGateNoData")
                .withMessage("no health data from dev-3")
                .build()));
    assertThat(FleetWatch.rolloutStopped(status)).isFalse();

    status.setRollout("Paused 1/2 updated");
    status.setConditions(List.of());
    assertThat(FleetWatch.rolloutStopped(status)).isTrue();
    assertThat(FleetWatch.rolloutFailed(status)).isFalse();
  }
}
