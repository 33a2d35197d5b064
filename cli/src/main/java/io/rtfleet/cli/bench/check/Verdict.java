package io.rtfleet.cli.bench.check;

/**
 * What the checker found. {@code lost}: accepted messages an expected receiver never got; {@code
 * duplicated}: a message received twice by one session; {@code reordered}: a message that arrived
 * after a later one of its stream; {@code seqGaps}: breaks in a session's {@code s}; {@code
 * missedAtReidentify}: messages a session did not get because it had to identify again, which a
 * client expects (it starts afresh from a new GUILD_CREATE) and which are therefore not a fault.
 */
public record Verdict(
    long delivered,
    long lost,
    long duplicated,
    long reordered,
    long seqGaps,
    long missedAtReidentify) {
  public boolean clean() {
    return lost == 0 && duplicated == 0 && reordered == 0 && seqGaps == 0;
  }
}
