package io.rtfleet.cli.bench.check;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one session received, per stream it is expected to follow. Used by the one thread that reads
 * the session; the checker reads it only after the run.
 *
 * <p>A session that had to identify again (op 9: its node died, say) starts afresh from a new
 * GUILD_CREATE, as a Discord client does. It is not owed the messages of a stream after the last
 * one it got before that were sent before its new GUILD_CREATE arrived (a message sent later was
 * applied after it had subscribed again): those are counted apart ({@link #missedAtReidentify}),
 * not as lost. Everything else still is.
 */
public final class SessionLedger {
  /** Messages of a stream after {@code afterCounter} and sent by {@code closedAtNanos} not owed. */
  private static final class Window {
    final int afterCounter;
    long closedAtNanos;

    Window(int afterCounter, long closedAtNanos) {
      this.afterCounter = afterCounter;
      this.closedAtNanos = closedAtNanos;
    }
  }

  private static final class Track {
    final BitSet seen = new BitSet();
    int last = -1;
    final List<Window> windows = new ArrayList<>(0);
  }

  private final Map<Integer, Track> tracks = new HashMap<>();
  private long delivered;
  private long duplicated;
  private long reordered;
  private long unexpected;
  private long seqGaps;
  private long lastSeq;
  private boolean resubscribing;

  /** The session must receive every accepted message of {@code stream}. */
  public void expect(int stream) {
    tracks.computeIfAbsent(stream, s -> new Track());
  }

  public void received(int stream, int counter) {
    // A message after the session's guilds came back: its windows are closed for good.
    resubscribing = false;
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

  /**
   * The server made the session identify again at {@code nanos}: a fresh session starts its {@code
   * s} from 1, and each stream's window of messages not owed opens after the last one received.
   */
  public void newSession(long nanos) {
    lastSeq = 0;
    resubscribing = true;
    for (Track track : tracks.values()) {
      track.windows.add(new Window(track.last, nanos));
    }
  }

  /** A GUILD_CREATE arrived at {@code nanos}: after a re-identify, the windows close there. */
  public void guildCreated(long nanos) {
    if (!resubscribing) {
      return;
    }
    for (Track track : tracks.values()) {
      track.windows.get(track.windows.size() - 1).closedAtNanos = nanos;
    }
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

  /**
   * Accepted messages of the expected streams this session never received and was owed; with {@code
   * excused}, those it was not owed instead.
   */
  long missing(Map<Integer, Accepted> accepted, boolean excused) {
    long count = 0;
    for (Map.Entry<Integer, Track> entry : tracks.entrySet()) {
      Accepted stream = accepted.get(entry.getKey());
      if (stream == null) {
        continue;
      }
      Track track = entry.getValue();
      BitSet missing = (BitSet) stream.counters().clone();
      missing.andNot(track.seen);
      for (int c = missing.nextSetBit(0); c >= 0; c = missing.nextSetBit(c + 1)) {
        if (excused(track, c, stream.sentNanos(c)) == excused) {
          count++;
        }
      }
    }
    return count;
  }

  private static boolean excused(Track track, int counter, long sentNanos) {
    for (Window window : track.windows) {
      if (counter > window.afterCounter && sentNanos <= window.closedAtNanos) {
        return true;
      }
    }
    return false;
  }
}
