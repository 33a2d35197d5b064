package io.rtfleet.api.crd;

import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/**
 * What the operator last saw of a fleet and what it is doing to it. Written only by the operator;
 * an operator that restarts carries on from {@code operation} and the nodes' own state.
 */
public final class RealtimeFleetStatus {
  /** The spec generation this status describes. */
  private Long observedGeneration;

  /**
   * {@code Ready}, {@code Progressing}, {@code Degraded}, {@code Balanced} and {@code
   * RolloutPaused}.
   */
  private List<Condition> conditions;

  /** Ready nodes out of the replicas asked for, as {@code 2/3}. */
  @PrinterColumn(name = "Ready")
  private String ready;

  /** Node pods that exist. */
  @StatusReplicas
  @PrinterColumn(name = "Nodes")
  private Integer replicas;

  /** Node pods that are ready. */
  private Integer readyReplicas;

  /** Node pods running the update revision. */
  private Integer updatedReplicas;

  /** Sessions on all nodes. */
  @PrinterColumn(name = "Sessions")
  private Long sessions;

  /** Guilds owned by all nodes. */
  @PrinterColumn(name = "Guilds")
  private Long guilds;

  /** The epoch of the slot table in force. */
  @PrinterColumn(name = "Epoch")
  private Long placementEpoch;

  /** The rollout in a word or two: {@code Complete}, {@code 2/3 updated}, {@code Paused}. */
  @PrinterColumn(name = "Rollout")
  private String rollout;

  /** The selector of the fleet's node pods, for the scale subresource. */
  @LabelSelector private String labelSelector;

  /** The revision every node ran when the last rollout finished. */
  private String currentRevision;

  /** The revision of the template in the spec. */
  private String updateRevision;

  /** Each node as last observed. */
  private List<FleetNodeStatus> nodes;

  /** The operation in progress, if any. */
  private OperationStatus operation;

  /**
   * A revision whose nodes fail to start (they stop before they are ever ready): no more of its
   * nodes are made until the template changes. Null when none.
   */
  private String haltedRevision;

  /** Why {@link #haltedRevision} was halted: the node that failed and what its pod said. */
  private String haltReason;

  /**
   * A revision promoted by the annotation {@code rtfleet.io/rollout=promote}: its rollout goes to
   * every node, whatever the spec's partition and pause, until it is complete or the template
   * changes. Null when none.
   */
  private String promotedRevision;

  /**
   * A revision whose rollout was aborted by the annotation {@code rtfleet.io/rollout=abort}: its
   * nodes are replaced by nodes of {@link #currentRevision}, drain-first, until the template
   * changes. Null when none.
   */
  private String abortedRevision;

  /** The rollout step the health gates judge, or the gate that tripped; null when none. */
  private HealthGateStatus healthGate;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getUpdatedReplicas() {
    return updatedReplicas;
  }

  public void setUpdatedReplicas(Integer updatedReplicas) {
    this.updatedReplicas = updatedReplicas;
  }

  public Long getSessions() {
    return sessions;
  }

  public void setSessions(Long sessions) {
    this.sessions = sessions;
  }

  public Long getGuilds() {
    return guilds;
  }

  public void setGuilds(Long guilds) {
    this.guilds = guilds;
  }

  public Long getPlacementEpoch() {
    return placementEpoch;
  }

  public void setPlacementEpoch(Long placementEpoch) {
    this.placementEpoch = placementEpoch;
  }

  public String getRollout() {
    return rollout;
  }

  public void setRollout(String rollout) {
    this.rollout = rollout;
  }

  public String getLabelSelector() {
    return labelSelector;
  }

  public void setLabelSelector(String labelSelector) {
    this.labelSelector = labelSelector;
  }

  public String getCurrentRevision() {
    return currentRevision;
  }

  public void setCurrentRevision(String currentRevision) {
    this.currentRevision = currentRevision;
  }

  public String getUpdateRevision() {
    return updateRevision;
  }

  public void setUpdateRevision(String updateRevision) {
    this.updateRevision = updateRevision;
  }

  public List<FleetNodeStatus> getNodes() {
    return nodes;
  }

  public void setNodes(List<FleetNodeStatus> nodes) {
    this.nodes = nodes;
  }

  public OperationStatus getOperation() {
    return operation;
  }

  public void setOperation(OperationStatus operation) {
    this.operation = operation;
  }

  public String getHaltedRevision() {
    return haltedRevision;
  }

  public void setHaltedRevision(String haltedRevision) {
    this.haltedRevision = haltedRevision;
  }

  public String getHaltReason() {
    return haltReason;
  }

  public void setHaltReason(String haltReason) {
    this.haltReason = haltReason;
  }

  public String getPromotedRevision() {
    return promotedRevision;
  }

  public void setPromotedRevision(String promotedRevision) {
    this.promotedRevision = promotedRevision;
  }

  public String getAbortedRevision() {
    return abortedRevision;
  }

  public void setAbortedRevision(String abortedRevision) {
    this.abortedRevision = abortedRevision;
  }

  public HealthGateStatus getHealthGate() {
    return healthGate;
  }

  public void setHealthGate(HealthGateStatus healthGate) {
    this.healthGate = healthGate;
  }
}
