package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How a new revision of the template replaces the nodes: drain first, one node at a time by
 * default, a fresh node taking each old one's load before it goes.
 */
public final class RolloutSpec {
  /** Nodes started above {@code replicas} during a rollout. */
  @Min(0)
  @Max(100)
  @Default("1")
  private Integer maxSurge;

  /** Nodes that may be unready at once during a rollout. */
  @Min(0)
  @Max(100)
  @Default("0")
  private Integer maxUnavailable;

  /** Stop after this many nodes run the new revision (a canary); unset rolls them all. */
  @Min(0)
  private Integer partition;

  /** No rollout step starts while set. */
  @Default("false")
  private Boolean paused;

  /** What pauses a rollout by itself. */
  private HealthGates healthGates;

  /** A step that takes longer marks the fleet Degraded and stops. */
  @Min(10)
  @Default("600")
  private Integer progressDeadlineSeconds;

  public Integer getMaxSurge() {
    return maxSurge;
  }

  public void setMaxSurge(Integer maxSurge) {
    this.maxSurge = maxSurge;
  }

  public Integer getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(Integer maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }

  public Integer getPartition() {
    return partition;
  }

  public void setPartition(Integer partition) {
    this.partition = partition;
  }

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }

  public HealthGates getHealthGates() {
    return healthGates;
  }

  public void setHealthGates(HealthGates healthGates) {
    this.healthGates = healthGates;
  }

  public Integer getProgressDeadlineSeconds() {
    return progressDeadlineSeconds;
  }

  public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
    this.progressDeadlineSeconds = progressDeadlineSeconds;
  }
}
