package io.rtfleet.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Prints a drain as it goes: each slot handoff, then, once a second, how many of the node's
 * sessions were asked to move, how many are still connected, and how many are left to be taken over
 * by other nodes.
 */
final class DrainProgress implements Consumer<JsonNode> {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final LongSupplier nanoClock;
  private final long started;
  private long printed;

  DrainProgress(PrintWriter err, LongSupplier nanoClock) {
    this.err = err;
    this.nanoClock = nanoClock;
    this.started = nanoClock.getAsLong();
    this.printed = started - INTERVAL_NANOS;
  }

  @Override
  public void accept(JsonNode progress) {
    if (!progress.has("phase")) {
      RebalanceCommand.printHandoff(err, progress);
      return;
    }
    long now = nanoClock.getAsLong();
    boolean finished =
        progress.path("phase").asText().equals("DRAINED") && progress.path("sessions").asInt() == 0;
    if (now - printed < INTERVAL_NANOS && !finished) {
      return;
    }
    printed = now;
    err.printf(
        "  %5.1f s %s: %d of %d sessions asked to move, %d still connected, %d not yet taken"
            + " over%n",
        (now - started) / 1e9,
        progress.path("phase").asText().toLowerCase(Locale.ROOT),
        progress.path("signalled").asInt(),
        progress.path("sessionsAtStart").asInt(),
        progress.path("attached").asInt(),
        progress.path("sessions").asInt());
    err.flush();
  }
}
