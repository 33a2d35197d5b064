package io.rtfleet.api.placement;

/** A node as the planner sees it: its id, relative capacity (1.0 for a standard node), phase. */
public record PlacementNode(String id, double capacity, NodePhase phase) {
  public PlacementNode {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("node id must not be blank");
    }
    if (!(capacity > 0)) {
      throw new IllegalArgumentException("capacity of " + id + " must be positive: " + capacity);
    }
  }
}
