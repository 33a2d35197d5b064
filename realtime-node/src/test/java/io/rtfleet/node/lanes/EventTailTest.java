package io.rtfleet.node.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.node.session.Dispatch;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class EventTailTest {

  private static Dispatch event(long seq) {
    return Dispatch.always("MESSAGE_CREATE", "{\"n\":" + seq + "}");
  }

  /**
   * After {@code events} events in a tail of {@code capacity}, a follower resuming at any point
   * gets exactly the events from there on, in order, or null when some of them are gone.
   */
  @Property(tries = 500)
  void resumingReplaysExactlyTheMissedEventsOrReportsTheGap(
      @ForAll @IntRange(min = 1, max = 40) int capacity,
      @ForAll @IntRange(min = 0, max = 120) int events,
      @ForAll @IntRange(min = 1, max = 130) int fromSeq) {
    EventTail tail = new EventTail(capacity);
    for (long seq = 1; seq <= events; seq++) {
      tail.append(seq, event(seq));
    }
    List<EventTail.Entry> replay = tail.from(fromSeq, events);
    long oldestKept = Math.max(1, events - capacity + 1);
    if (fromSeq > events + 1 || (fromSeq <= events && fromSeq < oldestKept)) {
      assertThat(replay).isNull();
      return;
    }
    assertThat(replay).hasSize(Math.max(0, events - fromSeq + 1));
    for (int i = 0; i < replay.size(); i++) {
      assertThat(replay.get(i).seq()).isEqualTo(fromSeq + i);
    }
    assertThat(tail.newest(3)).hasSize(Math.min(3, Math.min(events, capacity)));
  }
}
