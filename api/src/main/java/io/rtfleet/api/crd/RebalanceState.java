package io.rtfleet.api.crd;

/** The lifecycle of a GuildRebalance, as KafkaRebalance's. */
public enum RebalanceState {
  /** The operator is planning. */
  PendingProposal,
  /** A proposal waits for approval (the annotation, or {@code autoApprove}). */
  ProposalReady,
  /** The proposal's batches are being handed off. */
  Rebalancing,
  /** Every batch is handed off. */
  Ready,
  /** Stopped by the {@code stop} annotation: what was handed off stays, the rest is not done. */
  Stopped,
  /** The rebalance cannot go on; the condition says why. {@code refresh} tries again. */
  NotReady
}
