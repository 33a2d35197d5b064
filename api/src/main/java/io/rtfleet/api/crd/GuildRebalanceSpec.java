package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A request to rebalance a fleet's guilds, proposed first and carried out once approved. */
public final class GuildRebalanceSpec {
  /** The RealtimeFleet, in the same namespace. */
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  private String fleet;

  @Default("full")
  private RebalanceMode mode;

  /** For {@code add-nodes}, the nodes to fill; for {@code remove-nodes}, the nodes to empty. */
  private List<String> nodes;

  /** Overrides the fleet's. */
  @Min(value = 1.0, inclusive = false)
  @Max(10.0)
  private Double balanceFactor;

  /** Overrides the fleet's {@code maxMovesPerBatch}. */
  @Min(1)
  @Max(4096)
  private Integer movesPerBatch;

  /** Carry the proposal out without waiting for the approve annotation. */
  @Default("false")
  private Boolean autoApprove;

  public String getFleet() {
    return fleet;
  }

  public void setFleet(String fleet) {
    this.fleet = fleet;
  }

  public RebalanceMode getMode() {
    return mode;
  }

  public void setMode(RebalanceMode mode) {
    this.mode = mode;
  }

  public List<String> getNodes() {
    return nodes;
  }

  public void setNodes(List<String> nodes) {
    this.nodes = nodes;
  }

  public Double getBalanceFactor() {
    return balanceFactor;
  }

  public void setBalanceFactor(Double balanceFactor) {
    this.balanceFactor = balanceFactor;
  }

  public Integer getMovesPerBatch() {
    return movesPerBatch;
  }

  public void setMovesPerBatch(Integer movesPerBatch) {
    this.movesPerBatch = movesPerBatch;
  }

  public Boolean getAutoApprove() {
    return autoApprove;
  }

  public void setAutoApprove(Boolean autoApprove) {
    this.autoApprove = autoApprove;
  }
}
