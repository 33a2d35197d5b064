package io.rtfleet.cli.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/** Counters and latencies shared by every load session and publisher of a run. Thread-safe. */
public final class LoadStats {
  public final AtomicLong identified = new AtomicLong();
  public final AtomicLong identifyFailures = new AtomicLong();
  public final AtomicLong resumed = new AtomicLong();
  public final AtomicLong reidentified = new AtomicLong();
  public final AtomicLong reconnectRequests = new AtomicLong();
  public final AtomicLong closes = new AtomicLong();
  public final AtomicLong deliveries = new AtomicLong();
  public final AtomicLong published = new AtomicLong();
  public final AtomicLong publishFailures = new AtomicLong();

  /** Publish-to-delivery latency in microseconds. */
  public final Recorder deliveryLatencyMicros = new Recorder(3);

  /** REST post round trip (accepted and committed) in microseconds. */
  public final Recorder publishLatencyMicros = new Recorder(3);
}
