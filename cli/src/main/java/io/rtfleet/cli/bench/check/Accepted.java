package io.rtfleet.cli.bench.check;

import java.util.Arrays;
import java.util.BitSet;

/** The messages of one stream the server accepted, with the time each was sent. */
final class Accepted {
  private final BitSet counters = new BitSet();
  private long[] sentNanos = new long[16];

  void add(int counter, long sent) {
    counters.set(counter);
    if (counter >= sentNanos.length) {
      sentNanos = Arrays.copyOf(sentNanos, Math.max(counter + 1, sentNanos.length * 2));
    }
    sentNanos[counter] = sent;
  }

  BitSet counters() {
    return counters;
  }

  long sentNanos(int counter) {
    return sentNanos[counter];
  }
}
