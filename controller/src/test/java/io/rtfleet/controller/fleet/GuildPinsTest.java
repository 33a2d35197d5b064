package io.rtfleet.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The spec's pins reach the table one guild at a time, and only onto ready nodes. */
class GuildPinsTest {
  private static final Set<String> NODES = Set.of("a", "b", "c", "d");

  @Provide
  Arbitrary<Map<Long, String>> pins() {
    return Arbitraries.maps(
            Arbitraries.longs().between(1, 40), Arbitraries.of("a", "b", "c", "d", "gone"))
        .ofMaxSize(12);
  }

  @Provide
  Arbitrary<Set<String>> ready() {
    return Arbitraries.subsetOf(NODES);
  }

  @Property
  void changesOneGuildAtATimeReachWhatIsWantedOnReadyNodesAndNothingElse(
      @ForAll("pins") Map<Long, String> inTable,
      @ForAll("pins") Map<Long, String> wanted,
      @ForAll("ready") Set<String> ready) {
    Map<Long, String> table = new HashMap<>(inTable);
    Set<Long> named = new HashSet<>(inTable.keySet());
    named.addAll(wanted.keySet());
    int steps = 0;
    for (Optional<GuildPins.Change> change = GuildPins.nextChange(table, wanted, ready);
        change.isPresent();
        change = GuildPins.nextChange(table, wanted, ready)) {
      GuildPins.Change next = change.get();
      assertThat(next.node() == null || ready.contains(next.node())).isTrue();
      assertThat(next.node()).isNotEqualTo(table.get(next.guild()));
      if (next.node() == null) {
        table.remove(next.guild());
      } else {
        table.put(next.guild(), next.node());
      }
      steps++;
      assertThat(steps).isLessThanOrEqualTo(named.size());
    }
    Map<Long, String> expected = new HashMap<>();
    wanted.forEach(
        (guild, node) -> {
          if (ready.contains(node)) {
            expected.put(guild, node);
          }
        });
    assertThat(table).isEqualTo(expected);
    assertThat(GuildPins.notApplied(wanted, ready))
        .hasSize((int) wanted.values().stream().filter(node -> !ready.contains(node)).count());
  }
}
