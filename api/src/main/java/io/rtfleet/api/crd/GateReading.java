package io.rtfleet.api.crd;

/** One node's gateway counters, as its {@code /metrics} gave them when a rollout step started. */
public final class GateReading {
  /** Sessions identified since the node started ({@code rtfleet_gateway_identifies_total}). */
  private Long identifies;

  /** Resumes refused since the node started ({@code rtfleet_gateway_resumes_total}, failed). */
  private Long resumeFailures;

  public GateReading() {}

  public GateReading(long identifies, long resumeFailures) {
    this.identifies = identifies;
    this.resumeFailures = resumeFailures;
  }

  public Long getIdentifies() {
    return identifies;
  }

  public void setIdentifies(Long identifies) {
    this.identifies = identifies;
  }

  public Long getResumeFailures() {
    return resumeFailures;
  }

  public void setResumeFailures(Long resumeFailures) {
    this.resumeFailures = resumeFailures;
  }
}
