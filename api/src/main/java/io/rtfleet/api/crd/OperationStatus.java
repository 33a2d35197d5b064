package io.rtfleet.api.crd;

/**
 * The one operation the operator is carrying out on a fleet: enough to carry on after a restart.
 */
public final class OperationStatus {
  /**
   * Why a node is drained: {@code ScaleDown}, {@code Rollout}, {@code Replace} (asked for by
   * annotation) or {@code PodDeleted} (its pod was deleted by someone else).
   */
  private String kind;

  /** The node it is about, if one. */
  private String node;

  /** The node taking over that node's load, if one. */
  private String target;

  /** The step in progress, such as {@code StartingSurge} or {@code Draining}. */
  private String step;

  /** When the operation started (RFC 3339). */
  private String started;

  /** When the step started (RFC 3339): its deadline runs from here. */
  private String stepStarted;

  /** Progress in words, such as {@code 12/40 slots handed off}. */
  private String progress;

  /**
   * The slots the node still owns while it hands them off (0 once they are all handed off); unset
   * until the first batch is planned. With {@code sessionsLeft}, the count a progress meter falls
   * on.
   */
  private Integer slotsLeft;

  /**
   * The sessions the drain still waits for to leave the node (attached ones, and for a drain that
   * deletes the node those kept for their clients' resume too); unset until they are asked to move.
   */
  private Long sessionsLeft;

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getStep() {
    return step;
  }

  public void setStep(String step) {
    this.step = step;
  }

  public String getStarted() {
    return started;
  }

  public void setStarted(String started) {
    this.started = started;
  }

  public String getStepStarted() {
    return stepStarted;
  }

  public void setStepStarted(String stepStarted) {
    this.stepStarted = stepStarted;
  }

  public String getProgress() {
    return progress;
  }

  public void setProgress(String progress) {
    this.progress = progress;
  }

  public Integer getSlotsLeft() {
    return slotsLeft;
  }

  public void setSlotsLeft(Integer slotsLeft) {
    this.slotsLeft = slotsLeft;
  }

  public Long getSessionsLeft() {
    return sessionsLeft;
  }

  public void setSessionsLeft(Long sessionsLeft) {
    this.sessionsLeft = sessionsLeft;
  }
}
