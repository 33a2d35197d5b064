package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** When a node that stopped answering, or never started, is given up on. */
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

  /**
   * How long a new node may take to become ready. One that answers its health check is busy
   * starting (opening its database, loading its guilds) and is waited for until then; one whose
   * node has not answered for {@code lostAfterSeconds} since its pod was made, or that the kubelet
   * cannot start (image pull, crash loop), is stuck at once; either is then replaced, or halts the
   * rollout of its revision when it is the one being rolled out.
   */
  @Min(10)
  @Max(86400)
  @Default("600")
  private Integer startDeadlineSeconds;

  public Integer getStartDeadlineSeconds() {
    return startDeadlineSeconds;
  }

  public void setStartDeadlineSeconds(Integer startDeadlineSeconds) {
    this.startDeadlineSeconds = startDeadlineSeconds;
  }

  public Integer getLostAfterSeconds() {
    return lostAfterSeconds;
  }

  public void setLostAfterSeconds(Integer lostAfterSeconds) {
    this.lostAfterSeconds = lostAfterSeconds;
  }
}
