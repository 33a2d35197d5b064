package io.rtfleet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DrainProgressTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final StringWriter out = new StringWriter();
  private final DrainProgress progress = new DrainProgress(new PrintWriter(out), now::get);

  private static ObjectNode state(String phase, int signalled, int attached, int sessions) {
    return JSON.createObjectNode()
        .put("phase", phase)
        .put("sessionsAtStart", 100)
        .put("signalled", signalled)
        .put("attached", attached)
        .put("sessions", sessions);
  }

  @Test
  void printsTheDrainOnceASecondAndItsEnd() {
    progress.accept(state("DRAINING", 10, 100, 100));
    now.addAndGet(300_000_000);
    progress.accept(state("DRAINING", 40, 80, 90));
    now.addAndGet(800_000_000);
    progress.accept(state("DRAINED", 100, 0, 30));
    now.addAndGet(100_000_000);
    progress.accept(state("DRAINED", 100, 0, 0));

    assertThat(out.toString().lines())
        .containsExactly(
            "    0.0 s draining: 10 of 100 sessions asked to move, 100 still connected, 100 not yet"
                + " taken over",
            "    1.1 s drained: 100 of 100 sessions asked to move, 0 still connected, 30 not yet"
                + " taken over",
            "    1.2 s drained: 100 of 100 sessions asked to move, 0 still connected, 0 not yet"
                + " taken over");
  }

  @Test
  void printsEachHandoff() {
    progress.accept(
        JSON.createObjectNode()
            .put("to", "node-0")
            .put("slots", 256)
            .put("guilds", 80)
            .put("handedOffMillis", 187.0));

    assertThat(out.toString()).startsWith("  handed 80 guilds in 256 slots to node-0 in 187 ms");
  }
}
