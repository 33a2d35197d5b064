package io.rtfleet.cli.bench.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that every receiver got every accepted message of the streams it follows exactly once and
 * in order. A stream is one publisher posting to one guild, one message at a time, so the guild's
 * order is the stream's counter order. Publishers report what the server accepted; receivers fill
 * their own {@link SessionLedger}s; the verdict compares the two.
 */
public final class DeliveryChecker {
  private final Map<Integer, Accepted> accepted = new HashMap<>();
  private final List<SessionLedger> ledgers = new ArrayList<>();

  public synchronized SessionLedger newLedger() {
    SessionLedger ledger = new SessionLedger();
    ledgers.add(ledger);
    return ledger;
  }

  /**
   * The server acknowledged message {@code counter} of {@code stream}, sent at {@code sentNanos}.
   */
  public synchronized void accepted(int stream, int counter, long sentNanos) {
    accepted.computeIfAbsent(stream, s -> new Accepted()).add(counter, sentNanos);
  }

  public synchronized long acceptedCount() {
    return accepted.values().stream().mapToLong(a -> a.counters().cardinality()).sum();
  }

  /** Call once receivers have stopped. */
  public synchronized Verdict verdict() {
    long delivered = 0;
    long lost = 0;
    long duplicated = 0;
    long reordered = 0;
    long seqGaps = 0;
    long missedAtReidentify = 0;
    for (SessionLedger ledger : ledgers) {
      missedAtReidentify += ledger.missing(accepted, true);
      delivered += ledger.delivered();
      lost += ledger.missing(accepted, false);
      duplicated += ledger.duplicated();
      reordered += ledger.reordered();
      seqGaps += ledger.seqGaps();
    }
    return new Verdict(delivered, lost, duplicated, reordered, seqGaps, missedAtReidentify);
  }
}
