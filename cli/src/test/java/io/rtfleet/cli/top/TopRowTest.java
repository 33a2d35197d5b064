package io.rtfleet.cli.top;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rtctl top's rows: rates over the time between two readings, sorted by the key chosen. */
class TopRowTest {
  private static NodeCounters counters(double events, double delivered) {
    return new NodeCounters(
        events, delivered, new double[] {0.01, Double.POSITIVE_INFINITY}, new double[] {0, 0});
  }

  @Test
  void ratesAreTheCountersDeltasOverTheSecondsBetweenAndNoneWithoutAnEarlierReading() {
    NodeSample before = new NodeSample("chat-0", "Active", true, 10, 2, 2048, counters(100, 1000));
    NodeSample now = new NodeSample("chat-0", "Active", true, 12, 2, 2048, counters(300, 5000));

    TopRow rated = TopRow.of(List.of(now), Map.of("chat-0", before), 2.0, TopRow.Sort.NAME).get(0);
    TopRow first = TopRow.of(List.of(now), Map.of(), 2.0, TopRow.Sort.NAME).get(0);

    assertThat(rated.eventsPerSecond()).isEqualTo(100.0);
    assertThat(rated.deliveriesPerSecond()).isEqualTo(2000.0);
    assertThat(first.eventsPerSecond()).isNull();
    assertThat(TopScreen.lines("chat", "2/2 ready", List.of(first), TopRow.Sort.NAME, 0, false))
        .anyMatch(
            line -> line.startsWith("chat-0") && line.contains("Active") && line.endsWith("-"));
  }

  @Test
  void rowsSortByTheKeyChosenBusiestFirstAndNodesWithoutFiguresLast() {
    List<NodeSample> now =
        List.of(
            new NodeSample("chat-0", "Active", true, 5, 1, 10, counters(10, 0)),
            new NodeSample("chat-1", "Draining", false, 50, 3, 20, null),
            new NodeSample("chat-2", "Active", true, 20, 2, 30, counters(90, 0)));
    Map<String, NodeSample> before =
        Map.of(
            "chat-0", new NodeSample("chat-0", "Active", true, 5, 1, 10, counters(0, 0)),
            "chat-2", new NodeSample("chat-2", "Active", true, 20, 2, 30, counters(0, 0)));

    assertThat(TopRow.of(now, before, 1, TopRow.Sort.SESSIONS))
        .extracting(TopRow::node)
        .containsExactly("chat-1", "chat-2", "chat-0");
    assertThat(TopRow.of(now, before, 1, TopRow.Sort.RATE))
        .extracting(TopRow::node)
        .containsExactly("chat-2", "chat-0", "chat-1");
    assertThat(TopRow.of(now, before, 1, TopRow.Sort.NAME).get(1).phase())
        .isEqualTo("Draining (unready)");
    assertThat(TopRow.Sort.ofKey('p')).isEqualTo(TopRow.Sort.LATENCY);
  }
}
