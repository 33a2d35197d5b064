package io.rtfleet.api.crd;

import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Where a rebalance is in its lifecycle, with its proposal and progress. Progress is derived again
 * from the proposal and the fleet's placement, so a restarted operator carries on.
 */
public final class GuildRebalanceStatus {
  private Long observedGeneration;

  @PrinterColumn(name = "State")
  private RebalanceState state;

  /** One condition, of the state's type, with the reason and message. */
  private List<Condition> conditions;

  /** What the rebalance would do, or does. */
  private Proposal proposal;

  /** Batches handed off out of the proposal's, as {@code 3/10}. */
  @PrinterColumn(name = "Batches")
  private String batches;

  private Integer batchesDone;

  private Integer batchesTotal;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public RebalanceState getState() {
    return state;
  }

  public void setState(RebalanceState state) {
    this.state = state;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Proposal getProposal() {
    return proposal;
  }

  public void setProposal(Proposal proposal) {
    this.proposal = proposal;
  }

  public String getBatches() {
    return batches;
  }

  public void setBatches(String batches) {
    this.batches = batches;
  }

  public Integer getBatchesDone() {
    return batchesDone;
  }

  public void setBatchesDone(Integer batchesDone) {
    this.batchesDone = batchesDone;
  }

  public Integer getBatchesTotal() {
    return batchesTotal;
  }

  public void setBatchesTotal(Integer batchesTotal) {
    this.batchesTotal = batchesTotal;
  }
}
