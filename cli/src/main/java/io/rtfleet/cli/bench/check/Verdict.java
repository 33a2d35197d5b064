package io.rtfleet.cli.bench.check;

/**
 * What the checker found. {@code lost}: accepted messages an expected receiver never got; {@code
 * duplicated}: a message received twice by one session; {@code reordered}: a message that arrived
 * after a later one of its stream; {@code seqGaps}: breaks in a session's {@code s}.
 */
public record Verdict(long delivered, long lost, long duplicated, long reordered, long seqGaps) {
  public boolean clean() {
    return lost == 0 && duplicated == 0 && reordered == 0 && seqGaps == 0;
  }
}
