package io.rtfleet.node.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class WindowCounterTest {

  @Property
  void allowsExactlyTheLimitPerWindow(
      @ForAll @IntRange(min = 1, max = 200) int limit,
      @ForAll @LongRange(min = 1, max = 1_000_000) long window) {
    WindowCounter counter = new WindowCounter(limit, window);
    for (int i = 0; i < limit; i++) {
      assertThat(counter.tryAcquire(0)).isTrue();
    }
    assertThat(counter.tryAcquire(window - 1)).isFalse();
    assertThat(counter.retryAfterNanos(window - 1)).isEqualTo(1);
    assertThat(counter.tryAcquire(window)).isTrue();
  }

  @Test
  void keyedLimiterCountsEachKeyApart() {
    AtomicLong clock = new AtomicLong();
    KeyedLimiter limiter = new KeyedLimiter(2, 1000, clock::get);
    assertThat(limiter.acquire(1)).isZero();
    assertThat(limiter.acquire(1)).isZero();
    assertThat(limiter.acquire(1)).isEqualTo(1000);
    assertThat(limiter.acquire(2)).isZero();
    clock.set(1000);
    assertThat(limiter.acquire(1)).isZero();
  }
}
