package io.rtfleet.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PlacementChangeTest {
  private static final List<String> NODES = List.of("node-0", "node-1", "node-2", "node-3");

  /** Two placements of the same slots, the second one epoch later, over a few nodes. */
  @Provide
  Arbitrary<List<PlacementDocument>> consecutive() {
    Arbitrary<Integer> size = Arbitraries.integers().between(1, 64);
    return size.flatMap(
        slots ->
            Combinators.combine(
                    Arbitraries.of(NODES).list().ofSize(slots),
                    Arbitraries.of(NODES).list().ofSize(slots),
                    overrides(),
                    overrides(),
                    Arbitraries.longs().between(0, 1_000))
                .as(
                    (before, after, pinnedBefore, pinnedAfter, epoch) ->
                        List.of(
                            document(epoch, before, pinnedBefore),
                            document(epoch + 1, after, pinnedAfter))));
  }

  private static Arbitrary<Map<String, String>> overrides() {
    return Arbitraries.maps(
            Arbitraries.of("1300000000000000001", "1300000000000000002", "1300000000000000003"),
            Arbitraries.of(NODES))
        .ofMaxSize(3);
  }

  private static PlacementDocument document(
      long epoch, List<String> owners, Map<String, String> overrides) {
    Map<String, String> peers = new HashMap<>();
    NODES.forEach(node -> peers.put(node, node + ":7000"));
    return new PlacementDocument(epoch, owners, overrides, peers);
  }

  @Property
  void theChangeBetweenTwoPlacementsMakesTheSecondOfTheFirst(
      @ForAll("consecutive") List<PlacementDocument> pair) {
    PlacementDocument from = pair.get(0);
    PlacementDocument to = pair.get(1);

    PlacementChange change = PlacementChange.between(from, to);
    PlacementChange sent = AdminCodec.read(AdminCodec.write(change), PlacementChange.class);

    assertThat(sent.applyTo(from)).isEqualTo(to);
  }

  @Property
  void theChangeNamesOnlyTheSlotsThatMoved(@ForAll("consecutive") List<PlacementDocument> pair) {
    PlacementChange change = PlacementChange.between(pair.get(0), pair.get(1));

    List<String> moved = new ArrayList<>();
    for (int slot = 0; slot < pair.get(0).owners().size(); slot++) {
      if (!pair.get(0).owners().get(slot).equals(pair.get(1).owners().get(slot))) {
        moved.add(Integer.toString(slot));
      }
    }
    assertThat(change.slots().keySet()).containsExactlyInAnyOrderElementsOf(moved);
  }

  @Property
  void aPlacementIsInTheChangeThatMadeIt(@ForAll("consecutive") List<PlacementDocument> pair) {
    PlacementChange change = PlacementChange.between(pair.get(0), pair.get(1));

    assertThat(change.isIn(pair.get(1))).isTrue();
  }

  @Property
  void aPlacementAtTheSameEpochWithAnotherOwnerForAMovedSlotIsNotInIt(
      @ForAll("consecutive") List<PlacementDocument> pair) {
    PlacementChange change = PlacementChange.between(pair.get(0), pair.get(1));
    Assume.that(!change.slots().isEmpty());
    int moved = Integer.parseInt(change.slots().keySet().iterator().next());
    List<String> owners = new ArrayList<>(pair.get(1).owners());
    owners.set(moved, pair.get(0).owners().get(moved)); // the slot left where it was
    PlacementDocument elsewhere =
        new PlacementDocument(change.epoch(), owners, pair.get(1).overrides(), pair.get(1).peers());

    assertThat(change.isIn(elsewhere)).isFalse();
  }

  @Test
  void aPlacementAtTheChangesEpochWithAnotherOwnerForAMovedSlotIsNotInIt() {
    PlacementChange change = new PlacementChange(7, 8, Map.of("1", "node-0"), Map.of(), Map.of());

    assertThat(change.isIn(document(8, List.of("node-0", "node-0"), Map.of()))).isTrue();
    assertThat(change.isIn(document(8, List.of("node-0", "node-1"), Map.of()))).isFalse();
    assertThat(change.isIn(document(9, List.of("node-0", "node-0"), Map.of()))).isFalse();
  }

  @Test
  void aChangeFromAnotherEpochIsRefused() {
    PlacementDocument base = document(7, List.of("node-0", "node-1"), Map.of());
    PlacementChange change = new PlacementChange(6, 8, Map.of("0", "node-1"), Map.of(), Map.of());

    assertThatThrownBy(() -> change.applyTo(base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fromEpoch");
  }

  @Test
  void aSlotOutsideTheTableIsRefused() {
    PlacementDocument base = document(7, List.of("node-0", "node-1"), Map.of());
    PlacementChange change = new PlacementChange(7, 8, Map.of("2", "node-1"), Map.of(), Map.of());

    assertThatThrownBy(() -> change.applyTo(base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slots: no slot 2");
  }
}
