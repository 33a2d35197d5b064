package io.rtfleet.node.lanes;

/**
 * A guild owned by another node that local sessions follow: the owner streams its events here once
 * and they are delivered to the local subscribers. Confined to the guild's lane thread.
 */
public final class FollowedGuild {
  private final long id;
  private final String owner;
  private final Subscribers subscribers = new Subscribers();
  private int pendingFollows;
  private long lastSeq;

  public FollowedGuild(long id, String owner) {
    this.id = id;
    this.owner = owner;
  }

  public long id() {
    return id;
  }

  public String owner() {
    return owner;
  }

  public Subscribers subscribers() {
    return subscribers;
  }

  public void followSent() {
    pendingFollows++;
  }

  public void followAnswered() {
    pendingFollows--;
  }

  /** Nobody follows it and no follow is on its way: the owner may stop streaming it. */
  public boolean abandoned() {
    return subscribers.isEmpty() && pendingFollows == 0;
  }

  /**
   * Records an event's guild sequence number; false when it is not the next one after the last seen
   * (a gap in the stream), which the caller reports.
   */
  public boolean advance(long seq) {
    boolean inOrder = lastSeq == 0 || seq == lastSeq + 1;
    lastSeq = Math.max(lastSeq, seq);
    return inOrder;
  }

  /** A follow answer says the guild is at {@code seq}: the stream goes on after it. */
  public void reached(long seq) {
    lastSeq = Math.max(lastSeq, seq);
  }

  /** The last event delivered to this node's followers of the guild. */
  public long cursor() {
    return lastSeq;
  }
}
