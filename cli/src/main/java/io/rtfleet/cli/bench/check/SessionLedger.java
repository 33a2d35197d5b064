package io.rtfleet.cli.bench.check;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What one session received, per stream it is expected to follow. Used by the one thread that reads
 * the session; the checker reads it only after the run.
 */
public final class SessionLedger {
  private static final class Track {
    final BitSet seen = new BitSet();
    int last = -1;
  }

  private final Map<Integer, Track> tracks = new HashMap<>();
  private long delivered;
  private long duplicated;
  private long reordered;
  private long unexpected;
  private long seqGaps;
  private long lastSeq;

  /** The session must receive every accepted message of {@code stream}. */
  public void expect(int stream) {
    tracks.computeIfAbsent(stream, s -> new Track());
  }

  public void received(int stream, int counter) {
    Track track = tracks.get(stream);
    if (track == null) {
      unexpected++;
      return;
    }
    delivered++;
    if (track.seen.get(counter)) {
      duplicated++;
      return;
    }
    track.seen.set(counter);
    if (counter < track.last) {
      reordered++;
    } else {
      track.last = counter;
    }
  }

  /** Every dispatch's {@code s}; a RESUME restarts from the session's last {@code s}. */
  public void sequence(long seq) {
    if (lastSeq != 0 && seq != lastSeq + 1) {
      seqGaps++;
    }
    lastSeq = seq;
  }

  public long lastSeq() {
    return lastSeq;
  }

  /** A fresh session (re-identify) starts its {@code s} from 1 again. */
  public void newSession() {
    lastSeq = 0;
  }

  long delivered() {
    return delivered;
  }

  long duplicated() {
    return duplicated;
  }

  long reordered() {
    return reordered;
  }

  long unexpected() {
    return unexpected;
  }

  long seqGaps() {
    return seqGaps;
  }

  /** Accepted messages of the expected streams this session never received. */
  long lost(Map<Integer, BitSet> accepted) {
    long lost = 0;
    for (Map.Entry<Integer, Track> entry : tracks.entrySet()) {
      BitSet missing = (BitSet) accepted.getOrDefault(entry.getKey(), new BitSet()).clone();
      missing.andNot(entry.getValue().seen);
      lost += missing.cardinality();
    }
    return lost;
  }
}
