package io.rtfleet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.placement.NodePhase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FleetProgressTest {
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final StringWriter out = new StringWriter();
  private final FleetProgress progress = new FleetProgress(new PrintWriter(out), now::get);

  private static DrainStatus status(NodePhase phase, int signalled, int attached, int sessions) {
    return new DrainStatus(phase, 100, signalled, attached, sessions);
  }

  @Test
  void printsTheDrainOnceASecondAndItsEnd() {
    progress.drain(status(NodePhase.DRAINING, 10, 100, 100));
    now.addAndGet(300_000_000);
    progress.drain(status(NodePhase.DRAINING, 40, 80, 90));
    now.addAndGet(800_000_000);
    progress.drain(status(NodePhase.DRAINED, 100, 0, 30));
    now.addAndGet(100_000_000);
    progress.drain(status(NodePhase.DRAINED, 100, 0, 0));

    assertThat(out.toString().lines())
        .containsExactly(
            "    0.0 s draining: 10 of 100 sessions asked to move, 100 still connected, 100 not yet"
                + " transferred",
            "    1.1 s drained: 100 of 100 sessions asked to move, 0 still connected, 30 not yet"
                + " transferred",
            "    1.2 s drained: 100 of 100 sessions asked to move, 0 still connected, 0 not yet"
                + " transferred");
  }

  @Test
  void printsEachHandoff() {
    progress.handedOff(new HandoffReport("node-0", 256, 80, 7, 187.0, 50, 1, 2, 30, 4));

    assertThat(out.toString()).startsWith("  handed 80 guilds in 256 slots to node-0 in 187 ms");
  }
}
