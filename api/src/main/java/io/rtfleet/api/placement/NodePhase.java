package io.rtfleet.api.placement;

/** A node's phase; only {@link #ACTIVE} nodes take new slots. */
public enum NodePhase {
  STARTING,
  ACTIVE,
  DRAINING,
  DRAINED,
  /** Keeps what it has, takes nothing new. */
  CORDONED;

  public boolean takesSlots() {
    return this == ACTIVE;
  }

  /** Whether the node must give its slots away. */
  public boolean evicting() {
    return this == DRAINING || this == DRAINED;
  }
}
