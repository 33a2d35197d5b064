package io.rtfleet.api.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The next placement as the changes from the one before: what a push costs is then the slots that
 * moved, not the whole table (16,384 owners and every peer address, ~200 KB, sent to every node of
 * the fleet after every handoff batch). A node applies it only to the table at {@code fromEpoch};
 * one that has another answers 409 with its epoch, and is sent the whole {@link PlacementDocument}
 * instead.
 *
 * @param slots the slots whose owner changes, by slot number, and their new owner
 * @param overrides the overrides that change, by guild id: the node it is pinned to, or an empty
 *     string when the override is removed
 * @param peers the peer address of every node {@code slots} and {@code overrides} name
 */
public record PlacementChange(
    long fromEpoch,
    long epoch,
    Map<String, String> slots,
    Map<String, String> overrides,
    Map<String, String> peers) {
  public PlacementChange {
    slots = slots == null ? Map.of() : Map.copyOf(slots);
    overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    peers = peers == null ? Map.of() : Map.copyOf(peers);
  }

  /** The change that turns {@code from} into {@code to}. */
  public static PlacementChange between(PlacementDocument from, PlacementDocument to) {
    if (from.owners().size() != to.owners().size()) {
      throw new IllegalArgumentException(
          "slot counts differ: " + from.owners().size() + " and " + to.owners().size());
    }
    Map<String, String> slots = new LinkedHashMap<>();
    for (int slot = 0; slot < to.owners().size(); slot++) {
      if (!Objects.equals(from.owners().get(slot), to.owners().get(slot))) {
        slots.put(Integer.toString(slot), to.owners().get(slot));
      }
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    to.overrides()
        .forEach(
            (guild, node) -> {
              if (!node.equals(from.overrides().get(guild))) {
                overrides.put(guild, node);
              }
            });
    from.overrides().keySet().stream()
        .filter(guild -> !to.overrides().containsKey(guild))
        .forEach(guild -> overrides.put(guild, ""));
    Map<String, String> peers = new LinkedHashMap<>();
    List<String> named = new ArrayList<>(slots.values());
    named.addAll(overrides.values());
    for (String node : named) {
      String address = to.peers().get(node);
      if (address != null) {
        peers.put(node, address);
      }
    }
    return new PlacementChange(from.epoch(), to.epoch(), slots, overrides, peers);
  }

  /**
   * Whether {@code current} is what this change makes: at its epoch, with every owner and override
   * it names. A node that has the change's epoch already (the giver and the receiver of the handoff
   * that made it) has nothing to do; one that has the epoch with other owners got there by another
   * path (a coordinator that planned on a table that has since moved on) and must refuse it, or two
   * tables would share an epoch.
   */
  public boolean isIn(PlacementDocument current) {
    if (current.epoch() != epoch) {
      return false;
    }
    for (Map.Entry<String, String> moved : slots.entrySet()) {
      int slot;
      try {
        slot = Integer.parseInt(moved.getKey());
      } catch (NumberFormatException notANumber) {
        return false;
      }
      if (slot < 0
          || slot >= current.owners().size()
          || !current.owners().get(slot).equals(moved.getValue())) {
        return false;
      }
    }
    for (Map.Entry<String, String> pinned : overrides.entrySet()) {
      String node = current.overrides().get(pinned.getKey());
      if (pinned.getValue().isEmpty() ? node != null : !pinned.getValue().equals(node)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The placement this change makes of {@code base}, which must be at {@link #fromEpoch}; an {@link
   * IllegalArgumentException} naming the field for a change that does not fit it.
   */
  public PlacementDocument applyTo(PlacementDocument base) {
    if (base.epoch() != fromEpoch) {
      throw new IllegalArgumentException(
          "fromEpoch: the change is from epoch " + fromEpoch + ", the base is at " + base.epoch());
    }
    if (epoch <= fromEpoch) {
      throw new IllegalArgumentException("epoch: must be above fromEpoch " + fromEpoch);
    }
    List<String> owners = new ArrayList<>(base.owners());
    slots.forEach(
        (slot, node) -> {
          int index;
          try {
            index = Integer.parseInt(slot);
          } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("slots: not a slot number: " + slot);
          }
          if (index < 0 || index >= owners.size()) {
            throw new IllegalArgumentException("slots: no slot " + slot);
          }
          owners.set(index, node);
        });
    Map<String, String> pinned = new HashMap<>(base.overrides());
    overrides.forEach(
        (guild, node) -> {
          if (node.isEmpty()) {
            pinned.remove(guild);
          } else {
            pinned.put(guild, node);
          }
        });
    Map<String, String> addresses = new HashMap<>(base.peers());
    addresses.putAll(peers);
    return new PlacementDocument(epoch, owners, pinned, addresses);
  }
}
