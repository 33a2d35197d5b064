package io.rtfleet.controller.rebalance;

import io.rtfleet.api.crd.RebalanceState;

/**
 * The lifecycle of a GuildRebalance, as Strimzi's KafkaRebalance: {@code PendingProposal →
 * ProposalReady → (approve, or autoApprove) → Rebalancing → Ready}, {@code stop} → {@code Stopped},
 * {@code refresh} plans again from any state. A proposal planned at an older placement epoch than
 * the fleet's is planned again, never carried out: its moves may name slots that have moved since.
 * Pure: the reconciler observes, this decides.
 */
final class RebalanceLifecycle {
  static final String APPROVE = "approve";
  static final String STOP = "stop";
  static final String REFRESH = "refresh";

  private RebalanceLifecycle() {}

  /** What a GuildRebalance and its fleet look like in this pass. */
  record Seen(
      RebalanceState state,
      String action,
      boolean autoApprove,
      boolean specChanged,
      Long proposalEpoch,
      long epoch,
      int movesDone,
      int movesLeft,
      String fleetBusyWith) {}

  static RebalanceStep decide(Seen seen) {
    if (REFRESH.equals(seen.action())) {
      return new RebalanceStep.Propose("planned again on request");
    }
    RebalanceState state = seen.state() == null ? RebalanceState.PendingProposal : seen.state();
    boolean running =
        state == RebalanceState.PendingProposal
            || state == RebalanceState.ProposalReady
            || state == RebalanceState.Rebalancing;
    if (STOP.equals(seen.action()) && running) {
      return new RebalanceStep.Stop();
    }
    if (seen.specChanged() && state != RebalanceState.PendingProposal) {
      return new RebalanceStep.Propose("the spec changed");
    }
    return switch (state) {
      case PendingProposal -> new RebalanceStep.Propose("new");
      case ProposalReady -> proposalReady(seen);
      case Rebalancing -> rebalancing(seen);
      case Ready, Stopped, NotReady -> new RebalanceStep.Idle();
    };
  }

  private static RebalanceStep proposalReady(Seen seen) {
    boolean approved = APPROVE.equals(seen.action()) || seen.autoApprove();
    if (approved && seen.movesDone() > 0) {
      // Approved and begun (the state written after the first batch was lost): the epoch moved
      // by its own batches, so it is carried on, not planned again.
      return rebalancing(seen);
    }
    if (seen.proposalEpoch() == null || seen.proposalEpoch() != seen.epoch()) {
      return new RebalanceStep.Propose(
          "the placement moved from epoch "
              + seen.proposalEpoch()
              + " to "
              + seen.epoch()
              + " since the proposal"
              + (APPROVE.equals(seen.action()) && !seen.autoApprove()
                  ? "; approve the new one"
                  : ""));
    }
    if (!approved) {
      return new RebalanceStep.Idle();
    }
    if (seen.movesLeft() == 0) {
      return new RebalanceStep.Finish();
    }
    return seen.fleetBusyWith() == null
        ? new RebalanceStep.HandOff()
        : new RebalanceStep.Hold("approved; waiting for the fleet's " + seen.fleetBusyWith());
  }

  private static RebalanceStep rebalancing(Seen seen) {
    if (seen.movesLeft() == 0) {
      return new RebalanceStep.Finish();
    }
    return seen.fleetBusyWith() == null
        ? new RebalanceStep.HandOff()
        : new RebalanceStep.Hold("paused while the fleet's " + seen.fleetBusyWith() + " runs");
  }
}
