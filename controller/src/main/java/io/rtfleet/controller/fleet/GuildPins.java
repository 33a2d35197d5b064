package io.rtfleet.controller.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The spec's guild overrides against the table's: which pin to change next, one guild at a time
 * (each change is a handoff of that guild). A pin to a node that is not ready is not applied (and
 * one in force is lifted): the guild follows its slot until the node is ready again, as a drained
 * node's pinned guilds do.
 */
final class GuildPins {
  private GuildPins() {}

  /** Pin {@code guild} to {@code node}, or, with a null node, lift its pin. */
  record Change(long guild, String node) {}

  /**
   * The next guild whose pin differs from what {@code wanted} asks on {@code readyNodes}, lowest
   * guild id first, with the node to pin it to (null: lift its pin); empty when the table has them
   * all.
   */
  static Optional<Change> nextChange(
      Map<Long, String> inTable, Map<Long, String> wanted, Set<String> readyNodes) {
    Set<Long> guilds = new TreeSet<>(inTable.keySet());
    guilds.addAll(wanted.keySet());
    for (long guild : guilds) {
      String target = wanted.get(guild);
      if (target != null && !readyNodes.contains(target)) {
        target = null;
      }
      if (!Objects.equals(target, inTable.get(guild))) {
        return Optional.of(new Change(guild, target));
      }
    }
    return Optional.empty();
  }

  /** Why each wanted pin that names a node that is not ready is not in force. */
  static List<String> notApplied(Map<Long, String> wanted, Set<String> readyNodes) {
    List<String> reasons = new ArrayList<>();
    new TreeSet<>(wanted.keySet())
        .forEach(
            guild -> {
              String node = wanted.get(guild);
              if (!readyNodes.contains(node)) {
                reasons.add(
                    "guild "
                        + guild
                        + " is pinned to "
                        + node
                        + ", which is not a ready node: it follows its slot");
              }
            });
    return reasons;
  }
}
