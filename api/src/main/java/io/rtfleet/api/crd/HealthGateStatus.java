package io.rtfleet.api.crd;

import java.util.Map;

/**
 * The rollout step the health gates judge: the node it drains, what the nodes' counters read when
 * it started, and, once judged, why the gate tripped. Kept in the status so that an operator
 * restarted mid-step judges the step it did not see begin.
 */
public final class HealthGateStatus {
  /** The revision being rolled out when the step started. */
  private String revision;

  /** The node the step drains. */
  private String node;

  /** Sessions on that node when the step started: the share of re-identified is of these. */
  private Long sessions;

  /** Each node's counters when the step started, by node name. */
  private Map<String, GateReading> baseline;

  /**
   * Why a gate tripped, once the step was judged: the rollout stays paused until it is promoted
   * ({@code rtfleet.io/rollout=promote}) or the template changes. Null while the step runs or when
   * it passed.
   */
  private String tripped;

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public Long getSessions() {
    return sessions;
  }

  public void setSessions(Long sessions) {
    this.sessions = sessions;
  }

  public Map<String, GateReading> getBaseline() {
    return baseline;
  }

  public void setBaseline(Map<String, GateReading> baseline) {
    this.baseline = baseline;
  }

  public String getTripped() {
    return tripped;
  }

  public void setTripped(String tripped) {
    this.tripped = tripped;
  }
}
