package io.rtfleet.api.admin;

import io.rtfleet.api.placement.SlotTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The placement as it travels: the slot table at its epoch (one owner per slot, guild overrides by
 * guild id) and the peer address ({@code host:port}) of every node, so that a node knows where each
 * owner listens.
 */
public record PlacementDocument(
    long epoch, List<String> owners, Map<String, String> overrides, Map<String, String> peers) {

  public PlacementDocument {
    owners = owners == null ? List.of() : List.copyOf(owners);
    overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    peers = peers == null ? Map.of() : Map.copyOf(peers);
  }

  public static PlacementDocument of(SlotTable table, Map<String, String> peers) {
    List<String> owners = new ArrayList<>(table.slotCount());
    for (int slot = 0; slot < table.slotCount(); slot++) {
      owners.add(table.ownerOfSlot(slot));
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    table.overrides().forEach((guild, node) -> overrides.put(Long.toString(guild), node));
    return new PlacementDocument(table.epoch(), owners, overrides, peers);
  }

  /** The same placement with other peer addresses. */
  public PlacementDocument withPeers(Map<String, String> addresses) {
    return new PlacementDocument(epoch, owners, overrides, addresses);
  }

  /**
   * The slot table it describes; an {@link IllegalArgumentException} naming the field for one that
   * is not a table.
   */
  public SlotTable table() {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch: a non-negative integer is required");
    }
    if (owners.isEmpty()) {
      throw new IllegalArgumentException("owners: one node id per slot is required");
    }
    String[] slots = new String[owners.size()];
    for (int slot = 0; slot < slots.length; slot++) {
      String owner = owners.get(slot);
      if (owner == null || owner.isBlank()) {
        throw new IllegalArgumentException("owners: slot " + slot + " has no owner");
      }
      slots[slot] = owner;
    }
    Map<Long, String> pinned = new HashMap<>();
    overrides.forEach(
        (guild, node) -> {
          long id;
          try {
            id = Long.parseLong(guild);
          } catch (NumberFormatException notAnId) {
            throw new IllegalArgumentException("overrides: not a guild id: " + guild);
          }
          if (id <= 0 || node == null || node.isBlank()) {
            throw new IllegalArgumentException("overrides: guild " + guild + " needs a node id");
          }
          pinned.put(id, node);
        });
    return new SlotTable(epoch, slots, pinned);
  }
}
