package io.rtfleet.cli.top;

import io.rtfleet.coordinator.MetricsText;
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
    MetricsText metrics = MetricsText.parse(text);
    List<double[]> buckets = new ArrayList<>();
    for (MetricsText.Sample sample : metrics.samples()) {
      if (sample.name().equals(FANOUT_BUCKET)) {
        String le = sample.label("le");
        buckets.add(
            new double[] {le == null ? Double.NaN : MetricsText.number(le), sample.value()});
      }
    }
    buckets.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] bounds = new double[buckets.size()];
    double[] cumulative = new double[buckets.size()];
    for (int i = 0; i < buckets.size(); i++) {
      bounds[i] = buckets.get(i)[0];
      cumulative[i] = buckets.get(i)[1];
    }
    return new NodeCounters(metrics.sum(EVENTS_IN), metrics.sum(DELIVERED), bounds, cumulative);
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
}
