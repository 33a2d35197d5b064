package io.rtfleet.node.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ReplayBufferTest {

  /** A model: the full history; the buffer must hold exactly its last entries after acks. */
  @Property(tries = 500)
  void holdsTheNewestUnacknowledgedDispatchesInOrder(
      @ForAll @IntRange(min = 1, max = 64) int capacity,
      @ForAll("operations") List<Integer> operations) {
    ReplayBuffer buffer = new ReplayBuffer(capacity);
    List<Dispatch> history = new ArrayList<>();
    long acked = 0;
    for (int operation : operations) {
      if (operation >= 0) {
        Dispatch dispatch = Dispatch.always("T" + history.size(), "{}");
        history.add(dispatch);
        buffer.append(dispatch);
      } else {
        acked = Math.max(acked, Math.min(history.size(), history.size() + operation + 1));
        buffer.acknowledge(acked);
      }
      long last = history.size();
      long first = Math.max(acked + 1, last - capacity + 1);
      assertThat(buffer.size()).isEqualTo((int) Math.max(0, last - first + 1));
      for (long seq = first; seq <= last; seq++) {
        assertThat(buffer.get(seq)).isSameAs(history.get((int) seq - 1));
      }
      assertThat(buffer.canReplayAfter(first - 1, last)).isTrue();
      if (first > 1) {
        assertThat(buffer.canReplayAfter(first - 2, last)).isFalse();
      }
      assertThat(buffer.canReplayAfter(last + 1, last)).isFalse();
    }
  }

  @Provide
  Arbitrary<List<Integer>> operations() {
    return Arbitraries.integers().between(-5, 3).list().ofMaxSize(300);
  }
}
