package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * How guilds are placed: by slot ({@code (guild_id >> 22) % slotCount}), balanced within {@code
 * balanceFactor} of the mean load, a few slots per handoff.
 */
public final class PlacementSpec {
  /** Slots the guilds are hashed into; fixed once the fleet exists. */
  @Min(1)
  @Max(65536)
  @Default("4096")
  @ValidationRule(value = "self == oldSelf", message = "slotCount cannot be changed")
  private Integer slotCount;

  /** No node above this many times the mean load. */
  @Min(value = 1.0, inclusive = false)
  @Max(10.0)
  @Default("1.1")
  private Double balanceFactor;

  /** Slots handed off together: a bigger batch pauses more guilds at once. */
  @Min(1)
  @Max(4096)
  @Default("64")
  private Integer maxMovesPerBatch;

  /** Guilds pinned to a node whatever their slot (a giant guild on a node of its own). */
  private List<GuildOverride> overrides;

  public Integer getSlotCount() {
    return slotCount;
  }

  public void setSlotCount(Integer slotCount) {
    this.slotCount = slotCount;
  }

  public Double getBalanceFactor() {
    return balanceFactor;
  }

  public void setBalanceFactor(Double balanceFactor) {
    this.balanceFactor = balanceFactor;
  }

  public Integer getMaxMovesPerBatch() {
    return maxMovesPerBatch;
  }

  public void setMaxMovesPerBatch(Integer maxMovesPerBatch) {
    this.maxMovesPerBatch = maxMovesPerBatch;
  }

  public List<GuildOverride> getOverrides() {
    return overrides;
  }

  public void setOverrides(List<GuildOverride> overrides) {
    this.overrides = overrides;
  }
}
