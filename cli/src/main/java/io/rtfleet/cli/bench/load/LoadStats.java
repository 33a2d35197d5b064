package io.rtfleet.cli.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters and latencies shared by every load session and publisher of a run. Thread-safe. */
public final class LoadStats {
  public final AtomicLong identified = new AtomicLong();
  public final AtomicLong identifyFailures = new AtomicLong();
  public final AtomicLong resumed = new AtomicLong();
  public final AtomicLong reidentified = new AtomicLong();
  public final AtomicLong reconnectRequests = new AtomicLong();

  /** Resumes a node put off (op 9, resumable: past its share of the fleet's reconnect budget). */
  public final AtomicLong resumesDeferred = new AtomicLong();

  public final AtomicLong closes = new AtomicLong();

  /** Counted by every receiving thread, hence an adder rather than one contended counter. */
  public final LongAdder deliveries = new LongAdder();

  public final AtomicLong published = new AtomicLong();
  public final AtomicLong publishFailures = new AtomicLong();

  /** Failed posts by HTTP status or exception: a failed run says why. */
  public final java.util.Map<String, AtomicLong> publishFailureReasons =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  public void publishFailed(String reason) {
    publishFailures.incrementAndGet();
    publishFailureReasons.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  /** Publish-to-delivery latency in microseconds. */
  public final LatencyRecorder deliveryLatencyMicros = new LatencyRecorder();

  /** REST post round trip (accepted and committed) in microseconds. */
  public final LatencyRecorder publishLatencyMicros = new LatencyRecorder();
}
