package io.rtfleet.node.lanes;

/** What the lanes count, for whoever exports it (the node's Prometheus registry). */
public interface LaneMetrics {
  /** An event of this dispatch type was sequenced by its guild's lane. */
  void eventCreated(String type);

  /** One event went to this many local sessions. */
  void delivered(int count);

  /** The time from an event's creation to its last local delivery. */
  void fanoutSeconds(double seconds);
}
