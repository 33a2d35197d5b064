package io.rtfleet.controller.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.crd.RebalanceState;
import org.junit.jupiter.api.Test;

/** KafkaRebalance's lifecycle, with a stale proposal planned again and never carried out. */
class RebalanceLifecycleTest {
  private static RebalanceLifecycle.Seen seen(RebalanceState state, String action) {
    return new RebalanceLifecycle.Seen(state, action, false, false, 5L, 5, 0, 10, null);
  }

  private static RebalanceStep decide(RebalanceLifecycle.Seen seen) {
    return RebalanceLifecycle.decide(seen);
  }

  @Test
  void aNewRebalanceIsPlanned() {
    assertThat(decide(seen(null, null))).isInstanceOf(RebalanceStep.Propose.class);
  }

  @Test
  void aProposalWaitsForApprovalThenIsHandedOff() {
    assertThat(decide(seen(RebalanceState.ProposalReady, null)))
        .isInstanceOf(RebalanceStep.Idle.class);
    assertThat(decide(seen(RebalanceState.ProposalReady, "approve")))
        .isInstanceOf(RebalanceStep.HandOff.class);
    assertThat(
            decide(
                new RebalanceLifecycle.Seen(
                    RebalanceState.ProposalReady, null, true, false, 5L, 5, 0, 10, null)))
        .isInstanceOf(RebalanceStep.HandOff.class);
  }

  @Test
  void aProposalOfAnOlderEpochIsPlannedAgainEvenWhenApproved() {
    RebalanceStep step =
        decide(
            new RebalanceLifecycle.Seen(
                RebalanceState.ProposalReady, "approve", false, false, 5L, 7, 0, 10, null));

    assertThat(step).isInstanceOf(RebalanceStep.Propose.class);
    assertThat(((RebalanceStep.Propose) step).why())
        .isEqualTo("the placement moved from epoch 5 to 7 since the proposal; approve the new one");
  }

  @Test
  void anApprovedProposalWithMovesDoneIsCarriedOnThoughTheEpochMoved() {
    RebalanceStep step =
        decide(
            new RebalanceLifecycle.Seen(
                RebalanceState.ProposalReady, null, true, false, 5L, 7, 16, 10, null));

    assertThat(step).isInstanceOf(RebalanceStep.HandOff.class);
  }

  @Test
  void aRebalanceWaitsWhileTheFleetDrainsANode() {
    RebalanceLifecycle.Seen busy =
        new RebalanceLifecycle.Seen(
            RebalanceState.Rebalancing, null, false, false, 5L, 9, 0, 10, "drain of chat-2");

    assertThat(decide(busy))
        .isEqualTo(new RebalanceStep.Hold("paused while the fleet's drain of chat-2 runs"));
  }

  @Test
  void aRebalanceGoesOnUntilNothingIsLeftWhateverTheEpoch() {
    assertThat(
            decide(
                new RebalanceLifecycle.Seen(
                    RebalanceState.Rebalancing, null, false, false, 5L, 9, 0, 3, null)))
        .isInstanceOf(RebalanceStep.HandOff.class);
    assertThat(
            decide(
                new RebalanceLifecycle.Seen(
                    RebalanceState.Rebalancing, null, false, false, 5L, 9, 0, 0, null)))
        .isInstanceOf(RebalanceStep.Finish.class);
  }

  @Test
  void stopEndsARunningRebalanceAndRefreshPlansAgainFromAnyState() {
    assertThat(decide(seen(RebalanceState.Rebalancing, "stop")))
        .isInstanceOf(RebalanceStep.Stop.class);
    assertThat(decide(seen(RebalanceState.Ready, "stop"))).isInstanceOf(RebalanceStep.Idle.class);
    for (RebalanceState state : RebalanceState.values()) {
      assertThat(decide(seen(state, "refresh"))).isInstanceOf(RebalanceStep.Propose.class);
    }
  }

  @Test
  void anEditedSpecIsPlannedAgainAndAFinishedRebalanceStaysFinished() {
    assertThat(
            decide(
                new RebalanceLifecycle.Seen(
                    RebalanceState.Ready, null, false, true, 5L, 5, 0, 0, null)))
        .isInstanceOf(RebalanceStep.Propose.class);
    assertThat(decide(seen(RebalanceState.Ready, "approve")))
        .isInstanceOf(RebalanceStep.Idle.class);
    assertThat(decide(seen(RebalanceState.Stopped, null))).isInstanceOf(RebalanceStep.Idle.class);
  }
}
