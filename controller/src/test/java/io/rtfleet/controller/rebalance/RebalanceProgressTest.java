package io.rtfleet.controller.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.placement.Move;
import io.rtfleet.api.placement.SlotTable;
import io.rtfleet.coordinator.Coordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A rebalance's progress is read from the placement in force, so that an operator restarted halfway
 * carries on from where the nodes are, not from memory.
 */
class RebalanceProgressTest {
  private static final SlotTable TABLE = SlotTable.initial(64, List.of("a", "b"));

  /** Every slot of {@code a} to {@code c}. */
  private static List<Move> emptyA() {
    List<Move> moves = new ArrayList<>();
    for (int slot = 0; slot < 64; slot++) {
      if (TABLE.ownerOfSlot(slot).equals("a")) {
        moves.add(new Move(slot, "a", "c"));
      }
    }
    return moves;
  }

  @Property(tries = 50)
  void afterAnyNumberOfBatchesTheRestIsWhatIsLeftToDo(
      @ForAll @IntRange(min = 1, max = 40) int perBatch,
      @ForAll @IntRange(min = 0, max = 40) int batchesHanded) {
    List<Move> proposed = emptyA();
    List<List<Move>> batches = Coordinator.batches(proposed, perBatch);
    int handed = Math.min(batchesHanded, batches.size());
    List<Move> moved = new ArrayList<>();
    batches.subList(0, handed).forEach(moved::addAll);
    SlotTable now = TABLE.apply(moved);

    RebalanceProgress progress =
        RebalanceProgress.of(proposed, now, Set.of("a", "b", "c"), perBatch);

    assertThat(progress.done()).isEqualTo(moved.size());
    assertThat(progress.remaining()).hasSize(proposed.size() - moved.size());
    assertThat(progress.remaining()).noneMatch(moved::contains);
    assertThat(progress.batchesTotal()).isEqualTo(batches.size());
    assertThat(progress.batchesDone()).isEqualTo(handed);
    assertThat(progress.finished()).isEqualTo(handed == batches.size());
  }

  @Test
  void aMoveWhoseSlotWentElsewhereOrWhoseReceiverIsGoneIsDropped() {
    List<Move> proposed = emptyA();
    Move elsewhere = proposed.get(0);
    SlotTable now = TABLE.apply(List.of(new Move(elsewhere.slot(), "a", "b")));

    RebalanceProgress withReceiver = RebalanceProgress.of(proposed, now, Set.of("a", "b", "c"), 8);
    RebalanceProgress receiverGone = RebalanceProgress.of(proposed, now, Set.of("a", "b"), 8);

    assertThat(withReceiver.dropped()).isEqualTo(1);
    assertThat(withReceiver.remaining()).hasSize(proposed.size() - 1).doesNotContain(elsewhere);
    assertThat(receiverGone.dropped()).isEqualTo(proposed.size());
    assertThat(receiverGone.finished()).isTrue();
  }
}
