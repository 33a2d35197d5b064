package io.rtfleet.api.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtfleet.api.protocol.Slots;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SnowflakeGeneratorTest {

  @Property
  void composedPartsRoundTrip(
      @ForAll @LongRange(min = Snowflake.EPOCH_MILLIS, max = Snowflake.EPOCH_MILLIS + (1L << 41))
          long millis,
      @ForAll @LongRange(min = 0, max = Snowflake.MAX_WORKER) long worker,
      @ForAll @LongRange(min = 0, max = Snowflake.MAX_INCREMENT) long increment) {
    long id = Snowflake.compose(millis, worker, increment);
    assertThat(Snowflake.epochMillis(id)).isEqualTo(millis);
    assertThat(Snowflake.worker(id)).isEqualTo(worker);
    assertThat(Snowflake.increment(id)).isEqualTo(increment);
  }

  @Test
  void idsStayUniqueAndIncreasingWhenTheClockStandsStillOrStepsBack() {
    AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    SnowflakeGenerator generator = new SnowflakeGenerator(3, clock::get);
    long previous = 0;
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      if (i == 5_000) {
        clock.addAndGet(-10);
      }
      long id = generator.next();
      assertThat(id).isGreaterThan(previous);
      assertThat(seen.add(id)).isTrue();
      previous = id;
    }
  }

  @Test
  void realSnowflakesFromDifferentMillisecondsLandInDifferentSlots() {
    AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    SnowflakeGenerator generator = new SnowflakeGenerator(0, clock::get);
    Set<Integer> slots = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      clock.incrementAndGet();
      slots.add(Slots.of(generator.next(), Slots.DEFAULT_SLOT_COUNT));
    }
    assertThat(slots).hasSize(100);
  }

  @Test
  void parseAcceptsOnlyPositiveDecimals() {
    assertThat(Snowflake.parse("175928847299117063")).isEqualTo(175928847299117063L);
    assertThat(Snowflake.parse("")).isEqualTo(-1);
    assertThat(Snowflake.parse("0")).isEqualTo(-1);
    assertThat(Snowflake.parse("-5")).isEqualTo(-1);
    assertThat(Snowflake.parse("12a")).isEqualTo(-1);
    assertThat(Snowflake.parse("99999999999999999999")).isEqualTo(-1);
    assertThat(Snowflake.parse(null)).isEqualTo(-1);
  }

  @Test
  void workerOutOfRangeIsRefusedWithItsBounds() {
    assertThatThrownBy(() -> new SnowflakeGenerator(1024, () -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("worker must be in [0, 1023]: 1024");
  }
}
