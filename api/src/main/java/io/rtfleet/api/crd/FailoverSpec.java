package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** When a node that stopped serving without its pod failing is given up for lost. */
public final class FailoverSpec {
  /**
   * How long a node that owns slots may leave the operator's calls unanswered, with its pod not
   * ready, before its slots are failed over and its pod replaced. Long enough to ride out a long GC
   * pause or a CPU-starved minute; a node that answers once starts it again, and a node still
   * starting owns no slots and is never lost.
   */
  @Min(5)
  @Max(3600)
  @Default("30")
  private Integer lostAfterSeconds;

  public Integer getLostAfterSeconds() {
    return lostAfterSeconds;
  }

  public void setLostAfterSeconds(Integer lostAfterSeconds) {
    this.lostAfterSeconds = lostAfterSeconds;
  }
}
