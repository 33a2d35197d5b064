package io.rtfleet.controller.rebalance;

/** What to do with a GuildRebalance in this pass, as {@link RebalanceLifecycle} decides. */
sealed interface RebalanceStep {
  /** Plan (again) and show the proposal: {@code ProposalReady}. */
  record Propose(String why) implements RebalanceStep {}

  /** Hand off the next batch of the proposal: {@code Rebalancing}. */
  record HandOff() implements RebalanceStep {}

  /** Every move is done: {@code Ready}. */
  record Finish() implements RebalanceStep {}

  /** Stopped on request: what was handed off stays. */
  record Stop() implements RebalanceStep {}

  /** Stays as it is, for the reason given (shown in its condition), and looks again later. */
  record Hold(String why) implements RebalanceStep {}

  /** Nothing to do until someone asks for something. */
  record Idle() implements RebalanceStep {}
}
