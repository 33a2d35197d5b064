package io.rtfleet.cli.bench;

import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.admin.WritePauses;
import io.rtfleet.cli.bench.report.BenchReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Prints a fleet operation as it goes: each slot handoff with where its time went, then, once a
 * second, how many of a draining node's sessions were asked to move, how many are still connected,
 * and how many are left to be transferred to other nodes.
 */
final class FleetProgress {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final LongSupplier nanoClock;
  private final long started;
  private long printed;

  FleetProgress(PrintWriter err, LongSupplier nanoClock) {
    this.err = err;
    this.nanoClock = nanoClock;
    this.started = nanoClock.getAsLong();
    this.printed = started - INTERVAL_NANOS;
  }

  void handedOff(HandoffReport handed) {
    err.printf(
        "  handed %d guilds in %d slots to %s in %.0f ms: prepared %.0f ms, then with writes"
            + " waiting: in-flight writes drained %.0f ms, snapshot %.0f ms, receiver adopted"
            + " and took the epoch %.0f ms, giver took it %.0f ms%n",
        handed.guilds(),
        handed.slots(),
        handed.to(),
        handed.handedOffMillis(),
        handed.preparedMillis(),
        handed.drainWritesMillis(),
        handed.snapshotMillis(),
        handed.adoptMillis(),
        handed.placedMillis());
    err.flush();
  }

  /** A drain's status, printed at most once a second, and when it is done. */
  void drain(DrainStatus status) {
    long now = nanoClock.getAsLong();
    if (now - printed < INTERVAL_NANOS && !(status.drained())) {
      return;
    }
    printed = now;
    err.printf(
        "  %5.1f s %s: %d of %d sessions asked to move, %d still connected, %d not yet"
            + " transferred%n",
        (now - started) / 1e9,
        status.phase().name().toLowerCase(Locale.ROOT),
        status.signalled(),
        status.sessionsAtStart(),
        status.attached(),
        status.sessions());
    err.flush();
  }

  /** Adds the write pauses the nodes measured (the worst node's quantiles) to a report. */
  static void reportPauses(Map<String, WritePauses> pauses, BenchReport report) {
    double p50 = 0;
    double p99 = 0;
    double max = 0;
    int guilds = 0;
    for (WritePauses node : pauses.values()) {
      guilds += node.guilds();
      p50 = Math.max(p50, node.p50Ms());
      p99 = Math.max(p99, node.p99Ms());
      max = Math.max(max, node.maxMs());
    }
    report
        .put("pausedGuilds", guilds)
        .put("writePauseP50Ms", p50)
        .put("writePauseP99Ms", p99)
        .put("writePauseMaxMs", max);
  }
}
