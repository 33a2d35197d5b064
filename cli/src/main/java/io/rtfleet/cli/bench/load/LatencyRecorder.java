package io.rtfleet.cli.bench.load;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from many threads without contention: each thread records into its own
 * HdrHistogram {@link Recorder}; a reader sums their interval histograms.
 */
public final class LatencyRecorder {
  private final List<Recorder> recorders = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Recorder> own =
      ThreadLocal.withInitial(
          () -> {
            Recorder recorder = new Recorder(3);
            recorders.add(recorder);
            return recorder;
          });

  public void record(long micros) {
    own.get().recordValue(Math.max(0, micros));
  }

  /** Everything recorded since the previous call. */
  public Histogram intervalHistogram() {
    Histogram sum = new Histogram(3);
    for (Recorder recorder : recorders) {
      sum.add(recorder.getIntervalHistogram());
    }
    return sum;
  }
}
