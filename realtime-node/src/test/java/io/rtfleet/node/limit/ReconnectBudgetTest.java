package io.rtfleet.node.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReconnectBudgetTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicInteger nodes = new AtomicInteger(4);

  private int taken(ReconnectBudget budget, int asked) {
    int taken = 0;
    for (int i = 0; i < asked; i++) {
      taken += budget.tryAcquire() ? 1 : 0;
    }
    return taken;
  }

  @Test
  void eachNodeTakesItsShareOfTheFleetsRatePerSecond() {
    ReconnectBudget budget = new ReconnectBudget(400, nodes::get, nanos::get);

    assertThat(taken(budget, 1000)).isEqualTo(100);
    nanos.addAndGet(500_000_000L);
    assertThat(taken(budget, 1000)).isEqualTo(50);
    nanos.addAndGet(10_000_000_000L);
    assertThat(taken(budget, 1000)).as("one second's worth at most").isEqualTo(100);
  }

  @Test
  void theShareFollowsTheFleetsSize() {
    ReconnectBudget budget = new ReconnectBudget(400, nodes::get, nanos::get);
    taken(budget, 1000);

    nodes.set(2);
    nanos.addAndGet(1_000_000_000L);
    assertThat(taken(budget, 1000)).isEqualTo(200);
  }

  @Test
  void aShareBelowOneStillLetsOneThroughNowAndThen() {
    ReconnectBudget budget = new ReconnectBudget(1, () -> 4, nanos::get);

    assertThat(taken(budget, 10)).isEqualTo(1);
    nanos.addAndGet(1_000_000_000L);
    assertThat(taken(budget, 10)).isZero();
    nanos.addAndGet(3_000_000_000L);
    assertThat(taken(budget, 10)).isEqualTo(1);
  }

  @Test
  void noRateMeansNoCap() {
    assertThat(taken(new ReconnectBudget(0, nodes::get, nanos::get), 100_000)).isEqualTo(100_000);
  }
}
