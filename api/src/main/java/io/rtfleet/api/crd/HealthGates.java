package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Read from the nodes between rollout steps; a gate that trips, or has no data, pauses the rollout.
 */
public final class HealthGates {
  /** The largest share of sessions that may identify again (instead of resuming) per step. */
  @Min(0.0)
  @Max(1.0)
  @Default("0.01")
  private Double maxReidentifiedShare;

  /** Resumes that may fail per step. */
  @Min(0)
  @Default("10")
  private Integer maxResumeFailures;

  public Double getMaxReidentifiedShare() {
    return maxReidentifiedShare;
  }

  public void setMaxReidentifiedShare(Double maxReidentifiedShare) {
    this.maxReidentifiedShare = maxReidentifiedShare;
  }

  public Integer getMaxResumeFailures() {
    return maxResumeFailures;
  }

  public void setMaxResumeFailures(Integer maxResumeFailures) {
    this.maxResumeFailures = maxResumeFailures;
  }
}
