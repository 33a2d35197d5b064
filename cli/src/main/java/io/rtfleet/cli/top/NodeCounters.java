package io.rtfleet.cli.top;

import java.util.ArrayList;
import java.util.List;

/**
 * The counters {@code rtctl top} reads from a node's {@code /metrics} (Prometheus' text format):
 * guild events created, dispatches delivered, and the fan-out latency histogram's cumulative
 * buckets. Pure: parsed from the text.
 *
 * @param bounds the buckets' upper bounds, ascending, {@code +Inf} last
 * @param cumulative the observations at or below each bound
 */
record NodeCounters(double eventsIn, double delivered, double[] bounds, double[] cumulative) {
  static final String EVENTS_IN = "rtfleet_events_in_total";
  static final String DELIVERED = "rtfleet_dispatches_delivered_total";
  static final String FANOUT_BUCKET = "rtfleet_fanout_latency_seconds_bucket";

  static NodeCounters parse(String text) {
    double eventsIn = 0;
    double delivered = 0;
    List<double[]> buckets = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String series = line.substring(0, space);
      double value = number(line.substring(space + 1).trim());
      String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
      switch (name) {
        case EVENTS_IN -> eventsIn += value;
        case DELIVERED -> delivered += value;
        case FANOUT_BUCKET -> buckets.add(new double[] {number(label(series, "le")), value});
        default -> {
          // not shown
        }
      }
    }
    buckets.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] bounds = new double[buckets.size()];
    double[] cumulative = new double[buckets.size()];
    for (int i = 0; i < buckets.size(); i++) {
      bounds[i] = buckets.get(i)[0];
      cumulative[i] = buckets.get(i)[1];
    }
    return new NodeCounters(eventsIn, delivered, bounds, cumulative);
  }

  /**
   * The {@code q} quantile of the observations made between {@code earlier} and this reading, in
   * seconds, interpolated within its bucket as Prometheus' {@code histogram_quantile} does; null
   * when there were none.
   */
  Double quantileSince(NodeCounters earlier, double q) {
    if (earlier == null || earlier.bounds.length != bounds.length || bounds.length == 0) {
      return null;
    }
    double[] delta = new double[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      delta[i] = cumulative[i] - earlier.cumulative[i];
    }
    double total = delta[delta.length - 1];
    if (total <= 0) {
      return null;
    }
    double rank = q * total;
    for (int i = 0; i < delta.length; i++) {
      if (delta[i] >= rank) {
        if (Double.isInfinite(bounds[i])) {
          return i == 0 ? null : bounds[i - 1];
        }
        double lower = i == 0 ? 0 : bounds[i - 1];
        double below = i == 0 ? 0 : delta[i - 1];
        double inBucket = delta[i] - below;
        return inBucket <= 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
      }
    }
    return null;
  }

  private static String label(String series, String label) {
    int at = series.indexOf(label + "=\"");
    if (at < 0) {
      return "NaN";
    }
    int start = at + label.length() + 2;
    return series.substring(start, series.indexOf('"', start));
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
