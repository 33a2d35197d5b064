package io.rtfleet.cli.top;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code rtctl top}: a node, its share of the fleet, and its rates since the previous
 * refresh (null until there is one, or when its metrics cannot be read). Pure.
 */
record TopRow(
    String node,
    String phase,
    long sessions,
    long guilds,
    int slots,
    Double eventsPerSecond,
    Double deliveriesPerSecond,
    Double p99Millis) {

  /** What the rows can be sorted by, and the key that chooses it. */
  enum Sort {
    NAME('n', Comparator.comparing(TopRow::node)),
    SESSIONS('s', Comparator.comparingLong(TopRow::sessions).reversed()),
    GUILDS('g', Comparator.comparingLong(TopRow::guilds).reversed()),
    SLOTS('l', Comparator.comparingInt(TopRow::slots).reversed()),
    RATE('m', byDescending(TopRow::eventsPerSecond)),
    LATENCY('p', byDescending(TopRow::p99Millis));

    final char key;
    final Comparator<TopRow> order;

    Sort(char key, Comparator<TopRow> order) {
      this.key = key;
      this.order = order.thenComparing(TopRow::node);
    }

    static Sort ofKey(int key) {
      for (Sort sort : values()) {
        if (sort.key == key) {
          return sort;
        }
      }
      return null;
    }

    private static Comparator<TopRow> byDescending(java.util.function.Function<TopRow, Double> f) {
      return Comparator.comparing(f, Comparator.nullsLast(Comparator.<Double>reverseOrder()));
    }
  }

  static List<TopRow> of(
      List<NodeSample> now, Map<String, NodeSample> before, double seconds, Sort sort) {
    List<TopRow> rows = new ArrayList<>();
    for (NodeSample sample : now) {
      NodeSample earlier = before.get(sample.node());
      NodeCounters was = earlier == null ? null : earlier.counters();
      NodeCounters is = sample.counters();
      boolean rated = was != null && is != null && seconds > 0;
      Double p99 = rated ? is.quantileSince(was, 0.99) : null;
      rows.add(
          new TopRow(
              sample.node(),
              sample.phase() + (sample.ready() ? "" : " (unready)"),
              sample.sessions(),
              sample.guilds(),
              sample.slots(),
              rated ? Math.max(0, is.eventsIn() - was.eventsIn()) / seconds : null,
              rated ? Math.max(0, is.delivered() - was.delivered()) / seconds : null,
              p99 == null ? null : p99 * 1000));
    }
    rows.sort(sort.order);
    return rows;
  }
}
