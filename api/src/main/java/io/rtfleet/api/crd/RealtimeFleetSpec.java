package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/**
 * What an SRE declares of a fleet: how many nodes, what they run, where their database is, and how
 * the operator places guilds, rolls out and drains. Every field but {@code replicas}, {@code
 * template.image} and {@code database} has a default, in the schema and in the operator.
 */
public final class RealtimeFleetSpec {
  /** Nodes the fleet runs; the scale subresource sets it. */
  @SpecReplicas
  @Required
  @Min(0)
  @Max(1000)
  private Integer replicas;

  /** The pod of every node: a change is a new revision, rolled out node by node. */
  @Required private NodeTemplate template;

  /** The PostgreSQL every node of the fleet shares. */
  @Required private DatabaseSpec database;

  /** How guilds are placed on nodes. */
  private PlacementSpec placement;

  /** How a new revision replaces the old one. */
  private RolloutSpec rollout;

  /** How a node hands its guilds and sessions to the others before it goes. */
  private DrainSpec drain;

  /** When a node that stopped answering is failed over. */
  private FailoverSpec failover;

  /**
   * Whether a scale-up moves load onto the new nodes at once; otherwise a GuildRebalance is
   * proposed for someone to approve.
   */
  @Default("true")
  private Boolean autoRebalance;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public NodeTemplate getTemplate() {
    return template;
  }

  public void setTemplate(NodeTemplate template) {
    this.template = template;
  }

  public DatabaseSpec getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSpec database) {
    this.database = database;
  }

  public PlacementSpec getPlacement() {
    return placement;
  }

  public void setPlacement(PlacementSpec placement) {
    this.placement = placement;
  }

  public RolloutSpec getRollout() {
    return rollout;
  }

  public void setRollout(RolloutSpec rollout) {
    this.rollout = rollout;
  }

  public DrainSpec getDrain() {
    return drain;
  }

  public void setDrain(DrainSpec drain) {
    this.drain = drain;
  }

  public Boolean getAutoRebalance() {
    return autoRebalance;
  }

  public void setAutoRebalance(Boolean autoRebalance) {
    this.autoRebalance = autoRebalance;
  }

  public FailoverSpec getFailover() {
    return failover;
  }

  public void setFailover(FailoverSpec failover) {
    this.failover = failover;
  }
}
