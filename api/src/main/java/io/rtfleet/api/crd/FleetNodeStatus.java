package io.rtfleet.api.crd;

/** One node as the operator last observed it. */
public final class FleetNodeStatus {
  /** The node id, which is also its pod's name. */
  private String name;

  /**
   * {@code Starting}, {@code Active}, {@code Draining}, {@code Drained}, {@code Cordoned} or {@code
   * Lost}.
   */
  private String phase;

  /** The template revision its pod runs. */
  private String revision;

  /** Whether its pod is ready. */
  private boolean ready;

  /**
   * Whether its node has been ready at some time: one whose pod fails before it ever was failed to
   * start, and is not replaced in a loop.
   */
  private boolean served;

  private long sessions;

  private long guilds;

  private int slots;

  /**
   * Since when (RFC 3339) the node, which owns slots, has not answered the operator: kept from pass
   * to pass, and cleared once it answers. Null when it answers.
   */
  private String lostSince;

  /** Why it is not ready or lost, when it is not. */
  private String message;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public boolean isReady() {
    return ready;
  }

  public void setReady(boolean ready) {
    this.ready = ready;
  }

  public long getSessions() {
    return sessions;
  }

  public void setSessions(long sessions) {
    this.sessions = sessions;
  }

  public long getGuilds() {
    return guilds;
  }

  public void setGuilds(long guilds) {
    this.guilds = guilds;
  }

  public int getSlots() {
    return slots;
  }

  public void setSlots(int slots) {
    this.slots = slots;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public boolean isServed() {
    return served;
  }

  public void setServed(boolean served) {
    this.served = served;
  }

  public String getLostSince() {
    return lostSince;
  }

  public void setLostSince(String lostSince) {
    this.lostSince = lostSince;
  }
}
