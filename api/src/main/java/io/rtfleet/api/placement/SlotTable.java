package io.rtfleet.api.placement;

import io.rtfleet.api.protocol.Slots;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node owns each slot, at a placement epoch, plus per-guild overrides. Immutable: every
 * change is a new table with the next epoch, and a node refuses a table whose epoch is not newer
 * than the one it has (fencing).
 */
public final class SlotTable {
  private final long epoch;
  private final String[] owners;
  private final Map<Long, String> overrides;

  public SlotTable(long epoch, String[] owners, Map<Long, String> overrides) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must not be negative: " + epoch);
    }
    for (int slot = 0; slot < owners.length; slot++) {
      if (owners[slot] == null) {
        throw new IllegalArgumentException("slot " + slot + " has no owner");
      }
    }
    this.epoch = epoch;
    this.owners = owners.clone();
    this.overrides = Map.copyOf(overrides);
  }

  /** Epoch 0: slots dealt round-robin over {@code nodes}. */
  public static SlotTable initial(int slotCount, List<String> nodes) {
    if (slotCount < 1 || nodes.isEmpty()) {
      throw new IllegalArgumentException("need at least one slot and one node");
    }
    String[] owners = new String[slotCount];
    for (int slot = 0; slot < slotCount; slot++) {
      owners[slot] = nodes.get(slot % nodes.size());
    }
    return new SlotTable(0, owners, Map.of());
  }

  public long epoch() {
    return epoch;
  }

  public int slotCount() {
    return owners.length;
  }

  public String ownerOfSlot(int slot) {
    return owners[slot];
  }

  /** How many slots each node owns (nodes that own none are not in it). */
  public Map<String, Integer> slotCounts() {
    Map<String, Integer> counts = new HashMap<>();
    for (String owner : owners) {
      counts.merge(owner, 1, Integer::sum);
    }
    return counts;
  }

  /** How many slots {@code node} owns. */
  public int slotsOf(String node) {
    return slotCounts().getOrDefault(node, 0);
  }

  /** The guild's owner: its override if pinned, else the owner of its slot. */
  public String ownerOf(long guildId) {
    String pinned = overrides.get(guildId);
    return pinned != null ? pinned : owners[Slots.of(guildId, owners.length)];
  }

  public Map<Long, String> overrides() {
    return overrides;
  }

  /** The guilds pinned to {@code node}, lowest id first. */
  public List<Long> pinnedTo(String node) {
    return overrides.entrySet().stream()
        .filter(override -> override.getValue().equals(node))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Whether {@code other} may replace this table: only a strictly newer epoch may. */
  public boolean acceptsSuccessor(SlotTable other) {
    return other.epoch > epoch;
  }

  /** The next epoch with {@code moves} applied; each move must start from the current owner. */
  public SlotTable apply(List<Move> moves) {
    return apply(moves, Map.of());
  }

  /**
   * The next epoch with {@code moves} applied and {@code pins} added to the overrides; a guild
   * mapped to null there has its pin lifted.
   */
  public SlotTable apply(List<Move> moves, Map<Long, String> pins) {
    String[] next = owners.clone();
    for (Move move : moves) {
      if (!next[move.slot()].equals(move.from())) {
        throw new IllegalArgumentException(
            "slot " + move.slot() + " is owned by " + next[move.slot()] + ", not " + move.from());
      }
      next[move.slot()] = move.to();
    }
    Map<Long, String> nextOverrides = new HashMap<>(overrides);
    pins.forEach(
        (guild, node) -> {
          if (node == null) {
            nextOverrides.remove(guild);
          } else {
            nextOverrides.put(guild, node);
          }
        });
    return new SlotTable(epoch + 1, next, nextOverrides);
  }

  /**
   * The next epoch with {@code guildId} pinned to {@code node}, or, with a null {@code node}, its
   * pin lifted (it goes back to its slot's owner).
   */
  public SlotTable withOverride(long guildId, String node) {
    Map<Long, String> pin = new HashMap<>();
    pin.put(guildId, node);
    return apply(List.of(), pin);
  }

  String[] owners() {
    return owners.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SlotTable table
        && table.epoch == epoch
        && Arrays.equals(table.owners, owners)
        && table.overrides.equals(overrides);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(epoch) * 31 + Arrays.hashCode(owners);
  }
}
