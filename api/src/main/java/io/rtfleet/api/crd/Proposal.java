package io.rtfleet.api.crd;

import java.util.List;

/**
 * A rebalance plan made at one placement epoch: executed only while that epoch is the fleet's, or
 * at epochs its own batches made.
 */
public final class Proposal {
  /** The placement epoch it was planned at. */
  private Long epoch;

  /** The slot moves, in the order they are handed off. */
  private List<SlotMove> moves;

  /** Slots that move. */
  private Integer slots;

  /** Guilds in those slots. */
  private Long guilds;

  /** Load per node before and after. */
  private List<NodeLoad> nodes;

  /** The most loaded node's load over the mean, before. */
  private Double maxOverMeanBefore;

  /** The same, after. */
  private Double maxOverMeanAfter;

  /** When it was made (RFC 3339). */
  private String proposedAt;

  public Long getEpoch() {
    return epoch;
  }

  public void setEpoch(Long epoch) {
    this.epoch = epoch;
  }

  public List<SlotMove> getMoves() {
    return moves;
  }

  public void setMoves(List<SlotMove> moves) {
    this.moves = moves;
  }

  public Integer getSlots() {
    return slots;
  }

  public void setSlots(Integer slots) {
    this.slots = slots;
  }

  public Long getGuilds() {
    return guilds;
  }

  public void setGuilds(Long guilds) {
    this.guilds = guilds;
  }

  public List<NodeLoad> getNodes() {
    return nodes;
  }

  public void setNodes(List<NodeLoad> nodes) {
    this.nodes = nodes;
  }

  public Double getMaxOverMeanBefore() {
    return maxOverMeanBefore;
  }

  public void setMaxOverMeanBefore(Double maxOverMeanBefore) {
    this.maxOverMeanBefore = maxOverMeanBefore;
  }

  public Double getMaxOverMeanAfter() {
    return maxOverMeanAfter;
  }

  public void setMaxOverMeanAfter(Double maxOverMeanAfter) {
    this.maxOverMeanAfter = maxOverMeanAfter;
  }

  public String getProposedAt() {
    return proposedAt;
  }

  public void setProposedAt(String proposedAt) {
    this.proposedAt = proposedAt;
  }
}
