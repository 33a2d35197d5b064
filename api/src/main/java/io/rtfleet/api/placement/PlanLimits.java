package io.rtfleet.api.placement;

/**
 * How far the planner may go: nodes end within [{@code mean / balanceFactor}, {@code balanceFactor
 * × mean}] load per capacity (Cruise Control's default threshold is 1.10), and a plan has at most
 * {@code maxMovesPerNode} moves touching any one node and {@code maxMovesPerFleet} in all, so that
 * handoffs are throttled.
 */
public record PlanLimits(double balanceFactor, int maxMovesPerNode, int maxMovesPerFleet) {
  public static final PlanLimits DEFAULT =
      new PlanLimits(1.10, Integer.MAX_VALUE, Integer.MAX_VALUE);

  public PlanLimits {
    if (!(balanceFactor > 1.0)) {
      throw new IllegalArgumentException("balance factor must be above 1.0: " + balanceFactor);
    }
    if (maxMovesPerNode < 1 || maxMovesPerFleet < 1) {
      throw new IllegalArgumentException("move caps must be positive");
    }
  }
}
